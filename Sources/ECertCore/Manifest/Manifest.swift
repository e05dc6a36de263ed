import Crypto
import Foundation

/// `DIR/manifest.json`: the signed record of one batch (format "ecert-manifest", version 2; version 1
/// is still read and verified).
public struct Manifest: Codable, Sendable {
    public static let format = "ecert-manifest"
    /// Version written. 2 signs a SHA-256 of the canonical body instead of the body itself, so the
    /// manifest of a batch of any size is signed without holding all records in memory.
    public static let version = 2
    public static let readableVersions = [1, 2]
    /// Domain tag before the body's SHA-256 in a version-2 signature.
    public static let signatureTag = "ecert-manifest-v2"
    public static let fileName = "manifest.json"
    /// Rows left out by `ecert issue --skip-invalid`, with reasons; its hash is in the body.
    public static let rejectedFileName = "rejected.csv"

    public var format: String
    public var version: Int
    public var body: Body
    /// Base64 Ed25519 signature: version 2 over `signatureTag` ‖ SHA-256(`CanonicalJSON.encode(body)`),
    /// version 1 over `CanonicalJSON.encode(body)` itself.
    public var signature: String
    /// The body without its records, signed separately so that a district bundle can prove its
    /// records against `merkleRoot` without the other districts' records (BatchHeader.swift).
    /// Absent in manifests written before it existed.
    public var header: SignedBatchHeader? = nil

    public struct Body: Codable, Sendable {
        public var generator: String
        public var event: Event
        public var eventID: String
        public var issuer: IssuerInfo
        public var template: ResourceHashes
        public var fonts: ResourceHashes
        public var input: InputInfo
        public var counts: Counts
        public var merkleRoot: String
        public var records: [ManifestRecord]
        // Optional fields (absent from the JSON when nil, so earlier version-1 manifests read and
        // verify unchanged). See docs/FORMAT.md.
        /// `rejected.csv` written by `--skip-invalid`.
        public var rejected: RejectedInfo? = nil
        /// Eligibility funnel and rules from `ecert reconcile`, given with `--funnel`.
        public var funnel: Funnel? = nil
        /// "title" when `--name-case title` rewrote ALL-CAPS names.
        public var nameCase: String? = nil
    }

    public struct RejectedInfo: Codable, Sendable, Equatable {
        public var file: String
        public var sha256: String
        public var rows: Int
    }

    public struct IssuerInfo: Codable, Sendable, Equatable {
        public var keyID: String
        /// Base64 of the raw 32-byte Ed25519 public key.
        public var publicKey: String
    }

    /// SHA-256 of each file that shapes the PDF bytes, so a re-issue can prove it uses the same ones.
    public struct ResourceHashes: Codable, Sendable, Equatable {
        public var name: String
        public var files: [String: String]
    }

    public struct InputInfo: Codable, Sendable, Equatable {
        public var file: String
        public var sha256: String
        /// The worksheet read from an .xlsx workbook.
        public var sheet: String? = nil
    }

    public struct Counts: Codable, Sendable, Equatable {
        public var rowsRead: Int
        public var valid: Int
        public var rejected: Int
        public var issued: Int
    }

    public static func signed(_ body: Body, with key: IssuerPrivateKey) throws -> Manifest {
        let signature = try key.signature(for: signedMessage(tag: signatureTag, digest: Digest256.sha256(CanonicalJSON.encode(body))))
        return Manifest(format: format, version: version, body: body, signature: Data(signature).base64EncodedString(),
                        header: try SignedBatchHeader.signed(BatchHeader(body: body), with: key))
    }

    public static func load(from url: URL) throws -> Manifest {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ECertError.fileNotFound(path: url.path)
        }
        let manifest: Manifest
        do {
            manifest = try ManifestDecoding.decode(data)
        } catch {
            throw ECertError.invalidManifest(path: url.path, reason: "not an ecert manifest (\(error.localizedDescription))")
        }
        guard manifest.format == format, readableVersions.contains(manifest.version) else {
            throw ECertError.invalidManifest(path: url.path, reason: "format \(manifest.format) version \(manifest.version) is not supported; this ecert reads \(format) versions \(readableVersions.map(String.init).joined(separator: " and ")); use a newer ecert")
        }
        return manifest
    }

    public func isSigned(by key: IssuerPublicKey) -> Bool {
        guard let signature = Data(base64Encoded: self.signature) else { return false }
        return key.isValidSignature(Array(signature), for: signedMessage(canonicalBody: [CanonicalJSON.encode(body)[...]]))
    }

    func signedMessage(canonicalBody pieces: [ArraySlice<UInt8>]) -> [UInt8] {
        Self.signedMessage(version: version, tag: Self.signatureTag, canonical: pieces)
    }

    /// What a manifest or shard signature covers, for its canonical signed JSON given in
    /// consecutive pieces: version 1 the bytes themselves, version 2 `tag` and their SHA-256.
    static func signedMessage(version: Int, tag: String, canonical pieces: [ArraySlice<UInt8>]) -> [UInt8] {
        if version == 1 { return Array(pieces.joined()) }
        var hasher = SHA256()
        for piece in pieces { hasher.update(data: piece) }
        return signedMessage(tag: tag, digest: Array(hasher.finalize()))
    }

    /// What a version-2 signature covers: the ASCII domain tag, then the 32-byte SHA-256 of the
    /// canonical signed JSON (Ed25519 has no streaming form; a hash does).
    static func signedMessage(tag: String, digest: [UInt8]) -> [UInt8] {
        Array(tag.utf8) + digest
    }

    public static func merkleRoot(of records: [ManifestRecord]) -> String {
        MerkleTree.root(leafHashes: records.map { MerkleTree.leafHash(CanonicalJSON.encode($0)) }).hexString
    }
}

/// One issued certificate.
public struct ManifestRecord: Codable, Sendable, Equatable {
    public var serial: String
    public var participantID: String
    public var name: String
    public var file: String
    public var sha256: String
    /// The Base32 payload in the QR code; re-issue reuses it, so no private key is needed.
    public var payload: String
    /// Line of the participant list the record came from.
    public var line: Int
    public var columns: [String: String]
}
