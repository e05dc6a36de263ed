import Foundation

/// The issued records a re-issue can draw from: a batch folder (its manifest.json and
/// amendments.json), or a district bundle (ZIP or unzipped folder). Either way it needs no private
/// key, and every record comes from a verified signed header (manifest or bundle proofs).
public struct IssuedRecords: Sendable {
    public var location: String
    public var header: Verified<BatchHeader>
    public var records: [ManifestRecord]
    /// Records that disagree with their payload or file name, by serial; never re-issued.
    public var problems: [String: String]
    /// True when the signer was not among keys the user gave, only the one the file names.
    public var selfSigned: Bool

    /// - Parameter keys: the trusted issuer keys; nil trusts the key the file itself names, which
    ///   still proves the file intact but not who signed it (the caller says so).
    public static func load(from url: URL, trusting keys: [IssuerPublicKey]?) throws -> IssuedRecords {
        if BundleArchive.isBundle(url) { return try loadBundle(url, trusting: keys) }
        var isDir: ObjCBool = false
        let manifestURL = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
            ? url.appendingPathComponent(Manifest.fileName) : url
        let manifest = try Manifest.load(from: manifestURL)
        let trusted = try keys ?? [manifest.header.claimedSignerKey(path: manifestURL.path)]
        let batch = try manifest.verified(trusting: trusted)
        // Certificates issued by `ecert correct` can be re-issued too (their records sit in amendments.json).
        let amended = try AmendmentLog.verified(besideManifestIn: manifestURL.deletingLastPathComponent(), batch: batch)?.issuedRecords ?? []
        return IssuedRecords(location: manifestURL.path, header: batch.header, records: batch.records + amended,
                             problems: batch.problems, selfSigned: keys == nil)
    }

    static func loadBundle(_ url: URL, trusting keys: [IssuerPublicKey]?) throws -> IssuedRecords {
        let bundle = try BundleArchive.read(at: url).bundle
        let trusted = try keys ?? [bundle.header.claimedSignerKey(path: url.path)]
        let header = try bundle.header.verified(trusting: trusted, path: url.path).consistent(path: url.path)
        var problems: [String: String] = [:]
        for proven in bundle.records {
            guard try DistrictBundle.proves(proven, header: header.body) else {
                throw ECertError.inconsistentSignedFile(path: url.path, problems: ["the inclusion proof of \(proven.record.serial) does not lead to the signed Merkle root"])
            }
            let b = header.body
            problems[proven.record.serial] = RecordCheck.problem(proven.record, key: header.signer, eventID: b.eventID, event: b.event)
        }
        return IssuedRecords(location: url.path, header: header, records: bundle.records.map(\.record), problems: problems, selfSigned: keys == nil)
    }

    /// Finds records by serial, participant ID or name.
    public var lookup: RecordLookup { RecordLookup(location: location, records: records, problems: problems) }
}

/// Looks up issued records; a record with a known problem is never handed out.
public struct RecordLookup: Sendable {
    public var location: String
    public var records: [ManifestRecord]
    public var problems: [String: String] = [:]

    public init(location: String, records: [ManifestRecord], problems: [String: String] = [:]) {
        self.location = location
        self.records = records
        self.problems = problems
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
        if let problem = problems[found[0].serial] {
            throw ECertError.inconsistentSignedFile(path: location, problems: ["record \(found[0].serial): \(problem); it is not re-issued"])
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
    public static func checkResources(header verified: Verified<BatchHeader>, resources: Resources) throws -> (template: Template, fontsDirectory: URL) {
        let header = verified.body
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

    /// The PDF of `record`, checked against its recorded SHA-256. A PAdES-signed record is rebuilt
    /// from the re-rendered body and its stored CMS by `signatureLayout`: no key is needed.
    public static func pdf(for record: ManifestRecord, event: Event, renderer: some CertificateRendering,
                           signatureLayout: (any PDFSignatureLayout)? = nil) throws -> [UInt8] {
        let content = try CertificateContent.make(record: record, event: event)
        var pdf = try renderer.pdf(for: content)
        if let signature = record.pdfSignature {
            guard let signatureLayout else { throw ECertError.pdfSigningFailed(reason: "\(record.serial) is PAdES-signed but no signature layout was given") }
            pdf = try PAdESSigner.rebuild(body: pdf, record: signature, layout: signatureLayout, date: event.date, serial: record.serial)
        }
        let digest = Digest256.sha256Hex(pdf)
        guard digest == record.sha256 else {
            throw ECertError.reissueMismatch(serial: record.serial, recorded: record.sha256, rendered: digest)
        }
        return pdf
    }
}
