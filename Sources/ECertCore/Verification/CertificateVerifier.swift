import Foundation

/// The verdict on one certificate (a payload, a PDF or a scan), as `ecert verify` prints it.
public struct CertificateVerdict: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case valid = "VALID"
        case invalid = "INVALID"
        case revoked = "REVOKED"
        case unknownKey = "UNKNOWN KEY"
    }

    /// Machine-readable reasons; the same codes appear in docs/test-vectors.json and on the web page.
    public enum Reason: String, Codable, Sendable {
        case malformed, unsupportedVersion = "unsupported-version", badSignature = "bad-signature"
        case unknownKey = "unknown-key", revoked, noQRCode = "no-qr-code", notInManifest = "not-in-manifest"
        case fileModified = "file-modified", unreadable
        /// Signed, but in disagreement with its verified batch (date, record, file name).
        case inconsistent
    }

    /// The signed fields, shown for every verdict that could decode them (for UNKNOWN KEY and a bad
    /// signature they are unconfirmed claims).
    public struct Fields: Codable, Sendable, Equatable {
        public var serial: String
        public var name: String
        public var date: String
        public var keyID: String
        public var eventID: String
        /// Title, place and issuer: only from a verified batch header of this event and key.
        public var event: EventFacts?
        /// Payload version 3: the last day, the dates as printed, the hours (JP) and role of this
        /// participant, and the kind of activity ("" when the event names another kind).
        public var lastDate: String? = nil
        public var dates: String? = nil
        public var hours: Int? = nil
        public var role: String? = nil
        public var activity: String? = nil

        init(claims c: CertificateClaims) {
            (serial, name, date, keyID, eventID) = (c.serial, c.name, c.date.iso, c.keyID.hexString, c.eventID.hexString)
            guard let credit = c.credit else { return }
            lastDate = credit.endDate.iso
            dates = EventDate.rangeText(c.date, credit.endDate, language: .id)
            hours = credit.hours
            role = credit.role.word
            activity = credit.activity.word
        }
    }

    public var item: String
    public var status: Status
    public var reasonCode: Reason?
    public var reason: String?
    public var replacedBy: String?
    public var revokedAt: String?
    public var certificate: Fields?
    /// What could not be confirmed (e.g. why the event facts are not shown).
    public var notes: [String] = []
    /// The PDF's PAdES signatures (`ecert verify CERT.pdf`); nil when not looked for or none.
    public var pdfSignatures: [PDFSignatureReport]? = nil

    /// Valid, and every PAdES signature the PDF carries checks out too.
    public var isValid: Bool { status == .valid && (pdfSignatures ?? []).allSatisfy(\.isValid) }

    /// One human line, e.g. `VALID  WEB-AI/2025/000001  Siti …` or `INVALID (signature does not verify)`.
    public var summary: String {
        switch status {
        case .valid: return isValid ? "VALID" : "INVALID (the QR code checks out, the PDF's PAdES signature does not; see below)"
        case .invalid: return "INVALID (\(reason ?? "unknown reason"))"
        case .revoked: return "REVOKED (\(reason ?? "no reason given")\(replacedBy.map { ", replaced by \($0)" } ?? ""))"
        case .unknownKey: return "UNKNOWN KEY (\(reason ?? ""))"
        }
    }
}

/// Verifies single certificates offline: payload syntax, signer among the trusted keys, Ed25519
/// signature, revocation, and (with a verified batch) the event facts, the date and the PDF's SHA-256.
public struct CertificateVerifier: Sendable {
    public var trustedKeys: [IssuerPublicKey]
    public var revocations: [VerifiedRevocations]
    /// Verified batches: the only source of event facts and of each PDF's SHA-256.
    public var batches: [VerifiedBatch]

    public init(trustedKeys: [IssuerPublicKey], revocations: [VerifiedRevocations] = [], batches: [VerifiedBatch] = []) {
        self.trustedKeys = trustedKeys
        self.revocations = revocations
        self.batches = batches
    }

