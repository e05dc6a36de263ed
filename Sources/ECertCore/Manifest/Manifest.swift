import Foundation

/// `DIR/manifest.json` (container format "ecert-manifest", version 3, docs/FORMAT.md): the signed
/// batch header and the records it vouches for by its Merkle root. Read with `load`, which only
/// checks the shape; use `verified(trusting:)` before anything in it is shown or used.
public struct Manifest: Sendable {
    public static let format = "ecert-manifest"
    public static let version = 3
    public static let fileName = "manifest.json"
    /// Rows left out by `ecert issue --skip-invalid`, with reasons; its hash is in the header.
    public static let rejectedFileName = "rejected.csv"

    public let path: String
    public let header: SignedDocument<BatchHeader>
    /// Each record as read, with its canonical bytes (the Merkle leaf is their hash).
    public let records: [ReadRecord]

    public struct ReadRecord: Sendable {
        public let record: ManifestRecord
        public let canonical: [UInt8]
    }

    public static func load(from url: URL) throws -> Manifest {
        let value = try StrictJSON.parse(try BoundedFile.read(url), path: url.path)
        return try Manifest(value: value, path: url.path)
    }

    init(value: JSONValue, path: String) throws {
        let shell = try ContainerShell(value: value, path: path, format: Self.format, version: Self.version,
                                       keys: ["format", "version", "header", "records"], olderHint: Self.olderVersionHint)
        self.path = path
        header = try SignedDocument(value: shell.member("header"), path: path + " (header)")
        records = try Self.readRecords(shell.member("records"), path: path)
    }

    static let olderVersionHint = "it was written by ecert 0.2 or older; verify or re-issue from it with that version, or issue the batch again"

    /// Decodes every record on all cores, keeping each one's canonical bytes for its Merkle leaf.
    static func readRecords(_ value: JSONValue, path: String) throws -> [ReadRecord] {
        guard case .array(let items) = value else {
            throw ECertError.invalidManifest(path: path, reason: "\"records\" is not an array")
        }
        let decoded = ParallelMap.map(Array(items.enumerated())) { k, item in
            Result { ReadRecord(record: try StrictJSON.decode(ManifestRecord.self, from: item, path: "\(path) records[\(k)]"),
                                canonical: JCS.serialize(item)) }
        }
        return try decoded.map { try $0.get() }
    }

    /// Checks the header's signature against `trustedKeys`, the header's own consistency, that the
    /// records give its Merkle root, and every record against its payload and file name.
    public func verified(trusting trustedKeys: [IssuerPublicKey]) throws -> VerifiedBatch {
        let header = try self.header.verified(trusting: trustedKeys, path: path).consistent(path: path)
        return try VerifiedBatch(header: header, records: records, path: path)
    }

    /// Loads and verifies in one step.
    public static func verified(at url: URL, trusting trustedKeys: [IssuerPublicKey]) throws -> VerifiedBatch {
        try load(from: url).verified(trusting: trustedKeys)
    }
}

/// A batch whose header signature, header consistency and Merkle root all checked out. Records
/// are exactly the ones the issuer signed; `problems` names records whose contents disagree with
/// their own payload or file name (such records are never re-issued or shown as valid).
public struct VerifiedBatch: Sendable {
    public let header: Verified<BatchHeader>
    public let records: [ManifestRecord]
    public let leafHashes: [[UInt8]]
    /// Record problems by serial.
    public let problems: [String: String]
    /// Certificates issued later by `ecert correct`, from the verified amendments.json.
    public private(set) var amended: [ManifestRecord] = []

    public var body: BatchHeader { header.body }
    public var signer: IssuerPublicKey { header.signer }

    init(header: Verified<BatchHeader>, records read: [Manifest.ReadRecord], path: String) throws {
        let leaves = ParallelMap.map(read) { MerkleTree.leafHash($0.canonical) }
        guard read.count == header.body.treeSize else {
            throw ECertError.inconsistentSignedFile(path: path, problems: ["holds \(read.count) records but its signed header says \(header.body.treeSize)"])
        }
        let root = MerkleTree.root(leafHashes: leaves).hexString
        guard root == header.body.merkleRoot else {
            throw ECertError.inconsistentSignedFile(path: path, problems: ["the records give Merkle root \(root), not the signed \(header.body.merkleRoot): a record was changed, added, removed or reordered"])
        }
        self.header = header
        records = read.map(\.record)
        leafHashes = leaves
        problems = RecordCheck.problems(records, header: header)
    }

    /// The record with `serial`, if any (amended ones included).
    public func record(serial: String) -> ManifestRecord? {
        records.first { $0.serial.isSameText(as: serial) } ?? amended.first { $0.serial.isSameText(as: serial) }
    }

    /// This batch with the certificates of the amendments.json in `directory` (verified with the
    /// batch's key and chained to its Merkle root), if there is one.
    public func withAmendments(from directory: URL) throws -> VerifiedBatch {
        var copy = self
        copy.amended = try AmendmentLog.verified(besideManifestIn: directory, batch: self)?.issuedRecords ?? []
        return copy
    }
}

/// One issued certificate.
public struct ManifestRecord: Codable, Sendable, Equatable {
    public var serial: String
    public var participantID: String
    public var name: String
    /// Always `FileOutput.safeFileName(forSerial: serial)`; verifiers refuse anything else.
    public var file: String
    public var sha256: String
    /// The Base32 payload (its QR code holds this, or its decimal form for version 3); re-issue reuses it, so no private key is needed.
    public var payload: String
    /// Line of the participant list the record came from.
    public var line: Int
    public var columns: [String: String]
    /// Version-2 events: the role (peserta, narasumber…) and hours (JP), as signed in the payload.
    public var role: String? = nil
    public var hours: Int? = nil
    /// Present when the PDF carries a PAdES signature: `sha256` is then the signed file's, and this
    /// rebuilds it from the re-rendered body without any key.
    public var pdfSignature: PDFSignatureRecord? = nil

    /// This record with the role and hours its signed payload gives (none for a version-2 payload).
    public func withCredit(of payload: SignedPayload) -> ManifestRecord {
        var copy = self
        copy.role = payload.claims.credit?.role.word
        copy.hours = payload.claims.credit?.hours
        return copy
    }
}
