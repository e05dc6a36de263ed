import Foundation

/// `ecert site`: a static verification page. No participant list is published: only the trusted
/// keys, the signed revocation list and each batch's public facts (event, issuer key, count, Merkle root).
public enum SiteBuilder {
    /// One batch's public facts (`facts.json`, format "ecert-site-facts").
    public struct BatchFacts: Codable, Sendable, Equatable {
        public var eventID: String
        public var event: EventFacts
        public var issuerKeyID: String
        public var certificates: Int
        public var merkleRoot: String
    }

    public struct Facts: Codable, Sendable, Equatable {
        public var format = "ecert-site-facts"
        public var version = 1
        public var batches: [BatchFacts]
    }

    /// Everything the page needs, embedded in index.html so it works from file:// and offline.
    struct PageData: Codable {
        var keys: TrustList
        var revocations: RevocationList?
        var facts: Facts
    }

    public static let files = ["index.html", "verify.js", "style.css", "keys.json", "revocations.json", "facts.json"]

    /// - Parameters:
    ///   - directories: batch folders (each with a signed manifest.json, checked with its own issuer key).
    ///   - extraKeys: further trusted keys (older or newer issuer keys).
    ///   - revocationsURL: the signed list to publish; default: the first `revocations.json` found in the folders.
    @discardableResult
    public static func build(directories: [URL], extraKeys: [IssuerPublicKey], revocationsURL: URL?, output: URL) throws -> (keys: Int, batches: Int, revoked: Int) {
        var keys: [IssuerPublicKey] = []
        var batches: [BatchFacts] = []
        for dir in directories {
            let url = dir.appendingPathComponent(Manifest.fileName)
            let manifest = try Manifest.load(from: url)
            let body = manifest.body
            guard let raw = Data(base64Encoded: body.issuer.publicKey), let key = try? IssuerPublicKey(raw: Array(raw)),
                  key.keyIDHex == body.issuer.keyID, manifest.isSigned(by: key) else {
                throw ECertError.invalidManifest(path: url.path, reason: "its signature does not verify with its issuer key; run `ecert verify` on the folder first")
            }
            keys.append(key)
            batches.append(BatchFacts(eventID: body.eventID, event: body.event.facts, issuerKeyID: body.issuer.keyID,
                                      certificates: body.records.count, merkleRoot: body.merkleRoot))
        }
        keys += extraKeys
        guard !keys.isEmpty else {
            throw ECertError.invalidKey(path: "ecert site", reason: "no trusted key: give a batch folder or --pub issuer.pub")
        }
        let listURL = revocationsURL ?? directories.map { $0.appendingPathComponent(RevocationList.fileName) }
            .first { FileManager.default.fileExists(atPath: $0.path) }
        let list = try listURL.map { try RevocationList.load(from: $0).checked(path: $0.path, trustedKeys: keys) }

        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: output.path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw ECertError.outputNotUsable(path: output.path, reason: "is a file; choose a folder for --out") }
            let foreign = try fm.contentsOfDirectory(atPath: output.path).filter { !$0.hasPrefix(".") && !files.contains($0) }
            guard foreign.isEmpty else {
                throw ECertError.outputNotUsable(path: output.path, reason: "holds other files (\(foreign.sorted().prefix(3).joined(separator: ", "))); choose a new or empty folder for --out")
            }
        } else {
            do { try fm.createDirectory(at: output, withIntermediateDirectories: true) } catch {
                throw ECertError.outputNotUsable(path: output.path, reason: "cannot create the folder (\(error.localizedDescription))")
            }
        }
        let trust = TrustList(keys: keys)
        let facts = Facts(batches: batches)
        let data = PageData(keys: trust, revocations: list, facts: facts)
        try FileOutput.writeAtomically(Data(SiteAssets.indexHTML(embedding: safeScriptJSON(CanonicalJSON.encode(data))).utf8), to: output.appendingPathComponent("index.html"))
        try FileOutput.writeAtomically(Data(SiteAssets.javascript.utf8), to: output.appendingPathComponent("verify.js"))
        try FileOutput.writeAtomically(Data(SiteAssets.css.utf8), to: output.appendingPathComponent("style.css"))
        try FileOutput.writeAtomically(CanonicalJSON.pretty(trust), to: output.appendingPathComponent("keys.json"))
        try FileOutput.writeAtomically(CanonicalJSON.pretty(facts), to: output.appendingPathComponent("facts.json"))
        let listFile = output.appendingPathComponent(RevocationList.fileName)
        if let list {
            try FileOutput.writeAtomically(list.fileBytes, to: listFile)
        } else if fm.fileExists(atPath: listFile.path) {
            try fm.removeItem(at: listFile)
        }
        return (trust.keys.count, batches.count, list?.body.entries.count ?? 0)
    }

    /// JSON placed inside `<script type="application/json">`: `<` is written as `\u003c`, so no
    /// text (a name, a reason) can close the script element.
    static func safeScriptJSON(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }
}
