import Foundation

/// The claims a certificate makes; everything a verifier shows comes from here.
public struct CertificateClaims: Sendable, Equatable {
    public var keyID: [UInt8]          // 8 bytes
    public var eventID: [UInt8]        // 4 bytes, see EventFacts.eventID
    public var date: EventDate
    public var participantDigest: [UInt8]  // 4 bytes, see participantDigest(for:)
    public var serial: String
    public var name: String

    public init(keyID: [UInt8], eventID: [UInt8], date: EventDate, participantDigest: [UInt8], serial: String, name: String) {
        self.keyID = keyID
        self.eventID = eventID
        self.date = date
        self.participantDigest = participantDigest
        self.serial = serial
        self.name = name
    }

    /// A short digest of the participant ID: enough to confirm an ID someone presents, too short
    /// to be a lookup key for the ID itself (personal data stays out of the QR).
    public static func participantDigest(for id: String) -> [UInt8] {
        Array(Digest256.sha256(Array("ecert-participant-id:".utf8) + Array(id.utf8)).prefix(4))
    }
}

/// Binary payload, version 1 (see docs/FORMAT.md):
///
///     version(1)=0x01 | keyID(8) | eventID(4) | days since 1970-01-01 (2, big-endian)
///     | participant digest(4) | serial length (varint) | serial UTF-8
///     | name length (varint) | name UTF-8 | Ed25519 signature(64)
///
/// The signature covers the ASCII domain tag "ecert-payload-v1" followed by every byte before it.
public struct SignedPayload: Sendable, Equatable {
    public static let version: UInt8 = 1
    static let domainTag = Array("ecert-payload-v1".utf8)

    public let claims: CertificateClaims
    public let signature: [UInt8]

    public static func sign(_ claims: CertificateClaims, with key: IssuerPrivateKey) throws -> SignedPayload {
        let body = try encodeClaims(claims)
        return SignedPayload(claims: claims, signature: try key.signature(for: domainTag + body))
    }

    public init(claims: CertificateClaims, signature: [UInt8]) {
        self.claims = claims
        self.signature = signature
    }

    public var bytes: [UInt8] { (try! Self.encodeClaims(claims)) + signature }

    /// Base32 text, as it appears after `#` in the QR code.
    public var text: String { Base32.encode(bytes) }

    public func isSigned(by key: IssuerPublicKey) -> Bool {
        guard key.keyID == claims.keyID, let body = try? Self.encodeClaims(claims) else { return false }
        return key.isValidSignature(signature, for: Self.domainTag + body)
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
        let keyID = try reader.bytes(8)
        let eventID = try reader.bytes(4)
        let days = Int(try reader.byte()) << 8 | Int(try reader.byte())
        guard let date = EventDate(daysSinceEpoch: days) else { throw ECertError.invalidPayload(reason: "bad date") }
        let digest = try reader.bytes(4)
        let serial = try reader.string()
        let name = try reader.string()
        let signature = try reader.bytes(64)
        guard reader.isAtEnd else { throw ECertError.invalidPayload(reason: "\(reader.remaining) unexpected bytes after the signature") }
        claims = CertificateClaims(keyID: keyID, eventID: eventID, date: date, participantDigest: digest, serial: serial, name: name)
        self.signature = signature
    }

    static func encodeClaims(_ c: CertificateClaims) throws -> [UInt8] {
        guard c.keyID.count == 8, c.eventID.count == 4, c.participantDigest.count == 4 else {
            throw ECertError.invalidPayload(reason: "key ID, event ID or participant digest has the wrong length")
        }
        let days = c.date.daysSinceEpoch
        guard (0...0xFFFF).contains(days) else { throw ECertError.invalidPayload(reason: "date out of range") }
        var out: [UInt8] = [version]
        out += c.keyID + c.eventID + [UInt8(days >> 8), UInt8(days & 0xFF)] + c.participantDigest
        appendString(c.serial, to: &out)
        appendString(c.name, to: &out)
        return out
    }

    private static func appendString(_ s: String, to out: inout [UInt8]) {
        let utf8 = Array(s.utf8)
        var n = utf8.count
        repeat {
            let low = UInt8(n & 0x7F)
            n >>= 7
            out.append(n > 0 ? low | 0x80 : low)
        } while n > 0
        out += utf8
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
            if b & 0x80 == 0 { break }
            shift += 7
            guard shift < 28 else { throw ECertError.invalidPayload(reason: "bad length") }
        }
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
