import Foundation

/// A manifest record encoded once, in both forms the manifest needs: canonical (signed, and its
/// Merkle leaf) and pretty (the file's layout, already indented to the depth of `records`).
public struct EncodedRecord: Sendable, Equatable {
    public var canonical: [UInt8]
    public var pretty: [UInt8]

    public init(canonical: [UInt8], pretty: [UInt8]) {
        self.canonical = canonical
        self.pretty = pretty
    }

    public init(_ record: ManifestRecord) {
        canonical = CanonicalJSON.encode(record)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        let bytes = (try? encoder.encode(record)).map(Array.init) ?? canonical
        // `records` sits at depth 2 of the manifest: every line of a record is indented by 6 spaces.
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        var lineStart = true
        for byte in bytes {
            if lineStart && byte != UInt8(ascii: "\n") { out += Self.indent }
            out.append(byte)
            lineStart = byte == UInt8(ascii: "\n")
        }
        pretty = out
    }

    static let indent = Array("      ".utf8)

    public var leafHash: [UInt8] { MerkleTree.leafHash(canonical) }

    public func decoded(path: String) throws -> ManifestRecord {
        do {
            return try JSONDecoder().decode(ManifestRecord.self, from: Data(canonical))
        } catch {
            throw ECertError.invalidManifest(path: path, reason: "a spooled record does not decode (\(error.localizedDescription)); delete the folder's hidden .tmp files and run again")
        }
    }
}

/// Records handed to `ManifestWriter` one at a time, in manifest order.
public protocol EncodedRecordSource {
    mutating func next() throws -> EncodedRecord?
}

/// Records already in memory (merge, tests).
struct EncodedRecordArray: EncodedRecordSource {
    let records: [EncodedRecord]
    var position = 0
    init(_ records: [EncodedRecord]) { self.records = records }
    mutating func next() throws -> EncodedRecord? {
        guard position < records.count else { return nil }
        defer { position += 1 }
        return records[position]
    }
}
