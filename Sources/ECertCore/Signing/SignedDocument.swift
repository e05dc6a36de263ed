import Crypto
import Foundation

/// A body that travels inside the signed-document envelope: its format name and version are part
/// of what is signed, and together they make the signature's domain tag.
public protocol SignedContent: Codable, Sendable {
    static var format: String { get }
    static var version: Int { get }
}

/// Who signed a document: the key ID (hex, first 8 bytes of SHA-256 of the raw key) and the raw
/// 32-byte Ed25519 public key (Base64).
public struct SignerInfo: Codable, Sendable, Equatable, Hashable {
    public var keyID: String
    public var publicKey: String

    public init(keyID: String, publicKey: String) {
        self.keyID = keyID
        self.publicKey = publicKey
    }

    public init(_ key: IssuerPublicKey) {
        self.init(keyID: key.keyIDHex, publicKey: Data(key.raw).base64EncodedString())
    }

    /// Whether `key` is exactly this signer (key ID and key bytes).
    public func isKey(_ key: IssuerPublicKey) -> Bool {
        key.keyIDHex == keyID && Data(key.raw).base64EncodedString() == publicKey
    }
}

/// The one envelope of every signed file ecert writes (docs/FORMAT.md, "Signed documents"):
///
///     {"signed": {"format", "version", "signer": {keyID, publicKey}, "body": {…}},
///      "signature": {"scheme": "ed25519-jcs-sha256", "value": Base64}}
///
/// The signature is Ed25519 over ASCII(`format-vVERSION`) ‖ 0x00 ‖ SHA-256(JCS(`signed`)). The
/// `signed` value is kept exactly as it was read, so the check covers what the file says, not
/// what this ecert's models make of it.
public struct SignedDocument<Body: SignedContent>: Sendable {
    public static var scheme: String { "ed25519-jcs-sha256" }

    /// The `signed` object as read from the file (or as made when signing).
    public let signedValue: JSONValue
    public let signature: [UInt8]

    /// ASCII `format-vN`, then a zero byte: no tag is a prefix of another.
    public static var domainTag: [UInt8] { Array("\(Body.format)-v\(Body.version)".utf8) + [0] }

    static func message(signedJCS: [UInt8]) -> [UInt8] {
        domainTag + Digest256.sha256(signedJCS)
    }

    /// The envelope as a JSON value, for writing or embedding in a container.
    public var jsonValue: JSONValue {
        .object([
            ("signed", signedValue),
            ("signature", .object([("scheme", .string(Self.scheme)), ("value", .string(Data(signature).base64EncodedString()))])),
        ])
    }

