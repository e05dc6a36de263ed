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
    /// The verified batch (streamed: its header, and which serials it has), nil when the manifest
    /// did not verify (then nothing else was checked).
    public var batch: StreamedBatch?
    public var isValid: Bool { findings.isEmpty }
}

/// Checks a batch folder: the manifest's header signature and consistency, its Merkle root, every
/// record against its payload, the amendment log, every PDF's SHA-256, and files that are not listed.
public enum BatchVerifier {
    /// The files besides certificates that a finished batch folder may hold.
    public static let ownFiles: Set<String> = Set([Manifest.fileName, RevocationList.fileName, AmendmentLog.fileName]).union(DeliveryFiles.all)

    /// Streams the manifest (`StreamedBatch`): memory stays flat but for 32 bytes per record.
    public static func verify(directory: URL, trustedKeys: [IssuerPublicKey]) -> BatchReport {
        var report = BatchReport(directory: directory.path, certificates: 0, merkleRoot: "", findings: [])
        var records: [BatchReport.Finding] = [], files: [BatchReport.Finding] = []
        let batch: StreamedBatch
        do {
            batch = try StreamedBatch(manifest: directory.appendingPathComponent(Manifest.fileName), trusting: trustedKeys)
            while case let chunk = try batch.next(), !chunk.isEmpty {
                records += chunk.compactMap { r, problem in problem.map { .badRecord(serial: r.serial, reason: $0) } }
                files += checkFiles(directory: directory, expected: chunk.map { (FileOutput.safeFileName(forSerial: $0.record.serial), $0.record.sha256) })
            }
            let repeated = try batch.finish()
            records += repeated.sorted { $0.key < $1.key }.map { .badRecord(serial: $0.key, reason: $0.value) }
        } catch {
            report.findings.append(.untrusted(error.localizedDescription))
            return report
        }
        report.batch = batch
        report.certificates = batch.count
        report.merkleRoot = batch.header.body.merkleRoot
        report.findings = records
        var extra: [(String, String)] = []
        do {
            let amended = try AmendmentLog.verified(besideManifestIn: directory, header: batch.header, contains: batch.contains(serial:))?.issuedRecords ?? []
            extra = amended.map { (FileOutput.safeFileName(forSerial: $0.serial), $0.sha256) }
        } catch {
            report.findings.append(.badAmendments(error.localizedDescription))
        }
        if let rejected = batch.header.body.rejected { extra.append((Manifest.rejectedFileName, rejected.sha256)) }
        report.findings += files + checkFiles(directory: directory, expected: extra)
        let own = ownFiles.union(extra.map(\.0))
        report.findings += unlisted(in: directory) { own.contains($0) || batch.lists(file: $0) }
        return report
    }

    /// Missing, not regular or modified files among `expected` (name, SHA-256), hashed on all cores,
    /// in the order given.
    static func checkFiles(directory: URL, expected: [(String, String)]) -> [BatchReport.Finding] {
        // File names come from serials (RecordCheck refuses records whose `file` differs), so no
        // record can point outside the folder.
        ParallelMap.map(expected) { file, sha256 -> BatchReport.Finding? in
            let url = directory.appendingPathComponent(file)
            guard let type = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.type] as? FileAttributeType else { return .missing(file: file) }
            guard type == .typeRegular else { return .notRegular(file: file) }
            return (try? Digest256.sha256Hex(fileAt: url)) != sha256 ? .modified(file: file) : nil
        }.compactMap { $0 }
    }

    /// Visible entries of `directory` that `isListed` does not know, sorted; read entry by entry,
    /// so a folder of a million files is not held as a list.
    static func unlisted(in directory: URL, isListed: (String) -> Bool) -> [BatchReport.Finding] {
        guard let dir = opendir(directory.path) else { return [] }
        defer { closedir(dir) }
        var found: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if !name.hasPrefix(".") && !isListed(name) { found.append(name) }
        }
        return found.sorted().map { .unlisted(file: $0) }
    }
}
