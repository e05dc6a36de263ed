import Foundation

/// The claims a certificate makes; everything a verifier shows comes from here.
public struct CertificateClaims: Sendable, Equatable {
    /// The signer's key ID as carried in the payload: the first 4 bytes of the issuer key ID
    /// (`IssuerPublicKey.keyID`, itself the first 8 bytes of SHA-256 of the raw public key).
    public var keyID: [UInt8]
    public var eventID: [UInt8]        // 4 bytes, see EventFacts.eventID
    public var date: EventDate
    /// See `participantDigest(for:)`.
    public var participantDigest: [UInt8]
    public var serial: String
    public var name: String
    /// The career-credit facts (payload version 3); nil gives a version-2 payload.
    public var credit: Credit?

    /// What a teacher's credit is counted from: the last day, the hours (JP) this participant
    /// earns, their role and the kind of activity.
    public struct Credit: Sendable, Equatable {
        public var endDate: EventDate
        public var hours: Int
        public var role: CertificateRole
        public var activity: ActivityKind

        public init(endDate: EventDate, hours: Int, role: CertificateRole, activity: ActivityKind) {
            (self.endDate, self.hours, self.role, self.activity) = (endDate, hours, role, activity)
        }
    }

    /// `keyID` may be the full 8-byte issuer key ID; the payload keeps its first 4 bytes.
    public init(keyID: [UInt8], eventID: [UInt8], date: EventDate, participantDigest: [UInt8], serial: String, name: String, credit: Credit? = nil) {
        self.keyID = Array(keyID.prefix(SignedPayload.keyIDLength))
        self.eventID = eventID
        self.date = date
        self.participantDigest = participantDigest
        self.serial = serial
        self.name = name
        self.credit = credit
    }

    /// The claims of certificate `serial` of `event` for a participant: a version-2 event file
    /// gives the credit facts (payload version 3), a version-1 file a version-2 payload.
    public static func make(event: Event, keyID: [UInt8], participantID: String, serial: String, name: String,
                            columns: [String: String]) -> CertificateClaims {
        var credit: Credit?
        if event.isVersion2 {
            let role = (try? event.role(columns: columns).get()) ?? .peserta
            credit = Credit(endDate: event.lastDate, hours: event.hours(for: role), role: role, activity: ActivityKind(text: event.activity))
        }
        return CertificateClaims(keyID: keyID, eventID: event.facts.eventID, date: event.date,
                                 participantDigest: participantDigest(for: participantID), serial: serial, name: name, credit: credit)
    }

    /// A short digest of the participant ID (NUPTK, NIP…): enough to confirm an ID a person
    /// presents, too short to recover or look up the ID, which stays out of the QR code.
    public static func participantDigest(for id: String) -> [UInt8] {
        Array(Digest256.sha256(Array("ecert-participant-id:".utf8) + Array(id.utf8)).prefix(SignedPayload.participantDigestLength))
    }

    /// Whether `id` is the participant ID this certificate was issued for (up to the digest's length).
    public func isIssued(toParticipantID id: String) -> Bool {
        Self.participantDigest(for: id) == participantDigest
    }
}

/// Binary payload, version 2 or 3 (see docs/FORMAT.md, "Payload"):
///
///     version(1)=0x02 | key ID(4) | event ID(4) | days since 1970-01-01 (2, big-endian)
///     | participant digest(2) | serial length (LEB128 varint) | serial UTF-8 | name UTF-8 (up to the signature)
///     | Ed25519 signature(64)
///
///     version(1)=0x03 | key ID(4) | event ID(4) | first day (2) | days to the last day (1)
///     | hours (LEB128) | activity << 4 | role (1) | participant digest(2) | serial length | serial | name | signature(64)
///
/// The signature covers the ASCII domain tag "ecert-payload-vN" followed by every byte before it.
/// Version 2 shortened version 1's key ID to 4 bytes, its participant digest to 2 and dropped the name
/// length prefix, so that a 60-byte name and a 40-character verify_url fit a version-10 QR code (ECC M).
/// Version 3 adds 3–4 bytes of career-credit facts and still fits (Tests/ECertRenderTests/QRSizeTests).
public struct SignedPayload: Sendable, Equatable {
    /// The version written for claims without credit facts.
    public static let version: UInt8 = 2
    public static let creditVersion: UInt8 = 3
    public static let keyIDLength = 4
    public static let participantDigestLength = 2
    static func domainTag(_ version: UInt8) -> [UInt8] { Array("ecert-payload-v\(version)".utf8) }

    public let claims: CertificateClaims
    public let signature: [UInt8]

    /// The encoded claims (everything before the signature).
    let body: [UInt8]

