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
        let recordBytes = records.map { CanonicalJSON.encode($0) }
        head.merkleRoot = MerkleTree.root(leafHashes: recordBytes.map(MerkleTree.leafHash)).hexString

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
        canonical.reserveCapacity(emptyCanonical.count + recordBytes.reduce(0) { $0 + $1.count + 1 })
        canonical += emptyCanonical[..<at]
        canonical += Array(#""records":["#.utf8)
        for (k, bytes) in recordBytes.enumerated() {
            if k > 0 { canonical.append(UInt8(ascii: ",")) }
            canonical += bytes
        }
        canonical.append(UInt8(ascii: "]"))
        canonical += emptyCanonical[(at + marker.count)...]
        let signature = Data(try key.signature(for: canonical)).base64EncodedString()

        // Pretty form: the same splice, each record pretty-printed alone and indented to its depth.
        let shell = Manifest(format: Manifest.format, version: Manifest.version, body: head, signature: signature)
        let emptyPretty = Array(CanonicalJSON.pretty(shell))
        let prettyMarker = Array("\"records\" : [\n\n    ]".utf8)
        guard let p = find(prettyMarker, in: emptyPretty) else {
            var whole = head
            whole.records = records
            try FileOutput.writeAtomically(CanonicalJSON.pretty(Manifest(format: Manifest.format, version: Manifest.version, body: whole, signature: signature)), to: url)
            return whole
        }
        var out: [UInt8] = []
        out.reserveCapacity(emptyPretty.count + recordBytes.reduce(0) { $0 + $1.count * 2 })
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
        }
        out += Array("\n    ]".utf8)
        out += emptyPretty[(p + prettyMarker.count)...]
        try FileOutput.writeAtomically(out, to: url)
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
