import Foundation

/// `--shard K/N`: the K-th (1-based) of N contiguous slices of the batch, cut the same way on every
/// machine, so serials and file names stay those of the full run.
public struct Shard: Sendable, Equatable, Codable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses "K/N" with 1 ≤ K ≤ N.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(k) else {
            throw ECertError.invalidShard(text: text)
        }
        self.init(index: k, count: n)
    }

    /// Item positions (0-based) of this slice in a batch of `total` items.
    public func range(total: Int) -> Range<Int> {
        (index - 1) * total / count ..< index * total / count
    }

    public var description: String { "\(index)/\(count)" }
}

/// The signed header of one shard (signed document "ecert-shard-header" version 1): the batch
/// header the full run would have, restricted to this slice (`counts.issued`, `merkleRoot` and
/// `treeSize` are of the slice), and where the slice lies.
public struct ShardHeader: SignedContent, Equatable {
    public static let format = "ecert-shard-header"
    public static let version = 1

    public var batch: BatchHeader
    public var shard: Slice

    public struct Slice: Codable, Sendable, Equatable {
        public var index: Int
        public var count: Int
        /// Positions [first, end) of this slice among all `total` valid rows (0-based).
        public var first: Int
        public var end: Int
        public var total: Int
    }

    public init(batch: BatchHeader, shard: Slice) {
        self.batch = batch
        self.shard = shard
    }
}

/// `DIR/shard.json` (container "ecert-shard-manifest", version 3): a `--shard K/N` run's signed
/// shard header and its records. `ecert merge` joins the N parts into one manifest.
public struct ShardManifest: Sendable {
    public static let format = "ecert-shard-manifest"
    public static let version = 3
    public static let fileName = "shard.json"

    public let path: String
    public let header: SignedDocument<ShardHeader>
    public let records: [Manifest.ReadRecord]

    public static func load(from url: URL) throws -> ShardManifest {
        let value = try StrictJSON.parse(try BoundedFile.read(url), path: url.path)
        let shell = try ContainerShell(value: value, path: url.path, format: format, version: version,
                                       keys: ["format", "version", "header", "records"], olderHint: Manifest.olderVersionHint)
        return ShardManifest(path: url.path, header: try SignedDocument(value: shell.member("header"), path: url.path + " (header)"),
                             records: try Manifest.readRecords(shell.member("records"), path: url.path))
    }

    /// The shard's header signature, its consistency and its records' Merkle root, as for a manifest.
    public func verified(trusting keys: [IssuerPublicKey]) throws -> (header: Verified<ShardHeader>, batch: VerifiedBatch) {
        let header = try self.header.verified(trusting: keys, path: path)
        let problems = header.body.batch.problems + header.body.sliceProblems
        guard problems.isEmpty else { throw ECertError.inconsistentSignedFile(path: path, problems: problems) }
        let batch = try VerifiedBatch(header: header.map(\.batch), records: records, path: path)
        return (header, batch)
    }
}

extension ShardHeader {
    var sliceProblems: [String] {
        let s = shard
        guard s.count >= 1, (1...s.count).contains(s.index), 0 <= s.first, s.first <= s.end, s.end <= s.total else {
            return ["shard \(s.index)/\(s.count) covers rows \(s.first)..<\(s.end) of \(s.total), which is not a slice"]
        }
        return s.end - s.first == batch.treeSize ? [] : ["shard covers \(s.end - s.first) rows but holds \(batch.treeSize) records"]
    }
}