    /// Reads the envelope from a JSON value (the whole file, or a container's member). Only the
    /// shape is checked here; nothing in `signed` may be used before `verified(…)`.
    public init(value: JSONValue, path: String) throws {
        guard case .object(let members) = value else {
            throw ECertError.invalidSignedFile(path: path, reason: "expected a signed document {\"signed\": …, \"signature\": …}")
        }
        guard members.count == 2, let signed = value["signed"], let signatureValue = value["signature"] else {
            throw ECertError.invalidSignedFile(path: path, reason: "a signed document has exactly the keys \"signed\" and \"signature\"; found \(members.map { "\"\($0.0)\"" }.joined(separator: ", "))")
        }
        let envelope = try StrictJSON.decode(Envelope.self, from: .object([("signature", signatureValue)]), path: path)
        guard envelope.signature.scheme == Self.scheme else {
            throw ECertError.invalidSignedFile(path: path, reason: "signature scheme \"\(envelope.signature.scheme)\" is not supported; this ecert checks \"\(Self.scheme)\"")
        }
        guard let raw = Data(base64Encoded: envelope.signature.value), raw.count == 64 else {
            throw ECertError.invalidSignedFile(path: path, reason: "signature.value is not the Base64 of a 64-byte Ed25519 signature")
        }
        signedValue = signed
        signature = Array(raw)
    }

    private struct Envelope: Decodable {
        struct Signature: Decodable { var scheme: String; var value: String }
        var signature: Signature
    }

    private init(signedValue: JSONValue, signature: [UInt8]) {
        self.signedValue = signedValue
        self.signature = signature
    }

    /// Signs `body` with `key`.
    public static func sign(_ body: Body, with key: IssuerPrivateKey) throws -> SignedDocument {
        let signer = SignerInfo(key.publicKey)
        let value = try JCS.value(of: Signed(format: Body.format, version: Body.version, signer: signer, body: body))
        let signature = try key.signature(for: message(signedJCS: JCS.serialize(value)))
        return SignedDocument(signedValue: value, signature: signature)
    }

    /// The only way to a `Verified` body: the signer must be one of `trustedKeys` (key ID and key
    /// bytes), the format and version those of `Body`, and the Ed25519 signature must hold.
    public func verified(trusting trustedKeys: [IssuerPublicKey], path: String) throws -> Verified<Body> {
        let head = try StrictJSON.decode(Head.self, from: signedValue, path: path)
        guard head.format == Body.format, head.version == Body.version else {
            throw ECertError.invalidSignedFile(path: path, reason: "holds \(head.format) version \(head.version) where \(Body.format) version \(Body.version) belongs")
        }
        guard let key = trustedKeys.first(where: { head.signer.isKey($0) }) else {
            throw ECertError.untrustedSigner(path: path, keyID: head.signer.keyID, trusted: trustedKeys.map(\.keyIDHex))
        }
        guard key.isValidSignature(signature, for: Self.message(signedJCS: JCS.serialize(signedValue))) else {
            throw ECertError.badSignature(path: path, what: "\(Body.format) signed by key \(key.keyIDHex)")
        }
        let signed = try StrictJSON.decode(Signed.self, from: signedValue, path: path)
        return Verified(body: signed.body, signer: key, document: self)
    }

    /// The signer the document claims, before any check (to pick a key or word an error).
    public func claimedSigner(path: String) throws -> SignerInfo {
        try StrictJSON.decode(Head.self, from: signedValue, path: path).signer
    }

    /// The key the document names as its signer. Verifying with it proves the file intact, not
    /// who signed it.
    public func claimedSignerKey(path: String) throws -> IssuerPublicKey {
        let signer = try claimedSigner(path: path)
        guard let raw = Data(base64Encoded: signer.publicKey), let key = try? IssuerPublicKey(raw: Array(raw)) else {
            throw ECertError.invalidSignedFile(path: path, reason: "signer.publicKey is not a Base64 Ed25519 public key")
        }
        return key
    }

    struct Signed: Codable {
        var format: String
        var version: Int
        var signer: SignerInfo
        var body: Body
    }

    /// `signed` without its body, read to route the check; `body` is read only after it.
    private struct Head: Decodable {
        var format: String
        var version: Int
        var signer: SignerInfo
        enum CodingKeys: String, CodingKey { case format, version, signer, body }
        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            format = try c.decode(String.self, forKey: .format)
            version = try c.decode(Int.self, forKey: .version)
            signer = try c.decode(SignerInfo.self, forKey: .signer)
            guard c.contains(.body) else {
                throw DecodingError.keyNotFound(CodingKeys.body, .init(codingPath: c.codingPath, debugDescription: "no body"))
            }
        }
    }
}

/// A body whose signature was checked against a trusted key. Only `SignedDocument.verified` and
/// `SignedDocument.sign` make one, so code that takes a `Verified` value cannot be handed facts
/// from an unchecked file.
public struct Verified<Body: SignedContent>: Sendable {
    public let body: Body
    public let signer: IssuerPublicKey
    /// The envelope as read or made; nil for a part taken out of a larger signed body (`map`).
    public let document: SignedDocument<Body>?

    fileprivate init(body: Body, signer: IssuerPublicKey, document: SignedDocument<Body>?) {
        self.body = body
        self.signer = signer
        self.document = document
    }

    /// A part of the verified body (e.g. a shard header's batch header), verified with it.
    public func map<Part: SignedContent>(_ part: (Body) -> Part) -> Verified<Part> {
        Verified<Part>(body: part(body), signer: signer, document: nil)
    }
}
