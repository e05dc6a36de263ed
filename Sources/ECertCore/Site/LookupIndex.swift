import Crypto
import _CryptoExtras
import Foundation

/// The optional self-service lookup of `ecert publish --lookup` (docs/DELIVERY.md): a teacher types
/// e-mail and NUPTK/NIP on SITE/lookup.html and gets the download link, without the site holding
/// either in clear. Per certificate and ID, with k = PBKDF2-HMAC-SHA256(email + "\n" + ID, salt,
/// iterations, 32 bytes):
///
///     entry key  = hex(SHA-256("ecert-lookup-index\n" || k)[0..16])
///     entry data = AES-256-GCM(key = SHA-256("ecert-lookup-key\n" || k), nonce = 12 zero bytes,
///                              JCS {"file": "c/NAME.pdf", "serial": …})
///
/// Each key encrypts exactly one message, so the fixed nonce is safe; the salt is an HMAC of the
/// event ID under the link secret, so the file is the same on every run and differs per site.
public enum LookupIndex {
    public static let format = "ecert-lookup-index"
    public static let folder = "lookup"
    public static let defaultIterations = 30_000

    /// `alice@x.id ` → `alice@x.id`; `1234 5678-90` → `1234567890` (the page does the same).
    static func normalized(email: String) -> String { email.trimmingCharacters(in: .whitespaces).lowercased() }
    static func normalized(id: String) -> String {
        String(id.unicodeScalars.filter { $0.isASCII && CharacterSet.alphanumerics.contains($0) }.map(Character.init)).uppercased()
    }

    /// The IDs a teacher may type: the list's ID and its NUPTK, NIP and NIK columns.
    static func ids(_ record: ManifestRecord) -> [String] {
        let keys = Set(["nuptk", "nip", "nik"])
        let values = [record.participantID] + record.columns.sorted { $0.key < $1.key }.filter { keys.contains(ColumnMapping.normalizedHeader($0.key)) }.map(\.value)
        var seen = Set<String>()
        return values.map(normalized(id:)).filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    public static func salt(secret: LinkSecret, eventID: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array("ecert-lookup-salt\n\(eventID)".utf8), using: SymmetricKey(data: secret.bytes))).prefix(16).map { $0 }
    }

    /// Writes SITE/lookup/EVENTID.json, SITE/lookup/events.json and the page; returns the entries written.
    @discardableResult
    public static func write(batch: DeliveryBatch, links: DownloadLinks, secret: LinkSecret, iterations: Int, site: URL) throws -> Int {
        let salt = salt(secret: secret, eventID: batch.body.eventID)
        let work = batch.records.filter { batch.problems[$0.serial] == nil }.flatMap { record -> [(String, String, String)] in
            guard let email = EmailAddress(Contact(record: record).email) else { return [] }
            return ids(record).map { (normalized(email: email.text) + "\n" + $0, record.serial, links.fileName(serial: record.serial)) }
        }
        let sealed = try ParallelMap.map(work) { secretText, serial, file in
            Result { try entry(secret: secretText, salt: salt, iterations: iterations, serial: serial, file: file) }
        }.map { try $0.get() }
        let entries = JSONValue.object(Dictionary(sealed, uniquingKeysWith: { a, _ in a }).sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })
        let index = JSONValue.object([("entries", entries), ("eventID", .string(batch.body.eventID)), ("format", .string(format)),
                                      ("iterations", .number(Double(iterations))), ("salt", .string(Data(salt).base64EncodedString())), ("version", .number(1))])
        let folderURL = site.appendingPathComponent(folder)
        try FileOutput.makeFolder(folderURL)
        try FileOutput.writeAtomically(JCS.serialize(index), to: folderURL.appendingPathComponent("\(batch.body.eventID).json"))
        let files = try FileManager.default.contentsOfDirectory(atPath: folderURL.path).filter { $0.hasSuffix(".json") && $0 != "events.json" && !$0.hasPrefix(".") }.sorted()
        try FileOutput.writeAtomically(JCS.serialize(.object([("files", .array(files.map(JSONValue.string)))])), to: folderURL.appendingPathComponent("events.json"))
        try FileOutput.writeAtomically(Array(LookupAssets.html.utf8), to: site.appendingPathComponent("lookup.html"))
        try FileOutput.writeAtomically(Array(LookupAssets.javascript.utf8), to: site.appendingPathComponent("lookup.js"))
        return sealed.count
    }

    static func entry(secret text: String, salt: [UInt8], iterations: Int, serial: String, file: String) throws -> (key: String, value: String) {
        let k = try KDF.Insecure.PBKDF2.deriveKey(from: Array(text.utf8), salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: iterations)
        let bits = k.withUnsafeBytes { Array($0) }
        let key = Digest256.sha256(Array("ecert-lookup-index\n".utf8) + bits).prefix(16).map { $0 }.hexString
        let aes = SymmetricKey(data: Digest256.sha256(Array("ecert-lookup-key\n".utf8) + bits))
        let plain = JCS.serialize(.object([("file", .string(DownloadLinks.folder + "/" + file)), ("serial", .string(serial))]))
        let box = try AES.GCM.seal(plain, using: aes, nonce: try AES.GCM.Nonce(data: [UInt8](repeating: 0, count: 12)))
        return (key, Data(box.ciphertext + box.tag).base64EncodedString())
    }
}
