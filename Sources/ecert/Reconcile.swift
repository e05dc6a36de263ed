import ArgumentParser
import ECertCore
import Foundation

struct Reconcile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join registrations, a Zoom attendance report and a Google Forms quiz export into verified.csv and funnel.json.",
        discussion: """
            Joined by e-mail; an export row whose e-mail is empty or unknown is joined by normalised name when exactly one \
            registration has that name, and such matches are counted and listed separately (lower confidence). \
            Attended = Zoom durations summed per person >= --min-minutes; passed = best quiz attempt >= --min-score percent \
            (among those who attended); verified = passed and the registration row has no problem. funnel.json goes beside \
            --out unless --funnel-out is given; pass it to `ecert issue --funnel` to sign it into the manifest.
            """)

    @Option(help: "Registration list (CSV or .xlsx) with name, ID, e-mail and district columns.")
    var registrations: String

    @Option(help: "Zoom participant report (CSV): Name (original name), User Email, Join time, Leave time, Duration (minutes).")
    var attendance: String

    @Option(help: "Google Forms quiz export (CSV): Timestamp, Email Address, Score (\"8 / 10\").")
    var quiz: String

    @Option(name: .customLong("min-minutes"), help: "Minutes in the meeting, summed over all joins, needed to count as attended.")
    var minMinutes: Int = 60

    @Option(name: .customLong("min-score"), help: "Quiz score needed to pass, in percent of the maximum (best attempt counts).")
    var minScore: Int = 70

    @OptionGroup var output: OutputOptions<VerifiedListOutput>

    @Option(name: .customLong("funnel-out"), help: "Where to write funnel.json (default: funnel.json beside --out).")
    var funnelOut: String?

    @OptionGroup(title: "Registration list options") var listOptions: ListOptions

    func validate() throws {
        try requireNonEmpty(registrations, "--registrations", example: "the registration list, e.g. --registrations reg.csv")
        try requireNonEmpty(attendance, "--attendance", example: "the Zoom participant report, e.g. --attendance zoom.csv")
        try requireNonEmpty(quiz, "--quiz", example: "the Google Forms quiz export, e.g. --quiz quiz.csv")
        try requireNonEmpty(funnelOut, "--funnel-out", example: "a file name, or leave it out for funnel.json beside --out")
        guard minMinutes >= 0 else {
            throw ValidationError("--min-minutes must be 0 or more (minutes in the meeting); got \(minMinutes)")
        }
        guard (0...100).contains(minScore) else {
            throw ValidationError("--min-score must be between 0 and 100 (percent of the maximum score); got \(minScore)")
        }
    }

    func run() throws {
        do {
            let out = output.out, outURL = output.url
            let funnelURL = funnelOut.map { URL(fileURLWithPath: $0) } ?? outURL.deletingLastPathComponent().appendingPathComponent("funnel.json")
            let result = try Reconciler.run(
                registrations: URL(fileURLWithPath: registrations), attendance: URL(fileURLWithPath: attendance), quiz: URL(fileURLWithPath: quiz),
                options: .init(minMinutes: minMinutes, minScorePercent: minScore, columnOverrides: listOptions.columnOverrides, sheet: listOptions.sheet),
                outputName: outURL.lastPathComponent)
            for warning in result.warnings { printWarning(warning) }
            try FileOutput.writeAtomically(result.verifiedCSV, to: outURL)
            try FileOutput.writeAtomically(JCS.pretty(JCS.value(of: result.funnel)), to: funnelURL)

            let f = result.funnel, c = f.counts, m = f.matching
            print("Funnel: \(grouped(c.registered)) registered / \(grouped(c.attended)) attended (>= \(minMinutes) min) / \(grouped(c.passedQuiz)) passed quiz (>= \(minScore)%) / \(grouped(c.verified)) verified")
            print("Per district (registered / attended / passed / verified):")
            for d in f.districts {
                print("  \(d.district): \(grouped(d.counts.registered)) / \(grouped(d.counts.attended)) / \(grouped(d.counts.passedQuiz)) / \(grouped(d.counts.verified))")
            }
            print("Joined by e-mail: \(grouped(m.attendanceRowsByEmail)) attendance rows, \(grouped(m.quizRowsByEmail)) quiz rows")
            print("Joined by normalised name (lower confidence): \(grouped(m.attendanceRowsByName)) attendance rows, \(grouped(m.quizRowsByName)) quiz rows; \(grouped(m.verifiedMatchedByName)) verified participants depend on a name match (\"name (check)\" in \(outURL.lastPathComponent))")
            for p in result.nameMatched.prefix(20) { print("  name match: \(registrations), line \(p.line): \(p.name)") }
            if result.nameMatched.count > 20 { print("  … and \(result.nameMatched.count - 20) more") }
            print("Not matched to any registration: \(grouped(m.attendanceRowsUnmatched)) attendance rows, \(grouped(m.quizRowsUnmatched)) quiz rows")
            for r in result.unmatchedAttendance.prefix(10) { print("  \(attendance), line \(r.line): \(r.name) <\(r.email)>") }
            for r in result.unmatchedQuiz.prefix(10) { print("  \(quiz), line \(r.line): <\(r.email)>") }
            if f.qualifiedButInvalid > 0 {
                print("Qualified but left out because the registration row has a problem: \(f.qualifiedButInvalid) (run `ecert check \(registrations)`)")
            }
            print("Wrote \(out) (\(grouped(f.output.rows)) rows) and \(funnelURL.path)")
        } catch {
            throw fail(error)
        }
    }
}
