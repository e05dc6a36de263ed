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

    public static let files = ["index.html", "verify.js", VendoredTweetNaCl.fileName, "style.css", "keys.json", "revocations.json", "facts.json"]

    /// - Parameters:
    ///   - directories: batch folders (each with a signed manifest.json, checked with its own issuer key).
    ///   - extraKeys: further trusted keys (older or newer issuer keys).
    ///   - revocationsURL: the signed list to publish; default: the first `revocations.json` found in the folders.
    /// - Returns: counts for the summary line, and warnings (a verify_url that is not https).
    @discardableResult
    public static func build(directories: [URL], extraKeys: [IssuerPublicKey], revocationsURL: URL?, output: URL) throws -> (keys: Int, batches: Int, revoked: Int, warnings: [String]) {
        var keys: [IssuerPublicKey] = []
        var batches: [VerifiedBatch] = []
        for dir in directories {
            let url = dir.appendingPathComponent(Manifest.fileName)
            let manifest = try Manifest.load(from: url)
            // The organizer publishes its own batches: the key the manifest names is the one to trust.
            let batch = try manifest.verified(trusting: [try manifest.header.claimedSignerKey(path: url.path)] + extraKeys)
            if !keys.contains(batch.signer) { keys.append(batch.signer) }
            batches.append(batch)
        }
        keys += extraKeys.filter { !keys.contains($0) }
        guard !keys.isEmpty else {
            throw ECertError.invalidKey(path: "ecert site", reason: "no trusted key: give a batch folder or --pub issuer.pub")
        }
        let listURL = revocationsURL ?? directories.map { $0.appendingPathComponent(RevocationList.fileName) }
            .first { FileManager.default.fileExists(atPath: $0.path) }
        let list = try listURL.map { try VerifiedRevocations.read(at: $0, trusting: keys) }
        try prepareOutput(output)
        try writeFiles(keys: TrustList(keys: keys), batches: batches, list: list, output: output)
        return (keys.count, batches.count, list?.list.entries.count ?? 0, batches.compactMap(insecureURLWarning))
    }

    /// Phones that scan a QR code of an http:// verify_url would open the page insecurely.
    static func insecureURLWarning(_ batch: VerifiedBatch) -> String? {
        let url = batch.body.event.verifyURL
        guard let problem = Event.verifyURLProblem(url) else { return nil }
        return "batch \(batch.body.eventID): verify_url \"\(url)\" \(problem): phones that scan these QR codes would open the page insecurely "
            + "(no WebCrypto, and the page can be altered in transit). Host the site over https:// (opening index.html from a file works offline, for testing only)"
    }

    /// The page data embedded in index.html: the trusted keys, the signed revocation list as
    /// published, and each batch's signed header, which the page checks before showing any fact.
    static func pageData(keys: TrustList, batches: [VerifiedBatch], list: VerifiedRevocations?) throws -> JSONValue {
        .object([
            ("headers", .array(batches.compactMap { $0.header.document?.jsonValue })),
            ("keys", try JCS.value(of: keys)),
            ("revocations", list?.fileValue ?? .null),
        ])
    }

    static func writeFiles(keys trust: TrustList, batches: [VerifiedBatch], list: VerifiedRevocations?, output: URL) throws {
        let facts = Facts(batches: batches.map {
            BatchFacts(eventID: $0.body.eventID, event: $0.body.event.facts, issuerKeyID: $0.signer.keyIDHex,
                       certificates: $0.records.count, merkleRoot: $0.body.merkleRoot)
        })
        let data = try pageData(keys: trust, batches: batches, list: list)
        try FileOutput.writeAtomically(Data(SiteAssets.indexHTML(embedding: safeScriptJSON(JCS.serialize(data))).utf8), to: output.appendingPathComponent("index.html"))
        try FileOutput.writeAtomically(Data(SiteAssets.javascript.utf8), to: output.appendingPathComponent("verify.js"))
        try FileOutput.writeAtomically(Data(VendoredTweetNaCl.source.utf8), to: output.appendingPathComponent(VendoredTweetNaCl.fileName))
        try FileOutput.writeAtomically(Data(SiteAssets.css.utf8), to: output.appendingPathComponent("style.css"))
        try FileOutput.writeAtomically(try JCS.pretty(JCS.value(of: trust)), to: output.appendingPathComponent("keys.json"))
        try FileOutput.writeAtomically(try JCS.pretty(JCS.value(of: facts)), to: output.appendingPathComponent("facts.json"))
        let listFile = output.appendingPathComponent(RevocationList.fileName)
        if let list {
            try FileOutput.writeAtomically(try JCS.pretty(list.fileValue), to: listFile)
        } else if FileManager.default.fileExists(atPath: listFile.path) {
            try FileManager.default.removeItem(at: listFile)
        }
    }

    static func prepareOutput(_ output: URL) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: output.path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw ECertError.outputNotUsable(path: output.path, reason: "is a file; choose a folder for --out") }
            let foreign = try fm.contentsOfDirectory(atPath: output.path).filter { !$0.hasPrefix(".") && !files.contains($0) }
            guard foreign.isEmpty else {
                throw ECertError.outputNotUsable(path: output.path, reason: "holds other files (\(foreign.sorted().prefix(3).joined(separator: ", "))); choose a new or empty folder for --out")
            }
        } else {
            try FileOutput.makeFolder(output)
        }
    }

    /// JSON placed inside `<script type="application/json">`: `<` is written as `\u003c`, so no
    /// text (a name, a reason) can close the script element.
    static func safeScriptJSON(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }
}
