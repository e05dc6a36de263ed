import Foundation

/// Reads a `manifest.json` or `shard.json` (version 3) one record at a time, so verifying, merging
/// and bundling millions of records needs memory for a chunk of them, not for all.
///
/// It recognises the layout ecert writes (`ManifestWriter.stream`: the members in JCS order, the
/// header pretty-printed, each record on a line of its own). Any other layout of the same JSON —
/// which FORMAT.md allows — is read whole instead (bounded by `BoundedFile`), with the same checks.
/// Nothing read here is trusted: callers verify the header and prove the records against its
/// Merkle root before using them.
public final class ManifestStream {
    public let path: String
    /// The `header` member, not yet verified.
    public let header: JSONValue
    private var source: Source
    /// Records handed out so far.
    public private(set) var count = 0

    private enum Source {
        case lines(LineReader, finished: Bool)
        case whole(IndexingIterator<[JSONValue]>)
    }

    /// Largest header accepted while looking for the records (a hostile file cannot make it grow).
    static let headerLimit = 16 << 20

    public init(url: URL, format: String, version: Int) throws {
        path = url.path
        let reader = try LineReader(url: url)
        if let header = try Self.streamedHeader(reader, format: format, path: path) {
            self.header = header
            source = .lines(reader, finished: false)
        } else {
            let value = try StrictJSON.parse(try BoundedFile.read(url), path: url.path)
            let shell = try ContainerShell(value: value, path: url.path, format: format, version: version,
                                           keys: ["format", "version", "header", "records"], olderHint: Manifest.olderVersionHint)
            header = try shell.member("header")
            guard case .array(let items) = try shell.member("records") else {
                throw ECertError.invalidManifest(path: path, reason: "\"records\" is not an array")
            }
            source = .whole(items.makeIterator())
        }
        self.version = version
        self.format = format
    }

    private let version: Int
    private let format: String

    /// The next `limit` records at most, decoded on all cores; empty after the last. The file's
    /// closing lines (`]`, the version, `}`) are checked when the records end.
    public func next(upTo limit: Int) throws -> [Manifest.ReadRecord] {
        var values: [JSONValue] = []
        var lines: [ArraySlice<UInt8>] = []
        switch source {
        case .whole(var items):
            while values.count < limit, let item = items.next() { values.append(item) }
            source = .whole(items)
        case .lines(let reader, let finished):
            guard !finished else { return [] }
            var end: ArraySlice<UInt8>?
            var atEOF = false
            while lines.count < limit {
                guard let line = try reader.line() else { atEOF = true; break }
                guard line.starts(with: Self.recordIndent) else { end = line; break }
                lines.append(line)
            }
            try checkCommas(lines)
            if end != nil || atEOF {
                try checkEnd(first: end, reader: reader)
                source = .lines(reader, finished: true)
            }
        }
        let first = count, path = self.path
        let parsed: [Result<Manifest.ReadRecord, Error>]
        if lines.isEmpty {
            parsed = ParallelMap.map(Array(values.enumerated())) { k, value in Result { try Self.record(value, path: path, index: first + k) } }
        } else {
            parsed = ParallelMap.map(Array(lines.enumerated())) { k, line in
                Result {
                    var body = line.dropFirst(Self.recordIndent.count)
                    if body.last == UInt8(ascii: ",") { body = body.dropLast() }
                    return try Self.record(try StrictJSON.parse(Array(body), path: "\(path) records[\(first + k)]"), path: path, index: first + k)
                }
            }
        }
        count += parsed.count
        do {
            return try parsed.map { try $0.get() }
        } catch {
            // A bad record line: reading the whole file names the place in it as precisely as the
            // in-memory reader always did (byte, line, key path such as `records[3].name`).
            throw (try? wholeFileError()) ?? error
        }
    }

