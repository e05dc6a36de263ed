import Foundation

/// Adds entries to `DIR/revocations.json`: reads and checks the current list, appends, re-signs,
/// and replaces the file atomically. Nothing is written when any check fails.
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
    public static func revoke(directory: URL, serial: String, reason: String, replacedBy: String?,
                              at: Date?, atText: String? = nil, key: IssuerPrivateKey) throws -> Result {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory.path, isDirectory: &isDir), isDir.boolValue else {
            throw ECertError.fileNotFound(path: directory.path)
        }
        var notes: [String] = []
        let manifestURL = directory.appendingPathComponent(Manifest.fileName)
        if fm.fileExists(atPath: manifestURL.path) {
            let manifest = try Manifest.load(from: manifestURL)
            let serials = Set(manifest.body.records.map(\.serial))
            guard serials.contains(serial) else {
                throw ECertError.invalidRevocation(reason: "serial \"\(serial)\" is not in \(manifestURL.path); check the number (serials look like \"\(manifest.body.records.first?.serial ?? "…")\")")
            }
            if let replacement = replacedBy, !serials.contains(replacement) {
                notes.append("note: replacement \(replacement) is not in this batch's manifest (fine if it was issued in another batch)")
            }
        } else {
            notes.append("note: \(directory.path) has no manifest.json, so serial \(serial) was not checked against a batch")
        }
        let time: String
        if let atText {
            guard let normalized = Timestamp.normalized(atText) else {
                throw ECertError.invalidRevocation(reason: "--at \"\(atText)\" is not a UTC time like 2025-10-01T08:30:00Z or a date like 2025-10-01")
            }
            time = normalized
        } else {
            time = Timestamp.string(from: at ?? Date())
        }
        let entry = RevocationEntry(serial: serial, reason: reason.trimmingCharacters(in: .whitespaces),
                                    replacedBy: replacedBy, revokedAt: time)

        let url = directory.appendingPathComponent(RevocationList.fileName)
        let old: RevocationList.Body
        if fm.fileExists(atPath: url.path) {
            let existing = try RevocationList.load(from: url)
            // The current list must be intact before it is extended; its own key must have signed it.
            let signer = try IssuerPublicKey(raw: Array(Data(base64Encoded: existing.body.issuer.publicKey) ?? Data()))
            _ = try existing.checked(path: url.path, trustedKeys: [signer])
            old = existing.body
        } else {
            old = RevocationList.empty(signer: key.publicKey)
        }
        let list = try RevocationList.signed(body: old, adding: entry, with: key)
        try FileOutput.writeAtomically(list.fileBytes, to: url)
        return Result(list: list, entry: entry, url: url, notes: notes)
    }
}
