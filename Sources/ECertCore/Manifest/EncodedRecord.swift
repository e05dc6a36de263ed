import Foundation

/// A manifest record encoded once, in its canonical (JCS) form: the Merkle leaf is its hash and the
/// manifest holds it as a line of its own.
public struct EncodedRecord: Sendable, Equatable {
    public var canonical: [UInt8]

    public init(canonical: [UInt8]) {
        self.canonical = canonical
    }

    public init(_ record: ManifestRecord) throws {
        canonical = try JCS.encode(record)
    }

    public var leafHash: [UInt8] { MerkleTree.leafHash(canonical) }
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