    /// The error the whole-file reader gives for this file, if any.
    private func wholeFileError() throws -> Error? {
        do {
            let value = try StrictJSON.parse(try BoundedFile.read(URL(fileURLWithPath: path)), path: path)
            let shell = try ContainerShell(value: value, path: path, format: format, version: version,
                                           keys: ["format", "version", "header", "records"], olderHint: Manifest.olderVersionHint)
            _ = try Manifest.readRecords(try shell.member("records"), path: path)
            return nil
        } catch {
            return error
        }
    }

    static let recordIndent = Array("    ".utf8)

    static func record(_ value: JSONValue, path: String, index: Int) throws -> Manifest.ReadRecord {
        Manifest.ReadRecord(record: try StrictJSON.decode(ManifestRecord.self, from: value, path: "\(path) records[\(index)]"),
                            canonical: JCS.serialize(value))
    }

    /// Whether the last record line read ended in a comma (nil before the first).
    private var lastHadComma: Bool?

    /// Every record line but the file's last one ends in a comma.
    private func checkCommas(_ lines: [ArraySlice<UInt8>]) throws {
        for line in lines {
            if lastHadComma == false { throw ECertError.invalidManifest(path: path, reason: "record \(count) is not followed by a comma") }
            lastHadComma = line.last == UInt8(ascii: ",")
        }
    }

    /// After the records: `  ]`, `  "version": V`, `}` and nothing else.
    private func checkEnd(first: ArraySlice<UInt8>?, reader: LineReader) throws {
        var rest: [UInt8] = Array(first ?? [])
        while let line = try reader.line() {
            rest += [UInt8(ascii: "\n")] + line
            guard rest.count < 4096 else { break }
        }
        let text = String(decoding: rest, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard lastHadComma == false, text == "]" + ",\n  \"version\": \(version)\n}" else {
            throw ECertError.invalidManifest(path: path, reason: "does not end with the records' \"]\" and \"version\": \(version) (truncated or altered)")
        }
    }

    /// The header of a file in ecert's own layout; nil for any other layout (read whole then).
    private static func streamedHeader(_ reader: LineReader, format: String, path: String) throws -> JSONValue? {
        var prefix: [UInt8] = []
        while let line = try reader.line() {
            if line.elementsEqual("  \"records\": [".utf8) {
                // The header member's line ends in "},": close the object there instead.
                guard prefix.count >= 2, prefix[prefix.count - 2] == UInt8(ascii: ",") else { return nil }
                prefix.removeLast(2)
                prefix += Array("\n}".utf8)
                let value = try StrictJSON.parse(prefix, path: path)
                guard case .object(let members) = value, members.count == 2,
                      case .string(let found)? = value["format"], found == format, let header = value["header"] else { return nil }
                return header
            }
            if line.elementsEqual("  \"records\": [],".utf8) { return nil }  // no records: read whole
            prefix += line + [UInt8(ascii: "\n")]
            if prefix.count > headerLimit { return nil }
        }
        return nil
    }
}

/// Lines of a regular file through a 1 MiB buffer (the line end is not included).
final class LineReader {
    private let fd: Int32
    private let path: String
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEOF = false

    init(url: URL) throws {
        path = url.path
        fd = try BoundedFile.openRegular(url).fd
    }

    deinit { close(fd) }

    /// The next line, or nil at the end of the file. A line is at most 64 MiB.
    func line() throws -> ArraySlice<UInt8>? {
        while true {
            if let end = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                defer { start = end + 1 }
                return buffer[start..<end]
            }
            if atEOF {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                return buffer[start...]
            }
            guard buffer.count - start < 64 << 20 else { throw ECertError.invalidManifest(path: path, reason: "has a line longer than 64 MiB") }
            try fill()
        }
    }

    private func fill() throws {
        buffer.removeSubrange(0..<start)
        start = 0
        let old = buffer.count
        buffer += [UInt8](repeating: 0, count: 1 << 20)
        var n: Int
        repeat {
            n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, 1 << 20) }
        } while n < 0 && errno == EINTR
        guard n >= 0 else { throw ECertError.unreadableFile(path: path, reason: String(cString: strerror(errno))) }
        buffer.removeLast((1 << 20) - n)
        if n == 0 { atEOF = true }
    }
}
