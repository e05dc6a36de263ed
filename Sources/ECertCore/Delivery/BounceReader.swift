import Foundation

/// Delivery status notifications (RFC 3464) from a Maildir (new/ and cur/), a folder of .eml
/// files, or an mbox file: per failed recipient its address, status and diagnostic, and the
/// Message-ID of the returned message when the report includes it.
public enum BounceReader {
    public struct Bounce: Sendable, Equatable {
        public var recipient: String
        public var status: String
        public var diagnostic: String
        public var messageID: String?
    }

    public static func read(at url: URL) throws -> (bounces: [Bounce], messages: Int) {
        let texts = try messages(at: url)
        return (texts.flatMap { bounces(in: MIMEEntity($0)) }, texts.count)
    }

    static func messages(at url: URL) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { throw ECertError.fileNotFound(path: url.path) }
        guard isDirectory.boolValue else { return mbox(String(decoding: try BoundedFile.read(url, limit: 1 << 30), as: UTF8.self)) }
        var files: [URL] = []
        for sub in ["new", "cur"] {
            let folder = url.appendingPathComponent(sub)
            files += ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted().map { folder.appendingPathComponent($0) }
        }
        if files.isEmpty {
            files = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted().filter { $0.hasSuffix(".eml") }.map { url.appendingPathComponent($0) }
        }
        return try files.map { String(decoding: try BoundedFile.read($0, limit: 64 << 20), as: UTF8.self) }
    }

    /// mbox: messages start at lines beginning with "From " (mboxrd `>From ` quoting undone).
    static func mbox(_ text: String) -> [String] {
        var messages: [String] = [], current: [Substring] = [], started = false
        for line in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("From ") {
                if started { messages.append(current.joined(separator: "\n")) }
                (current, started) = ([], true)
            } else if started {
                current.append(line.hasPrefix(">From ") ? line.dropFirst() : line)
            }
        }
        if started { messages.append(current.joined(separator: "\n")) }
        return messages
    }

    /// The failed recipients of one report; nothing for a message that is not a DSN.
    static func bounces(in message: MIMEEntity) -> [Bounce] {
        let entities = message.all
        guard let status = entities.first(where: { $0.contentType == "message/delivery-status" }) else { return [] }
        let original = entities.first { $0.contentType == "message/rfc822" || $0.contentType == "text/rfc822-headers" }
            .flatMap { MIMEEntity($0.decodedBody).header("Message-ID") }
        // Per-message fields first, then one block of fields per recipient (RFC 3464 §2.1).
        let blocks = status.decodedBody.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n").dropFirst()
        return blocks.compactMap { block in
            let fields = MIMEEntity(block + "\n\n")
            guard (fields.header("Action") ?? "").lowercased() == "failed",
                  let recipient = (fields.header("Final-Recipient") ?? fields.header("Original-Recipient")) else { return nil }
            let address = recipient.split(separator: ";", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? recipient
            return Bounce(recipient: address, status: fields.header("Status") ?? "", diagnostic: fields.header("Diagnostic-Code") ?? "", messageID: original)
        }
    }
}

extension DeliveryLedger {
    /// Marks `bounced` the sent messages the reports name: by Message-ID, else by the recipient
    /// address when exactly one message went there. Returns the serials marked and the reports
    /// that match no message of this batch (listed, never dropped silently).
    public func markBounced(_ bounces: [BounceReader.Bounce], at time: Date) throws -> (marked: [String], unmatched: [BounceReader.Bounce]) {
        var marked: [String] = [], unmatched: [BounceReader.Bounce] = []
        let sent = statuses.values.filter { $0.accepted || $0.state == .uncertain }
        for bounce in bounces {
            let byID = bounce.messageID.flatMap { id in sent.first { $0.last.messageID == id } }
            let byAddress = sent.filter { $0.last.email?.caseInsensitiveCompare(bounce.recipient) == .orderedSame }
            guard let status = byID ?? (byAddress.count == 1 ? byAddress.first : nil) else {
                unmatched.append(bounce)
                continue
            }
            let serial = status.last.serial
            if statuses[serial]?.state == .bounced || marked.contains(serial) { continue }
            try append([Entry(serial: serial, state: .bounced, at: Timestamp.string(from: time), attempt: status.attempts, email: status.last.email,
                              messageID: status.last.messageID, reply: [bounce.status, bounce.diagnostic].filter { !$0.isEmpty }.joined(separator: " "), retryAt: nil)])
            marked.append(serial)
        }
        return (marked, unmatched)
    }

    /// `delivery.csv`: one row per certificate with its latest state (values neutralised).
    public func report(batch: DeliveryBatch) -> CSVWriter { Self.report(batch: batch, statuses: statuses) }

    /// The report for `statuses` (empty before the first `ecert send`: every row "not queued").
    public static func report(batch: DeliveryBatch, statuses: [String: Status]) -> CSVWriter {
        var csv = CSVWriter(header: ["serial", "name", "email", "state", "attempts", "updated_at", "reply", "message_id"], for: .spreadsheet)
        for record in batch.records {
            guard let status = statuses[record.serial] else {
                csv.append([record.serial, record.name, Contact(record: record).email, "not queued", "0", "", "", ""])
                continue
            }
            csv.append([record.serial, record.name, status.last.email ?? Contact(record: record).email, status.state.rawValue, String(status.attempts),
                        status.last.at, status.last.reply ?? "", status.last.messageID ?? ""])
        }
        return csv
    }
}
