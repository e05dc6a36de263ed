import Foundation

/// What one `issue` run did.
public struct IssueSummary: Sendable {
    public var rowsRead: Int
    public var valid: Int
    public var rejected: Int
    public var issued: Int
    /// Certificates found finished by an earlier, interrupted run (hashed, not rendered again).
    public var resumed: Int = 0
    public var failures: [(serial: String, line: Int, message: String)]
    public var manifestWritten: Bool
}

/// Signs, renders and writes a planned batch, then the signed manifest.
public struct BatchIssuer: Sendable {
    public let plan: BatchPlan
    public let key: IssuerPrivateKey
    public let outputDirectory: URL
    public var generator = "ecert 0.3.0"
    /// Only this slice of the batch (`--shard K/N`); nil is the whole batch.
    public var shard: Shard?
    /// Signs every PDF with PAdES after rendering (`--sign-key`/`--sign-cert`); nil leaves them unsigned.
    public var pdfSigner: PAdESSigner?

    public init(plan: BatchPlan, key: IssuerPrivateKey, outputDirectory: URL) {
        self.plan = plan
        self.key = key
        self.outputDirectory = outputDirectory
    }

    /// Positions of the items this run issues.
    public var range: Range<Int> { shard?.range(total: plan.validCount) ?? 0..<plan.validCount }

    /// Certificates taken ahead of the oldest unfinished one: bounds the records waiting to be
    /// written in input order (the spool), whatever the number of rows.
    static let window = 256

    /// A certificate that fails to render is reported and skipped; the manifest is written only when
    /// every certificate exists, so an incomplete folder never looks complete.
    public func run(renderer: some CertificateRendering, progress: (Int) -> Void = { _ in }) throws -> IssueSummary {
        let holder = UncheckedBox<any CertificateRendering>(renderer)
        return try withoutActuallyEscaping(progress) { progress in
            let callback = UncheckedBox(progress)
            return try run(jobs: 1, makeRenderer: { holder.value }, progress: { done, _ in callback.value(done) })
        }
    }

