import Foundation

/// `bundle.json` inside a district bundle (format "ecert-bundle", version 1): the partial
/// manifest of one district. It holds only that district's records, each with its RFC 6962
/// inclusion proof against the Merkle root of the whole batch, and the batch's signed header,
/// which vouches for that root. The file itself is not signed: every record is proven by its
/// proof, the root by the header signature. See docs/FORMAT.md.
public struct DistrictBundle: Codable, Sendable, Equatable {
    public static let format = "ecert-bundle"
    public static let version = 1
    public static let fileName = "bundle.json"

    public var format: String
    public var version: Int
    /// The column the batch was split by, e.g. "Kabupaten/Kota", and this bundle's value of it.
    public var column: String
    public var value: String
    public var header: SignedBatchHeader
    public var records: [ProvenRecord]

    public struct ProvenRecord: Codable, Sendable, Equatable {
        /// Position of the record in the manifest (leaf index, from 0).
        public var leafIndex: Int
        /// Sibling hashes (hex) from the leaf up, RFC 6962 `PATH(leafIndex, D[treeSize])`.
        public var auditPath: [String]
        public var record: ManifestRecord
    }

    public init(column: String, value: String, header: SignedBatchHeader, records: [ProvenRecord]) {
        format = Self.format
        version = Self.version
        self.column = column
        self.value = value
        self.header = header
        self.records = records
    }

    public static func decode(_ data: Data, path: String) throws -> DistrictBundle {
        let bundle: DistrictBundle
        do {
            bundle = try JSONDecoder().decode(DistrictBundle.self, from: data)
        } catch {
            throw ECertError.invalidManifest(path: path, reason: "not an ecert district bundle (\(error.localizedDescription))")
        }
        guard bundle.format == format, bundle.version == version else {
            throw ECertError.invalidManifest(path: path, reason: "format \(bundle.format) version \(bundle.version) is not supported; this ecert reads \(format) version \(version)")
        }
        return bundle
    }

    /// True when the record's proof leads to the header's signed root.
    public func proves(_ proven: ProvenRecord) -> Bool {
        guard let root = Hex.decode(header.header.merkleRoot) else { return false }
        let path = proven.auditPath.compactMap(Hex.decode)
        guard path.count == proven.auditPath.count else { return false }
        return MerkleTree.verifyInclusion(
            leafHash: MerkleTree.leafHash(CanonicalJSON.encode(proven.record)), index: proven.leafIndex,
            treeSize: header.header.treeSize, path: path, root: root)
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
    public static func groups(manifest: Manifest, column: String, manifestPath: String) throws -> [Group] {
        let body = manifest.body
        guard let header = manifest.header else {
            throw ECertError.invalidManifest(
                path: manifestPath,
                reason: "has no signed batch header, which district bundles need to prove their records; it was written by an older ecert. Issue the batch again with this version (same input and key give the same certificates)")
        }
        let available = Set(body.records.flatMap(\.columns.keys))
        guard available.contains(column) else {
            throw ECertError.invalidManifest(
                path: manifestPath,
                reason: "no column \"\(column)\" in the records; columns: \(available.sorted().map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        let paths = MerkleTree.auditPaths(leafHashes: Manifest.leafHashes(of: body.records))
        var byValue: [String: [DistrictBundle.ProvenRecord]] = [:]
        for (index, record) in body.records.enumerated() {
            let value = (record.columns[column] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            byValue[value.isEmpty ? unassigned : value, default: []].append(
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
                         bundle: DistrictBundle(column: column, value: value, header: header, records: byValue[value]!))
        }
    }

    public static let unassigned = "unassigned"

    /// A file name stem readable by people and safe on every OS: keeps letters (any script), digits,
    /// spaces, `.`, `-`, `_`, `(`, `)`; every other character becomes `_`; no leading/trailing dots
    /// or spaces; reserved device names get a `_` prefix. "Kab. Lahat" stays "Kab. Lahat".
    public static func safeFileStem(_ value: String) -> String {
        var stem = String(value.unicodeScalars.map { s -> Character in
            if s.properties.isAlphabetic || ("0"..."9").contains(s) || " .-_()".unicodeScalars.contains(s) { return Character(s) }
            return "_"
        })
        stem = stem.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        while let first = stem.first, first == "." || first == " " { stem.removeFirst() }
        while let last = stem.last, last == "." || last == " " { stem.removeLast() }
        if stem.isEmpty { stem = "_" }
        let reserved = ["CON", "PRN", "AUX", "NUL"] + (1...9).flatMap { ["COM\($0)", "LPT\($0)"] }
        if reserved.contains(stem.uppercased()) { stem = "_" + stem }
        return String(stem.prefix(120))
    }
}
