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

    @Option(name: .customLong("pdf-trust"), help: "PEM certificates trusted as roots for a PDF's PAdES signature (e.g. the office CA); without it only the signature's integrity is checked.")
    var pdfTrust: String?

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
        try requireNonEmpty(pdfTrust, "--pdf-trust", example: "the CA certificate (PEM) the PDF signatures must chain to, e.g. --pdf-trust ca.pem")
    }

    func run() throws {
        do {
            let keys = try pub.flatMap { try TrustList.readKeys(at: URL(fileURLWithPath: $0)) }
            var context = VerifyContext(keys: keys, history: RevocationHistory.standard())
            if let revocations {
                context.explicitLists.append(try context.list(at: URL(fileURLWithPath: revocations)))
            }
            if let manifest {
                let url = URL(fileURLWithPath: manifest)
                context.explicitBatches.append(try Manifest.verified(at: url, trusting: keys).withAmendments(from: url.deletingLastPathComponent()))
                if revocations == nil, let beside = try context.besideList(url.deletingLastPathComponent()) {
                    context.explicitLists.append(beside)
                }
            }
            var outputs: [ItemOutput] = []
            for item in items {
                outputs.append(try verify(item, context: &context))
            }
            context.history.save()
            for warning in context.warnings { printError(warning) }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                let report = JSONReport(allValid: outputs.allSatisfy(\.isValid), warnings: context.warnings, items: outputs)
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                for output in outputs { output.printText(single: outputs.count == 1) }
            }
            if !outputs.allSatisfy(\.isValid) { throw ExitCode.failure }
        } catch {
            throw fail(error)
        }
    }

    private func verify(_ item: String, context: inout VerifyContext) throws -> ItemOutput {
        let url = URL(fileURLWithPath: item)
        var isDir: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir)
        if exists, BundleArchive.isBundle(url) {
            let lists = revocations == nil ? [] : context.explicitLists
            return .bundle(try BundleVerdict(url: url, keys: context.keys, lists: lists))
        }
        if exists, isDir.boolValue {
            let lists = revocations == nil ? (try context.besideList(url)).map { [$0] } ?? [] : context.explicitLists
            return .folder(FolderVerdict(directory: url, keys: context.keys, lists: lists))
        }
        let ext = url.pathExtension.lowercased()
        guard exists, ["pdf", "png", "jpg", "jpeg"].contains(ext) else {
            if exists {
                return .certificate(CertificateVerifier.unreadable(item: item, reason: "\(item) is not a PDF, PNG or JPEG file"))
            }
            // A missing file is not a payload: say so instead of "not Base32 text".
            if !item.contains("#"), item.contains("/") || ["pdf", "png", "jpg", "jpeg", "zip", "json"].contains(ext) {
                return .certificate(CertificateVerifier.unreadable(item: item, reason: "\(item): file or folder not found; check the path (a payload or QR URL is given as text)"))
            }
            let verifier = CertificateVerifier(trustedKeys: context.keys, revocations: context.explicitLists, batches: context.explicitBatches)
            return .certificate(verifier.verify(text: item, item: "payload"))
        }
        return .certificate(try verifyFile(url, item: item, ext: ext, context: &context))
    }

    /// A PDF or image: its QR code, checked against the batch it sits in when that batch's
    /// manifest verifies; a manifest that does not verify is not used, and the verdict says so.
    private func verifyFile(_ url: URL, item: String, ext: String, context: inout VerifyContext) throws -> CertificateVerdict {
        let dir = url.deletingLastPathComponent()
        var batches = context.explicitBatches
        var notes: [String] = []
        if manifest == nil, let beside = context.besideBatch(dir) {
            switch beside {
            case .success(let batch): batches = [batch]
            case .failure(let error): notes.append("the manifest.json beside it was not used: \(error.localizedDescription)")
            }
        }
        let lists = revocations == nil && manifest == nil ? (try context.besideList(dir)).map { [$0] } ?? [] : context.explicitLists
        let texts: [String]
        do {
            texts = ext == "pdf" ? try QRReader.texts(inPDFAt: url) : try QRReader.texts(inImageAt: url)
        } catch {
            return CertificateVerifier.unreadable(item: item, reason: error.localizedDescription)
        }
        guard let text = texts.first else {
            return CertificateVerifier.unreadable(item: item, reason: "no QR code found (scan it straight and in focus, at 150 dpi or more)", code: .noQRCode)
        }
        let sha = ext == "pdf" && !batches.isEmpty ? try Digest256.sha256Hex(fileAt: url) : nil
        var verdict = CertificateVerifier(trustedKeys: context.keys, revocations: lists, batches: batches).verify(text: text, item: item, pdfSHA256: sha)
        verdict.notes = notes + verdict.notes
        if ext == "pdf" { verdict.pdfSignatures = try pdfSignatures(url) }
        return verdict
    }

    /// The PAdES signatures of a PDF, checked against --pdf-trust when given; nil when it has none.
    private func pdfSignatures(_ url: URL) throws -> [PDFSignatureReport]? {
        let bytes = try BoundedFile.read(url, limit: 1 << 30)
        let found = PDFSignatureLocator.signatures(in: bytes)
        guard !found.isEmpty else { return nil }
        let roots = try pdfTrust.map { try PAdESVerifier.readTrustRoots(at: URL(fileURLWithPath: $0)) }
        return found.map { PAdESVerifier.check($0, file: bytes, trustRoots: roots) }
    }
}