    /// Issues with `jobs` worker threads, each with its own renderer from `makeRenderer` (Cairo and
    /// Pango objects are never shared between threads). Items stream from the list and records go
    /// to a spool file in input order, so memory does not grow with the row count and the output is
    /// byte-identical whatever `jobs` is. `progress(done, total)` may be called from any worker.
    public func run(jobs: Int, makeRenderer: @escaping @Sendable () throws -> any CertificateRendering,
                    progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) throws -> IssueSummary {
        let previous = try prepareOutputDirectory()
        Memory.returnFreedPages()  // what reading and checking the list freed, before the long part
        let range = self.range
        let carried = range.compactMap { k in previous[plan.serial(at: k)].map { (plan.serial(at: k), $0) } }
        let journal = try IssueJournal(directory: outputDirectory, batchID: try batchID(), carried: carried)
        let spool = try RecordSpool(directory: outputDirectory)
        defer { spool.remove() }
        let state = WorkState(count: range.count, items: try plan.items(in: range), spool: spool, window: Self.window)
        let workers = max(1, min(jobs, range.count))

        let work: @Sendable (Int) -> Void = { _ in
            var renderer: (any CertificateRendering)?
            var rendererError: Error?
            while let (k, item) = state.next() {
                do {
                    if let record = try resumeRecord(item, previous: previous[item.serial]) {
                        try state.finish(k, record: record, resumed: true)
                    } else {
                        if renderer == nil && rendererError == nil {
                            do { renderer = try makeRenderer() } catch { rendererError = error }
                        }
                        if let rendererError { throw rendererError }
                        let record = try issue(item, renderer: renderer!)
                        try journal.append(serial: item.serial, entry: .init(file: record.file, sha256: record.sha256, pdfSignature: record.pdfSignature))
                        try state.finish(k, record: record, resumed: false)
                    }
                } catch {
                    state.fail(k, (item.serial, item.participant.line, error.localizedDescription))
                }
                let done = state.done
                // Cairo's per-document buffers leave freed pages inside malloc's heap; handing them
                // back now and then keeps RSS from creeping up with the number of certificates.
                if done % 256 == 0 { Memory.returnFreedPages() }
                progress(done, range.count)
            }
        }
        if workers == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        }
        if let fatal = state.fatal { throw fatal }
        try spool.flush()
        Memory.returnFreedPages()
        var summary = IssueSummary(
            rowsRead: plan.rowsRead, valid: plan.validCount, rejected: plan.rejected.count,
            issued: spool.count, resumed: state.resumed, failures: state.failures.sorted { $0.line < $1.line }, manifestWritten: false)
        guard summary.failures.isEmpty else { return summary }
        var header = batchHeader(issued: spool.count, merkleRoot: spool.merkle.root.hexString)
        header.counts.tallyCredit(state.credit)
        var records = spool.reader()
        if let shard {
            let slice = ShardHeader.Slice(index: shard.index, count: shard.count, first: range.lowerBound, end: range.upperBound, total: plan.validCount)
            try ManifestWriter.writeShard(header: ShardHeader(batch: header, shard: slice), records: &records, key: key,
                                          to: outputDirectory.appendingPathComponent(ShardManifest.fileName))
        } else {
            if !plan.rejected.isEmpty {
                let csv = rejectedCSV()
                try FileOutput.writeAtomically(csv, to: outputDirectory.appendingPathComponent(Manifest.rejectedFileName))
                header.rejected = .init(file: Manifest.rejectedFileName, sha256: Digest256.sha256Hex(csv), rows: plan.rejected.count)
            }
            try ManifestWriter.write(header: header, records: &records, key: key, to: outputDirectory.appendingPathComponent(Manifest.fileName))
        }
        journal.remove()
        summary.manifestWritten = true
        return summary
    }

    /// The record of a certificate an earlier run finished, if its file is still there with the
    /// SHA-256 that run recorded; nil means it must be rendered (again).
    func resumeRecord(_ item: BatchPlan.Item, previous: IssueJournal.Entry?) throws -> ManifestRecord? {
        guard let previous, previous.file == item.fileName else { return nil }
        let url = outputDirectory.appendingPathComponent(item.fileName)
        guard let sha = try? Digest256.sha256Hex(fileAt: url), sha == previous.sha256 else { return nil }
        // A signed file is resumed only with its signature record, and only if signing is still asked for.
        switch (previous.pdfSignature, pdfSigner) {
        case (nil, nil): break
        case let (signature?, signer?) where signer.madeBySigner(signature): break
        default: return nil
        }
        let (_, payload) = try plan.content(for: item, key: key)
        return record(item, sha256: sha, payload: payload, pdfSignature: previous.pdfSignature)
    }

    func issue(_ item: BatchPlan.Item, renderer: some CertificateRendering) throws -> ManifestRecord {
        let (content, payload) = try plan.content(for: item, key: key)
        let body = try renderer.pdf(for: content)
        let (pdf, signature) = try pdfSigner.map { try $0.sign(body) } ?? (body, nil)
        try FileOutput.writeAtomically(pdf, to: outputDirectory.appendingPathComponent(item.fileName))
        return record(item, sha256: Digest256.sha256Hex(pdf), payload: payload, pdfSignature: signature)
    }

    func record(_ item: BatchPlan.Item, sha256: String, payload: SignedPayload, pdfSignature: PDFSignatureRecord? = nil) -> ManifestRecord {
        ManifestRecord(
            serial: item.serial, participantID: item.participant.id, name: item.participant.name,
            file: item.fileName, sha256: sha256, payload: payload.text,
            line: item.participant.line, columns: item.participant.columns, pdfSignature: pdfSignature).withCredit(of: payload)
    }

    /// Identifies the batch in the journal: input, event, signer, template, fonts and shard.
    func batchID() throws -> String {
        struct Identity: Encodable {
            var input: String, event: Event, keyID: String, template: BatchHeader.ResourceHashes, fonts: BatchHeader.ResourceHashes
            var generator: String, shard: Shard?, pdfSigner: String?
        }
        return Digest256.sha256Hex(try JCS.encode(Identity(
            input: plan.inputSHA256, event: plan.event, keyID: key.publicKey.keyIDHex,
            template: plan.templateHashes, fonts: plan.fontHashes, generator: generator, shard: shard,
            pdfSigner: pdfSigner?.identity.signerSHA256)))
    }

    /// The batch header for `issued` records with `merkleRoot` (the tree of all of them).
    func batchHeader(issued: Int, merkleRoot: String) -> BatchHeader {
        BatchHeader(
            generator: generator, event: plan.event, eventID: plan.event.facts.eventID.hexString,
            template: plan.templateHashes, fonts: plan.fontHashes,
            input: .init(file: URL(fileURLWithPath: plan.participantsPath).lastPathComponent, sha256: plan.inputSHA256, sheet: plan.source?.sheet),
            counts: .init(rowsRead: plan.rowsRead, valid: plan.validCount, rejected: plan.rejected.count, issued: issued),
            merkleRoot: merkleRoot, treeSize: issued,
            funnel: plan.funnel, nameCase: plan.nameCase == .keep ? nil : plan.nameCase.rawValue)
    }

    /// `rejected.csv`: the line (or sheet row), every original field, and the reasons.
    func rejectedCSV() -> Data {
        let width = max(plan.header.count, plan.rejected.map(\.fields.count).max() ?? 0)
        let extra = (plan.header.count..<max(plan.header.count, width)).map { "(extra \($0 - plan.header.count + 1))" }
        var writer = CSVWriter(header: [plan.source?.sheet == nil ? "Line" : "Sheet row"] + plan.header + extra + ["Reason"], for: .spreadsheet)
        for row in plan.rejected {
            let fields = row.fields + Array(repeating: "", count: max(0, width - row.fields.count))
            writer.append([String(row.line)] + fields + [row.reasons.joined(separator: "; ")])
        }
        return writer.data
    }

    /// The folder must be new, empty, or hold only files of an earlier run of this very batch (same
    /// input, event and key), which are then overwritten with identical bytes. Anything else is refused.
    ///
    /// Returns what an earlier run of this batch left finished (from its journal, or from its manifest
    /// when it completed), by serial; hidden temporary files of a killed run are removed.
    /// Whether a manifest found in the output folder was written for this input, event and key.
    /// Only a header this key signed counts (it is verified before use).
    private func isThisBatch(_ body: BatchHeader) -> Bool {
        body.input.sha256 == plan.inputSHA256 && body.event == plan.event
    }

    /// Splits `names` into the PDF names this batch plans and the others.
    func plannedPDFs(_ names: Set<String>) -> (planned: Set<String>, foreign: Set<String>) {
        var foreign = names
        var planned: Set<String> = []
        var k = 0
        while !foreign.isEmpty && k < plan.validCount {
            if let name = foreign.remove(plan.fileName(at: k)) { planned.insert(name) }
            k += 1
        }
        return (planned, foreign)
    }

    @discardableResult
    func prepareOutputDirectory() throws -> [String: IssueJournal.Entry] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        var previous_: [String: IssueJournal.Entry] = [:]
        if fm.fileExists(atPath: outputDirectory.path, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw ECertError.outputNotUsable(path: outputDirectory.path, reason: "is a file, not a folder; choose a folder name for --out")
            }
            let all = try fm.contentsOfDirectory(atPath: outputDirectory.path)
            let own: Set = [Manifest.fileName, Manifest.rejectedFileName, RevocationList.fileName, ShardManifest.fileName, IssueJournal.fileName]
            // Hidden temporary files a killed run left: `.NAME.tmp` of a planned NAME, and the record spool.
            let temporary = all.filter { $0.hasPrefix(".") && $0.hasSuffix(".tmp") }
            let leftovers = Set(temporary.map { String($0.dropFirst().dropLast(4)) })
            // Planned PDF names are computed from the serial pattern, never collected: only names
            // actually in the folder are looked up.
            let unknown = plannedPDFs(Set(all.filter { !$0.hasPrefix(".") && !own.contains($0) }))
            let foreign = unknown.foreign.sorted()
            guard foreign.isEmpty else {
                throw ECertError.outputNotUsable(
                    path: outputDirectory.path,
                    reason: "already holds files that are not part of this batch (\(foreign.prefix(3).joined(separator: ", "))\(foreign.count > 3 ? ", …" : "")); choose a new or empty folder for --out")
            }
            let manifestURL = outputDirectory.appendingPathComponent(Manifest.fileName)
            if fm.fileExists(atPath: manifestURL.path) {
                guard let previous = try? Manifest.verified(at: manifestURL, trusting: [key.publicKey]), isThisBatch(previous.body) else {
                    throw ECertError.outputNotUsable(
                        path: outputDirectory.path,
                        reason: "holds a different batch (its manifest.json has another input, event or key); choose a new or empty folder for --out")
                }
                if shard == nil {
                    for record in previous.records { previous_[record.serial] = .init(record) }
                }
            }
            let shardURL = outputDirectory.appendingPathComponent(ShardManifest.fileName)
            if fm.fileExists(atPath: shardURL.path) {
                guard let previous = try? ShardManifest.load(from: shardURL).verified(trusting: [key.publicKey]), isThisBatch(previous.header.body.batch) else {
                    throw ECertError.outputNotUsable(
                        path: outputDirectory.path,
                        reason: "holds a different batch (its shard.json has another input, event or key); choose a new or empty folder for --out")
                }
                if let shard, previous.header.body.shard.index == shard.index, previous.header.body.shard.count == shard.count {
                    for record in previous.batch.records { previous_[record.serial] = .init(record) }
                }
            }
            let journalURL = outputDirectory.appendingPathComponent(IssueJournal.fileName)
            if fm.fileExists(atPath: journalURL.path) {
                guard let journal = IssueJournal.read(at: journalURL), journal.batchID == (try batchID()) else {
                    throw ECertError.outputNotUsable(
                        path: outputDirectory.path,
                        reason: "holds an unfinished different batch (its \(IssueJournal.fileName) was written for another input, event, key, template or shard); choose a new or empty folder for --out, or rerun that batch's own command to finish it")
                }
                previous_.merge(journal.entries) { _, journal in journal }
            }
            // A killed run can leave hidden temporary files of planned names; they are never final.
            let plannedLeftovers = plannedPDFs(leftovers.subtracting(own)).planned.union(leftovers.intersection(own))
            for entry in temporary where plannedLeftovers.contains(String(entry.dropFirst().dropLast(4))) || entry == RecordSpool.fileName {
                try? fm.removeItem(at: outputDirectory.appendingPathComponent(entry))
            }
        } else {
            try FileOutput.makeFolder(outputDirectory)
        }
        return previous_
    }
}

