import Foundation

/// A participant list that can be read more than once, row by row: a CSV re-read from disk in
/// chunks, or a workbook's rows (an .xlsx is read whole; it is bounded by the workbook anyway).
public struct ListSource: @unchecked Sendable {
    enum Storage {
        case csv(url: URL, format: CSVStream.Format, delimiter: Unicode.Scalar)
        case table(records: [[String]], lines: [Int])
    }

    let storage: Storage
    public let path: String
    public let source: TableSource
    public let sha256: String
    public let warnings: [String]
    var chunkSize = CSVStream.defaultChunkSize

    /// Tells a workbook from a CSV by content (as `TableSource.load`); a CSV is only sniffed here.
    public static func open(url: URL, sheet: String? = nil, chunkSize: Int = CSVStream.defaultChunkSize) throws -> ListSource {
        let path = url.path
        let magic = try ChunkReader(url: url, path: path, chunkSize: 4).next() ?? []
        if XLSXReader.isXLSX(Data(magic)) {
            let loaded = try TableSource.load(from: url, sheet: sheet)
            var records = [loaded.table.header]
            var lines = [0]
            // The table already left out blank rows and took the first row as header; keep its lines.
            records += loaded.table.rows
            lines += loaded.table.lineNumbers
            return ListSource(storage: .table(records: records, lines: lines), path: path, source: loaded.source,
                              sha256: loaded.sha256, warnings: loaded.warnings, chunkSize: chunkSize)
        }
        if magic.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw ECertError.unreadableFile(path: path, reason: "it is an old Excel 97–2003 .xls workbook; save it as .xlsx (Excel Workbook) or as CSV UTF-8")
        }
        if sheet != nil {
            throw ECertError.unreadableFile(path: path, reason: "--sheet applies to .xlsx workbooks, but this file is text (CSV); leave out --sheet")
        }
        let format = try CSVStream.sniff(url: url, path: path, chunkSize: chunkSize)
        let delimiter = try CSVStream.detectDelimiter(url: url, path: path, format: format, chunkSize: chunkSize)
        return ListSource(storage: .csv(url: url, format: format, delimiter: delimiter), path: path,
                          source: TableSource(kind: .csv(delimiter: Character(delimiter), encoding: format.encoding)),
                          sha256: format.sha256, warnings: format.warning.map { [$0] } ?? [], chunkSize: chunkSize)
    }

    /// Records from the top (header first), for one pass.
    func records() throws -> RecordReader {
        switch storage {
        case .csv(let url, let format, let delimiter):
            // A list edited between the checking and the issuing pass would give records that were never checked.
            let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
            let size = (attributes?[.size] as? NSNumber)?.intValue
            if size != format.size || attributes?[.modificationDate] as? Date != format.modified {
                throw ECertError.unreadableFile(path: path, reason: "the file changed while ecert was reading it; leave it alone until the run ends and run again")
            }
            return .csv(try CSVRecordStream(url: url, path: path, encoding: format.encoding, delimiter: delimiter, chunkSize: chunkSize))
        case .table(let records, let lines):
            return .table(records: records, lines: lines, position: 0)
        }
    }
}

enum RecordReader {
    case csv(CSVRecordStream)
    case table(records: [[String]], lines: [Int], position: Int)

    mutating func next() throws -> (fields: [String], line: Int)? {
        switch self {
        case .csv(var stream):
            let record = try stream.next()
            self = .csv(stream)
            return record
        case .table(let records, let lines, let position):
            guard position < records.count else { return nil }
            self = .table(records: records, lines: lines, position: position + 1)
            return (records[position], lines[position])
        }
    }
}

/// The data rows of a list, streamed: the header found (also below a title, as
/// `ParticipantList.headerTable`), blank and all-space rows left out, as `CSVTable.table` does.
public struct ParticipantRows {
    public let header: [String]
    public let mapping: ColumnMapping
    /// Set when the header was found below a title: its line and the number of rows above it.
    public let skipped: (header: Int, above: Int)?
    private var records: RecordReader

    public init(source: ListSource, columnOverrides: [String: String]) throws {
        records = try source.records()
        let path = source.path
        guard let first = try records.next() else {
            throw ECertError.malformedCSV(path: path, line: 1, reason: "the file is empty; the first line must be a header row such as \"Nama Lengkap,NUPTK\"")
        }
        var header = Self.trimmedHeader(first.fields)
        do {
            mapping = try ColumnMapping.detect(header: header, path: path, overrides: columnOverrides)
            skipped = nil
        } catch let error as ECertError {
            guard case .missingColumn = error else { throw error }
            // A title or notes above the header: the first of the next 10 rows with name/ID columns.
            var rows: [(fields: [String], line: Int)] = []
            var found: (ColumnMapping, Int)?
            while rows.count < 10, let row = try Self.nextRow(&records) {
                rows.append(row)
                let candidate = Self.trimmedHeader(row.fields)
                if let mapping = try? ColumnMapping.detect(header: candidate, path: path, overrides: columnOverrides) {
                    header = candidate
                    found = (mapping, rows.count - 1)
                    break
                }
            }
            guard let (mapping, k) = found else { throw error }
            self.mapping = mapping
            skipped = (rows[k].line, k + 1)
        }
        self.header = header
    }

    static func trimmedHeader(_ fields: [String]) -> [String] {
        var header = fields.map { $0.trimmingCharacters(in: .whitespaces) }
        // Spreadsheets often export trailing empty columns; they carry nothing.
        while header.count > 1, header.last == "" { header.removeLast() }
        return header
    }

    static func nextRow(_ records: inout RecordReader) throws -> (fields: [String], line: Int)? {
        while let record = try records.next() {
            // Rows in which every field is empty or spaces (Excel writes `;;;;` for a blank row) carry nothing.
            if !record.fields.allSatisfy({ $0.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\u{A0}" } }) { return record }
        }
        return nil
    }

    public mutating func next() throws -> (fields: [String], line: Int)? {
        try Self.nextRow(&records)
    }
}
