import ArgumentParser
import ECertCore
import ECertRender
import Foundation

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify certificates: a batch folder, a PDF, a photo/scan (PNG/JPEG), or a QR payload/URL.",
        discussion: """
            Each item gets a verdict: VALID, INVALID (reason), REVOKED (reason, replacement) or UNKNOWN KEY, \
            with the certificate's fields. A folder is checked against its signed manifest. A revocation list \
            is used from --revocations or from revocations.json beside the item. Exit code 0 only when every \
            item is valid.
            """)

    @Argument(help: "Batch folder, district bundle (ZIP or folder), PDF, PNG/JPEG photo or scan, or a payload (bare or as the QR's URL).")
    var items: [String] = []

    @OptionGroup var trust: TrustOptions
    var pub: [String] { trust.pub }

    @Option(help: "Signed manifest.json of the batch: a PDF's SHA-256 must match its record.")
    var manifest: String?

    @Option(help: "Signed revocation list (revocations.json); by default the one beside each item is used.")
    var revocations: String?

    @Flag(help: "Print the verdicts as JSON.")
    var json = false

    func validate() throws {
        guard !items.isEmpty else {
            throw ValidationError("give something to verify: a batch folder, a district bundle, a PDF, a photo or scan, or a payload, e.g. ecert verify out/batch --pub issuer.pub")
        }
        for item in items {
            try requireNonEmpty(item, "an item to verify", example: "a batch folder, a bundle, a PDF, an image or a payload")
        }
        try requireNonEmpty(manifest, "--manifest", example: "the batch's manifest.json, e.g. --manifest out/manifest.json")
        try requireNonEmpty(revocations, "--revocations", example: "a signed revocations.json, or leave it out to use the one beside each item")
    }

    func run() throws {
        do {
            let keys = try pub.flatMap { try TrustList.readKeys(at: URL(fileURLWithPath: $0)) }
            var explicitLists: [RevocationList] = []
            if let revocations {
                explicitLists.append(try RevocationList.load(from: URL(fileURLWithPath: revocations)).checked(path: revocations, trustedKeys: keys))
            }
            var manifests: [Manifest] = []
            if let manifest {
                let loaded = try Manifest.load(from: URL(fileURLWithPath: manifest))
                guard let signer = keys.first(where: { $0.keyIDHex == loaded.body.issuer.keyID }), loaded.isSigned(by: signer) else {
                    throw ECertError.invalidManifest(path: manifest, reason: "its signature does not verify with the trusted keys; it cannot be used to check PDFs")
                }
                manifests.append(loaded)
                if revocations == nil, let beside = try besideList(URL(fileURLWithPath: manifest).deletingLastPathComponent(), keys: keys) {
                    explicitLists.append(beside)
                }
            }

            var outputs: [ItemOutput] = []
            for item in items {
                outputs.append(try verify(item, keys: keys, lists: explicitLists, manifests: manifests))
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                let report = JSONReport(allValid: outputs.allSatisfy(\.isValid), items: outputs)
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                for output in outputs { output.printText(single: outputs.count == 1) }
            }
            if !outputs.allSatisfy(\.isValid) { throw ExitCode.failure }
        } catch {
            throw fail(error)
        }
    }

    private func besideList(_ dir: URL, keys: [IssuerPublicKey]) throws -> RevocationList? {
        let url = dir.appendingPathComponent(RevocationList.fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try RevocationList.load(from: url).checked(path: url.path, trustedKeys: keys)
    }

    private func verify(_ item: String, keys: [IssuerPublicKey], lists: [RevocationList], manifests: [Manifest]) throws -> ItemOutput {
        let url = URL(fileURLWithPath: item)
        var isDir: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir)
        if exists, BundleArchive.isBundle(url) {
            return .bundle(try BundleVerdict(url: url, keys: keys, lists: lists))
        }
        if exists, isDir.boolValue {
            let lists = revocations == nil ? (try besideList(url, keys: keys)).map { [$0] } ?? [] : lists
            return .folder(try FolderVerdict(directory: url, keys: keys, lists: lists))
        }
        let ext = url.pathExtension.lowercased()
        guard exists, ["pdf", "png", "jpg", "jpeg"].contains(ext) else {
            if exists {
                return .certificate(CertificateVerifier.unreadable(item: item, reason: "\(item) is not a PDF, PNG or JPEG file"))
            }
            return .certificate(CertificateVerifier(trustedKeys: keys, revocations: lists, manifests: manifests).verify(text: item, item: "payload"))
        }
        let lists = revocations == nil && manifest == nil ? (try besideList(url.deletingLastPathComponent(), keys: keys)).map { [$0] } ?? [] : lists
        // Event facts from the batch the file sits in, to show the title, place and issuer.
        var events: [String: EventFacts] = [:]
        if let local = try? Manifest.load(from: url.deletingLastPathComponent().appendingPathComponent(Manifest.fileName)) {
            events[local.body.eventID] = local.body.event.facts
        }
        let verifier = CertificateVerifier(trustedKeys: keys, revocations: lists, events: events, manifests: manifests)
        let texts: [String]
        do {
            texts = ext == "pdf" ? try QRReader.texts(inPDFAt: url) : try QRReader.texts(inImageAt: url)
        } catch {
            return .certificate(CertificateVerifier.unreadable(item: item, reason: error.localizedDescription))
        }
        guard let text = texts.first else {
            return .certificate(CertificateVerifier.unreadable(item: item, reason: "no QR code found (scan it straight and in focus, at 150 dpi or more)", code: .noQRCode))
        }
        let sha = ext == "pdf" ? try Digest256.sha256Hex(fileAt: url) : nil
        return .certificate(verifier.verify(text: text, item: item, pdfSHA256: sha))
    }
}

