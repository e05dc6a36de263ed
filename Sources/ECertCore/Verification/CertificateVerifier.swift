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
    }

    /// The signed fields, shown for every verdict that could decode them (for UNKNOWN KEY and a bad
    /// signature they are unconfirmed claims).
    public struct Fields: Codable, Sendable, Equatable {
        public var serial: String
        public var name: String
        public var date: String
        public var keyID: String
        public var eventID: String
        /// Title, place and issuer, when the verifier knows the event with this ID.
        public var event: EventFacts?
    }

    public var item: String
    public var status: Status
    public var reasonCode: Reason?
    public var reason: String?
    public var replacedBy: String?
    public var revokedAt: String?
    public var certificate: Fields?

    public var isValid: Bool { status == .valid }

    /// One human line, e.g. `VALID  WEB-AI/2025/000001  Siti …` or `INVALID (signature does not verify)`.
    public var summary: String {
        switch status {
        case .valid: return "VALID"
        case .invalid: return "INVALID (\(reason ?? "unknown reason"))"
        case .revoked: return "REVOKED (\(reason ?? "no reason given")\(replacedBy.map { ", replaced by \($0)" } ?? ""))"
        case .unknownKey: return "UNKNOWN KEY (\(reason ?? ""))"
        }
    }
}

/// Verifies single certificates offline: payload syntax, signer among the trusted keys, Ed25519
/// signature, revocation, and (with a manifest) the PDF file's SHA-256.
public struct CertificateVerifier: Sendable {
    public var trustedKeys: [IssuerPublicKey]
    /// Already checked against the trusted keys (see `RevocationList.checked`).
    public var revocations: [RevocationList]
    /// Event facts by event ID (hex), to show the title, place and issuer.
    public var events: [String: EventFacts]
    /// Signed manifests (already checked) whose records give each PDF's SHA-256.
    public var manifests: [Manifest]

    public init(trustedKeys: [IssuerPublicKey], revocations: [RevocationList] = [], events: [String: EventFacts] = [:], manifests: [Manifest] = []) {
        self.trustedKeys = trustedKeys
        self.revocations = revocations
        self.events = events
        self.manifests = manifests
        for manifest in manifests {
            self.events[manifest.body.eventID] = manifest.body.event.facts
        }
    }

    /// - Parameters:
    ///   - text: the QR text (`verify_url#PAYLOAD`) or the bare payload, any letter case.
    ///   - pdfSHA256: SHA-256 (hex) of the PDF the text was read from; checked when a manifest is known.
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
        verdict.certificate = .init(
            serial: c.serial, name: c.name, date: c.date.iso, keyID: c.keyID.hexString, eventID: eventID,
            event: events[eventID])

        // A 4-byte key ID could in theory match two trusted keys; the one whose signature verifies wins.
        let candidates = trustedKeys.filter { SignedPayload.keyIDMatches($0, c.keyID) }
        guard let key = candidates.first(where: { payload.isSigned(by: $0) }) ?? candidates.first else {
            verdict.status = .unknownKey
            verdict.reasonCode = .unknownKey
            verdict.reason = "signed with key \(c.keyID.hexString), which is not among the trusted keys"
            return verdict
        }
        guard payload.isSigned(by: key) else {
            verdict.reasonCode = .badSignature
            verdict.reason = "signature does not verify: the payload was altered or not made by key \(key.keyIDHex)"
            return verdict
        }
        if let pdfSHA256, !manifests.isEmpty {
            let records = manifests.filter { $0.body.issuer.keyID == key.keyIDHex }.flatMap(\.body.records)
            guard let record = records.first(where: { $0.serial == c.serial }) else {
                verdict.reasonCode = .notInManifest
                verdict.reason = "serial \(c.serial) is not in the given manifest"
                return verdict
            }
            guard record.sha256 == pdfSHA256 else {
                verdict.reasonCode = .fileModified
                verdict.reason = "the PDF's SHA-256 \(pdfSHA256.prefix(16))… differs from the manifest's \(record.sha256.prefix(16))…: the file was changed after issue"
                return verdict
            }
        }
        if let entry = revocations.lazy.compactMap({ $0.entry(forSerial: c.serial) }).first {
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

    /// A verdict for an item that held no readable certificate at all.
    public static func unreadable(item: String, reason: String, code: CertificateVerdict.Reason = .unreadable) -> CertificateVerdict {
        CertificateVerdict(item: item, status: .invalid, reasonCode: code, reason: reason)
    }
}
