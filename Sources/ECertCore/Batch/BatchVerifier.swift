import Foundation

/// The outcome of checking a batch folder against its manifest.
public struct BatchReport: Sendable {
    public enum Finding: Sendable, Equatable, CustomStringConvertible {
        case untrusted(String)
        case badRecord(serial: String, reason: String)
        case missing(file: String)
        case modified(file: String)
        case notRegular(file: String)
        case unlisted(file: String)
        case badAmendments(String)

        public var description: String {
            switch self {
            case .untrusted(let reason): return "MANIFEST  \(reason)"
            case .badRecord(let serial, let reason): return "RECORD    \(serial): \(reason)"
            case .missing(let file): return "MISSING   \(file)"
            case .modified(let file): return "MODIFIED  \(file) (SHA-256 differs from the manifest)"
            case .notRegular(let file): return "NOT FILE  \(file) (a link, folder, pipe or device where a certificate belongs)"
            case .unlisted(let file): return "UNLISTED  \(file) (not in the manifest)"
            case .badAmendments(let reason): return "AMENDMENTS \(reason)"
            }
        }
    }

    public var directory: String
    public var certificates: Int
    public var merkleRoot: String
    public var findings: [Finding]
    /// The verified batch, nil when the manifest did not verify (then nothing else was checked).
    public var batch: VerifiedBatch?
    public var isValid: Bool { findings.isEmpty }
}

/// Checks a batch folder: the manifest's header signature and consistency, its Merkle root, every
/// record against its payload, the amendment log, every PDF's SHA-256, and files that are not listed.
public enum BatchVerifier {
    /// The files besides certificates that a finished batch folder may hold.
    public static let ownFiles: Set<String> = Set([Manifest.fileName, RevocationList.fileName, AmendmentLog.fileName]).union(DeliveryFiles.all)

    public static func verify(directory: URL, trustedKeys: [IssuerPublicKey]) -> BatchReport {
        var report = BatchReport(directory: directory.path, certificates: 0, merkleRoot: "", findings: [])
        let batch: VerifiedBatch
        do {
            batch = try Manifest.verified(at: directory.appendingPathComponent(Manifest.fileName), trusting: trustedKeys)
        } catch {
            report.findings.append(.untrusted(error.localizedDescription))
            return report
        }
        report.batch = batch
        report.certificates = batch.records.count
        report.merkleRoot = batch.body.merkleRoot
        report.findings += batch.records.compactMap { r in batch.problems[r.serial].map { .badRecord(serial: r.serial, reason: $0) } }
        var records = batch.records
        do {
            records += try AmendmentLog.verified(besideManifestIn: directory, batch: batch)?.issuedRecords ?? []
        } catch {
            report.findings.append(.badAmendments(error.localizedDescription))
        }
        report.findings += checkFiles(directory: directory, records: records, rejected: batch.body.rejected)
        return report
    }

    static func checkFiles(directory: URL, records: [ManifestRecord], rejected: BatchHeader.RejectedInfo?) -> [BatchReport.Finding] {
        // File names come from serials (RecordCheck refuses records whose `file` differs), so no
        // record can point outside the folder.
        var expected = records.map { (FileOutput.safeFileName(forSerial: $0.serial), $0.sha256) }
        if let rejected { expected.append((Manifest.rejectedFileName, rejected.sha256)) }
        // Hashing is spread over all cores; findings stay in record order.
        var findings = ParallelMap.map(expected) { file, sha256 -> BatchReport.Finding? in
            let url = directory.appendingPathComponent(file)
            guard let type = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.type] as? FileAttributeType else { return .missing(file: file) }
            guard type == .typeRegular else { return .notRegular(file: file) }
            return (try? Digest256.sha256Hex(fileAt: url)) != sha256 ? .modified(file: file) : nil
        }.compactMap { $0 }
        let listed = Set(expected.map(\.0)).union(ownFiles)
        let present = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for file in present.sorted() where !file.hasPrefix(".") && !listed.contains(file) {
            findings.append(.unlisted(file: file))
        }
        return findings
    }
}
