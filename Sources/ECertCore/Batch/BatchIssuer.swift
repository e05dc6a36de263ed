import Foundation

/// What one `issue` run did.
public struct IssueSummary: Sendable {
    public var rowsRead: Int
    public var valid: Int
    public var rejected: Int
    public var issued: Int
    public var failures: [(serial: String, line: Int, message: String)]
    public var manifestWritten: Bool
}

/// Signs, renders and writes a planned batch, then the signed manifest.
public struct BatchIssuer {
    public let plan: BatchPlan
    public let key: IssuerPrivateKey
    public let outputDirectory: URL
    public var generator = "ecert 0.1.0"

    public init(plan: BatchPlan, key: IssuerPrivateKey, outputDirectory: URL) {
        self.plan = plan
        self.key = key
        self.outputDirectory = outputDirectory
    }

    /// A certificate that fails to render is reported and skipped; the manifest is written only when
    /// every certificate exists, so an incomplete folder never looks complete.
    public func run(renderer: some CertificateRendering, progress: (Int) -> Void = { _ in }) throws -> IssueSummary {
        try prepareOutputDirectory()
        var records: [ManifestRecord] = []
        records.reserveCapacity(plan.items.count)
        var failures: [(String, Int, String)] = []
        for item in plan.items {
            do {
                records.append(try issue(item, renderer: renderer))
            } catch {
                failures.append((item.serial, item.participant.line, error.localizedDescription))
            }
            progress(records.count + failures.count)
        }
        var summary = IssueSummary(
            rowsRead: plan.rowsRead, valid: plan.items.count, rejected: plan.rejected.count,
            issued: records.count, failures: failures, manifestWritten: false)
        guard failures.isEmpty else { return summary }
        var rejectedInfo: Manifest.RejectedInfo?
        if !plan.rejected.isEmpty {
            let csv = rejectedCSV()
            try FileOutput.writeAtomically(csv, to: outputDirectory.appendingPathComponent(Manifest.rejectedFileName))
            rejectedInfo = .init(file: Manifest.rejectedFileName, sha256: Digest256.sha256Hex(csv), rows: plan.rejected.count)
        }
        var body = manifestBody(records: records)
        body.rejected = rejectedInfo
        let manifest = try Manifest.signed(body, with: key)
        try FileOutput.writeAtomically(CanonicalJSON.pretty(manifest), to: outputDirectory.appendingPathComponent(Manifest.fileName))
        summary.manifestWritten = true
        return summary
    }

    func issue(_ item: BatchPlan.Item, renderer: some CertificateRendering) throws -> ManifestRecord {
        let (content, payload) = try plan.content(for: item, key: key)
        let pdf = try renderer.pdf(for: content)
        try FileOutput.writeAtomically(pdf, to: outputDirectory.appendingPathComponent(item.fileName))
        return ManifestRecord(
            serial: item.serial, participantID: item.participant.id, name: item.participant.name,
            file: item.fileName, sha256: Digest256.sha256Hex(pdf), payload: payload.text,
            line: item.participant.line, columns: item.participant.columns)
    }

    func manifestBody(records: [ManifestRecord]) -> Manifest.Body {
        let publicKey = key.publicKey
        return Manifest.Body(
            generator: generator, event: plan.event, eventID: plan.event.facts.eventID.hexString,
            issuer: .init(keyID: publicKey.keyIDHex, publicKey: Data(publicKey.raw).base64EncodedString()),
            template: plan.templateHashes, fonts: plan.fontHashes,
            input: .init(file: URL(fileURLWithPath: plan.participantsPath).lastPathComponent, sha256: plan.inputSHA256, sheet: plan.source?.sheet),
            counts: .init(rowsRead: plan.rowsRead, valid: plan.items.count, rejected: plan.rejected.count, issued: records.count),
            merkleRoot: Manifest.merkleRoot(of: records), records: records,
            funnel: plan.funnel, nameCase: plan.nameCase == .keep ? nil : plan.nameCase.rawValue)
    }

    /// `rejected.csv`: the line (or sheet row), every original field, and the reasons.
    func rejectedCSV() -> Data {
        let width = max(plan.header.count, plan.rejected.map(\.fields.count).max() ?? 0)
        let extra = (plan.header.count..<max(plan.header.count, width)).map { "(extra \($0 - plan.header.count + 1))" }
        var writer = CSVWriter(header: [plan.source?.sheet == nil ? "Line" : "Sheet row"] + plan.header + extra + ["Reason"])
        for row in plan.rejected {
            let fields = row.fields + Array(repeating: "", count: max(0, width - row.fields.count))
            writer.append([String(row.line)] + fields + [row.reasons.joined(separator: "; ")])
        }
        return writer.data
    }

    /// The folder must be new, empty, or hold only files of an earlier run of this very batch (same
    /// input, event and key), which are then overwritten with identical bytes. Anything else is refused.
    func prepareOutputDirectory() throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: outputDirectory.path, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw ECertError.outputNotUsable(path: outputDirectory.path, reason: "is a file, not a folder; choose a folder name for --out")
            }
            let entries = try fm.contentsOfDirectory(atPath: outputDirectory.path).filter { !$0.hasPrefix(".") }
            let planned = Set(plan.items.map(\.fileName)).union([Manifest.fileName, Manifest.rejectedFileName, RevocationList.fileName])
            let foreign = entries.filter { !planned.contains($0) }.sorted()
            guard foreign.isEmpty else {
                throw ECertError.outputNotUsable(
                    path: outputDirectory.path,
                    reason: "already holds files that are not part of this batch (\(foreign.prefix(3).joined(separator: ", "))\(foreign.count > 3 ? ", …" : "")); choose a new or empty folder for --out")
            }
            let manifestURL = outputDirectory.appendingPathComponent(Manifest.fileName)
            if fm.fileExists(atPath: manifestURL.path) {
                guard let previous = try? Manifest.load(from: manifestURL),
                    previous.body.input.sha256 == plan.inputSHA256, previous.body.event == plan.event,
                    previous.body.issuer.keyID == key.publicKey.keyIDHex
                else {
                    throw ECertError.outputNotUsable(
                        path: outputDirectory.path,
                        reason: "holds a different batch (its manifest.json has another input, event or key); choose a new or empty folder for --out")
                }
            }
        } else {
            do {
                try fm.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
            } catch {
                throw ECertError.outputNotUsable(path: outputDirectory.path, reason: "cannot create the folder (\(error.localizedDescription))")
            }
        }
    }
}