/// A batch folder's result: the manifest checks plus the revoked serials.
struct FolderVerdict: Encodable {
    var item: String
    var status: String
    var certificates: Int
    var merkleRoot: String
    var findings: [String]
    var revoked: [RevocationEntry]

    init(directory: URL, keys: [IssuerPublicKey], lists: [RevocationList]) throws {
        let report = try BatchVerifier.verify(directory: directory, trustedKeys: keys)
        let serials = Set(report.serials)
        item = directory.path
        certificates = report.certificates
        merkleRoot = report.merkleRoot
        findings = report.findings.map(\.description)
        revoked = lists.flatMap(\.body.entries).filter { serials.contains($0.serial) }
        status = !findings.isEmpty ? "INVALID" : revoked.isEmpty ? "VALID" : "REVOKED"
    }
}

enum ItemOutput: Encodable {
    case certificate(CertificateVerdict)
    case folder(FolderVerdict)
    case bundle(BundleVerdict)

    var isValid: Bool {
        switch self {
        case .certificate(let v): return v.isValid
        case .folder(let f): return f.status == "VALID"
        case .bundle(let b): return b.status == "VALID"
        }
    }

    func encode(to encoder: Encoder) throws {
        switch self {
        case .certificate(let v): try v.encode(to: encoder)
        case .folder(let f): try f.encode(to: encoder)
        case .bundle(let b): try b.encode(to: encoder)
        }
    }

    func printText(single: Bool) {
        switch self {
        case .bundle(let b):
            b.printText()
        case .folder(let f):
            for finding in f.findings { print(finding) }
            for entry in f.revoked {
                print("REVOKED   \(entry.serial) at \(entry.revokedAt): \(entry.reason)\(entry.replacedBy.map { ", replaced by \($0)" } ?? "")")
            }
            if f.status == "VALID" {
                print("VALID: \(f.certificates) certificates in \(f.item); manifest signature, Merkle root \(f.merkleRoot.prefix(16))… and every PDF check out.")
            } else if f.findings.isEmpty {
                print("REVOKED: \(f.revoked.count) of \(f.certificates) certificates in \(f.item) are revoked; the rest check out.")
            } else {
                print("INVALID: \(f.findings.count) problem(s) in \(f.item).")
            }
        case .certificate(let v):
            print("\(v.summary)  \(v.item)")
            if let c = v.certificate {
                let unconfirmed = v.status == .valid || v.status == .revoked ? "" : " (unconfirmed)"
                print("  serial:   \(c.serial)\(unconfirmed)")
                print("  name:     \(c.name)")
                print("  date:     \(c.date)")
                if let e = c.event {
                    print("  event:    \(e.title)")
                    print("  place:    \(e.place)")
                    print("  issuer:   \(e.issuer)")
                }
                print("  event ID: \(c.eventID)")
                print("  key ID:   \(c.keyID)")
                if let at = v.revokedAt { print("  revoked:  \(at)") }
            }
        }
    }
}

struct JSONReport: Encodable {
    var allValid: Bool
    var items: [ItemOutput]
}
