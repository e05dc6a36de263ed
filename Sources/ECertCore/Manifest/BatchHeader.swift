import Foundation

/// The signed facts of one batch (signed document "ecert-batch-header" version 2, docs/FORMAT.md):
/// everything a verifier may show about the batch, and the Merkle root that vouches for every
/// record. `manifest.json`, shard folders' parts, district bundles and the static site all carry
/// this one signed document; the records travel beside it and are proven by `merkleRoot`.
public struct BatchHeader: SignedContent, Equatable {
    public static let format = "ecert-batch-header"
    public static let version = 2

    public var generator: String
    public var event: Event
    /// Hex of the first 4 bytes of SHA-256(JCS(event facts)); every payload carries it.
    public var eventID: String
    public var template: ResourceHashes
    public var fonts: ResourceHashes
    public var input: InputInfo
    public var counts: Counts
    /// RFC 6962 root over SHA-256(0x00 ‖ JCS(record)) of every record, in manifest order.
    public var merkleRoot: String
    /// Number of records (leaves of the tree).
    public var treeSize: Int
    /// `rejected.csv` written by `--skip-invalid`.
    public var rejected: RejectedInfo? = nil
    /// Eligibility funnel and rules from `ecert reconcile`, given with `--funnel`.
    public var funnel: Funnel? = nil
    /// "title" when `--name-case title` rewrote ALL-CAPS names.
    public var nameCase: String? = nil

    public struct RejectedInfo: Codable, Sendable, Equatable {
        public var file: String
        public var sha256: String
        public var rows: Int
    }

    /// SHA-256 of each file that shapes the PDF bytes, so a re-issue can prove it uses the same ones.
    public struct ResourceHashes: Codable, Sendable, Equatable {
        public var name: String
        public var files: [String: String]
    }

    public struct InputInfo: Codable, Sendable, Equatable {
        public var file: String
        public var sha256: String
        /// The worksheet read from an .xlsx workbook.
        public var sheet: String? = nil
    }

    public struct Counts: Codable, Sendable, Equatable {
        public var rowsRead: Int
        public var valid: Int
        public var rejected: Int
        public var issued: Int
        /// Version-2 events: certificates issued per role, and the hours (JP) they award together.
        public var roles: [String: Int]? = nil
        public var hours: Int? = nil

        /// Sets `roles` and `hours` from the records' own (a version-1 batch's records have none).
        public mutating func tallyCredit(_ tally: CreditTally) {
            guard !tally.roles.isEmpty else { return }
            roles = tally.roles
            hours = tally.hours
        }
    }

    /// Counts per role and total hours of issued records.
    public struct CreditTally: Sendable {
        public var roles: [String: Int] = [:]
        public var hours = 0
        public init() {}
        public init(_ records: some Sequence<ManifestRecord>) { for r in records { add(r) } }

        public mutating func add(_ record: ManifestRecord) {
            guard let role = record.role else { return }
            roles[role, default: 0] += 1
            hours += record.hours ?? 0
        }
    }

    /// What is wrong inside the header itself; a header with any problem is not used.
    public var problems: [String] {
        var out: [String] = []
        let expected = event.facts.eventID.hexString
        if eventID != expected {
            out.append("event ID \(eventID) is not the hash of the event facts (\(expected)): the event was changed after the certificates were signed")
        }
        if counts.issued != treeSize { out.append("counts.issued is \(counts.issued) but the Merkle tree has \(treeSize) records") }
        if counts.rowsRead != counts.valid + counts.rejected {
            out.append("counts do not add up: rows read \(counts.rowsRead) ≠ valid \(counts.valid) + rejected \(counts.rejected)")
        }
        if let roles = counts.roles, roles.values.reduce(0, +) != counts.issued {
            out.append("counts.roles add up to \(roles.values.reduce(0, +)), not the \(counts.issued) issued")
        }
        if counts.issued > counts.valid { out.append("counts.issued \(counts.issued) is more than the \(counts.valid) valid rows") }
        if let rejected, rejected.rows != counts.rejected {
            out.append("rejected.rows is \(rejected.rows) but counts.rejected is \(counts.rejected)")
        }
        if let rejected, rejected.file != Manifest.rejectedFileName {
            out.append("rejected.file is \"\(rejected.file)\"; it must be \(Manifest.rejectedFileName)")
        }
        if merkleRoot.count != 64 || !merkleRoot.allSatisfy({ "0123456789abcdef".contains($0) }) { out.append("merkleRoot is not 64 lower-case hex digits") }
        return out
    }
}

extension Verified where Body == BatchHeader {
    /// The header, checked for inner consistency too; throws when anything in it is off.
    public func consistent(path: String) throws -> Self {
        let problems = body.problems
        guard problems.isEmpty else { throw ECertError.inconsistentSignedFile(path: path, problems: problems) }
        return self
    }
}
