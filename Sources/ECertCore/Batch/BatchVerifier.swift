import Foundation

/// The outcome of checking a batch folder against its manifest.
public struct BatchReport: Sendable {
    public enum Finding: Sendable, Equatable, CustomStringConvertible {
        case badSignature
        case wrongKey(manifestKeyID: String, trusted: [String])
        case merkleRootMismatch(expected: String, computed: String)
        case countMismatch(String)
        case missing(file: String)
        case modified(file: String)
        case unlisted(file: String)
        case badPayload(serial: String, reason: String)
        case badHeader(String)
        case badAmendments(String)

        public var description: String {
            switch self {
            case .badSignature: return "manifest signature does not verify: manifest.json was changed after signing"
            case .wrongKey(let id, let trusted):
                return "manifest was signed by key \(id), which is not among the trusted keys (\(trusted.joined(separator: ", ")))"
            case .merkleRootMismatch(let expected, let computed): return "Merkle root is \(expected) but the records give \(computed)"
            case .countMismatch(let text): return "counts do not add up: \(text)"
            case .missing(let file): return "MISSING   \(file)"
            case .modified(let file): return "MODIFIED  \(file) (SHA-256 differs from the manifest)"
            case .unlisted(let file): return "UNLISTED  \(file) (not in the manifest)"
            case .badPayload(let serial, let reason): return "PAYLOAD   \(serial): \(reason)"
            case .badHeader(let reason): return "batch header (used by district bundles) \(reason)"
            case .badAmendments(let reason): return "amendments.json: \(reason)"
            }
        }
    }

    public var directory: String
    public var certificates: Int
    public var merkleRoot: String
    public var findings: [Finding]
    /// Serials of the manifest's records, so callers need not read the manifest again.
    public var serials: [String] = []
    public var isValid: Bool { findings.isEmpty }
}

/// Checks a batch folder: manifest signature and signer, Merkle root, counts, every PDF's SHA-256,
/// every record's QR payload, and files that are not listed.
public enum BatchVerifier {
    public static func verify(directory: URL, trustedKeys: [IssuerPublicKey]) throws -> BatchReport {
        let manifest = try Manifest.load(from: directory.appendingPathComponent(Manifest.fileName))
        let body = manifest.body
        var findings: [BatchReport.Finding] = []

        let signer = trustedKeys.first { $0.keyIDHex == body.issuer.keyID }
        let computedRoot: String
        if let signer {
            let (signed, root) = manifest.signatureAndMerkleRoot(key: signer)
            computedRoot = root
            if !signed { findings.append(.badSignature) }
            if Data(signer.raw).base64EncodedString() != body.issuer.publicKey { findings.append(.badSignature) }
        } else {
            computedRoot = Manifest.merkleRoot(of: body.records)
            findings.append(.wrongKey(manifestKeyID: body.issuer.keyID, trusted: trustedKeys.map(\.keyIDHex)))
        }

        if let header = manifest.header {
            if header.header != BatchHeader(body: body) {
                findings.append(.badHeader("does not match the manifest body"))
            } else if let signer, !header.isSigned(by: signer) {
                findings.append(.badHeader("signature does not verify"))
            }
        }

        if computedRoot != body.merkleRoot { findings.append(.merkleRootMismatch(expected: body.merkleRoot, computed: computedRoot)) }
        let counts = body.counts
        if counts.issued != body.records.count {
            findings.append(.countMismatch("issued \(counts.issued) but \(body.records.count) records"))
        }
        if counts.rowsRead != counts.valid + counts.rejected {
            findings.append(.countMismatch("rows read \(counts.rowsRead) ≠ valid \(counts.valid) + rejected \(counts.rejected)"))
        }

        // Certificates issued later by `ecert correct` are listed in the signed amendment record.
        var amended: [ManifestRecord] = []
        do {
            if let log = try AmendmentLog.load(besideManifestIn: directory) {
                let problems = log.problems(manifest: manifest, key: signer)
                findings += problems.map { .badAmendments($0) }
                if problems.isEmpty { amended = log.issuedRecords }
            }
        } catch {
            findings.append(.badAmendments(error.localizedDescription))
        }

        findings += checkFiles(directory: directory, records: body.records + amended, rejected: body.rejected)
        if let signer {
            findings += checkPayloads(records: body.records + amended, key: signer, eventID: body.eventID)
        }
        return BatchReport(directory: directory.path, certificates: body.records.count, merkleRoot: body.merkleRoot, findings: findings,
                           serials: body.records.map(\.serial))
    }

    static func checkFiles(directory: URL, records: [ManifestRecord], rejected: Manifest.RejectedInfo? = nil) -> [BatchReport.Finding] {
        var findings: [BatchReport.Finding] = []
        var listed = Set(records.map(\.file))
        if let rejected {
            listed.insert(rejected.file)
            let url = directory.appendingPathComponent(rejected.file)
            if !FileManager.default.fileExists(atPath: url.path) {
                findings.append(.missing(file: rejected.file))
            } else if (try? Digest256.sha256Hex(fileAt: url)) != rejected.sha256 {
                findings.append(.modified(file: rejected.file))
            }
        }
        // Hashing is spread over all cores; findings stay in record order.
        findings += ParallelMap.map(records) { record -> BatchReport.Finding? in
            let url = directory.appendingPathComponent(record.file)
            guard FileManager.default.fileExists(atPath: url.path) else { return .missing(file: record.file) }
            return (try? Digest256.sha256Hex(fileAt: url)) != record.sha256 ? .modified(file: record.file) : nil
        }.compactMap { $0 }
        let present = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let ownFiles: Set<String> = [Manifest.fileName, RevocationList.fileName, AmendmentLog.fileName, IssueJournal.fileName]
        for file in present.sorted() where !file.hasPrefix(".") && !ownFiles.contains(file) && !listed.contains(file) {
            findings.append(.unlisted(file: file))
        }
        return findings
    }

    /// Each record's QR payload must carry a valid signature and agree with the record.
    static func checkPayloads(records: [ManifestRecord], key: IssuerPublicKey, eventID: String) -> [BatchReport.Finding] {
        ParallelMap.map(records) { record -> BatchReport.Finding? in
            guard let payload = try? SignedPayload(text: record.payload) else {
                return .badPayload(serial: record.serial, reason: "cannot be decoded")
            }
            let c = payload.claims
            if !payload.isSigned(by: key) { return .badPayload(serial: record.serial, reason: "signature does not verify") }
            if c.serial != record.serial || c.name != record.name || c.eventID.hexString != eventID
                || !c.isIssued(toParticipantID: record.participantID) {
                return .badPayload(serial: record.serial, reason: "signed claims differ from the manifest record")
            }
            return nil
        }.compactMap { $0 }
    }
}