/// Shared between worker threads: the list being read (items are taken in input order), and the
/// finished records, written to the spool in input order through a small reorder buffer. A worker
/// waits rather than run more than `window` items ahead of the oldest unfinished one.
final class WorkState: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: BatchPlan.ItemReader
    private let spool: RecordSpool
    private let window: Int
    private let count: Int
    private var nextIndex = 0
    private var nextToWrite = 0
    /// Finished out of order; nil marks a failed certificate (no record).
    private var waiting: [Int: EncodedRecord?] = [:]
    private(set) var failures: [(serial: String, line: Int, message: String)] = []
    private(set) var resumed = 0
    /// Roles and hours of the finished records (failed ones are not counted).
    private(set) var credit = BatchHeader.CreditTally()
    private var finished = 0
    /// Reading the list or writing the spool failed: the run stops.
    private(set) var fatal: Error?

    init(count: Int, items: BatchPlan.ItemReader, spool: RecordSpool, window: Int) {
        self.count = count
        self.items = items
        self.spool = spool
        self.window = window
    }

    func next() -> (Int, BatchPlan.Item)? {
        condition.lock()
        defer { condition.unlock() }
        while fatal == nil, nextIndex < count, nextIndex - nextToWrite >= window { condition.wait() }
        guard fatal == nil, nextIndex < count else { return nil }
        do {
            guard let item = try items.next() else { return nil }
            defer { nextIndex += 1 }
            return (nextIndex, item)
        } catch {
            fatal = error
            condition.broadcast()
            return nil
        }
    }

    func finish(_ k: Int, record: ManifestRecord, resumed: Bool) throws {
        let encoded = try EncodedRecord(record)
        condition.lock()
        if resumed { self.resumed += 1 }
        credit.add(record)
        store(k, encoded)
        condition.unlock()
    }

    func fail(_ k: Int, _ failure: (serial: String, line: Int, message: String)) {
        condition.lock()
        failures.append(failure)
        store(k, nil)
        condition.unlock()
    }

    /// Called with the lock held.
    private func store(_ k: Int, _ record: EncodedRecord?) {
        finished += 1
        waiting[k] = .some(record)
        while let ready = waiting.removeValue(forKey: nextToWrite) {
            if let ready, fatal == nil {
                do { try spool.append(ready) } catch { fatal = error }
            }
            nextToWrite += 1
        }
        condition.broadcast()
    }

    var done: Int {
        condition.lock()
        defer { condition.unlock() }
        return finished
    }
}

/// Hands a value to the single worker of a one-job run (same thread; never used concurrently).
final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

enum Memory {
    /// Hands pages malloc keeps after large frees back to the system, so peak RSS stays near what is
    /// live (the participant list's parse buffers, the renderers' per-document buffers).
    static func returnFreedPages() {
        #if canImport(Glibc)
        _ = ecert_malloc_trim(0)
        #endif
    }
}

#if canImport(Glibc)
// glibc's malloc_trim(3); <malloc.h> is not part of Swift's Glibc module.
@_silgen_name("malloc_trim") private func ecert_malloc_trim(_ pad: Int) -> Int32
#endif
