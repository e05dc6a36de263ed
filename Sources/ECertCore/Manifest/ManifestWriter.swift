import Crypto
import Foundation

/// Writes `manifest.json` (and `shard.json`) for batches of any size without holding the records:
/// they come one at a time from an `EncodedRecordSource` (the run's record spool) and are spliced
/// into the encodings of the body without records, while SHA-256 of the canonical signed JSON is
/// computed on the way (version 2 signs that hash). The bytes are exactly those of
/// `CanonicalJSON.pretty(Manifest.signed(body, with:))`; a unit test holds it to that.
public enum ManifestWriter {
    /// Signs `body` with `records` (in memory) and writes it to `url` through a hidden temporary
    /// file; returns the body with its records and Merkle root.
    @discardableResult
    public static func write(body: Manifest.Body, records: [ManifestRecord], key: IssuerPrivateKey, to url: URL) throws -> Manifest.Body {
        let encoded = records.map(EncodedRecord.init)
        var merkle = MerkleAccumulator()
        for record in encoded { merkle.append(leafHash: record.leafHash) }
        var head = body
        head.records = []
        head.merkleRoot = merkle.root.hexString
        var source = EncodedRecordArray(encoded)
        try write(head: head, treeSize: records.count, records: &source, key: key, to: url)
        var whole = head
        whole.records = records
        return whole
    }

    /// Streams `manifest.json`: `head` has no records and already holds the Merkle root and counts
    /// of the `treeSize` records that `records` yields in order.
    public static func write(head: Manifest.Body, treeSize: Int, records: inout some EncodedRecordSource, key: IssuerPrivateKey, to url: URL) throws {
        var header = BatchHeader(body: head)
        header.treeSize = treeSize
        let signedHeader = try SignedBatchHeader.signed(header, with: key)
        try stream(
            canonicalShell: CanonicalJSON.encode(head), tag: Manifest.signatureTag,
            prettyShell: { Manifest(format: Manifest.format, version: Manifest.version, body: head, signature: $0, header: signedHeader) },
            records: &records, key: key, to: url)
    }

    /// Streams `shard.json` the same way (signed JSON `{body, shard}`).
    public static func writeShard(head: Manifest.Body, shard: ShardManifest.Slice, records: inout some EncodedRecordSource, key: IssuerPrivateKey, to url: URL) throws {
        try stream(
            canonicalShell: CanonicalJSON.encode(ShardManifest.Signed(shard: shard, body: head)), tag: ShardManifest.signatureTag,
            prettyShell: { ShardManifest(format: ShardManifest.format, version: ShardManifest.version, shard: shard, body: head, signature: $0) },
            records: &records, key: key, to: url)
    }

    /// One pass over the records: each goes into the hash of the canonical form and into the file.
    /// The signature comes after `body` in the file (keys are sorted), so it is known in time.
    static func stream<Shell: Encodable>(canonicalShell: [UInt8], tag: String, prettyShell: (String) -> Shell,
                                         records: inout some EncodedRecordSource, key: IssuerPrivateKey, to url: URL) throws {
        let prettyMarker = Array("\"records\" : [\n\n    ]".utf8)
        // The signature is not known yet: a placeholder of its length gives the part before the records.
        let placeholder = String(repeating: "A", count: 86) + "=="
        let draft = Array(CanonicalJSON.pretty(prettyShell(placeholder)))
        guard let splice = CanonicalRecordSplice(recordless: canonicalShell), let p = find(prettyMarker, in: draft) else {
            throw ECertError.invalidManifest(path: url.path, reason: "internal: the records array was not found in the manifest encoding; please report this")
        }
        var hasher = SHA256()
        hasher.update(data: splice.prefix)

        let out = ChunkedFile(url: url)
        defer { out.discard() }
        try out.open()
        out += draft[..<p]
        out += Array("\"records\" : [\n".utf8)
        var first = true
        while let record = try records.next() {
            if !first {
                hasher.update(data: [UInt8(ascii: ",")])
                out += Array(",\n".utf8)
            }
            first = false
            hasher.update(data: record.canonical)
            out += record.pretty
            try out.flushIfFull()
        }
        hasher.update(data: splice.suffix)
        let digest = Array(hasher.finalize())
        let signature = Data(try key.signature(for: Manifest.signedMessage(tag: tag, digest: digest))).base64EncodedString()

        let final = Array(CanonicalJSON.pretty(prettyShell(signature)))
        guard let q = find(prettyMarker, in: final), q == p, final[..<q].elementsEqual(draft[..<p]) else {
            throw ECertError.invalidManifest(path: url.path, reason: "internal: the manifest layout changed with its signature; please report this")
        }
        out += Array("\n    ]".utf8)
        out += final[(q + prettyMarker.count)...]
        try out.commit()
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var found: Int?
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if haystack[i..<i + needle.count].elementsEqual(needle) {
                guard found == nil else { return nil }  // not unique: do not splice
                found = i
            }
        }
        return found
    }
}

/// The canonical JSON of a body with its records, around the canonical JSON of the same body
/// without them (`"records":[]`): `prefix` ends with `"records":[`, `suffix` starts with its `]`.
struct CanonicalRecordSplice {
    static let marker = Array(#""records":[]"#.utf8)
    let prefix: ArraySlice<UInt8>
    let suffix: ArraySlice<UInt8>

    init?(recordless canonical: [UInt8]) {
        guard let at = ManifestWriter.find(Self.marker, in: canonical) else { return nil }
        let close = at + Self.marker.count - 1
        (prefix, suffix) = (canonical[..<close], canonical[close...])
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
        guard fd >= 0 else { throw ECertError.unreadableFile(path: url.path, reason: "cannot create: \(String(cString: strerror(errno)))") }
    }

    static func += <S: Sequence>(file: ChunkedFile, bytes: S) where S.Element == UInt8 { file.buffer += bytes }
    func append(_ byte: UInt8) { buffer.append(byte) }

    func flushIfFull() throws { if buffer.count >= 1 << 20 { try flush() } }

    private func flush() throws {
        let failure = buffer.withUnsafeBytes { FileOutput.writeAll($0, to: fd) }
        guard failure == 0 else {
            throw ECertError.unreadableFile(path: url.path, reason: "cannot write: \(String(cString: strerror(failure)))")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func commit() throws {
        try flush()
        guard close(fd) == 0 else {
            fd = -1
            throw ECertError.unreadableFile(path: url.path, reason: "cannot write: \(String(cString: strerror(errno)))")
        }
        fd = -1
        guard rename(tmp.path, url.path) == 0 else {
            throw ECertError.unreadableFile(path: url.path, reason: String(cString: strerror(errno)))
        }
    }

    /// After a failure: closes and removes the temporary file (a no-op after `commit`).
    func discard() {
        if fd >= 0 { close(fd); fd = -1; unlink(tmp.path) }
    }
}
