import Foundation

/// A batch checked and ready to issue. Building a plan writes nothing, so bad input never leaves
/// anything behind in the output folder.
public struct BatchPlan: Sendable {
    public struct Item: Sendable {
        public var sequence: Int
        public var serial: String
        public var fileName: String
        public var participant: Participant
    }

    public var event: Event
    public var participantsPath: String
    public var inputSHA256: String
    public var rowsRead: Int
    public var problems: [RowProblem]
    /// Rows that will get a certificate; they are read again, in order, by `items(in:)`.
    public var validCount: Int
    public var template: Template
    public var templateHashes: BatchHeader.ResourceHashes
    public var fontHashes: BatchHeader.ResourceHashes
    /// Rows that will not be issued (only with `--skip-invalid`), their original fields and reasons.
    public var rejected: [RejectedRow] = []
    public var header: [String] = []
    public var source: TableSource? = nil
    public var warnings: [String] = []
    public var nameCase: NameCase = .keep
    /// The eligibility funnel (from `ecert reconcile`) to put in the signed manifest.
    public var funnel: Funnel? = nil
    /// The list, re-read for issuing instead of kept in memory (memory stays flat with the row count).
    var list: ListSource
    var columnOverrides: [String: String]
    var checker: RowChecker
    /// Lines of the rejected rows, skipped by the issuing pass.
    var rejectedLines: Set<Int>

    /// Reads and checks everything, streaming the list. Row problems are collected, not thrown: the
    /// caller decides whether any problem stops the batch.
    public static func make(participantsURL: URL, event: Event, resources: Resources, columnOverrides: [String: String] = [:],
                            sheet: String? = nil, nameCase: NameCase = .keep, chunkSize: Int = CSVStream.defaultChunkSize,
                            printCheck: ((Template, [String: String]) throws -> any NamePrintCheck)? = nil) throws -> BatchPlan {
        let list = try ListSource.open(url: participantsURL, sheet: sheet, chunkSize: chunkSize)
        var rows = try ParticipantRows(source: list, columnOverrides: columnOverrides)
        let sheetName = list.source.sheet
        var warnings = list.warnings
        if let skipped = rows.skipped {
            let place = sheetName == nil ? "line" : "sheet row"
            warnings.append("\(list.path): the header is on \(place) \(skipped.header); the \(skipped.above) line(s) above it (a title, notes) were not read as participants")
        }
        let templateDir = try resources.templateDirectory(named: event.template)
        let template = try Template.load(from: templateDir)
        try template.checkPlaceholders(columns: rows.header, event: event, path: templateDir.appendingPathComponent(Template.fileName).path)
        let eventCheck = EventRowCheck(event: event, template: template)

        var checker = RowChecker(header: rows.header, mapping: rows.mapping, nameCase: nameCase, sheet: sheetName)
        // Names that would not fit or print are row problems here, as in `check`, so
        // --skip-invalid skips them instead of the renderer failing the batch.
        checker.printCheck = try printCheck?(template, event.certificateValues)
        var rowsRead = 0, validCount = 0
        var problems: [RowProblem] = []
        var rejected: [RejectedRow] = []
        while let row = try rows.next() {
            rowsRead += 1
            var outcome = checker.check(row.fields, line: row.line)
            if case .valid(let participant) = outcome, case let found = eventCheck.problems(participant), !found.isEmpty {
                outcome = .rejected(found)
            }
            switch outcome {
            case .valid: validCount += 1
            case .rejected(let found):
                problems += found.map { RowProblem(line: row.line, reason: $0.reason, kind: $0.kind, sheet: sheetName) }
                rejected.append(RejectedRow(line: row.line, fields: row.fields, reasons: found.map(\.reason)))
            }
        }
        guard rowsRead > 0 else { throw ECertError.emptyParticipantList(path: list.path) }
        try checkFileNames(event: event, count: validCount)
        return BatchPlan(
            event: event, participantsPath: participantsURL.path, inputSHA256: list.sha256,
            rowsRead: rowsRead, problems: problems, validCount: validCount, template: template,
            templateHashes: .init(name: event.template, files: try Resources.hashes(ofFilesIn: templateDir)),
            fontHashes: .init(name: "fonts", files: try Resources.hashes(ofFilesIn: resources.fontsDirectory, extensions: Resources.fontExtensions)),
            rejected: rejected, header: rows.header, source: list.source, warnings: warnings, nameCase: nameCase,
            list: list, columnOverrides: columnOverrides,
            checker: RowChecker(header: rows.header, mapping: rows.mapping, nameCase: nameCase, sheet: sheetName),
            rejectedLines: Set(rejected.map(\.line)))
    }

