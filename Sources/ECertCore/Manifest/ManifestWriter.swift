import Foundation

/// Writes `manifest.json` and `shard.json` for batches of any size without holding the records:
/// the header is signed first (it already holds the Merkle root and counts), then the records come
/// one at a time from an `EncodedRecordSource` (the run's record spool), one canonical record per
/// line. Key order is JCS order, so the file's layout is fixed (docs/FORMAT.md).
public enum ManifestWriter {
    /// Signs the header for `records` (in memory) and writes the manifest; returns the signed header.
    @discardableResult
    public static func write(header unsigned: BatchHeader, records: [ManifestRecord], key: IssuerPrivateKey, to url: URL) throws -> Verified<BatchHeader> {
        let encoded = try records.map(EncodedRecord.init)
        var merkle = MerkleAccumulator()
        for record in encoded { merkle.append(leafHash: record.leafHash) }
        var header = unsigned
        header.merkleRoot = merkle.root.hexString
        header.treeSize = records.count
        var source = EncodedRecordArray(encoded)
        return try write(header: header, records: &source, key: key, to: url)
    }

    /// Streams `manifest.json`: `header` already holds the Merkle root and tree size of the records
    /// that `records` yields in order.
    @discardableResult
    public static func write(header: BatchHeader, records: inout some EncodedRecordSource, key: IssuerPrivateKey, to url: URL) throws -> Verified<BatchHeader> {
        let signed = try SignedDocument.sign(header, with: key)
        try stream(format: Manifest.format, version: Manifest.version, header: signed.jsonValue, records: &records, to: url)
        return try signed.verified(trusting: [key.publicKey], path: url.path)
    }

    /// Streams `shard.json` the same way.
    public static func writeShard(header: ShardHeader, records: inout some EncodedRecordSource, key: IssuerPrivateKey, to url: URL) throws {
        let signed = try SignedDocument.sign(header, with: key)
        try stream(format: ShardManifest.format, version: ShardManifest.version, header: signed.jsonValue, records: &records, to: url)
    }

    /// `{"format", "header", "records", "version"}` in JCS key order, the header pretty-printed,
    /// each record on a line of its own in its canonical form.
    static func stream(format: String, version: Int, header: JSONValue, records: inout some EncodedRecordSource, to url: URL) throws {
        let out = ChunkedFile(url: url)
        defer { out.discard() }
        try out.open()
        out += Array("{\n  \"format\": ".utf8) + JCS.serialize(.string(format)) + Array(",\n  \"header\": ".utf8)
        out += PrettyJSON.indented(try JCS.pretty(header), by: 2)
        out += Array(",\n  \"records\": [".utf8)
        var first = true
        while let record = try records.next() {
            out += Array((first ? "\n    " : ",\n    ").utf8)
            out += record.canonical
            first = false
            try out.flushIfFull()
        }
        out += Array((first ? "]" : "\n  ]").utf8) + Array(",\n  \"version\": \(version)\n}\n".utf8)
        try out.commit()
    }
}

/// Layout helpers for the pretty files ecert writes.
enum PrettyJSON {
    /// `pretty` (ending in a newline) with every line after the first indented by `spaces`, and
    /// without the final newline, to sit as a member value inside an outer object.
    static func indented(_ pretty: Data, by spaces: Int) -> [UInt8] {
        var bytes = Array(pretty)
        while bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        let pad = [UInt8](repeating: UInt8(ascii: " "), count: spaces)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            out.append(byte)
            if byte == UInt8(ascii: "\n") { out += pad }
        }
        return out
    }
}

/// Appends bytes to a hidden temporary file beside `url`; `commit` renames it into place.
final class ChunkedFile {
    let url: URL
    let tmp: URL
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []

    init(url: URL) {
        self.url = url
        tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        buffer.reserveCapacity(1 << 20 + 4096)
    }

    func open() throws {
        fd = Foundation.open(tmp.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ECertError.cannotWrite(path: url.path, reason: "cannot create it: \(String(cString: strerror(errno)))") }
    }

    static func += <S: Sequence>(file: ChunkedFile, bytes: S) where S.Element == UInt8 { file.buffer += bytes }
    func append(_ byte: UInt8) { buffer.append(byte) }

    func flushIfFull() throws { if buffer.count >= 1 << 20 { try flush() } }

    private func flush() throws {
        let failure = buffer.withUnsafeBytes { FileOutput.writeAll($0, to: fd) }
        guard failure == 0 else {
            throw ECertError.cannotWrite(path: url.path, reason: "\(String(cString: strerror(failure)))")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func commit() throws {
        try flush()
        guard close(fd) == 0 else {
            fd = -1
            throw ECertError.cannotWrite(path: url.path, reason: "\(String(cString: strerror(errno)))")
        }
        fd = -1
        guard rename(tmp.path, url.path) == 0 else {
            throw ECertError.cannotWrite(path: url.path, reason: "cannot rename into place: " + String(cString: strerror(errno)))
        }
    }

    /// After a failure: closes and removes the temporary file (a no-op after `commit`).
    func discard() {
        if fd >= 0 { close(fd); fd = -1; unlink(tmp.path) }
    }
}
