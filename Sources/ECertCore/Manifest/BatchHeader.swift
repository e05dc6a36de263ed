import Foundation

/// The batch-wide facts of a manifest without its records, signed on its own.
///
/// The manifest signature covers the whole body, records included, so it can only be checked by
/// someone who holds every record. A district bundle carries only its own records; it proves them
/// with Merkle inclusion proofs against `merkleRoot`, and this separately signed header is what
/// vouches for that root (and for the event, template and fonts). See docs/FORMAT.md.
public struct BatchHeader: Codable, Sendable, Equatable {
    public static let format = "ecert-batch-header"
    public static let version = 1
    /// Domain tag prepended to the canonical JSON before signing, so a header signature can never
    /// be mistaken for a manifest or payload signature.
    static let domainTag = Array("ecert-batch-header-v1".utf8)

    public var format: String
    public var version: Int
    public var generator: String
    public var event: Event
    public var eventID: String
    public var issuer: Manifest.IssuerInfo
    public var template: Manifest.ResourceHashes
    public var fonts: Manifest.ResourceHashes
    public var input: Manifest.InputInfo
    public var counts: Manifest.Counts
    /// RFC 6962 root over the canonical JSON of every record, in manifest order.
    public var merkleRoot: String
    /// Number of leaves of that tree (= number of records).
    public var treeSize: Int

    public init(body: Manifest.Body) {
        format = Self.format
        version = Self.version
        generator = body.generator
        event = body.event
        eventID = body.eventID
        issuer = body.issuer
        template = body.template
        fonts = body.fonts
        input = body.input
        counts = body.counts
        merkleRoot = body.merkleRoot
        treeSize = body.records.count
    }

    public var signedBytes: [UInt8] { Self.domainTag + CanonicalJSON.encode(self) }
}

/// A `BatchHeader` and its Ed25519 signature (Base64) over `"ecert-batch-header-v1" || canonical JSON`.
public struct SignedBatchHeader: Codable, Sendable, Equatable {
    public var header: BatchHeader
    public var signature: String

    public static func signed(_ header: BatchHeader, with key: IssuerPrivateKey) throws -> SignedBatchHeader {
        SignedBatchHeader(header: header, signature: Data(try key.signature(for: header.signedBytes)).base64EncodedString())
    }

    public func isSigned(by key: IssuerPublicKey) -> Bool {
        guard let signature = Data(base64Encoded: signature), key.keyIDHex == header.issuer.keyID,
            Data(key.raw).base64EncodedString() == header.issuer.publicKey
        else { return false }
        return key.isValidSignature(Array(signature), for: header.signedBytes)
    }
}

extension Manifest {
    /// RFC 6962 leaf hash of each record, in manifest order.
    public static func leafHashes(of records: [ManifestRecord]) -> [[UInt8]] {
        records.map { MerkleTree.leafHash(CanonicalJSON.encode($0)) }
    }
}
