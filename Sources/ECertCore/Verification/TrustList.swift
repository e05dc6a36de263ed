import Foundation

/// The public keys a verifier trusts. Read from PEM files (one key, or several concatenated PEM
/// blocks) or from a JSON trust list (`keys.json`, format "ecert-trust-list"; see docs/FORMAT.md).
public struct TrustList: Codable, Sendable, Equatable {
    public static let format = "ecert-trust-list"
    public static let version = 1

    public struct Key: Codable, Sendable, Equatable {
        /// First 8 bytes of SHA-256 of the raw key, hex.
        public var keyID: String
        /// The raw 32-byte Ed25519 public key, Base64.
        public var publicKey: String
        /// Who holds the key, e.g. the issuer's name; informative only.
        public var label: String?

        public init(keyID: String, publicKey: String, label: String? = nil) {
            self.keyID = keyID
            self.publicKey = publicKey
            self.label = label
        }
    }

    public var format: String
    public var version: Int
    public var keys: [Key]

    public init(keys: [IssuerPublicKey], labels: [String: String] = [:]) {
        format = Self.format
        version = Self.version
        var seen = Set<String>()
        self.keys = keys.filter { seen.insert($0.keyIDHex).inserted }.map {
            Key(keyID: $0.keyIDHex, publicKey: Data($0.raw).base64EncodedString(), label: labels[$0.keyIDHex])
        }
    }

    /// Every key in a PEM file or a JSON trust list.
    public static func readKeys(at url: URL) throws -> [IssuerPublicKey] {
        let data = try BoundedFile.read(url, limit: 16 << 20)
        let trimmed = String(decoding: Array(data.prefix(64)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("{") else { return try KeyFile.readPublicKeys(at: url) }
        let list: TrustList
        do { list = try StrictJSON.decode(TrustList.self, from: StrictJSON.parse(data, path: url.path), path: url.path) } catch {
            throw ECertError.invalidKey(path: url.path, reason: "not an ecert trust list (\(error.localizedDescription))")
        }
        guard list.format == format, list.version == version else {
            throw ECertError.invalidKey(path: url.path, reason: "format \(list.format) version \(list.version) is not supported; expected \(format) version \(version)")
        }
        return try list.keys.map { entry in
            guard let raw = Data(base64Encoded: entry.publicKey) else {
                throw ECertError.invalidKey(path: url.path, reason: "key \(entry.keyID): publicKey is not Base64")
            }
            let key = try IssuerPublicKey(raw: Array(raw))
            guard key.keyIDHex == entry.keyID.lowercased() else {
                throw ECertError.invalidKey(path: url.path, reason: "key \(entry.keyID): the key ID does not match the key (it is \(key.keyIDHex))")
            }
            return key
        }
    }
}