    public static func sign(_ claims: CertificateClaims, with key: IssuerPrivateKey) throws -> SignedPayload {
        let body = try encodeClaims(claims)
        return SignedPayload(claims: claims, body: body, signature: try key.signature(for: domainTag(body[0]) + body))
    }

    public init(claims: CertificateClaims, signature: [UInt8]) throws {
        self.init(claims: claims, body: try Self.encodeClaims(claims), signature: signature)
    }

    init(claims: CertificateClaims, body: [UInt8], signature: [UInt8]) {
        self.claims = claims
        self.body = body
        self.signature = signature
    }

    public var bytes: [UInt8] { body + signature }

    /// Base32 text: the manifest record's form, and the QR code's for version 2 (version 3 goes in decimal, `QRContent`).
    public var text: String { Base32.encode(bytes) }

    /// Whether `key` has the payload's key ID and made its signature.
    public func isSigned(by key: IssuerPublicKey) -> Bool {
        guard Self.keyIDMatches(key, claims.keyID) else { return false }
        return key.isValidSignature(signature, for: Self.domainTag(body[0]) + body)
    }

    public static func keyIDMatches(_ key: IssuerPublicKey, _ payloadKeyID: [UInt8]) -> Bool {
        Array(key.keyID.prefix(keyIDLength)) == payloadKeyID
    }

    /// Accepts the bare payload text or a whole QR URL (`…#PAYLOAD`): Base32 in any letter case, or
    /// the decimal form a version-3 QR code holds (all digits, which Base32 of a payload never is:
    /// its first character is always `A`).
    public init(text: String) throws {
        var payload = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        if let hash = payload.lastIndex(of: "#") { payload = payload[payload.index(after: hash)...] }
        guard !payload.isEmpty else { throw ECertError.invalidPayload(reason: "empty payload") }
        let bytes: [UInt8]
        if DecimalText.isDecimal(payload) {
            guard let decoded = DecimalText.decode(payload) else {
                throw ECertError.invalidPayload(reason: "not the decimal form of a payload (groups of 17 digits, a valid last group)")
            }
            bytes = decoded
        } else {
            guard let decoded = Base32.decode(String(payload)) else {
                throw ECertError.invalidPayload(reason: "not Base32 text (letters A–Z and digits 2–7 only)")
            }
            bytes = decoded
        }
        try self.init(bytes: bytes)
    }

    public init(bytes: [UInt8]) throws {
        var reader = ByteReader(bytes)
        let version = try reader.byte()
        guard version == Self.version || version == Self.creditVersion else {
            throw ECertError.invalidPayload(reason: "unsupported payload version \(version); this ecert reads versions 2 and 3")
        }
        let keyID = try reader.bytes(Self.keyIDLength)
        let eventID = try reader.bytes(4)
        let days = Int(try reader.byte()) << 8 | Int(try reader.byte())
        guard let date = EventDate(daysSinceEpoch: days) else { throw ECertError.invalidPayload(reason: "bad date") }
        let credit = version == Self.creditVersion ? try Self.readCredit(&reader, start: days) : nil
        let digest = try reader.bytes(Self.participantDigestLength)
        let serial = try reader.string()
        guard reader.remaining >= 64 else { throw ECertError.invalidPayload(reason: "payload is truncated") }
        let name = try reader.string(length: reader.remaining - 64)
        guard !name.isEmpty else { throw ECertError.invalidPayload(reason: "payload is truncated (no name)") }
        let signature = try reader.bytes(64)
        claims = CertificateClaims(keyID: keyID, eventID: eventID, date: date, participantDigest: digest, serial: serial, name: name, credit: credit)
        // The signature covers the bytes as read; a non-minimal length encoding is refused above.
        body = Array(bytes.dropLast(64))
        self.signature = signature
    }

    static func encodeClaims(_ c: CertificateClaims) throws -> [UInt8] {
        guard c.keyID.count == keyIDLength, c.eventID.count == 4, c.participantDigest.count == participantDigestLength else {
            throw ECertError.invalidPayload(reason: "key ID, event ID or participant digest has the wrong length")
        }
        guard !c.name.isEmpty else { throw ECertError.invalidPayload(reason: "the name is empty") }
        let days = c.date.daysSinceEpoch
        guard (0...0xFFFF).contains(days) else { throw ECertError.invalidPayload(reason: "date out of range") }
        var out: [UInt8] = [c.credit == nil ? version : creditVersion]
        out += c.keyID + c.eventID + [UInt8(days >> 8), UInt8(days & 0xFF)]
        if let credit = c.credit {
            let span = credit.endDate.daysSinceEpoch - days
            guard (0...255).contains(span) else { throw ECertError.invalidPayload(reason: "the last day is before the first or more than 255 days after it") }
            guard (0...9999).contains(credit.hours) else { throw ECertError.invalidPayload(reason: "hours out of range") }
            out.append(UInt8(span))
            appendLEB128(credit.hours, to: &out)
            // Role and activity share a byte (a nibble each): the QR code stays within version 10.
            out.append(UInt8(credit.activity.rawValue << 4 | credit.role.rawValue))
        }
        out += c.participantDigest
        let serial = Array(c.serial.utf8)
        appendLEB128(serial.count, to: &out)
        out += serial
        out += Array(c.name.utf8)
        return out
    }

