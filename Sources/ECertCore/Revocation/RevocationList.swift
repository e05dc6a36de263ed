import Foundation

/// One revoked certificate: which serial, why, when, and (for a correction) which serial replaces it.
public struct RevocationEntry: Codable, Sendable, Equatable {
    public var serial: String
    public var reason: String
    /// Serial of the certificate issued in its place, if any (a corrected certificate).
    public var replacedBy: String?
    /// UTC time of the revocation, ISO 8601 with seconds and `Z`, e.g. `2025-10-01T08:30:00Z`.
    public var revokedAt: String

    public init(serial: String, reason: String, replacedBy: String? = nil, revokedAt: String) {
        self.serial = serial
        self.reason = reason
        self.replacedBy = replacedBy
        self.revokedAt = revokedAt
    }
}

/// `DIR/revocations.json` (format "ecert-revocations", version 1): the signed list of revoked
/// serials. Signature = Ed25519 over `CanonicalJSON.encode(body)`, like the manifest; see docs/FORMAT.md.
public struct RevocationList: Codable, Sendable, Equatable {
    public static let format = "ecert-revocations"
    public static let version = 1
    public static let fileName = "revocations.json"

    public var format: String
    public var version: Int
    public var body: Body
    /// Base64 Ed25519 signature over `CanonicalJSON.encode(body)`.
    public var signature: String

    public struct Body: Codable, Sendable, Equatable {
        /// The signer: key ID (hex) and raw public key (Base64), as in the manifest.
        public var issuer: Manifest.IssuerInfo
        /// Increases by one with every signed change, so a newer list can be told from an older one.
        public var sequence: Int
        /// Time of the latest change (the newest entry's `revokedAt`).
        public var updatedAt: String
        /// In the order they were revoked.
        public var entries: [RevocationEntry]
    }

    /// The entry for `serial`, if that certificate is revoked.
    public func entry(forSerial serial: String) -> RevocationEntry? {
        body.entries.first { $0.serial == serial }
    }

    public func isSigned(by key: IssuerPublicKey) -> Bool {
        guard key.keyIDHex == body.issuer.keyID, Data(key.raw).base64EncodedString() == body.issuer.publicKey,
              let signature = Data(base64Encoded: self.signature) else { return false }
        return key.isValidSignature(Array(signature), for: CanonicalJSON.encode(body))
    }

    /// A list is only used when one of the trusted keys signed it; anything else is an error, never ignored.
    public func checked(path: String, trustedKeys: [IssuerPublicKey]) throws -> RevocationList {
        guard let signer = trustedKeys.first(where: { $0.keyIDHex == body.issuer.keyID }) else {
            throw ECertError.invalidRevocationList(path: path, reason: "signed by key \(body.issuer.keyID), which is not among the trusted keys (\(trustedKeys.map(\.keyIDHex).joined(separator: ", "))); pass that issuer's public key with --pub")
        }
        guard isSigned(by: signer) else {
            throw ECertError.invalidRevocationList(path: path, reason: "the signature does not verify: the file was changed after signing; restore it from the issuer")
        }
        return self
    }

    /// An empty list; `adding` signs the first version.
    public static func empty(signer: IssuerPublicKey) -> Body {
        Body(issuer: .init(keyID: signer.keyIDHex, publicKey: Data(signer.raw).base64EncodedString()), sequence: 0, updatedAt: "", entries: [])
    }

    /// A new list with `entry` appended, re-signed by `key` (which may be a newer key than the last signer).
    public func adding(_ entry: RevocationEntry, signedWith key: IssuerPrivateKey) throws -> RevocationList {
        try Self.signed(body: body, adding: entry, with: key)
    }

    public static func signed(body old: Body, adding entry: RevocationEntry, with key: IssuerPrivateKey) throws -> RevocationList {
        try RevocationEntryRules.check(entry)
        if let existing = old.entries.first(where: { $0.serial == entry.serial }) {
            throw ECertError.alreadyRevoked(serial: entry.serial, at: existing.revokedAt, reason: existing.reason)
        }
        let publicKey = key.publicKey
        var body = old
        body.issuer = .init(keyID: publicKey.keyIDHex, publicKey: Data(publicKey.raw).base64EncodedString())
        body.sequence = old.sequence + 1
        body.entries.append(entry)
        body.updatedAt = max(old.updatedAt, entry.revokedAt)
        let signature = try key.signature(for: CanonicalJSON.encode(body))
        return RevocationList(format: format, version: version, body: body, signature: Data(signature).base64EncodedString())
    }

    public static func load(from url: URL) throws -> RevocationList {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ECertError.fileNotFound(path: url.path)
        }
        return try decode(data, path: url.path)
    }

    public static func decode(_ data: Data, path: String) throws -> RevocationList {
        let list: RevocationList
        do {
            list = try JSONDecoder().decode(RevocationList.self, from: data)
        } catch {
            throw ECertError.invalidRevocationList(path: path, reason: "not an ecert revocation list (\(error.localizedDescription))")
        }
        guard list.format == format, list.version == version else {
            throw ECertError.invalidRevocationList(path: path, reason: "format \(list.format) version \(list.version) is not supported; this ecert reads \(format) version \(version)")
        }
        return list
    }

    /// Pretty JSON with sorted keys, as written to disk (verification re-canonicalises the body).
    public var fileBytes: Data { CanonicalJSON.pretty(self) }
}

/// What a revocation entry may contain, so that every verifier (including the browser page, which
/// re-creates the canonical JSON with `JSON.stringify`) computes the same signed bytes.
public enum RevocationEntryRules {
    public static func check(_ entry: RevocationEntry) throws {
        for (field, value) in [("serial", entry.serial), ("reason", entry.reason), ("replaced-by", entry.replacedBy ?? "x")] {
            guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ECertError.invalidRevocation(reason: "--\(field) is empty; give a short text")
            }
            guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw ECertError.invalidRevocation(reason: "--\(field) contains a control character (line break or tab); write it on one line")
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
