import Foundation

/// The outcome of checking a district bundle.
public struct BundleReport: Sendable {
    public enum Finding: Sendable, Equatable, CustomStringConvertible {
        case badHeader(String)
        case badRevocations(String)
        case badProof(serial: String, leafIndex: Int)
        case duplicateLeaf(serial: String, leafIndex: Int)
        case otherDistrict(serial: String, value: String)
        case missing(file: String)
        case modified(file: String)
        case unlisted(file: String)
        case badRecord(serial: String, reason: String)

        public var description: String {
            switch self {
            case .badHeader(let text): return "HEADER    \(text)"
            case .badRevocations(let text): return "REVOCATIONS \(text)"
            case .badProof(let serial, let index):
                return "PROOF     \(serial): the inclusion proof (leaf \(index)) does not lead to the signed Merkle root; the record was changed or does not belong to this batch"
            case .duplicateLeaf(let serial, let index): return "PROOF     \(serial): leaf \(index) appears more than once"
            case .otherDistrict(let serial, let value): return "DISTRICT  \(serial) belongs to \"\(value)\", not to this bundle"
            case .missing(let file): return "MISSING   \(file)"
            case .modified(let file): return "MODIFIED  \(file) (SHA-256 differs from its proven record)"
            case .unlisted(let file): return "UNLISTED  \(file) (not in the bundle's records)"
            case .badRecord(let serial, let reason): return "RECORD    \(serial): \(reason)"
            }
        }
    }

    public var location: String
    public var column: String
    public var value: String
    public var certificates: Int
    /// From the verified header; 0 when the header did not verify.
    public var batchSize: Int
    public var merkleRoot: String
    public var findings: [Finding]
    /// Entries of the bundle's own (verified) revocation list that revoke its certificates.
    public var revoked: [RevocationEntry]
    public var serials: [String]
    /// From the verified header, nil when it did not verify.
    public var signer: IssuerPublicKey? = nil
    public var eventID: String? = nil
    public var isValid: Bool { findings.isEmpty }
}

/// Checks a district bundle (ZIP or folder) with the issuer's public key only: the batch header's
/// signature and consistency, the revocation list it carries, every record's inclusion proof
/// against the header's Merkle root, every PDF's SHA-256 and every QR payload, and that no file is
/// unlisted. Nothing is checked against an unverified header.
public enum BundleVerifier {
    public static func verify(at url: URL, trustedKeys: [IssuerPublicKey]) throws -> BundleReport {
        let contents = try BundleArchive.read(at: url)
        let bundle = contents.bundle
        var report = BundleReport(location: contents.location, column: bundle.column, value: bundle.value, certificates: bundle.records.count,
                                  batchSize: 0, merkleRoot: "", findings: [], revoked: [], serials: bundle.records.map(\.record.serial))
        let header: Verified<BatchHeader>
        do {
            header = try bundle.header.verified(trusting: trustedKeys, path: contents.location).consistent(path: contents.location)
        } catch {
            report.findings.append(.badHeader(error.localizedDescription))
            return report
        }
        report.signer = header.signer
        report.eventID = header.body.eventID
        report.batchSize = header.body.treeSize
        report.merkleRoot = header.body.merkleRoot
        report.findings += try recordFindings(bundle, header: header, files: contents.files)
        if let value = bundle.revocations {
            do {
                let list = try VerifiedRevocations.read(value, path: "\(contents.location): revocations", trusting: trustedKeys)
                let serials = Set(report.serials)
                report.revoked = list.entries(eventID: header.body.eventID, key: header.signer).filter { serials.contains($0.serial) }
            } catch {
                report.findings.append(.badRevocations(error.localizedDescription))
            }
        }
        return report
    }

    static func recordFindings(_ bundle: DistrictBundle, header: Verified<BatchHeader>, files: [String: Data]) throws -> [BundleReport.Finding] {
        var findings: [BundleReport.Finding] = []
        var seen: Set<Int> = []
        for proven in bundle.records {
            let record = proven.record
            if !seen.insert(proven.leafIndex).inserted { findings.append(.duplicateLeaf(serial: record.serial, leafIndex: proven.leafIndex)) }
            guard try DistrictBundle.proves(proven, header: header.body) else {
                findings.append(.badProof(serial: record.serial, leafIndex: proven.leafIndex))
                continue
            }
            let value = BundlePlanner.groupValue(record, column: bundle.column)
            if value != bundle.value { findings.append(.otherDistrict(serial: record.serial, value: value)) }
            if let problem = RecordCheck.problem(record, key: header.signer, eventID: header.body.eventID, event: header.body.event) {
                findings.append(.badRecord(serial: record.serial, reason: problem))
            } else if let data = files[record.file] {
                if Digest256.sha256Hex(data) != record.sha256 { findings.append(.modified(file: record.file)) }
            } else {
                findings.append(.missing(file: record.file))
            }
        }
        let listed = Set(bundle.records.map(\.record.file))
        for name in files.keys.sorted() where !listed.contains(name) {
            findings.append(.unlisted(file: name))
        }
        return findings
    }
}
