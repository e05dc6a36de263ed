import Foundation

/// `DIR/amendments.json` (signed document "ecert-amendments" version 2): the signed, append-only
/// history of changes to an issued batch. The manifest itself is never rewritten (its Merkle root
/// may already be in districts' hands); a correction adds an entry holding both halves: the revoked
/// serial (reason "corrected", link to the new serial) and the full record issued in its place.
///
/// Each entry carries `previous`, the SHA-256 of the JCS of the entry before it (the first entry:
/// the manifest's Merkle root), so entries cannot be dropped or reordered without breaking the chain.
public struct AmendmentLog: SignedContent, Equatable {
    public static let format = "ecert-amendments"
    public static let version = 2
    public static let fileName = "amendments.json"

    /// The batch amended: its event ID and Merkle root.
    public var eventID: String
    public var merkleRoot: String
    public var entries: [Amendment]

    public struct Amendment: Codable, Sendable, Equatable {
        /// 1, 2, 3… in order of the changes.
        public var sequence: Int
        /// "correction".
        public var kind: String
        /// UTC time, `YYYY-MM-DDTHH:MM:SSZ` (same as the revocation entry it goes with).
        public var at: String
        /// SHA-256 (hex) of the previous entry's JCS; for the first, the manifest's Merkle root.
        public var previous: String
        public var revoked: RevocationEntry
        /// What the revoked certificate said, for the audit trail.
        public var replacedName: String
        public var issued: ManifestRecord
    }

    public static func empty(for batch: VerifiedBatch) -> AmendmentLog {
        AmendmentLog(eventID: batch.body.eventID, merkleRoot: batch.body.merkleRoot, entries: [])
    }

    /// The `previous` value the next entry must carry.
    public func chainHead() throws -> String {
        try entries.last.map { Digest256.sha256Hex(try JCS.encode($0)) } ?? merkleRoot
    }

    public var issuedRecords: [ManifestRecord] { entries.map(\.issued) }

    /// The verified log beside a manifest, or nil when the batch was never amended. It must be
    /// signed by the batch's key and pass `problems(batch:)`.
    public static func verified(besideManifestIn directory: URL, batch: VerifiedBatch) throws -> AmendmentLog? {
        let serials = Set(batch.records.map(\.serial))
        return try verified(besideManifestIn: directory, header: batch.header, contains: { serials.contains($0) })
    }


    /// The same for a batch read as a stream: `contains` says whether the batch has a serial.
    public static func verified(besideManifestIn directory: URL, header: Verified<BatchHeader>, contains: (String) -> Bool) throws -> AmendmentLog? {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let value = try StrictJSON.parse(try BoundedFile.read(url, limit: 256 << 20), path: url.path)
        let log = try SignedDocument<AmendmentLog>(value: value, path: url.path).verified(trusting: [header.signer], path: url.path).body
        let problems = try log.problems(header: header, contains: contains)
        guard problems.isEmpty else { throw ECertError.inconsistentSignedFile(path: url.path, problems: problems) }
        return log
    }

    func problems(batch: VerifiedBatch) throws -> [String] {
        let serials = Set(batch.records.map(\.serial))
        return try problems(header: batch.header, contains: { serials.contains($0) })
    }

    /// Problems with the log as a whole: binding to the batch, chain, sequence, and each record.
    func problems(header batch: Verified<BatchHeader>, contains: (String) -> Bool) throws -> [String] {
        var out: [String] = []
        if eventID != batch.body.eventID || merkleRoot != batch.body.merkleRoot {
            out.append("belongs to another batch (event \(eventID), Merkle root \(merkleRoot.prefix(16))…)")
        }
        var head = merkleRoot
        var issued: Set<String> = []
        for (k, entry) in entries.enumerated() {
            if entry.sequence != k + 1 { out.append("entry \(k + 1) has sequence \(entry.sequence)") }
            if entry.previous != head { out.append("entry \(k + 1) does not chain to the entry before it (history was altered)") }
            if entry.revoked.replacedBy != entry.issued.serial { out.append("entry \(k + 1) revokes \(entry.revoked.serial) but links \(entry.revoked.replacedBy ?? "nothing") instead of \(entry.issued.serial)") }
            if !contains(entry.revoked.serial) && !issued.contains(entry.revoked.serial) { out.append("entry \(k + 1) revokes \(entry.revoked.serial), which is not in the batch") }
            if contains(entry.issued.serial) || !issued.insert(entry.issued.serial).inserted { out.append("entry \(k + 1) issues \(entry.issued.serial), which already exists") }
            if let problem = RecordCheck.problem(entry.issued, key: batch.signer, eventID: batch.body.eventID, event: batch.body.event) {
                out.append("entry \(k + 1): \(problem)")
            }
            head = Digest256.sha256Hex(try JCS.encode(entry))
        }
        return out
    }
}
