import Foundation

/// `DIR/delivery-ledger.jsonl` (docs/DELIVERY.md): an append-only journal of every delivery step,
/// one JCS line per step after a header line naming the batch by its Merkle root. Each append is
/// followed by fsync, and a message's `sending` line is on disk before its first byte goes to the
/// server; so after a crash, a message whose last line is `sending` is known to be *uncertain*
/// (the server may hold it) and is never resent silently.
public final class DeliveryLedger {
    public static let fileName = "delivery-ledger.jsonl"
    static let format = "ecert-delivery-ledger"

    public enum State: String, Codable, Sendable, CaseIterable {
        case queued, skipped, sending, sent, deferred, failed, uncertain, bounced
    }

    public struct Entry: Codable, Sendable, Equatable {
        public var serial: String
        public var state: State
        public var at: String
        public var attempt: Int
        public var email: String?
        public var messageID: String?
        /// The server's reply, the reason a row was skipped, or the bounce's status.
        public var reply: String?
        /// For `deferred`: when to try again (UTC).
        public var retryAt: String?
    }

    struct Header: Codable { var format: String; var version: Int; var batch: String }

    /// The latest state per serial, and what the earlier lines add to it.
    public struct Status: Sendable, Equatable {
        public var last: Entry
        public var attempts: Int
        /// Was it ever accepted by the server (a later `bounced` keeps this true)?
        public var accepted: Bool
        /// The latest line is `sending`: the run stopped while the message was in flight.
        public var state: State { last.state == .sending ? .uncertain : last.state }
    }

    public let url: URL
    public private(set) var statuses: [String: Status] = [:]
    /// SMTP transactions started per UTC day ("2026-12-02"), for `--per-day`.
    public private(set) var startedPerDay: [String: Int] = [:]
    private let fd: Int32

    /// Opens the ledger of `directory` (creating it for a batch with `batchRoot`), replaying it.
    public init(directory: URL, batchRoot: String, serials: Set<String>) throws {
        url = directory.appendingPathComponent(Self.fileName)
        let header = Array((String(decoding: try JCS.encode(Header(format: Self.format, version: 1, batch: batchRoot)), as: UTF8.self) + "\n").utf8)
        if !FileManager.default.fileExists(atPath: url.path) { try FileOutput.writeAtomically(header, to: url) }
        fd = open(url.path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ECertError.outputNotUsable(path: url.path, reason: "cannot open the ledger (\(String(cString: strerror(errno))))") }
        let complete = try replay(try BoundedFile.read(url, limit: 1 << 30), batchRoot: batchRoot, serials: serials)
        // A line torn by a crash is cut off, so the next line starts on its own.
        guard ftruncate(fd, off_t(complete)) == 0, lseek(fd, 0, SEEK_END) >= 0 else {
            throw ECertError.outputNotUsable(path: url.path, reason: "cannot repair the ledger's last line (\(String(cString: strerror(errno))))")
        }
    }

    deinit { close(fd) }

    /// Reads every complete line; returns the length of the complete part.
    func replay(_ bytes: [UInt8], batchRoot: String, serials: Set<String>) throws -> Int {
        let end = (bytes.lastIndex(of: 0x0A) ?? -1) + 1
        var lineNumber = 0
        for line in bytes[..<end].split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
            lineNumber += 1
            if lineNumber == 1 {
                let header = try StrictJSON.decode(Header.self, fromBytes: line, path: url.path)
                guard header.format == Self.format, header.version == 1 else { throw ECertError.invalidLedger(path: url.path, line: 1, reason: "not an ecert delivery ledger (version 1)") }
                guard header.batch == batchRoot else { throw ECertError.invalidLedger(path: url.path, line: 1, reason: "it belongs to another batch (Merkle root \(header.batch), this batch has \(batchRoot))") }
                continue
            }
            let entry = try StrictJSON.decode(Entry.self, fromBytes: line, path: "\(url.path) line \(lineNumber)")
            guard serials.contains(entry.serial) else { throw ECertError.invalidLedger(path: url.path, line: lineNumber, reason: "serial \(entry.serial) is not in this batch") }
            record(entry)
        }
        guard lineNumber >= 1 else { throw ECertError.invalidLedger(path: url.path, line: 1, reason: "the header line is missing") }
        return end
    }

    private func record(_ entry: Entry) {
        var status = statuses[entry.serial] ?? Status(last: entry, attempts: 0, accepted: false)
        status.last = entry
        if entry.state == .sending {
            status.attempts += 1
            startedPerDay[String(entry.at.prefix(10)), default: 0] += 1
        }
        if entry.state == .sent { status.accepted = true }
        statuses[entry.serial] = status
    }

    /// Writes the lines and waits for them to reach the disk (fsync) before returning.
    public func append(_ entries: [Entry]) throws {
        var text = ""
        for entry in entries { text += String(decoding: try JCS.encode(entry), as: UTF8.self) + "\n" }
        let bytes = Array(text.utf8)
        let failure = bytes.withUnsafeBytes { FileOutput.writeAll($0, to: fd) }
        guard failure == 0, fsync(fd) == 0 else {
            throw ECertError.outputNotUsable(path: url.path, reason: "cannot write the ledger (\(String(cString: strerror(failure != 0 ? failure : errno)))); nothing more is sent until it can be written")
        }
        entries.forEach(record)
    }

    /// How many serials are in each state.
    public func counts() -> [State: Int] {
        statuses.values.reduce(into: [:]) { $0[$1.state, default: 0] += 1 }
    }
}
