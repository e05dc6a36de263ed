import Foundation

/// `bundle.json` inside a district bundle (container "ecert-bundle", version 2): the partial
/// manifest of one district. It holds only that district's records, each with its RFC 6962
/// inclusion proof against the Merkle root of the whole batch, the batch's signed header, which
/// vouches for that root, and the signed revocation list as it was when the bundle was made. The
/// file itself is not signed: every record is proven by its proof, the root by the header
/// signature. See docs/FORMAT.md.
public struct DistrictBundle: Sendable {
    public static let format = "ecert-bundle"
    public static let version = 2
    public static let fileName = "bundle.json"

    /// The column the batch was split by, e.g. "Kabupaten/Kota", and this bundle's value of it.
    public var column: String
    public var value: String
    public var header: SignedDocument<BatchHeader>
    /// The revocation list file (version 1 or 2) as it was when the bundle was made, or nil.
    public var revocations: JSONValue?
    public var records: [ProvenRecord]

    public struct ProvenRecord: Codable, Sendable, Equatable {
        /// Position of the record in the manifest (leaf index, from 0).
        public var leafIndex: Int
        /// Sibling hashes (hex) from the leaf up, RFC 6962 `PATH(leafIndex, D[treeSize])`.
        public var auditPath: [String]
        public var record: ManifestRecord
    }

    public init(column: String, value: String, header: SignedDocument<BatchHeader>, revocations: JSONValue?, records: [ProvenRecord]) {
        self.column = column
        self.value = value
        self.header = header
        self.revocations = revocations
        self.records = records
    }

    public var jsonValue: JSONValue {
        get throws {
            .object([
                ("column", .string(column)), ("format", .string(Self.format)), ("header", header.jsonValue),
                ("records", try JCS.value(of: records)), ("revocations", revocations ?? .null),
                ("value", .string(value)), ("version", .number(Double(Self.version))),
            ])
        }
    }

    public static func decode(_ bytes: [UInt8], path: String) throws -> DistrictBundle {
        let shell = try ContainerShell(value: try StrictJSON.parse(bytes, path: path), path: path, format: format, version: version,
                                       keys: ["format", "version", "column", "value", "header", "revocations", "records"],
                                       olderHint: Manifest.olderVersionHint)
        return DistrictBundle(
            column: try StrictJSON.decode(String.self, from: shell.member("column"), path: path + " column"),
            value: try StrictJSON.decode(String.self, from: shell.member("value"), path: path + " value"),
            header: try SignedDocument(value: shell.member("header"), path: path + " (header)"),
            revocations: shell.optionalMember("revocations"),
            records: try StrictJSON.decode([ProvenRecord].self, from: shell.member("records"), path: path))
    }

    /// True when the record's proof leads to the verified header's root.
    public static func proves(_ proven: ProvenRecord, header: BatchHeader) throws -> Bool {
        guard let root = Hex.decode(header.merkleRoot) else { return false }
        let path = proven.auditPath.compactMap(Hex.decode)
        guard path.count == proven.auditPath.count else { return false }
        return MerkleTree.verifyInclusion(
            leafHash: MerkleTree.leafHash(try JCS.encode(proven.record)), index: proven.leafIndex,
            treeSize: header.treeSize, path: path, root: root)
    }
}

/// Splits a batch into district bundles: one group per value of a column.
public enum BundlePlanner {
    public struct Group: Sendable {
        public var value: String
        public var fileName: String
        public var bundle: DistrictBundle
    }

    /// Every record lands in exactly one group; records without a value go to a group named
    /// `unassigned`. Groups are ordered by value, records by manifest order.
    public static func groups(batch: VerifiedBatch, header: SignedDocument<BatchHeader>, revocations: VerifiedRevocations?,
                              column: String, manifestPath: String) throws -> [Group] {
        let available = Set(batch.records.flatMap(\.columns.keys))
        guard available.contains(column) else {
            throw ECertError.invalidManifest(
                path: manifestPath,
                reason: "no column \"\(column)\" in the records; columns: \(available.sorted().map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        let paths = MerkleTree.auditPaths(leafHashes: batch.leafHashes)
        var byValue: [String: [DistrictBundle.ProvenRecord]] = [:]
        for (index, record) in batch.records.enumerated() {
            byValue[groupValue(record, column: column), default: []].append(
                .init(leafIndex: index, auditPath: paths[index].map(\.hexString), record: record))
        }
        var used: Set<String> = []
        return byValue.keys.sorted().map { value in
            var base = safeFileStem(value)
            // Two values may clean up to the same name, or differ only in case (one file on macOS/Windows).
            if used.contains(base.lowercased()) {
                var n = 2
                while used.contains("\(base) (\(n))".lowercased()) { n += 1 }
                base = "\(base) (\(n))"
            }
            used.insert(base.lowercased())
            return Group(value: value, fileName: base + ".zip",
                         bundle: DistrictBundle(column: column, value: value, header: header, revocations: revocations?.fileValue, records: byValue[value]!))
        }
    }

    /// The group a record belongs to: its value of `column`, trimmed; empty or absent → `unassigned`.
    public static func groupValue(_ record: ManifestRecord, column: String) -> String {
        let value = (record.columns[column] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? unassigned : value
    }

    public static let unassigned = "unassigned"

    /// A file name stem readable by people and safe on every OS: keeps letters (any script), digits,
    /// spaces, `.`, `-`, `_`, `(`, `)`; every other character becomes `_`; no leading/trailing dots
    /// or spaces; reserved device names (also with an extension: `aux.txt`) get a `_` prefix. "Kab. Lahat"
    /// stays "Kab. Lahat".
    public static func safeFileStem(_ value: String) -> String {
        var stem = String(value.unicodeScalars.map { s -> Character in
            if s.properties.isAlphabetic || ("0"..."9").contains(s) || " .-_()".unicodeScalars.contains(s) { return Character(s) }
            return "_"
        })
        stem = stem.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        while let first = stem.first, first == "." || first == " " { stem.removeFirst() }
        while let last = stem.last, last == "." || last == " " { stem.removeLast() }
        if stem.isEmpty { stem = "_" }
        if FileOutput.isWindowsDeviceName(stem) { stem = "_" + stem }
        return String(stem.prefix(120))
    }
}
