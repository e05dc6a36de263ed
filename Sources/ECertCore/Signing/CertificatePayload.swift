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

    /// `keyID` may be the full 8-byte issuer key ID; the payload keeps its first 4 bytes.
    public init(keyID: [UInt8], eventID: [UInt8], date: EventDate, participantDigest: [UInt8], serial: String, name: String) {
        self.keyID = Array(keyID.prefix(SignedPayload.keyIDLength))
        self.eventID = eventID
        self.date = date
        self.participantDigest = participantDigest
        self.serial = serial
        self.name = name
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

/// Binary payload, version 2 (see docs/FORMAT.md, "Payload"):
///
///     version(1)=0x02 | key ID(4) | event ID(4) | days since 1970-01-01 (2, big-endian)
///     | participant digest(2) | serial length (LEB128 varint) | serial UTF-8 | name UTF-8 (up to the signature)
///     | Ed25519 signature(64)
///
/// The signature covers the ASCII domain tag "ecert-payload-v2" followed by every byte before it.
/// Version 2 shortened version 1's key ID to 4 bytes, its participant digest to 2 and dropped the name
/// length prefix, so that a 60-byte name and a 40-character verify_url fit a version-10 QR code (ECC M).
public struct SignedPayload: Sendable, Equatable {
    public static let version: UInt8 = 2
    public static let keyIDLength = 4
    public static let participantDigestLength = 2
    static let domainTag = Array("ecert-payload-v2".utf8)

    public let claims: CertificateClaims
    public let signature: [UInt8]

    /// The encoded claims (everything before the signature).
    let body: [UInt8]

    public static func sign(_ claims: CertificateClaims, with key: IssuerPrivateKey) throws -> SignedPayload {
        let body = try encodeClaims(claims)
        return SignedPayload(claims: claims, body: body, signature: try key.signature(for: domainTag + body))
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

    /// Base32 text, as it appears after `#` in the QR code.
    public var text: String { Base32.encode(bytes) }

    /// Whether `key` has the payload's key ID and made its signature.
    public func isSigned(by key: IssuerPublicKey) -> Bool {
        guard Self.keyIDMatches(key, claims.keyID) else { return false }
        return key.isValidSignature(signature, for: Self.domainTag + body)
    }

    public static func keyIDMatches(_ key: IssuerPublicKey, _ payloadKeyID: [UInt8]) -> Bool {
        Array(key.keyID.prefix(keyIDLength)) == payloadKeyID
    }

    /// Accepts the bare Base32 text or a whole QR URL (`…#PAYLOAD`), in any letter case.
    public init(text: String) throws {
        var payload = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        if let hash = payload.lastIndex(of: "#") { payload = payload[payload.index(after: hash)...] }
        guard !payload.isEmpty else { throw ECertError.invalidPayload(reason: "empty payload") }
        guard let bytes = Base32.decode(String(payload)) else {
            throw ECertError.invalidPayload(reason: "not Base32 text (letters A–Z and digits 2–7 only)")
        }
        try self.init(bytes: bytes)
    }

    public init(bytes: [UInt8]) throws {
        var reader = ByteReader(bytes)
        let version = try reader.byte()
        guard version == Self.version else {
            throw ECertError.invalidPayload(reason: "unsupported payload version \(version); this ecert reads version \(Self.version)")
        }
        let keyID = try reader.bytes(Self.keyIDLength)
        let eventID = try reader.bytes(4)
        let days = Int(try reader.byte()) << 8 | Int(try reader.byte())
        guard let date = EventDate(daysSinceEpoch: days) else { throw ECertError.invalidPayload(reason: "bad date") }
        let digest = try reader.bytes(Self.participantDigestLength)
        let serial = try reader.string()
        guard reader.remaining >= 64 else { throw ECertError.invalidPayload(reason: "payload is truncated") }
        let name = try reader.string(length: reader.remaining - 64)
        guard !name.isEmpty else { throw ECertError.invalidPayload(reason: "payload is truncated (no name)") }
        let signature = try reader.bytes(64)
        claims = CertificateClaims(keyID: keyID, eventID: eventID, date: date, participantDigest: digest, serial: serial, name: name)
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
        var out: [UInt8] = [version]
        out += c.keyID + c.eventID + [UInt8(days >> 8), UInt8(days & 0xFF)] + c.participantDigest
        let serial = Array(c.serial.utf8)
        var n = serial.count
        repeat {
            let low = UInt8(n & 0x7F)
            n >>= 7
            out.append(n > 0 ? low | 0x80 : low)
        } while n > 0
        out += serial
        out += Array(c.name.utf8)
        return out
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
        var length = 0
        var shift = 0
        while true {
            let b = try byte()
            length |= Int(b & 0x7F) << shift
            if b & 0x80 == 0 {
                // Minimal LEB128 only: one payload, one encoding (a trailing 0x00 group adds nothing).
                guard b != 0 || shift == 0 else { throw ECertError.invalidPayload(reason: "the serial length is not in its shortest form") }
                break
            }
            shift += 7
            guard shift < 28 else { throw ECertError.invalidPayload(reason: "bad length") }
        }
        return try string(length: length)
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
        compactURL(verifyURL) + "#" + payloadText
    }

    static func compactURL(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let hostEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        return url[..<schemeEnd.upperBound].uppercased() + rest[..<hostEnd].uppercased() + rest[hostEnd...]
    }
}
