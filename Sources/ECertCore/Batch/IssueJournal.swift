import Foundation

/// `DIR/ecert-journal.txt`: one line per finished certificate, appended and flushed to the kernel as
/// soon as its PDF is in place, so a run killed at any point can resume.
///
///     ecert-journal 1 <batch ID>
///     <serial>\t<file>\t<sha256>
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
            guard fields.count == 3, fields[2].utf8.count == 64 else { continue }
            entries[String(fields[0])] = Entry(file: String(fields[1]), sha256: String(fields[2]))
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
        "\(serial)\t\(entry.file)\t\(entry.sha256)\n"
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
