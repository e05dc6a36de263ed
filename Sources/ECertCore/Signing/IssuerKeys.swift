import Crypto
import Foundation

/// An Ed25519 public key as ecert identifies it: the key ID is the first 8 bytes of SHA-256 of
/// the raw 32-byte key, so a verifier holding several trusted keys can pick the right one.
public struct IssuerPublicKey: Sendable, Hashable {
    public let raw: [UInt8]

    public init(raw: [UInt8]) throws {
        guard raw.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil else {
            throw ECertError.invalidKey(path: "public key", reason: "an Ed25519 public key has 32 bytes, got \(raw.count)")
        }
        self.raw = raw
    }

    /// The public half of a swift-crypto key, which is always a valid 32-byte key.
    init(_ key: Curve25519.Signing.PublicKey) {
        raw = Array(key.rawRepresentation)
    }

    public var keyID: [UInt8] { Array(Digest256.sha256(raw).prefix(8)) }
    public var keyIDHex: String { keyID.hexString }

    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}

/// The organizer's signing key. Ed25519 signing in swift-crypto on Linux (BoringSSL) is
/// deterministic (RFC 8032), which is what makes re-runs byte-identical.
// @unchecked: the wrapped key is an immutable value; swift-crypto just does not declare it Sendable.
public struct IssuerPrivateKey: @unchecked Sendable {
    private let key: Curve25519.Signing.PrivateKey

    public init() { key = Curve25519.Signing.PrivateKey() }

    public init(raw: [UInt8]) throws {
        key = try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }

    public var publicKey: IssuerPublicKey {
        IssuerPublicKey(key.publicKey)
    }

    public var raw: [UInt8] { Array(key.rawRepresentation) }

    public func signature(for message: [UInt8]) throws -> [UInt8] {
        Array(try key.signature(for: message))
    }
}

/// Key files are standard PEM (PKCS#8 private, SubjectPublicKeyInfo public), so `openssl pkey`
/// can read them and anyone can check a signature with tools they already trust.
public enum KeyFile {
    // DER prefixes of the fixed-size Ed25519 PKCS#8 and SPKI structures (RFC 8410).
    static let pkcs8Prefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
    static let spkiPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    public static func privatePEM(_ key: IssuerPrivateKey) -> String {
        pem(label: "PRIVATE KEY", der: pkcs8Prefix + key.raw)
    }

    public static func publicPEM(_ key: IssuerPublicKey) -> String {
        pem(label: "PUBLIC KEY", der: spkiPrefix + key.raw)
    }

    /// Reads a private key; when its public half sits beside it (`issuer.pub`), the two must
    /// match — one changed character in a key file is another valid key, which would sign a batch
    /// no verifier trusts.
    public static func readPrivateKey(at url: URL) throws -> IssuerPrivateKey {
        let der = try readDER(at: url, label: "PRIVATE KEY", kind: "private key (made by `ecert keygen`)")
        guard der.count == pkcs8Prefix.count + 32, Array(der.prefix(pkcs8Prefix.count)) == pkcs8Prefix else {
            throw ECertError.invalidKey(path: url.path, reason: "not an Ed25519 private key (PKCS#8); make one with `ecert keygen`")
        }
        let key = try IssuerPrivateKey(raw: Array(der.suffix(32)))
        let pubURL = publicKeyURL(for: url)
        if FileManager.default.fileExists(atPath: pubURL.path), let beside = try? readPublicKeys(at: pubURL), beside.count == 1,
           beside[0] != key.publicKey {
            throw ECertError.invalidKey(path: url.path, reason: "does not match \(pubURL.lastPathComponent) beside it (key \(key.publicKey.keyIDHex), the public key says \(beside[0].keyIDHex)): the key file was changed or belongs to another pair. Restore it from your backup")
        }
        return key
    }

