import Foundation

/// The issued records a re-issue can draw from: a batch folder (its manifest.json), or a district
/// bundle (ZIP or unzipped folder). Either way it needs no private key.
public struct IssuedRecords: Sendable {
    public var location: String
    /// The batch-wide facts: event, template and font hashes, Merkle root.
    public var header: BatchHeader
    public var records: [ManifestRecord]
    /// For a bundle: each record's inclusion proof, by serial.
    public var bundle: DistrictBundle?
    public var manifest: Manifest?

    public static func load(from url: URL) throws -> IssuedRecords {
        if BundleArchive.isBundle(url) {
            let contents = try BundleArchive.read(at: url)
            return IssuedRecords(location: url.path, header: contents.bundle.header.header,
                                 records: contents.bundle.records.map(\.record), bundle: contents.bundle, manifest: nil)
        }
        var isDir: ObjCBool = false
        let manifestURL = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
            ? url.appendingPathComponent(Manifest.fileName) : url
        let manifest = try Manifest.load(from: manifestURL)
        // Certificates issued by `ecert correct` can be re-issued too (their records sit in amendments.json).
        var records = manifest.body.records
        if let log = try AmendmentLog.load(besideManifestIn: manifestURL.deletingLastPathComponent()) {
            let problems = log.problems(manifest: manifest, key: nil)
            guard problems.isEmpty else {
                throw ECertError.invalidManifest(path: manifestURL.deletingLastPathComponent().appendingPathComponent(AmendmentLog.fileName).path,
                                                 reason: problems.joined(separator: "; "))
            }
            records += log.issuedRecords
        }
        return IssuedRecords(location: manifestURL.path, header: manifest.header?.header ?? BatchHeader(body: manifest.body),
                             records: records, bundle: nil, manifest: manifest)
    }

    /// With the issuer's public key: the records really are the signed ones (manifest signature,
    /// or header signature plus inclusion proofs for a bundle).
    public func checkSignatures(trustedKeys: [IssuerPublicKey]) throws {
        guard let key = trustedKeys.first(where: { $0.keyIDHex == header.issuer.keyID }) else {
            throw ECertError.invalidManifest(path: location, reason: "signed by key \(header.issuer.keyID), which is not among the trusted keys")
        }
        if let manifest, !manifest.isSigned(by: key) {
            throw ECertError.invalidManifest(path: location, reason: "the manifest signature does not verify; it was changed after signing")
        }
        if let bundle {
            guard bundle.header.isSigned(by: key) else {
                throw ECertError.invalidManifest(path: location, reason: "the batch header signature does not verify; it was changed after signing")
            }
            for proven in bundle.records where !bundle.proves(proven) {
                throw ECertError.invalidManifest(path: location, reason: "the inclusion proof of \(proven.record.serial) does not lead to the signed Merkle root")
            }
        }
    }

    public enum Query: Sendable, CustomStringConvertible {
        case serial(String), participantID(String), name(String)

        public var description: String {
            switch self {
            case .serial(let s): return "serial \"\(s)\""
            case .participantID(let s): return "participant ID \"\(s)\""
            case .name(let s): return "name \"\(s)\" (ignoring case and accents)"
            }
        }
    }

    /// Every record the query matches. A name matches when each word of the query begins a word
    /// of the name, ignoring case and accents ("siti nur" finds "Sití Nurhaliza, S.Pd.").
    public func matches(_ query: Query) -> [ManifestRecord] {
        switch query {
        case .serial(let serial):
            let wanted = serial.trimmingCharacters(in: .whitespaces)
            return records.filter { $0.serial == wanted }
        case .participantID(let id):
            let wanted = id.trimmingCharacters(in: .whitespaces)
            return records.filter { $0.participantID == wanted }
        case .name(let text):
            let wanted = NameSearch.words(text)
            guard !wanted.isEmpty else { return [] }
            return records.filter { record in
                let words = NameSearch.words(record.name)
                return wanted.allSatisfy { w in words.contains { $0.hasPrefix(w) } }
            }
        }
    }

    /// Exactly one record, or an error that lists the candidates.
    public func record(_ query: Query) throws -> ManifestRecord {
        let found = matches(query)
        guard !found.isEmpty else { throw ECertError.recordNotFound(path: location, query: query.description) }
        guard found.count == 1 else {
            throw ECertError.ambiguousRecord(path: location, query: query.description, matches: found.map { r in
                "\(r.serial)  \(r.name)  (ID \(r.participantID), line \(r.line))"
            })
        }
        return found[0]
    }
}

/// Case- and accent-insensitive word splitting for name search, in pure Swift (no locale).
public enum NameSearch {
    public static func fold(_ text: String) -> String {
        let scalars = text.decomposedStringWithCompatibilityMapping.unicodeScalars.filter {
            $0.properties.generalCategory != .nonspacingMark
        }
        return String(String.UnicodeScalarView(scalars)).lowercased()
    }

    public static func words(_ text: String) -> [String] {
        fold(text).split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }
}

/// Re-issues certificates without the private key: the stored payload is reused and rendering is
/// deterministic, so the PDF must come out byte-identical; anything else is refused.
public enum Reissuer {
    /// Checks the template and font files against the hashes recorded in the batch header and
    /// returns the template to draw with. Every changed, missing or extra file is named.
    public static func checkResources(header: BatchHeader, resources: Resources) throws -> (template: Template, fontsDirectory: URL) {
        let templateDir = try resources.templateDirectory(named: header.template.name)
        let templateDiffs = differences(recorded: header.template.files, current: try Resources.hashes(ofFilesIn: templateDir), directory: templateDir)
        if !templateDiffs.isEmpty { throw ECertError.resourceChanged(kind: "template \"\(header.template.name)\"", differences: templateDiffs) }
        let fontDiffs = differences(recorded: header.fonts.files, current: try Resources.hashes(ofFilesIn: resources.fontsDirectory, extensions: Resources.fontExtensions), directory: resources.fontsDirectory)
        if !fontDiffs.isEmpty { throw ECertError.resourceChanged(kind: "font", differences: fontDiffs) }
        return (try Template.load(from: templateDir), resources.fontsDirectory)
    }

    static func differences(recorded: [String: String], current: [String: String], directory: URL) -> [String] {
        var out: [String] = []
        // Hidden files (.DS_Store and the like, added by file managers) are never fonts or templates.
        func visible(_ files: [String: String]) -> [String: String] { files.filter { !$0.key.split(separator: "/").contains { $0.hasPrefix(".") } } }
        let recorded = visible(recorded), current = visible(current)
        for name in Set(recorded.keys).union(current.keys).sorted() {
            let path = directory.appendingPathComponent(name).path
            switch (recorded[name], current[name]) {
            case let (r?, c?) where r != c: out.append("CHANGED  \(path) (SHA-256 \(c), manifest has \(r))")
            case (_?, nil): out.append("MISSING  \(path)")
            case (nil, _?): out.append("EXTRA    \(path) (not in the manifest; remove it)")
            default: break
            }
        }
        return out
    }

    /// The PDF of `record`, checked against its recorded SHA-256.
    public static func pdf(for record: ManifestRecord, event: Event, renderer: some CertificateRendering) throws -> [UInt8] {
        let content = try CertificateContent.make(record: record, event: event)
        let pdf = try renderer.pdf(for: content)
        let digest = Digest256.sha256Hex(pdf)
        guard digest == record.sha256 else {
            throw ECertError.reissueMismatch(serial: record.serial, recorded: record.sha256, rendered: digest)
        }
        return pdf
    }
}
