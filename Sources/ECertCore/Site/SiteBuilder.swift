import Foundation

/// `ecert site`: a static verification page. No participant list is published: only the trusted
/// keys, the signed revocation list, each batch's signed header (the page shows event facts only
/// from a header it verified) and each batch's public facts (event, issuer key, count, Merkle root).
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

    public static let files = ["index.html", "verify.js", VendoredTweetNaCl.fileName, "style.css", "keys.json", "revocations.json", "facts.json"]

    /// - Parameters:
    ///   - directories: batch folders (each with a signed manifest.json, checked with its own issuer key).
    ///   - extraKeys: further trusted keys (older or newer issuer keys).
    ///   - revocationsURL: the signed list to publish; default: the first `revocations.json` found in the folders.
    @discardableResult
    /// - Returns: counts for the summary line, and warnings (a verify_url that is not https).
    public static func build(directories: [URL], extraKeys: [IssuerPublicKey], revocationsURL: URL?, output: URL) throws -> (keys: Int, batches: Int, revoked: Int, warnings: [String]) {
        var keys: [IssuerPublicKey] = []
        var batches: [BatchFacts] = []
        var headers: [Data] = []
        var warnings: [String] = []
        for dir in directories {
            let url = dir.appendingPathComponent(Manifest.fileName)
            let manifest = try Manifest.load(from: url)
            let body = manifest.body
            guard let raw = Data(base64Encoded: body.issuer.publicKey), let key = try? IssuerPublicKey(raw: Array(raw)),
                  key.keyIDHex == body.issuer.keyID, manifest.isSigned(by: key) else {
                throw ECertError.invalidManifest(path: url.path, reason: "its signature does not verify with its issuer key; run `ecert verify` on the folder first")
            }
            keys.append(key)
            // LEAD: with manifest v3, append the raw bytes of its signed ecert-batch-header v2
            // document (`{"signed":{…},"signature":{…}}`) here instead; the page verifies both shapes.
            if let header = manifest.header { headers.append(Data(CanonicalJSON.encode(header))) }
            if let problem = Event.verifyURLProblem(body.event.verifyURL) {
                warnings.append("\(url.path): verify_url \"\(body.event.verifyURL)\" \(problem): phones that scan these QR codes would open the page insecurely "
                    + "(no WebCrypto, and the page can be altered in transit). Host the site over https:// (opening index.html from a file works offline, for testing only)")
            }
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
        // LEAD: a v2 revocation list (signed document) goes in as its raw file bytes too.
        let pageData = try pageDataJSON(keys: trust, revocations: list.map { Data(CanonicalJSON.encode($0)) }, headers: headers)
        try FileOutput.writeAtomically(Data(SiteAssets.indexHTML(embedding: pageData).utf8), to: output.appendingPathComponent("index.html"))
        try FileOutput.writeAtomically(Data(SiteAssets.javascript.utf8), to: output.appendingPathComponent("verify.js"))
        try FileOutput.writeAtomically(Data(VendoredTweetNaCl.source.utf8), to: output.appendingPathComponent(VendoredTweetNaCl.fileName))
        try FileOutput.writeAtomically(Data(SiteAssets.css.utf8), to: output.appendingPathComponent("style.css"))
        try FileOutput.writeAtomically(CanonicalJSON.pretty(trust), to: output.appendingPathComponent("keys.json"))
        try FileOutput.writeAtomically(CanonicalJSON.pretty(facts), to: output.appendingPathComponent("facts.json"))
        let listFile = output.appendingPathComponent(RevocationList.fileName)
        if let list {
            try FileOutput.writeAtomically(list.fileBytes, to: listFile)
        } else if fm.fileExists(atPath: listFile.path) {
            try fm.removeItem(at: listFile)
        }
        return (trust.keys.count, batches.count, list?.body.entries.count ?? 0, warnings)
    }

    /// The page data embedded in index.html, the one place it is assembled:
    /// `{"headers":[signed header…],"keys":trust list,"revocations":signed list or null}`.
    /// Signed documents go in as their own bytes (any JSON layout; the page re-canonicalises what
    /// it verifies), so this needs no knowledge of header or list versions.
    static func pageDataJSON(keys: TrustList, revocations: Data?, headers: [Data]) throws -> String {
        func document(_ data: Data, _ what: String) throws -> String {
            guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
                throw ECertError.invalidManifest(path: what, reason: "is not a JSON object, so it cannot be put on the page")
            }
            return String(decoding: data, as: UTF8.self)
        }
        let headerList = try headers.enumerated().map { try document($0.element, "batch header \($0.offset + 1)") }.joined(separator: ",")
        let list = try revocations.map { try document($0, "revocation list") } ?? "null"
        let json = "{\"headers\":[\(headerList)],\"keys\":\(String(decoding: CanonicalJSON.encode(keys), as: UTF8.self)),\"revocations\":\(list)}"
        return safeScriptJSON(Array(json.utf8))
    }

    /// JSON placed inside `<script type="application/json">`: `<` is written as `\u003c`, so no
    /// text (a name, a reason) can close the script element.
    static func safeScriptJSON(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }
}
