import Foundation

/// One revoked certificate: which batch (event ID and the batch's issuer key ID) and serial, why,
/// when, and (for a correction) which serial replaces it. Version-1 lists had no `eventID`/`keyID`.
public struct RevocationEntry: Codable, Sendable, Equatable {
    /// Hex event ID of the batch (8 digits), as in its header and every payload of it.
    public var eventID: String?
    /// Full key ID (16 hex digits) of the key that signed the batch.
    public var keyID: String?
    public var serial: String
    public var reason: String
    /// Serial of the certificate issued in its place, if any (a corrected certificate).
    public var replacedBy: String?
    /// UTC time of the revocation, ISO 8601 with seconds and `Z`, e.g. `2025-10-01T08:30:00Z`.
    public var revokedAt: String

    public init(eventID: String?, keyID: String?, serial: String, reason: String, replacedBy: String? = nil, revokedAt: String) {
        self.eventID = eventID
        self.keyID = keyID
        self.serial = serial
        self.reason = reason
        self.replacedBy = replacedBy
        self.revokedAt = revokedAt
    }

    /// Whether this entry revokes the certificate `serial` of event `eventID` signed by `key`.
    func applies(serial: String, eventID: String, key: IssuerPublicKey) -> Bool {
        self.serial.isSameText(as: serial) && self.eventID == eventID && self.keyID == key.keyIDHex
    }
}

/// The signed revocation list (signed document "ecert-revocations" version 2, docs/FORMAT.md).
public struct RevocationList: SignedContent, Equatable {
    public static let format = "ecert-revocations"
    public static let version = 2
    public static let fileName = "revocations.json"

    /// Grows by one with every signed change: a verifier that has seen a higher one warns.
    public var sequence: Int
    /// Time of the latest change (the newest entry's `revokedAt`).
    public var updatedAt: String
    /// In the order they were revoked.
    public var entries: [RevocationEntry]

    public static let empty = RevocationList(sequence: 0, updatedAt: "", entries: [])

    /// The list with `entry` appended and the sequence advanced.
    public func adding(_ entry: RevocationEntry) throws -> RevocationList {
        try RevocationEntryRules.check(entry)
        if let existing = entries.first(where: { $0.serial == entry.serial && $0.eventID == entry.eventID && $0.keyID == entry.keyID }) {
            throw ECertError.alreadyRevoked(serial: entry.serial, at: existing.revokedAt, reason: existing.reason)
        }
        return RevocationList(sequence: sequence + 1, updatedAt: max(updatedAt, entry.revokedAt), entries: entries + [entry])
    }
}

/// A revocation list whose signature was checked against a trusted key: version 2, or a version-1
/// list (no domain tag, entries matched by serial and signer alone). Only `read` makes one.
public struct VerifiedRevocations: Sendable {
    public let signer: IssuerPublicKey
    public let version: Int
    public let list: RevocationList
    /// The file's JSON as read, to publish or embed unchanged.
    public let fileValue: JSONValue
    public let path: String

    public var sequence: Int { list.sequence }

    private init(signer: IssuerPublicKey, version: Int, list: RevocationList, fileValue: JSONValue, path: String) {
        (self.signer, self.version, self.list, self.fileValue, self.path) = (signer, version, list, fileValue, path)
    }

    /// The entry that revokes this certificate, if any.
    public func entry(serial: String, eventID: String, key: IssuerPublicKey) -> RevocationEntry? {
        if version == 1 { return key == signer ? list.entries.first { $0.serial.isSameText(as: serial) } : nil }
        return list.entries.first { $0.applies(serial: serial, eventID: eventID, key: key) }
    }

    /// The entries about one batch.
    public func entries(eventID: String, key: IssuerPublicKey) -> [RevocationEntry] {
        version == 1 ? (key == signer ? list.entries : []) : list.entries.filter { $0.eventID == eventID && $0.keyID == key.keyIDHex }
    }

    public static func read(at url: URL, trusting keys: [IssuerPublicKey]) throws -> VerifiedRevocations {
        try read(StrictJSON.parse(try BoundedFile.read(url, limit: 256 << 20), path: url.path), path: url.path, trusting: keys)
    }

    public static func read(_ value: JSONValue, path: String, trusting keys: [IssuerPublicKey]) throws -> VerifiedRevocations {
        if value["signed"] != nil {
            let verified = try SignedDocument<RevocationList>(value: value, path: path).verified(trusting: keys, path: path)
            if let bad = verified.body.entries.first(where: { $0.eventID == nil || $0.keyID == nil }) {
                throw ECertError.invalidRevocationList(path: path, reason: "the entry for \(bad.serial) has no eventID or keyID, which version 2 requires")
            }
            return VerifiedRevocations(signer: verified.signer, version: 2, list: verified.body, fileValue: value, path: path)
        }
        let legacy = try LegacyRevocationList.verified(value, path: path, trusting: keys)
        return VerifiedRevocations(signer: legacy.signer, version: 1, list: legacy.list, fileValue: value, path: path)
    }
}

