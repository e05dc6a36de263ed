import Foundation

/// `ecert send`: every certificate of a verified batch to its teacher, through a transport, with
/// each step in the ledger before and after it happens (see DeliveryLedger), within the sender's
/// per-minute and per-day limits, 4xx replies retried with exponential back-off.
public final class DeliveryRun {
    public struct Options: Sendable {
        public var perMinute: Int?
        public var perDay: Int?
        public var maxAttempts = 5
        /// First back-off; doubles with each attempt, at most an hour.
        public var retryDelay: Double = 60
        public var resendUncertain = false
        /// The Date header (`--at`); default: the time of sending.
        public var date: Date?
        public init() {}
    }

    /// One certificate that will not be sent, and why (shown, in the ledger as `skipped`).
    public struct Skipped: Sendable, Equatable {
        public var serial: String, name: String, line: Int, reason: String
    }

    let batch: VerifiedBatch
    let directory: URL
    let composer: MailComposer
    let links: DownloadLinks?
    let transport: MailTransport
    let options: Options
    let log: (String) -> Void
    public private(set) var skipped: [Skipped] = []
    var addresses: [String: EmailAddress] = [:]
    var lastStart: Date?

    public init(batch: VerifiedBatch, directory: URL, composer: MailComposer, links: DownloadLinks?, transport: MailTransport,
                options: Options, log: @escaping (String) -> Void) {
        (self.batch, self.directory, self.composer, self.links, self.transport, self.options, self.log) =
            (batch, directory, composer, links, transport, options, log)
        for record in batch.records {
            let email = Contact(record: record).email
            if let problem = batch.problems[record.serial] {
                skipped.append(Skipped(serial: record.serial, name: record.name, line: record.line, reason: "the record does not match its signed payload (\(problem))"))
            } else if let address = EmailAddress(email) {
                addresses[record.serial] = address
            } else {
                skipped.append(Skipped(serial: record.serial, name: record.name, line: record.line, reason: EmailAddress.problem(email)!))
            }
        }
    }

    /// `--dry-run`: composes every message into the transport (an EMLOutbox); no ledger.
    public func composeAll() throws -> Int {
        var written = 0
        for record in batch.records {
            guard let address = addresses[record.serial] else { continue }
            let mail = try composer.compose(record: record, to: address, delivery: try delivery(for: record), date: options.date ?? Date())
            _ = try transport.send(mail)
            written += 1
        }
        return written
    }

    /// The link, or the PDF checked against the manifest's SHA-256 (a changed file is never sent).
    func delivery(for record: ManifestRecord) throws -> MailComposer.Delivery {
        if let links { return .link(links.url(serial: record.serial)) }
        let url = directory.appendingPathComponent(FileOutput.safeFileName(forSerial: record.serial))
        let bytes = try BoundedFile.read(url, limit: 64 << 20)
        guard Digest256.sha256Hex(bytes) == record.sha256 else {
            throw ECertError.outputNotUsable(path: url.path, reason: "its SHA-256 differs from the manifest's: the PDF was changed after issuing; run `ecert verify` and re-issue it")
        }
        return .attachment(file: FileOutput.safeFileName(forSerial: record.serial), bytes: bytes)
    }
}
