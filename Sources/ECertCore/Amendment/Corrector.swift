import Foundation

/// Corrects a misspelt name: issues a new certificate under a new serial (`SERIAL-R1`, or the next
/// `-Rn`), revokes the old serial with reason "corrected" and a link to the new one (in the batch's
/// revocations.json), and appends both to the signed amendment record (amendments.json).
public enum Corrector {
    public struct Result: Sendable {
        public var old: ManifestRecord
        public var new: ManifestRecord
        public var revocation: RevocationEntry
        public var pdfURL: URL
    }

    public static let reason = "corrected"

    /// The batch in `directory`, verified with the key that will correct it (only its own key may).
    public static func batch(in directory: URL, key: IssuerPrivateKey) throws -> VerifiedBatch {
        let publicKey = key.publicKey
        do {
            return try Manifest.verified(at: directory.appendingPathComponent(Manifest.fileName), trusting: [publicKey])
        } catch ECertError.untrustedSigner(_, let keyID, _) {
            throw ECertError.invalidKey(path: "--key", reason: "key \(publicKey.keyIDHex) did not sign this batch (its manifest names key \(keyID)); use the batch's issuer key")
        }
    }

    /// Every check runs before anything is written; then the new PDF, amendments.json and
    /// revocations.json are each replaced atomically, in that order.
    /// - Parameter batch: the batch of `directory`, from `batch(in:key:)`.
    public static func correct(batch: VerifiedBatch, directory: URL, serial: String, newName rawName: String, key: IssuerPrivateKey,
                               at: String, renderer: some CertificateRendering, pdfSigner: PAdESSigner? = nil) throws -> Result {
        let manifestURL = directory.appendingPathComponent(Manifest.fileName)
        let publicKey = key.publicKey
        guard batch.signer == publicKey else {
            throw ECertError.invalidKey(path: "--key", reason: "key \(publicKey.keyIDHex) did not sign this batch (key \(batch.signer.keyIDHex) did); use the batch's issuer key")
        }
        var log = try AmendmentLog.verified(besideManifestIn: directory, batch: batch) ?? AmendmentLog.empty(for: batch)
        let records = batch.records + log.issuedRecords
        guard let old = records.first(where: { $0.serial == serial }) else {
            throw ECertError.recordNotFound(path: manifestURL.path, query: "serial \"\(serial)\"")
        }

        let revocationsURL = directory.appendingPathComponent(RevocationList.fileName)
        let revocations = try Revoker.currentList(at: revocationsURL, key: key, batch: batch)
        if let entry = revocations.entries.first(where: { $0.serial == serial }) {
            throw ECertError.alreadyRevoked(serial: serial, at: entry.revokedAt, reason: entry.reason + (entry.replacedBy.map { ", replaced by \($0)" } ?? ""))
        }

        // The same rules as a list's names: what `issue` refuses, a correction may not bring in.
        let name = try NameRules.checkedCommandLineName(rawName, option: "--name")
        // A PAdES-signed batch gets a PAdES-signed correction (readers would otherwise see it unsigned).
        if old.pdfSignature != nil, pdfSigner == nil {
            throw ECertError.invalidPDFSigner(path: "--sign-key", reason: "\(serial) carries a PAdES signature, so its correction must too")
        }
        guard name != old.name else {
            throw ECertError.invalidRevocation(reason: "\(serial) already carries the name \"\(name)\"; nothing to correct")
        }

        let newSerial = nextSerial(after: serial, taken: Set(records.map(\.serial)))
        let file = FileOutput.safeFileName(forSerial: newSerial)
        let pdfURL = directory.appendingPathComponent(file)
        guard !FileManager.default.fileExists(atPath: pdfURL.path), !records.contains(where: { $0.file == file }) else {
            throw ECertError.outputNotUsable(path: pdfURL.path, reason: "already exists; the corrected certificate would overwrite it")
        }
        let event = batch.body.event
        let claims = CertificateClaims.make(
            event: event, keyID: publicKey.keyID, participantID: old.participantID, serial: newSerial, name: name, columns: old.columns)
        let payload = try SignedPayload.sign(claims, with: key)
        // The name also sits in the list's own column (e.g. "Nama Lengkap"); correct it there too.
        let columns = old.columns.mapValues { $0 == old.name ? name : $0 }
        let content = CertificateContent.make(event: event, serial: newSerial, name: name, participantID: old.participantID,
                                              columns: columns, payloadText: payload.text)
        let body = try renderer.pdf(for: content)
        let (pdf, signature) = try pdfSigner.map { try $0.sign(body) } ?? (body, nil)
        let record = ManifestRecord(serial: newSerial, participantID: old.participantID, name: name, file: file,
                                    sha256: Digest256.sha256Hex(pdf), payload: payload.text, line: old.line, columns: columns,
                                    pdfSignature: signature).withCredit(of: payload)

        let revocation = RevocationEntry(eventID: batch.body.eventID, keyID: batch.signer.keyIDHex, serial: serial, reason: reason,
                                         replacedBy: newSerial, revokedAt: at)
        let newList = try revocations.adding(revocation)
        log.entries.append(AmendmentLog.Amendment(
            sequence: log.entries.count + 1, kind: "correction", at: at, previous: try log.chainHead(),
            revoked: revocation, replacedName: old.name, issued: record))
        let signedLog = try JCS.pretty(SignedDocument.sign(log, with: key).jsonValue)

        try FileOutput.writeAtomically(pdf, to: pdfURL)
        try FileOutput.writeAtomically(signedLog, to: directory.appendingPathComponent(AmendmentLog.fileName))
        try Revoker.write(newList, signedWith: key, to: revocationsURL)
        return Result(old: old, new: record, revocation: revocation, pdfURL: pdfURL)
    }

    /// `X` → `X-R1`; `X-R1` → `X-R2`; skipping serials already taken.
    public static func nextSerial(after serial: String, taken: Set<String>) -> String {
        var base = serial
        var n = 1
        if let range = serial.range(of: #"-R[0-9]+$"#, options: .regularExpression), let k = Int(serial[range].dropFirst(2)) {
            base = String(serial[..<range.lowerBound])
            n = k + 1
        }
        while taken.contains("\(base)-R\(n)") { n += 1 }
        return "\(base)-R\(n)"
    }
}