    /// - Parameters:
    ///   - text: the QR text (`verify_url#PAYLOAD`) or the bare payload, any letter case.
    ///   - pdfSHA256: SHA-256 (hex) of the PDF the text was read from; checked when a batch is known.
    public func verify(text: String, item: String, pdfSHA256: String? = nil) -> CertificateVerdict {
        var verdict = CertificateVerdict(item: item, status: .invalid)
        let payload: SignedPayload
        do {
            payload = try SignedPayload(text: text)
        } catch {
            let reason = (error as? ECertError).flatMap { e -> String? in
                if case .invalidPayload(let r) = e { return r } else { return nil }
            } ?? error.localizedDescription
            verdict.reasonCode = reason.hasPrefix("unsupported payload version") ? .unsupportedVersion : .malformed
            verdict.reason = reason
            return verdict
        }
        let c = payload.claims
        let eventID = c.eventID.hexString
        verdict.certificate = .init(claims: c)

        // A 4-byte key ID could in theory match two trusted keys; the one whose signature verifies wins.
        let candidates = trustedKeys.filter { SignedPayload.keyIDMatches($0, c.keyID) }
        guard let key = candidates.first(where: { payload.isSigned(by: $0) }) ?? candidates.first else {
            return verdict.failing(.unknownKey, "signed with key \(c.keyID.hexString), which is not among the trusted keys", status: .unknownKey)
        }
        guard payload.isSigned(by: key) else {
            return verdict.failing(.badSignature, "signature does not verify: the payload was altered or not made by key \(key.keyIDHex)")
        }
        if let failed = checkAgainstBatch(&verdict, claims: c, key: key, pdfSHA256: pdfSHA256) { return failed }
        if let entry = revocations.lazy.compactMap({ $0.entry(serial: c.serial, eventID: eventID, key: key) }).first {
            verdict.status = .revoked
            verdict.reasonCode = .revoked
            verdict.reason = entry.reason
            verdict.replacedBy = entry.replacedBy
            verdict.revokedAt = entry.revokedAt
            return verdict
        }
        verdict.status = .valid
        return verdict
    }

    /// Event facts, date, record and file hash from the verified batch of this event and key;
    /// returns a failing verdict, or nil when all that is known holds.
    func checkAgainstBatch(_ verdict: inout CertificateVerdict, claims c: CertificateClaims, key: IssuerPublicKey, pdfSHA256: String?) -> CertificateVerdict? {
        let eventID = c.eventID.hexString
        guard let batch = batches.first(where: { $0.body.eventID == eventID && $0.signer == key }) else {
            if pdfSHA256 != nil && !batches.isEmpty {
                return verdict.failing(.notInManifest, "serial \(c.serial) is not in the given manifest (event \(eventID), key \(key.keyIDHex))")
            }
            verdict.notes.append("event facts (title, place, issuer) not confirmed: no verified manifest of event \(eventID) was given")
            return nil
        }
        verdict.certificate?.event = batch.body.event.facts
        if c.date != batch.body.event.date {
            return verdict.failing(.inconsistent, "dated \(c.date.iso), but the event of its batch is on \(batch.body.event.date.iso)")
        }
        if let problem = RecordCheck.creditProblem(c, event: batch.body.event) { return verdict.failing(.inconsistent, problem) }
        if let activity = batch.body.event.activity { verdict.certificate?.activity = activity }
        guard let pdfSHA256 else { return nil }
        guard let record = batch.record(serial: c.serial) else {
            return verdict.failing(.notInManifest, "serial \(c.serial) is not in the given manifest")
        }
        if let problem = batch.problems[record.serial] { return verdict.failing(.inconsistent, "its manifest record is inconsistent: \(problem)") }
        guard record.sha256 == pdfSHA256 else {
            return verdict.failing(.fileModified, "the PDF's SHA-256 \(pdfSHA256.prefix(16))… differs from the manifest's \(record.sha256.prefix(16))…: the file was changed after issue")
        }
        return nil
    }

    /// A verdict for an item that held no readable certificate at all.
    public static func unreadable(item: String, reason: String, code: CertificateVerdict.Reason = .unreadable) -> CertificateVerdict {
        CertificateVerdict(item: item, status: .invalid, reasonCode: code, reason: reason)
    }
}

extension CertificateVerdict {
    func failing(_ code: Reason, _ text: String, status: Status = .invalid) -> CertificateVerdict {
        var copy = self
        copy.status = status
        copy.reasonCode = code
        copy.reason = text
        return copy
    }
}
