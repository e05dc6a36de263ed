import Crypto
import Foundation

/// Where each certificate can be downloaded: `BASE/c/<32 hex digits>.pdf`, the name an
/// HMAC-SHA256 of the event ID and serial under a 256-bit secret kept beside the issuer key
/// (`issuer.link-secret`). Without the secret nobody can guess another teacher's file from their
/// own, from a serial or from a name; with it every run gives the same names.
public struct DownloadLinks: Sendable {
    public static let folder = "c"
    let secret: [UInt8]
    public let baseURL: String
    public let eventID: String

    public init(secret: LinkSecret, baseURL: String, eventID: String) {
        self.secret = secret.bytes
        self.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        self.eventID = eventID
    }

    /// The default base: the verify_url's folder (`https://verify.example.org/v` → `…/v/`), where
    /// `ecert site` and `ecert publish` put their files.
    public static func defaultBase(verifyURL: String) -> String {
        verifyURL.hasSuffix("/") ? verifyURL : verifyURL + "/"
    }

    public func fileName(serial: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("ecert-download-v1\n\(eventID)\n\(serial)".utf8), using: SymmetricKey(data: secret))
        return Array(mac).prefix(16).hexString + ".pdf"
    }

    public func url(serial: String) -> String { baseURL + Self.folder + "/" + fileName(serial: serial) }

    /// The certificate's verification link as written in e-mails and links.csv: the verify_url as
    /// the organizer wrote it (the QR code's upper-case form is only for a smaller code).
    public static func verifyLink(verifyURL: String, payload: String) -> String { verifyURL + "#" + payload }
}

/// The 32 random bytes behind the download names, in a file beside the issuer key, created
/// like the key: O_EXCL, mode 0600 from the first byte.
public struct LinkSecret: Sendable {
    public let bytes: [UInt8]

    public static func url(besideKey key: URL) -> URL {
        key.pathExtension == "key" ? key.deletingPathExtension().appendingPathExtension("link-secret") : key.appendingPathExtension("link-secret")
    }

    /// Reads the secret beside `key`; with `create`, makes it first when there is none.
    public static func load(besideKey key: URL, create: Bool) throws -> (secret: LinkSecret, created: Bool) {
        let url = url(besideKey: key)
        if !FileManager.default.fileExists(atPath: url.path) {
            guard create else { throw ECertError.fileNotFound(path: url.path + " (made by `ecert publish`; the download links need it)") }
            var bytes = [UInt8](repeating: 0, count: 32)
            var generator = SystemRandomNumberGenerator()
            for k in bytes.indices { bytes[k] = generator.next() }
            try KeyFile.createExclusively(url, bytes: Array((Data(bytes).base64EncodedString() + "\n").utf8), mode: 0o600)
            return (LinkSecret(bytes: bytes), true)
        }
        let text = String(decoding: try BoundedFile.read(url, limit: 4096), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let data = Data(base64Encoded: text), data.count >= 16 else {
            throw ECertError.invalidKey(path: url.path, reason: "not a link secret (base64 of 32 random bytes); restore it from your backup — without it the published links change")
        }
        return (LinkSecret(bytes: Array(data)), false)
    }
}
