import ArgumentParser
import ECertCore
import ECertRender
import Foundation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a participant list (CSV or .xlsx) and report every problem with its line.",
        discussion: "Reports rows read and valid, the columns used, and each problem with its line (sheet row for a workbook). "
            + "Names are checked as `issue` checks them, including whether each fits the template's box and every character can be drawn "
            + "with the bundled fonts: with --event, its template; without, the default template \"classic\". Exit code 0 only when every row is valid.")

    @Argument(help: "Participant list: CSV (any delimiter; UTF-8, UTF-16 or Windows-1252) or Excel .xlsx.")
    var participants: String

    @OptionGroup var listOptions: ListOptions

    @OptionGroup var naming: NameCaseOptions

    @Option(help: "Event file (event.yaml) whose template the names must fit (default: the template \"classic\").")
    var event: String?

    @OptionGroup var resourceOptions: ResourceOptions

    func validate() throws {
        try requireNonEmpty(participants, "the participant list", example: "a CSV or .xlsx file, e.g. peserta.csv")
        try requireNonEmpty(event, "--event", example: "the event file, e.g. --event event.yaml, or leave it out for the default template")
    }

    /// The fit and glyph checks `issue` applies, with the event's template (or the default one).
    private func printCheck() throws -> NamePrintChecker {
        let eventInfo = try event.map { try Event.load(from: URL(fileURLWithPath: $0)) }
        let found = try resourceOptions.locate()
        let template = try Template.load(from: try found.templateDirectory(named: eventInfo?.template ?? "classic"))
        return try NamePrintChecker(template: template, fontsDirectory: found.fontsDirectory, eventValues: eventInfo?.certificateValues ?? [:])
    }

    func run() throws {
        let list: ParticipantList
        do {
            list = try ParticipantList.load(
                from: URL(fileURLWithPath: participants), columnOverrides: listOptions.columnOverrides,
                sheet: listOptions.sheet, nameCase: naming.nameCase, printCheck: try printCheck())
        } catch {
            throw fail(error)
        }
        for warning in list.warnings { printWarning(warning) }
        print("File:     \(participants) (\(list.source?.description ?? "CSV"))")
        if let mapping = list.mapping {
            print("Columns:  " + mapping.described(header: list.header).map { "\($0.role) = \"\($0.header)\"" }.joined(separator: ", "))
        }
        print("Rows read \(list.rowsRead), valid \(list.participants.count), with problems \(list.rejected.count)")
        guard !list.problems.isEmpty else {
            print("OK: every row can be issued.")
            return
        }
        var byKind: [RowProblem.Kind: Int] = [:]
        for p in list.problems { byKind[p.kind, default: 0] += 1 }
        print("Problems (\(list.problems.count)): " + RowProblem.Kind.allCases.compactMap { k in byKind[k].map { "\(k == .other ? "other" : k.rawValue) \($0)" } }.joined(separator: ", "))
        for problem in list.problems { print("\(participants), \(problem)") }
        throw ExitCode.failure
    }
}
