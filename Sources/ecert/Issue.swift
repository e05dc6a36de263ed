import ArgumentParser
import ECertCore
import ECertRender
import Foundation

struct Issue: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Issue one signed PDF certificate per participant, and a signed manifest.",
        discussion: "Every row is checked first (the checks of `ecert check`); if any row has a problem, all problems are listed and nothing is issued, unless --skip-invalid.")

    @Argument(help: "Participant list: CSV (any delimiter; UTF-8, UTF-16 or Windows-1252) or Excel .xlsx, with a header row such as \"Nama Lengkap,NUPTK,…\".")
    var participants: String

    @Option(help: "Event file (YAML): title, date, place, issuer, serial, verify_url, template.")
    var event: String

    @OptionGroup var signing: KeyOptions

    @OptionGroup var pdfSigning: PDFSignOptions

    @OptionGroup var output: OutputOptions<BatchOutput>

    @OptionGroup var list: ListOptions

    @Flag(name: .customLong("skip-invalid"), help: "Issue the valid rows; write the others with their reasons to OUT/rejected.csv.")
    var skipInvalid = false

    @OptionGroup var naming: NameCaseOptions

    @Option(help: "funnel.json from `ecert reconcile`, signed into the manifest (the list must be the verified.csv it wrote).")
    var funnel: String?

    @OptionGroup var resourceOptions: ResourceOptions

    @Flag(help: "Print only errors and the summary line.")
    var quiet = false

    @Option(help: "Worker threads rendering at once (default: all cores). The output is the same for every value.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Issue only slice K of N (e.g. 3/8) for `ecert merge`; serials stay those of the whole batch.", valueName: "k/n"),
            transform: Shard.parse)
    var shard: Shard?

    @Option(help: "Also write all certificates of the run as one multi-page PDF for printing, in input order.")
    var combined: String?

    func validate() throws {
        try requireNonEmpty(participants, "the participant list", example: "a CSV or .xlsx file, e.g. peserta.csv")
        try requireNonEmpty(event, "--event", example: "the event file, e.g. --event event.yaml")
        try requireNonEmpty(funnel, "--funnel", example: "the funnel.json written by `ecert reconcile`")
        try requireNonEmpty(combined, "--combined", example: "a PDF file outside --out, e.g. --combined print.pdf")
        guard jobs >= 1 else {
            throw ValidationError("--jobs must be 1 or more (the number of worker threads); got \(jobs). Leave it out to use all \(ProcessInfo.processInfo.activeProcessorCount) cores")
        }
        if let combined {
            let outPath = URL(fileURLWithPath: output.out).standardizedFileURL.path
            let combinedPath = URL(fileURLWithPath: combined).standardizedFileURL.path
            guard combinedPath != outPath, !combinedPath.hasPrefix(outPath.hasSuffix("/") ? outPath : outPath + "/") else {
                throw ValidationError("--combined \(combined) is inside --out \(output.out); the output folder is the signed batch, so write the print PDF elsewhere, e.g. --combined print.pdf")
            }
        }
    }

    func run() throws {
        do {
            try issue()
        } catch {
            throw fail(error)
        }
    }

    private func issue() throws {
        let started = Date()
        let eventInfo = try Event.load(from: URL(fileURLWithPath: event))
        let signingKey = try signing.readPrivateKey()
        let found = try resourceOptions.locate()
        var plan = try BatchPlan.make(
            participantsURL: URL(fileURLWithPath: participants), event: eventInfo, resources: found,
            columnOverrides: list.columnOverrides, sheet: list.sheet, nameCase: naming.nameCase,
            printCheck: NamePrintChecker.maker(fontsDirectory: found.fontsDirectory))
        for warning in plan.warnings { printWarning(warning) }
        if let funnel {
            plan.funnel = try FunnelBinding.check(funnelURL: URL(fileURLWithPath: funnel), plan: plan)
        }
        guard plan.problems.isEmpty || skipInvalid else {
            for problem in plan.problems { printError("\(participants), \(problem)") }
            throw ECertError.validationFailed(path: participants, problemCount: plan.problems.count)
        }
        // A signed manifest of zero certificates would only look like a finished batch.
        guard plan.validCount > 0 else {
            for problem in plan.problems { printError("\(participants), \(problem)") }
            throw ECertError.noValidRows(path: participants, problemCount: plan.problems.count)
        }
        if !plan.problems.isEmpty, !quiet {
            for problem in plan.problems { printError("\(participants), \(problem) (skipped)") }
        }
        // Pictures the event file names are read beside it and must be the ones it was hashed with.
        let drawing = try eventInfo.drawing(assets: URL(fileURLWithPath: event).deletingLastPathComponent())
        let makeRenderer = BatchRun.rendererFactory(plan: plan, fontsDirectory: found.fontsDirectory, drawing: drawing)
        let renderer = try makeRenderer()  // fails on a font or template problem before anything is written
        var issuer = BatchIssuer(plan: plan, key: signingKey, outputDirectory: output.url)
        issuer.shard = shard
        issuer.pdfSigner = try pdfSigning.signer(date: eventInfo.date)
        if let signer = issuer.pdfSigner, !quiet {
            print("PAdES: signing every PDF as \(signer.identity.signer.subject) (\(signer.identity.algorithm.rawValue))"
                + (signer.identity.isDeterministic ? "" : "; ECDSA signatures differ on every run, so a rerun keeps the files already signed and re-issue uses the stored signature"))
        }
        let reporter = ProgressReporter(total: issuer.range.count, quiet: quiet)
        let summary = try issuer.run(jobs: jobs, makeRenderer: makeRenderer) { done, _ in reporter.update(done: done) }
        reporter.finish()
        if let combined, summary.manifestWritten {
            try writeCombined(to: combined, issuer: issuer, key: signingKey, renderer: renderer)
        }

        for failure in summary.failures {
            printError("\(participants), line \(failure.line), \(failure.serial): \(failure.message)")
        }
        let seconds = Date().timeIntervalSince(started)
        let rate = seconds > 0 ? Double(summary.issued) / seconds : 0
        print("Rows read \(summary.rowsRead), valid \(summary.valid), rejected \(summary.rejected), issued \(summary.issued), resumed \(summary.resumed) "
            + "in \(String(format: "%.2f", seconds)) s (\(Int(rate)) certificates/s) → \(output.out)")
        guard summary.manifestWritten else {
            printError("ecert: error: \(summary.failures.count) certificate(s) failed; no manifest was written, so the batch is not complete. Fix the problems above and run the same command again.")
            throw ExitCode.failure
        }
        if !quiet { print("Signed manifest: \(output.out)/\(Manifest.fileName)") }
        if summary.rejected > 0 { print("Rejected rows with reasons: \(output.out)/\(Manifest.rejectedFileName)") }
    }

    /// `--combined`: one PDF of every certificate of the run, in input order, read from the list again.
    private func writeCombined(to path: String, issuer: BatchIssuer, key: IssuerPrivateKey, renderer: CertificateRenderer) throws {
        let started = Date()
        let count = try BatchRun.writeCombined(to: URL(fileURLWithPath: path), issuer: issuer, key: key, renderer: renderer)
        let seconds = Date().timeIntervalSince(started)
        print("Print PDF: \(path) (\(count) pages in \(String(format: "%.2f", seconds)) s)")
    }
}
