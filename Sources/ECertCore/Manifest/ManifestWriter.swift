import Foundation

/// Writes `manifest.json` for large batches without building one JSON tree of every record: each
/// record is encoded on its own (its canonical bytes also give its Merkle leaf) and spliced into the
/// encoding of the body without records. The bytes are exactly those of
/// `CanonicalJSON.pretty(Manifest.signed(body, with:))`; a unit test holds it to that.
public enum ManifestWriter {
    /// Signs `body` (whose `records` and `merkleRoot` are set from `records`) and writes it to `url`
    /// through a hidden temporary file.
    @discardableResult
    public static func write(body: Manifest.Body, records: [ManifestRecord], key: IssuerPrivateKey, to url: URL) throws -> Manifest.Body {
        var head = body
        head.records = []
        // Each record is encoded once: into the signed canonical bytes and into its Merkle leaf.
        var leaves: [[UInt8]] = []
        leaves.reserveCapacity(records.count)
        var joined: [UInt8] = []
        for (k, record) in records.enumerated() {
            let bytes = CanonicalJSON.encode(record)
            leaves.append(MerkleTree.leafHash(bytes))
            if k > 0 { joined.append(UInt8(ascii: ",")) }
            joined += bytes
        }
        head.merkleRoot = MerkleTree.root(leafHashes: leaves).hexString
        leaves = []

        // Canonical form: `"records":[]` in the record-less body becomes the joined record encodings.
        let emptyCanonical = CanonicalJSON.encode(head)
        let marker = Array(#""records":[]"#.utf8)
        guard let at = find(marker, in: emptyCanonical) else {
            var whole = head
            whole.records = records
            try FileOutput.writeAtomically(CanonicalJSON.pretty(Manifest.signed(whole, with: key)), to: url)
            return whole
        }
        var canonical: [UInt8] = []
        canonical.reserveCapacity(emptyCanonical.count + joined.count + 2)
        canonical += emptyCanonical[..<at]
        canonical += Array(#""records":["#.utf8)
        canonical += joined
        joined = []
        canonical.append(UInt8(ascii: "]"))
        canonical += emptyCanonical[(at + marker.count)...]
        let signature = Data(try key.signature(for: canonical)).base64EncodedString()
        canonical = []

        // Pretty form: the same splice, each record pretty-printed alone and indented to its depth.
        var header = BatchHeader(body: head)
        header.treeSize = records.count
        let signedHeader = try SignedBatchHeader.signed(header, with: key)
        let shell = Manifest(format: Manifest.format, version: Manifest.version, body: head, signature: signature, header: signedHeader)
        let emptyPretty = Array(CanonicalJSON.pretty(shell))
        let prettyMarker = Array("\"records\" : [\n\n    ]".utf8)
        guard let p = find(prettyMarker, in: emptyPretty) else {
            var whole = head
            whole.records = records
            try FileOutput.writeAtomically(CanonicalJSON.pretty(Manifest(format: Manifest.format, version: Manifest.version, body: whole, signature: signature, header: signedHeader)), to: url)
            return whole
        }
        // Streamed to the file in 1 MB pieces.
        let out = ChunkedFile(url: url)
        defer { out.discard() }
        try out.open()
        out += emptyPretty[..<p]
        out += Array("\"records\" : [\n".utf8)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        let indent = Array("      ".utf8)
        for (k, record) in records.enumerated() {
            if k > 0 { out += Array(",\n".utf8) }
            let bytes = try encoder.encode(record)
            var lineStart = true
            for byte in bytes {
                if lineStart && byte != UInt8(ascii: "\n") { out += indent }
                out.append(byte)
                lineStart = byte == UInt8(ascii: "\n")
            }
            try out.flushIfFull()
        }
        out += Array("\n    ]".utf8)
        out += emptyPretty[(p + prettyMarker.count)...]
        try out.commit()
        var whole = head
        whole.records = records
        return whole
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
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ECertError.unreadableFile(path: url.path, reason: "cannot write: \(String(cString: strerror(errno)))")
            }
            offset += n
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