    /// A warning when others than the owner may read the private key file.
    public static func exposureWarning(at url: URL) -> String? {
        guard let mode = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.posixPermissions] as? Int, mode & 0o077 != 0 else { return nil }
        return "warning: \(url.path) can be read by other users (mode \(String(mode & 0o777, radix: 8))); anyone who copies it can sign certificates in your name. Run: chmod 600 \(url.path)"
    }

    /// Reads every public key in a file: one PEM key (`issuer.pub`) or a trust list with several.
    public static func readPublicKeys(at url: URL) throws -> [IssuerPublicKey] {
        let text = try readText(at: url)
        let blocks = pemBlocks(in: text, label: "PUBLIC KEY")
        guard !blocks.isEmpty else {
            throw ECertError.invalidKey(path: url.path, reason: "no \"-----BEGIN PUBLIC KEY-----\" block; pass the .pub file written by `ecert keygen`")
        }
        return try blocks.map { der in
            guard der.count == spkiPrefix.count + 32, Array(der.prefix(spkiPrefix.count)) == spkiPrefix else {
                throw ECertError.invalidKey(path: url.path, reason: "not an Ed25519 public key")
            }
            return try IssuerPublicKey(raw: Array(der.suffix(32)))
        }
    }

    /// Writes a new key pair: the private key with mode 0600, never over an existing file.
    public static func writeNewKeyPair(_ key: IssuerPrivateKey, privateURL: URL) throws -> URL {
        let publicURL = publicKeyURL(for: privateURL)
        let fm = FileManager.default
        for url in [privateURL, publicURL] where fm.fileExists(atPath: url.path) {
            throw ECertError.keyExists(path: url.path)
        }
        // O_EXCL with mode 0600 from the first byte: the secret is never readable by others, not even
        // for a moment, and a file that appeared meanwhile is never overwritten.
        try createExclusively(privateURL, bytes: Array(privatePEM(key).utf8), mode: 0o600)
        try createExclusively(publicURL, bytes: Array(publicPEM(key.publicKey).utf8), mode: 0o644)
        return publicURL
    }

    static func createExclusively(_ url: URL, bytes: [UInt8], mode: mode_t) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else {
            if errno == EEXIST { throw ECertError.keyExists(path: url.path) }
            throw ECertError.outputNotUsable(path: url.path, reason: "cannot create the key file (\(String(cString: strerror(errno))))")
        }
        let failure = bytes.withUnsafeBytes { FileOutput.writeAll($0, to: fd) }
        let closed = close(fd)
        guard failure == 0, closed == 0 else {
            unlink(url.path)
            throw ECertError.outputNotUsable(path: url.path, reason: "cannot write the key file (\(String(cString: strerror(failure != 0 ? failure : errno))))")
        }
    }

    public static func publicKeyURL(for privateURL: URL) -> URL {
        privateURL.pathExtension == "key"
            ? privateURL.deletingPathExtension().appendingPathExtension("pub")
            : privateURL.appendingPathExtension("pub")
    }

    private static func pem(label: String, der: [UInt8]) -> String {
        "-----BEGIN \(label)-----\n\(Data(der).base64EncodedString())\n-----END \(label)-----\n"
    }

    private static func readText(at url: URL) throws -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ECertError.fileNotFound(path: url.path)
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func readDER(at url: URL, label: String, kind: String) throws -> [UInt8] {
        guard let der = pemBlocks(in: try readText(at: url), label: label).first else {
            throw ECertError.invalidKey(path: url.path, reason: "no \"-----BEGIN \(label)-----\" block; expected a \(kind)")
        }
        return der
    }

    private static func pemBlocks(in text: String, label: String) -> [[UInt8]] {
        var blocks: [[UInt8]] = []
        var body: String?
        for line in text.split(whereSeparator: \.isNewline).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line == "-----BEGIN \(label)-----" {
                body = ""
            } else if line == "-----END \(label)-----", let b = body {
                if let data = Data(base64Encoded: b) { blocks.append(Array(data)) }
                body = nil
            } else if body != nil {
                body! += line
            }
        }
        return blocks
    }
}
