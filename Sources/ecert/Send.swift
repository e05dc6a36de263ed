import ArgumentParser
import ECertCore
import ECertRender
import Foundation

struct Send: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "E-mail every certificate of a batch to its teacher (SMTP), with a crash-safe delivery ledger.",
        discussion: """
            Each message links the certificate published by `ecert publish` (default) or attaches the PDF (--attach). \
            Every step is written to DIR/delivery-ledger.jsonl before and after it happens, so running the same command \
            again after a crash never sends twice a message the server accepted: a message in flight at the crash is \
            reported as uncertain and resent (same Message-ID) only with --resend-uncertain. \
            With --bounces, reads delivery status notifications from a Maildir or mbox and marks those messages bounced. \
            The password comes from smtp.yaml's password_env or password_file, never the command line (docs/DELIVERY.md).
            """)

    @Argument(help: "Batch folder written by `ecert issue`.")
    var directory: String

    @Option(help: "SMTP settings (host, port, security, username, password_env/password_file, from, …).")
    var smtp: String?

    @OptionGroup var linkOptions: LinkOptions

    @Flag(help: "Attach the PDF instead of linking it (attachments are more often taken for spam).")
    var attach = false

    @Option(help: "Language of the built-in e-mail text: id (Indonesian) or en (English).")
    var language = "id"

    @Option(help: "Your own e-mail template (YAML: subject, text, html, delivery_link, …; docs/DELIVERY.md).")
    var mailTemplate: String?

    @Option(help: "At most this many messages per minute.")
    var perMinute: Int?

    @Option(help: "At most this many messages per UTC day (e.g. 2000 for Google Workspace, 500 for Gmail); run again the next day for the rest.")
    var perDay: Int?

    @Option(help: "Attempts per message for 4xx replies and lost connections (default 5).")
    var maxAttempts = 5

    @Option(help: "Seconds before the first retry; doubles each time (default 60).")
    var retryDelay: Double = 60

    @Flag(help: "Send again, with the same Message-ID, messages in flight when an earlier run stopped.")
    var resendUncertain = false

    @Flag(help: "Write every message as an .eml file (in --outbox) and send nothing.")
    var dryRun = false

    @Option(help: "Folder for the .eml files of --dry-run (default: DIR/mail-preview).")
    var outbox: String?

    @Option(help: "Mark bounced the messages whose delivery status notifications are in this Maildir or mbox.")
    var bounces: String?

    @OptionGroup var time: TimeOptions

    func validate() throws {
        try requireNonEmpty(directory, "the batch folder", example: "the folder written by `ecert issue`, e.g. out/batch")
        if bounces == nil, smtp == nil { throw ValidationError("give the SMTP settings with --smtp smtp.yaml (see docs/DELIVERY.md), or --bounces MAILDIR to read bounces") }
        try requireNonEmpty(smtp, "--smtp", example: "the SMTP settings file, e.g. --smtp smtp.yaml")
        guard MailTemplate.languages.contains(language) else { throw ValidationError("--language \(language): choose id (Indonesian) or en (English)") }
        for (name, value) in [("--per-minute", perMinute), ("--per-day", perDay), ("--max-attempts", Optional(maxAttempts))] {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1") }
        }
        guard retryDelay >= 0 else { throw ValidationError("--retry-delay must be 0 or more seconds") }
        if outbox != nil, !dryRun { throw ValidationError("--outbox is where --dry-run writes; add --dry-run or leave --outbox out") }
    }

    func run() throws {
        do {
            let batch = try linkOptions.verifiedBatch(directory)
            if let bounces { return try markBounces(batch: batch, source: bounces) }
            let dir = URL(fileURLWithPath: directory)
            let settings = try SMTPSettings.load(from: URL(fileURLWithPath: smtp!), requirePassword: !dryRun)
            let template = try mailTemplate.map { try MailTemplate.load(from: URL(fileURLWithPath: $0)) } ?? MailTemplate.builtIn(language: language)
            let composer = MailComposer(settings: settings, template: template, event: batch.body.event.facts,
                                        batchRoot: batch.body.merkleRoot, verifyURL: batch.body.event.verifyURL)
            let links = attach ? nil : try linkOptions.links(for: batch, create: false).links
            var options = DeliveryRun.Options()
            (options.perMinute, options.perDay, options.maxAttempts, options.retryDelay) = (perMinute, perDay, maxAttempts, retryDelay)
            options.resendUncertain = resendUncertain
            options.date = time.at.flatMap { ISO8601DateFormatter().date(from: $0.text) }
            let transport: MailTransport = dryRun
                ? try EMLOutbox(folder: URL(fileURLWithPath: outbox ?? dir.appendingPathComponent(DeliveryFiles.preview).path))
                : try SMTPClient(settings: settings)
            let run = DeliveryRun(batch: batch, directory: dir, composer: composer, links: links, transport: transport, options: options, log: { print($0) })
            for skip in run.skipped { printWarning("not sent: line \(skip.line), \(skip.serial) (\(skip.name)): \(skip.reason)") }
            if dryRun {
                let written = try run.composeAll()
                print("Dry run: wrote \(grouping(written)) message(s) to \((transport as! EMLOutbox).folder.path); nothing was sent; \(run.skipped.count) without a usable e-mail address.")
                if !run.skipped.isEmpty { throw ExitCode.failure }
                return
            }
            try deliver(run, directory: dir, batch: batch)
        } catch {
            throw fail(error)
        }
    }

    func deliver(_ run: DeliveryRun, directory dir: URL, batch: VerifiedBatch) throws {
        let ledger = try DeliveryLedger(directory: dir, batchRoot: batch.body.merkleRoot, serials: Set(batch.records.map(\.serial)))
        let plan = try run.prepare(ledger: ledger, now: Date())
        print("Plan: \(plan.text).")
        if plan.uncertain > 0, !resendUncertain {
            printWarning("\(plan.uncertain) message(s) were in flight when an earlier run stopped (state uncertain: the server may have them); they are not resent. Check the recipients' mail, then resend with --resend-uncertain if needed.")
        }
        var failure: Error?
        do { try run.send(ledger: ledger) } catch { failure = error }
        let counts = ledger.counts()
        print("Delivery: " + DeliveryLedger.State.allCases.compactMap { state in counts[state].map { "\(state.rawValue) \(grouping($0))" } }.joined(separator: ", ") + ".")
        for status in ledger.statuses.values.sorted(by: { $0.last.serial < $1.last.serial }) where status.state == .failed || status.state == .deferred {
            printWarning("\(status.state.rawValue): \(status.last.serial) <\(status.last.email ?? "")>: \(status.last.reply ?? "")")
        }
        if let failure { throw failure }
        let open = counts.filter { [.deferred, .failed, .uncertain, .skipped].contains($0.key) }.values.reduce(0, +)
        if open > 0 { throw ExitCode.failure }
    }

    func markBounces(batch: VerifiedBatch, source: String) throws {
        throw ValidationError("--bounces is not available yet")
    }
}
