import Foundation

/// Adds entries to `DIR/revocations.json`: verifies the batch and the current list, appends,
/// re-signs, and replaces the file atomically. Nothing is written when any check fails.
public enum Revoker {
    public struct Result: Sendable {
        public var list: RevocationList
        public var entry: RevocationEntry
        public var url: URL
        /// Non-fatal remarks for the user (e.g. a replacement serial not found in this batch).
        public var notes: [String]
    }

    /// - Parameters:
    ///   - at: time of the revocation; `nil` means now. Pass a fixed time for byte-identical re-runs.
    ///   - batchKeys: keys that may have signed the batch, besides `key` (an older issuer key).
    public static func revoke(directory: URL, serial: String, reason: String, replacedBy: String?,
                              at: Date?, atText: String? = nil, key: IssuerPrivateKey, batchKeys: [IssuerPublicKey] = []) throws -> Result {
        // The reason is signed and shown by every verifier: the rules of the event's text fields.
        if let problem = EventFieldRules.problem(reason.trimmingCharacters(in: .whitespaces), field: "reason") {
            throw ECertError.invalidRevocation(reason: "--reason: \(problem)")
        }
        let batch = try Manifest.verified(at: directory.appendingPathComponent(Manifest.fileName), trusting: [key.publicKey] + batchKeys)
        var notes: [String] = []
        let amended = amendedSerials(directory, batch)
        guard batch.record(serial: serial) != nil || amended.contains(serial) else {
            throw ECertError.invalidRevocation(reason: "serial \"\(serial)\" is not in \(directory.appendingPathComponent(Manifest.fileName).path); check the number (serials look like \"\(batch.records.first?.serial ?? "…")\")")
        }
        if let replacement = replacedBy, batch.record(serial: replacement) == nil, !amended.contains(replacement) {
            notes.append("note: replacement \(replacement) is not in this batch (fine if it was issued in another batch)")
        }
        let entry = RevocationEntry(eventID: batch.body.eventID, keyID: batch.signer.keyIDHex, serial: serial,
                                    reason: reason.trimmingCharacters(in: .whitespaces), replacedBy: replacedBy,
                                    revokedAt: try time(at: at, text: atText))
        let url = directory.appendingPathComponent(RevocationList.fileName)
        let list = try currentList(at: url, key: key, batch: batch).adding(entry)
        try write(list, signedWith: key, to: url)
        return Result(list: list, entry: entry, url: url, notes: notes)
    }

    static func time(at: Date?, text: String?) throws -> String {
        guard let text else { return Timestamp.string(from: at ?? Date()) }
        guard let normalized = Timestamp.normalized(text) else {
            throw ECertError.invalidRevocation(reason: "--at \"\(text)\" is not a UTC time like 2025-10-01T08:30:00Z or a date like 2025-10-01")
        }
        return normalized
    }

    /// The list to extend: it must be signed by the key that revokes now, never by another one
    /// (re-signing someone else's entries would launder them). A version-1 list is carried over
    /// with its entries bound to this batch.
    public static func currentList(at url: URL, key: IssuerPrivateKey, batch: VerifiedBatch) throws -> RevocationList {
        guard FileManager.default.fileExists(atPath: url.path) else { return .empty }
        let value = try StrictJSON.parse(try BoundedFile.read(url, limit: 256 << 20), path: url.path)
        let current: VerifiedRevocations
        do {
            current = try VerifiedRevocations.read(value, path: url.path, trusting: [key.publicKey])
        } catch ECertError.untrustedSigner(_, let keyID, _) {
            throw ECertError.invalidRevocationList(path: url.path, reason: "is signed by key \(keyID), not by the key revoking now (\(key.publicKey.keyIDHex)); only that key may extend it. Revoke with that key, or start a new list in another folder")
        }
        guard current.version == 1 else { return current.list }
        let entries = try current.list.entries.map { old -> RevocationEntry in
            guard batch.record(serial: old.serial) != nil else {
                throw ECertError.invalidRevocationList(path: url.path, reason: "the version-1 entry for \(old.serial) is not a certificate of this batch, so it cannot be carried into version 2")
            }
            return RevocationEntry(eventID: batch.body.eventID, keyID: batch.signer.keyIDHex, serial: old.serial, reason: old.reason,
                                   replacedBy: old.replacedBy, revokedAt: old.revokedAt)
        }
        return RevocationList(sequence: current.list.sequence, updatedAt: current.list.updatedAt, entries: entries)
    }

    public static func write(_ list: RevocationList, signedWith key: IssuerPrivateKey, to url: URL) throws {
        try FileOutput.writeAtomically(try JCS.pretty(SignedDocument.sign(list, with: key).jsonValue), to: url)
    }

    static func amendedSerials(_ directory: URL, _ batch: VerifiedBatch) -> Set<String> {
        let log = try? AmendmentLog.verified(besideManifestIn: directory, batch: batch)
        return Set(log?.issuedRecords.map(\.serial) ?? [])
    }
}
