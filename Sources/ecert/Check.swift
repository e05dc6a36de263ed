import ArgumentParser
import ECertCore
import ECertRender
import Foundation

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a participant list (CSV or .xlsx) and report every problem with its line.",
        discussion: """
            Reports rows read and valid, the columns used, and each problem with its line (sheet row for a workbook). \
            With --event, also checks the event file and its template against the list: unknown keys, a program whose \
            hours do not add up, a placeholder with no value, a role not declared. Names are checked as `issue` checks             them, including whether each fits the template's box and every character can be drawn with the bundled             fonts: with --event, its template; without, the default template "classic". Exit code 0 only when every row is valid.
            """)

    @Argument(help: "Participant list: CSV (any delimiter; UTF-8, UTF-16 or Windows-1252) or Excel .xlsx.")
    var participants: String

    @OptionGroup var listOptions: ListOptions

    @OptionGroup var naming: NameCaseOptions

    @Option(help: "Event file (event.yaml): check it, its template and every row against both, as issue would.")
    var event: String?

    @OptionGroup var resourceOptions: ResourceOptions

    func validate() throws {
        try requireNonEmpty(participants, "the participant list", example: "a CSV or .xlsx file, e.g. peserta.csv")
        try requireNonEmpty(event, "--event", example: "the event file, e.g. --event event.yaml")
    }

    func run() throws {
        if let event { return try checkWithEvent(event) }
        let list: ParticipantList
        do {
            list = try ParticipantList.load(
                from: URL(fileURLWithPath: participants), columnOverrides: listOptions.columnOverrides,
                sheet: listOptions.sheet, nameCase: naming.nameCase, printCheck: try defaultPrintCheck())
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

    /// Without an event: the fit and glyph checks with the default template "classic".
    private func defaultPrintCheck() throws -> NamePrintChecker {
        let found = try resourceOptions.locate()
        let template = try Template.load(from: try found.templateDirectory(named: "classic"))
        return try NamePrintChecker(template: template, fontsDirectory: found.fontsDirectory, eventValues: [:])
    }

    /// The checks `issue` makes before it writes anything, without a key and without writing.
    private func checkWithEvent(_ path: String) throws {
        let plan: BatchPlan
        do {
            let info = try Event.load(from: URL(fileURLWithPath: path))
            plan = try BatchPlan.make(
                participantsURL: URL(fileURLWithPath: participants), event: info, resources: try resourceOptions.locate(),
                columnOverrides: listOptions.columnOverrides, sheet: listOptions.sheet, nameCase: naming.nameCase,
                printCheck: NamePrintChecker.maker(fontsDirectory: try resourceOptions.locate().fontsDirectory))
        } catch {
            throw fail(error)
        }
        for warning in plan.warnings { printWarning(warning) }
        let e = plan.event
        print("Event:    \(path) (version \(e.version ?? 1), template \(e.template))")
        print("Dates:    \(e.datesText)\(e.hours.map { ", \($0) JP" } ?? "")\(e.activity.map { ", \($0)" } ?? "")\(e.mode.map { ", \($0)" } ?? "")")
        if let signatories = e.signatories { print("Signed:   " + signatories.map { "\($0.name) (\($0.position))" }.joined(separator: "; ")) }
        if let program = e.program { print("Program:  \(program.count) topics, \(program.reduce(0) { $0 + $1.hours }) JP") }
        print("Rows read \(plan.rowsRead), valid \(plan.validCount), with problems \(plan.rejected.count)")
        guard !plan.problems.isEmpty else {
            print("OK: the event file, the template and every row can be issued.")
            return
        }
        for problem in plan.problems { print("\(participants), \(problem)") }
        throw ExitCode.failure
    }
}
