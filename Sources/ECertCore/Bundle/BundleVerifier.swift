import Foundation

/// The outcome of checking a district bundle.
public struct BundleReport: Sendable {
    public enum Finding: Sendable, Equatable, CustomStringConvertible {
        case badHeaderSignature
        case wrongKey(headerKeyID: String, trusted: [String])
        case inconsistentHeader(String)
        case badProof(serial: String, leafIndex: Int)
        case duplicateLeaf(serial: String, leafIndex: Int)
        case otherDistrict(serial: String, value: String)
        case missing(file: String)
        case modified(file: String)
        case unlisted(file: String)
        case badPayload(serial: String, reason: String)

        public var description: String {
            switch self {
            case .badHeaderSignature: return "batch header signature does not verify: the header in bundle.json was changed after signing"
            case .wrongKey(let id, let trusted):
                return "batch header was signed by key \(id), which is not among the trusted keys (\(trusted.joined(separator: ", ")))"
            case .inconsistentHeader(let text): return "batch header is inconsistent: \(text)"
            case .badProof(let serial, let index):
                return "PROOF     \(serial): the inclusion proof (leaf \(index)) does not lead to the signed Merkle root; the record was changed or does not belong to this batch"
            case .duplicateLeaf(let serial, let index): return "PROOF     \(serial): leaf \(index) appears more than once"
            case .otherDistrict(let serial, let value): return "DISTRICT  \(serial) belongs to \"\(value)\", not to this bundle"
            case .missing(let file): return "MISSING   \(file)"
            case .modified(let file): return "MODIFIED  \(file) (SHA-256 differs from its proven record)"
            case .unlisted(let file): return "UNLISTED  \(file) (not in the bundle's records)"
            case .badPayload(let serial, let reason): return "PAYLOAD   \(serial): \(reason)"
            }
        }
    }

    public var location: String
    public var column: String
    public var value: String
    public var certificates: Int
    public var batchSize: Int
    public var merkleRoot: String
    public var findings: [Finding]
    public var isValid: Bool { findings.isEmpty }
}

/// Checks a district bundle (ZIP or folder) with the issuer's public key only: the batch header's
/// signature, every record's inclusion proof against the header's Merkle root, every PDF's
/// SHA-256 and every QR payload, and that no file is unlisted.
public enum BundleVerifier {
    public static func verify(at url: URL, trustedKeys: [IssuerPublicKey]) throws -> BundleReport {
        let contents = try BundleArchive.read(at: url)
        let bundle = contents.bundle
        let header = bundle.header.header
        var findings: [BundleReport.Finding] = []

        let signer = trustedKeys.first { $0.keyIDHex == header.issuer.keyID }
        if let signer {
            if !bundle.header.isSigned(by: signer) { findings.append(.badHeaderSignature) }
        } else {
            findings.append(.wrongKey(headerKeyID: header.issuer.keyID, trusted: trustedKeys.map(\.keyIDHex)))
        }
        if header.treeSize != header.counts.issued {
            findings.append(.inconsistentHeader("tree size \(header.treeSize) but \(header.counts.issued) certificates issued"))
        }
        if header.event.facts.eventID.hexString != header.eventID {
            findings.append(.inconsistentHeader("event ID \(header.eventID) does not match the event"))
        }

        var seen: Set<Int> = []
        for proven in bundle.records {
            let record = proven.record
            if !seen.insert(proven.leafIndex).inserted { findings.append(.duplicateLeaf(serial: record.serial, leafIndex: proven.leafIndex)) }
            if !bundle.proves(proven) { findings.append(.badProof(serial: record.serial, leafIndex: proven.leafIndex)) }
            let value = (record.columns[bundle.column] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if (value.isEmpty ? BundlePlanner.unassigned : value) != bundle.value {
                findings.append(.otherDistrict(serial: record.serial, value: value))
            }
            if let data = contents.files[record.file] {
                if Digest256.sha256Hex(data) != record.sha256 { findings.append(.modified(file: record.file)) }
            } else {
                findings.append(.missing(file: record.file))
            }
        }
        let listed = Set(bundle.records.map(\.record.file))
        for name in contents.files.keys.sorted() where !listed.contains(name) {
            findings.append(.unlisted(file: name))
        }
        if let signer {
            for case .badPayload(let serial, let reason) in BatchVerifier.checkPayloads(records: bundle.records.map(\.record), key: signer, eventID: header.eventID) {
                findings.append(.badPayload(serial: serial, reason: reason))
            }
        }
        return BundleReport(location: contents.location, column: bundle.column, value: bundle.value, certificates: bundle.records.count,
                            batchSize: header.treeSize, merkleRoot: header.merkleRoot, findings: findings)
    }
}