/// Version 1 (`{"format","version":1,"body":{"issuer",…},"signature"}`, Ed25519 over JCS(body)).
enum LegacyRevocationList {
    struct File: Decodable {
        var format: String
        var version: Int
        var body: Body
        var signature: String
    }

    struct Body: Decodable {
        var issuer: SignerInfo
        var sequence: Int
        var updatedAt: String
        var entries: [RevocationEntry]
    }

    static func verified(_ value: JSONValue, path: String, trusting keys: [IssuerPublicKey]) throws -> (signer: IssuerPublicKey, list: RevocationList) {
        let file = try StrictJSON.decode(File.self, from: value, path: path)
        guard file.format == RevocationList.format, file.version == 1 else {
            throw ECertError.invalidRevocationList(path: path, reason: "format \(file.format) version \(file.version) is not supported; this ecert reads \(RevocationList.format) versions 1 and 2")
        }
        guard let key = keys.first(where: { file.body.issuer.isKey($0) }) else {
            throw ECertError.untrustedSigner(path: path, keyID: file.body.issuer.keyID, trusted: keys.map(\.keyIDHex))
        }
        guard let signature = Data(base64Encoded: file.signature), let body = value["body"],
              key.isValidSignature(Array(signature), for: JCS.serialize(body)) else {
            throw ECertError.badSignature(path: path, what: "revocation list signed by key \(key.keyIDHex)")
        }
        if file.body.entries.contains(where: { $0.eventID != nil || $0.keyID != nil }) {
            throw ECertError.invalidRevocationList(path: path, reason: "a version-1 list has no eventID or keyID in its entries")
        }
        return (key, RevocationList(sequence: file.body.sequence, updatedAt: file.body.updatedAt, entries: file.body.entries))
    }
}

/// What a revocation entry may contain, so that every verifier (including the browser page, which
/// re-creates the canonical JSON with `JSON.stringify`) computes the same signed bytes.
public enum RevocationEntryRules {
    public static func check(_ entry: RevocationEntry) throws {
        for (field, value) in [("serial", entry.serial), ("reason", entry.reason), ("replaced-by", entry.replacedBy ?? "x")] {
            guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ECertError.invalidRevocation(reason: "--\(field) is empty; give a short text")
            }
            guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
                throw ECertError.invalidRevocation(reason: "--\(field) contains a control character (line break or tab); write it on one line")
            }
            // Bidi controls can make a reason or serial display as something else than it is.
            guard !value.unicodeScalars.contains(where: { [0x061C, 0x200E, 0x200F].contains($0.value) || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) }) else {
                throw ECertError.invalidRevocation(reason: "--\(field) contains a bidirectional control character (U+202A–U+202E, U+2066–U+2069); type the text again without it")
            }
        }
        if entry.replacedBy == entry.serial {
            throw ECertError.invalidRevocation(reason: "--replaced-by names the revoked serial itself; give the serial of the new certificate")
        }
        guard Timestamp.isValid(entry.revokedAt) else {
            throw ECertError.invalidRevocation(reason: "time \"\(entry.revokedAt)\" is not UTC ISO 8601 like 2025-10-01T08:30:00Z")
        }
    }
}

/// UTC timestamps with second precision: `YYYY-MM-DDTHH:MM:SSZ`. They sort as text in time order.
public enum Timestamp {
    public static func string(from date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let day = EventDate(daysSinceEpoch: days)?.iso ?? "1970-01-01"
        return day + "T" + String(rest / 3600).leftPadded(to: 2) + ":" + String(rest / 60 % 60).leftPadded(to: 2)
            + ":" + String(rest % 60).leftPadded(to: 2) + "Z"
    }

    /// Accepts `2025-10-01T08:30:00Z` and the date-only `2025-10-01` (midnight UTC); returns the canonical form.
    public static func normalized(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if EventDate(iso: t) != nil { return t + "T00:00:00Z" }
        return isValid(t) ? t : nil
    }

    public static func isValid(_ text: String) -> Bool {
        let chars = Array(text.utf8)
        guard chars.count == 20, chars[10] == UInt8(ascii: "T"), chars[19] == UInt8(ascii: "Z"),
              chars[13] == UInt8(ascii: ":"), chars[16] == UInt8(ascii: ":"),
              EventDate(iso: String(decoding: chars[0..<10], as: UTF8.self)) != nil,
              let h = Int(String(decoding: chars[11..<13], as: UTF8.self)), let m = Int(String(decoding: chars[14..<16], as: UTF8.self)),
              let s = Int(String(decoding: chars[17..<19], as: UTF8.self)), (0..<24).contains(h), (0..<60).contains(m), (0..<60).contains(s)
        else { return false }
        return true
    }
}