/// What `verify` has read so far: trusted keys, lists and batches given explicitly, lists found
/// beside items, and warnings about revocation lists older than ones seen before.
struct VerifyContext {
    var keys: [IssuerPublicKey]
    var history: RevocationHistory
    var explicitLists: [VerifiedRevocations] = []
    var explicitBatches: [VerifiedBatch] = []
    var warnings: [String] = []
    /// Manifests beside the items, verified once per folder however many PDFs sit in it.
    var besideBatches: [String: Result<VerifiedBatch, Error>] = [:]

    init(keys: [IssuerPublicKey], history: RevocationHistory) {
        self.keys = keys
        self.history = history
    }

    mutating func list(at url: URL) throws -> VerifiedRevocations {
        let list = try VerifiedRevocations.read(at: url, trusting: keys)
        if let warning = history.note(list), !warnings.contains(warning) { warnings.append(warning) }
        return list
    }

    /// The verified batch of `dir` (with its amendments), its failure, or nil when it has no manifest.
    mutating func besideBatch(_ dir: URL) -> Result<VerifiedBatch, Error>? {
        let url = dir.appendingPathComponent(Manifest.fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        if let known = besideBatches[dir.path] { return known }
        let result = Result { try Manifest.verified(at: url, trusting: keys).withAmendments(from: dir) }
        besideBatches[dir.path] = result
        return result
    }

    mutating func besideList(_ dir: URL) throws -> VerifiedRevocations? {
        let url = dir.appendingPathComponent(RevocationList.fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try list(at: url)
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
    /// Version-2 events: certificates per role and total hours (JP), from the signed header.
    var roles: [String: Int]?
    var hours: Int?

    init(directory: URL, keys: [IssuerPublicKey], lists: [VerifiedRevocations]) {
        let report = BatchVerifier.verify(directory: directory, trustedKeys: keys)
        item = directory.path
        certificates = report.certificates
        merkleRoot = report.merkleRoot
        findings = report.findings.map(\.description)
        if let batch = report.batch {
            (roles, hours) = (batch.header.body.counts.roles, batch.header.body.counts.hours)
            revoked = lists.flatMap { $0.entries(eventID: batch.header.body.eventID, key: batch.header.signer) }.filter { batch.contains(serial: $0.serial) }
        } else {
            revoked = []
        }
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
            if let roles = f.roles {
                print("Roles: " + roles.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "; \(f.hours ?? 0) JP awarded in total")
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
                print("  date:     \(c.dates.map { "\($0) (\(c.date) to \(c.lastDate ?? c.date))" } ?? c.date)")
                if let hours = c.hours { print("  hours:    \(hours) JP") }
                if let role = c.role { print("  role:     \(role)") }
                if let activity = c.activity, !activity.isEmpty { print("  activity: \(activity)") }
                if let e = c.event {
                    print("  event:    \(e.title)")
                    print("  place:    \(e.place)")
                    print("  issuer:   \(e.issuer)")
                    if let mode = e.mode { print("  mode:     \(mode)") }
                    if let program = e.programSHA256 { print("  program:  SHA-256 \(program.prefix(16))… (Struktur Program page)") }
                } else {
                    print("  event:    (not confirmed)")
                }
                print("  event ID: \(c.eventID)")
                print("  key ID:   \(c.keyID)")
                if let at = v.revokedAt { print("  revoked:  \(at)") }
            }
            for note in v.notes { print("  note:     \(note)") }
            for signature in v.pdfSignatures ?? [] { signature.printText() }
        }
    }
}

struct JSONReport: Encodable {
    var allValid: Bool
    var warnings: [String]
    var items: [ItemOutput]
}

extension PDFSignatureReport {
    func printText() {
        let trust = trusted.map { $0 ? ", chain trusted (--pdf-trust)" : ", chain NOT trusted" } ?? ", chain not checked (give --pdf-trust CA.pem)"
        print("  PDF signature: \(isValid ? "VALID" : "INVALID") (PAdES \(subFilter ?? "?"))\(intact ? ", signed bytes intact" : "")\(trust)")
        if let signer { print("    signer:  \(signer)") }
        for problem in problems { print("    problem: \(problem)") }
    }
}