    static func appendLEB128(_ value: Int, to out: inout [UInt8]) {
        var n = value
        repeat {
            let low = UInt8(n & 0x7F)
            n >>= 7
            out.append(n > 0 ? low | 0x80 : low)
        } while n > 0
    }

    /// Version 3's credit facts; a role or activity code this ecert does not know is refused.
    private static func readCredit(_ reader: inout ByteReader, start: Int) throws -> CertificateClaims.Credit {
        let span = Int(try reader.byte())
        guard let end = EventDate(daysSinceEpoch: start + span) else { throw ECertError.invalidPayload(reason: "bad last day") }
        let hours = try reader.leb128("the hours")
        guard hours <= 9999 else { throw ECertError.invalidPayload(reason: "hours out of range") }
        let kinds = Int(try reader.byte())
        guard let role = CertificateRole(rawValue: kinds & 0x0F) else { throw ECertError.invalidPayload(reason: "unknown role code \(kinds & 0x0F)") }
        guard let activity = ActivityKind(rawValue: kinds >> 4) else { throw ECertError.invalidPayload(reason: "unknown activity code \(kinds >> 4)") }
        return .init(endDate: end, hours: hours, role: role, activity: activity)
    }
}

private struct ByteReader {
    let data: [UInt8]
    var offset = 0
    init(_ data: [UInt8]) { self.data = data }

    var isAtEnd: Bool { offset == data.count }
    var remaining: Int { data.count - offset }

    mutating func byte() throws -> UInt8 {
        guard offset < data.count else { throw ECertError.invalidPayload(reason: "payload is truncated") }
        defer { offset += 1 }
        return data[offset]
    }

    mutating func bytes(_ n: Int) throws -> [UInt8] {
        guard remaining >= n else { throw ECertError.invalidPayload(reason: "payload is truncated") }
        defer { offset += n }
        return Array(data[offset..<offset + n])
    }

    mutating func string() throws -> String {
        try string(length: try leb128("the serial length"))
    }

    /// Minimal LEB128 only: one payload, one encoding (a trailing 0x00 group adds nothing).
    mutating func leb128(_ what: String) throws -> Int {
        var value = 0
        var shift = 0
        while true {
            let b = try byte()
            value |= Int(b & 0x7F) << shift
            if b & 0x80 == 0 {
                guard b != 0 || shift == 0 else { throw ECertError.invalidPayload(reason: "\(what) is not in its shortest form") }
                return value
            }
            shift += 7
            guard shift < 28 else { throw ECertError.invalidPayload(reason: "bad length") }
        }
    }

    mutating func string(length: Int) throws -> String {
        let raw = try bytes(length)
        guard let s = String(validating: raw, as: UTF8.self) else {
            throw ECertError.invalidPayload(reason: "text field is not valid UTF-8")
        }
        return s
    }
}

/// The text a certificate's QR code holds: `verify_url#PAYLOAD`.
public enum QRContent {
    /// Scheme and host are case-insensitive (RFC 3986 §6.2.2.1); writing them in capitals lets
    /// more of the code stay in QR alphanumeric mode, which makes the symbol smaller.
    public static func text(verifyURL: String, payload: SignedPayload) -> String {
        text(verifyURL: verifyURL, payloadText: payload.text)
    }

    public static func text(verifyURL: String, payloadText: String) -> String {
        compactURL(verifyURL) + "#" + qrForm(payloadText)
    }

    /// Version 3 goes into the QR code in decimal (DecimalText: smaller in QR numeric mode);
    /// version 2 stays Base32, so its certificates re-issue byte for byte as before.
    static func qrForm(_ payloadText: String) -> String {
        guard let bytes = Base32.decode(payloadText), bytes.first == SignedPayload.creditVersion else { return payloadText }
        return DecimalText.encode(bytes)
    }

    static func compactURL(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let hostEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        return url[..<schemeEnd.upperBound].uppercased() + rest[..<hostEnd].uppercased() + rest[hostEnd...]
    }
}
