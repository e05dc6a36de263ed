import Foundation

/// `DIR/ecert-journal.txt`: one line per finished certificate, appended and flushed to the kernel as
/// soon as its PDF is in place, so a run killed at any point can resume.
///
///     ecert-journal 1 <batch ID>
///     <serial>\t<file>\t<sha256>[\t<bodySHA256> <contentsSize> <cms Base64>]
///
/// The batch ID is a SHA-256 over everything that shapes the output (input, event, key, template,
/// fonts, shard), so a folder of another batch is recognised and refused. An entry is trusted only
/// after the file on disk is hashed again and matches, so a lost or torn write costs a re-render,
/// never a wrong certificate. The journal is removed once the manifest is written.
public final class IssueJournal: @unchecked Sendable {
    public static let fileName = "ecert-journal.txt"
    static let magic = "ecert-journal 1"

    public struct Entry: Sendable, Equatable {
        public var file: String
        public var sha256: String
        /// A PAdES-signed file's signature record (the CMS cannot be made again: ECDSA differs each time).
        public var pdfSignature: PDFSignatureRecord? = nil
    }

    private let fd: Int32
    private let lock = NSLock()
    public let url: URL

    /// Reads an existing journal: its batch ID and its entries by serial (a torn last line is ignored;
    /// a later line for the same serial wins).
    public static func read(at url: URL) -> (batchID: String, entries: [String: Entry])? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.first, header.hasPrefix(magic + " ") else { return nil }
        let batchID = String(header.dropFirst(magic.count + 1))
        // Only newline-terminated lines are complete.
        if !text.hasSuffix("\n") { lines.removeLast() }
        var entries: [String: Entry] = [:]
        for line in lines.dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3 || fields.count == 4, fields[2].utf8.count == 64 else { continue }
            var entry = Entry(file: String(fields[1]), sha256: String(fields[2]))
            if fields.count == 4 {
                let parts = fields[3].split(separator: " ")
                guard parts.count == 3, let size = Int(parts[1]) else { continue }
                entry.pdfSignature = PDFSignatureRecord(bodySHA256: String(parts[0]), contentsSize: size, cms: String(parts[2]))
            }
            entries[String(fields[0])] = entry
        }
        return (batchID, entries)
    }

    /// Starts the journal afresh with `carried` entries (already known from an earlier run), written
    /// atomically, then keeps it open for appending.
    public init(directory: URL, batchID: String, carried: [(serial: String, entry: Entry)]) throws {
        url = directory.appendingPathComponent(Self.fileName)
        var text = Self.magic + " " + batchID + "\n"
        for (serial, entry) in carried { text += Self.line(serial: serial, entry: entry) }
        try FileOutput.writeAtomically(Array(text.utf8), to: url)
        fd = open(url.path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else {
            throw ECertError.outputNotUsable(path: url.path, reason: "cannot open the journal (\(String(cString: strerror(errno))))")
        }
    }

    deinit { close(fd) }

    static func line(serial: String, entry: Entry) -> String {
        let signature = entry.pdfSignature.map { "\t\($0.bodySHA256) \($0.contentsSize) \($0.cms)" } ?? ""
        return "\(serial)\t\(entry.file)\t\(entry.sha256)\(signature)\n"
    }

    /// One `write(2)` per line: the line reaches the kernel before the call returns, so it survives
    /// the process being killed.
    public func append(serial: String, entry: Entry) throws {
        let bytes = Array(Self.line(serial: serial, entry: entry).utf8)
        lock.lock()
        defer { lock.unlock() }
        let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw ECertError.outputNotUsable(path: url.path, reason: "cannot append to the journal (\(String(cString: strerror(errno))))")
        }
    }

    /// Called after the manifest is written: the batch is complete and the journal has done its job.
    public func remove() {
        unlink(url.path)
    }
}

extension IssueJournal.Entry {
    /// What resuming needs of a record an earlier, completed run wrote.
    init(_ record: ManifestRecord) {
        self.init(file: record.file, sha256: record.sha256, pdfSignature: record.pdfSignature)
    }
}
