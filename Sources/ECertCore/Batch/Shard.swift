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

/// `DIR/shard.json`: the signed partial manifest a `--shard K/N` run writes. Its body is the body the
/// full run's manifest would have, restricted to this slice's records (`counts.issued` and
/// `merkleRoot` are of the slice). `ecert merge` joins the N parts into one manifest.
public struct ShardManifest: Codable, Sendable {
    public static let format = "ecert-shard-manifest"
    /// Version 2 signs a SHA-256 of the signed JSON (as manifest version 2); version 1 is still read.
    public static let version = 2
    public static let readableVersions = [1, 2]
    public static let signatureTag = "ecert-shard-manifest-v2"
    public static let fileName = "shard.json"

    public struct Slice: Codable, Sendable, Equatable {
        public var index: Int
        public var count: Int
        /// Positions [first, end) of this slice among all `total` valid rows.
        public var first: Int
        public var end: Int
        public var total: Int
    }

    public struct Signed: Codable, Sendable {
        public var shard: Slice
        public var body: Manifest.Body
    }

    public var format: String
    public var version: Int
    public var shard: Slice
    public var body: Manifest.Body
    /// Base64 Ed25519 signature over `signatureTag` ‖ SHA-256(`CanonicalJSON.encode(Signed(shard, body))`)
    /// (version 1: over the canonical JSON itself).
    public var signature: String

    public static func signed(shard: Slice, body: Manifest.Body, with key: IssuerPrivateKey) throws -> ShardManifest {
        let digest = Digest256.sha256(CanonicalJSON.encode(Signed(shard: shard, body: body)))
        let signature = try key.signature(for: Manifest.signedMessage(tag: signatureTag, digest: digest))
        return ShardManifest(format: format, version: version, shard: shard, body: body, signature: Data(signature).base64EncodedString())
    }

    public func isSigned(by key: IssuerPublicKey) -> Bool {
        guard let signature = Data(base64Encoded: self.signature) else { return false }
        let canonical = CanonicalJSON.encode(Signed(shard: shard, body: body))
        return key.isValidSignature(Array(signature), for: Manifest.signedMessage(version: version, tag: Self.signatureTag, canonical: [canonical[...]]))
    }

    public static func load(from url: URL) throws -> ShardManifest {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ECertError.fileNotFound(path: url.path)
        }
        let manifest: ShardManifest
        do {
            manifest = try JSONDecoder().decode(ShardManifest.self, from: data)
        } catch {
            throw ECertError.invalidManifest(path: url.path, reason: "not an ecert shard manifest (\(error.localizedDescription))")
        }
        guard manifest.format == format, readableVersions.contains(manifest.version) else {
            throw ECertError.invalidManifest(path: url.path, reason: "format \(manifest.format) version \(manifest.version) is not supported; this ecert reads \(format) versions \(readableVersions.map(String.init).joined(separator: " and ")); use a newer ecert")
        }
        return manifest
    }
}