    /// Two serials must not give one file name (a pattern whose fixed part is cut at 150 characters
    /// would). Names are kept as 64-bit hashes; a hit is confirmed on the names themselves.
    static func checkFileNames(event: Event, count: Int) throws {
        var owners: [UInt64: Int32] = [:]
        owners.reserveCapacity(count)
        for sequence in stride(from: 1, through: count, by: 1) {
            let serial = event.serial.serial(for: sequence)
            let file = FileOutput.safeFileName(forSerial: serial)
            let key = RowChecker.key(file)
            if let other = owners[key] {
                let otherSerial = event.serial.serial(for: Int(other))
                if FileOutput.safeFileName(forSerial: otherSerial) == file {
                    throw ECertError.invalidEvent(path: "serial", reason: "serials \"\(otherSerial)\" and \"\(serial)\" give the same file name \(file); make the serial pattern's fixed part unique")
                }
            }
            owners[key] = Int32(sequence)
        }
    }

    /// Serial and file name of the certificate at `position` (0-based among the valid rows).
    public func serial(at position: Int) -> String { event.serial.serial(for: position + 1) }
    public func fileName(at position: Int) -> String { FileOutput.safeFileName(forSerial: serial(at: position)) }

    /// The items at `range` (positions among the valid rows), read from the list in order.
    public func items(in range: Range<Int>) throws -> ItemReader {
        ItemReader(plan: self, rows: try ParticipantRows(source: list, columnOverrides: columnOverrides), range: range)
    }

    /// Re-reads the list and hands out its valid rows as items, in input order.
    public struct ItemReader {
        let plan: BatchPlan
        var rows: ParticipantRows
        let range: Range<Int>
        var position = 0

        public mutating func next() throws -> Item? {
            while position < range.upperBound {
                guard let row = try rows.next() else {
                    throw ECertError.unreadableFile(path: plan.participantsPath, reason: "the file changed while ecert was reading it (it has fewer rows than before); leave it alone until the run ends and run again")
                }
                if plan.rejectedLines.contains(row.line) { continue }
                defer { position += 1 }
                guard position >= range.lowerBound else { continue }
                let participant = plan.checker.participant(row.fields, line: row.line)
                return Item(sequence: position + 1, serial: plan.serial(at: position), fileName: plan.fileName(at: position), participant: participant)
            }
            return nil
        }
    }

    /// The claims, payload and drawing instructions of one certificate.
    public func content(for item: Item, key: IssuerPrivateKey) throws -> (CertificateContent, SignedPayload) {
        let claims = CertificateClaims.make(
            event: event, keyID: key.publicKey.keyID, participantID: item.participant.id, serial: item.serial,
            name: item.participant.name, columns: item.participant.columns)
        let payload = try SignedPayload.sign(claims, with: key)
        return (content(for: item, payloadText: payload.text), payload)
    }

    /// The drawing instructions of a certificate whose payload is already signed (e.g. from its
    /// manifest record), without signing again.
    public func content(for item: Item, payloadText: String) -> CertificateContent {
        CertificateContent.make(
            event: event, serial: item.serial, name: item.participant.name, participantID: item.participant.id,
            columns: item.participant.columns, payloadText: payloadText)
    }

    /// Document information of the `--combined` print PDF.
    public var combinedMetadata: PDFMetadata {
        PDFMetadata(title: "Sertifikat — \(event.title)", author: event.issuer, subject: event.title, creationDate: event.date.iso + "T00:00:00")
    }

    /// Values that are the same on every certificate of the batch.
    public var eventValues: [String: String] {
        event.certificateValues
    }
}
