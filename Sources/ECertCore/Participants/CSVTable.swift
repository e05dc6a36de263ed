import Foundation

/// A delimited text table as read from disk: header, rows, and the line each row started on.
public struct CSVTable: Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// 1-based line number in the file where each row starts (quoted newlines make rows span lines).
    public var lineNumbers: [Int]
    public var delimiter: Character

    /// Parses RFC 4180 text (`CSVRecordParser`).
    public static func parse(_ text: String, path: String, delimiter: Character? = nil) throws -> CSVTable {
        let (records, lines, sep) = try parseRecords(text, path: path, delimiter: delimiter)
        return try table(records: records, lines: lines, delimiter: sep, path: path)
    }

    /// Makes a table whose header is `records[0]`. Rows in which every field is empty (Excel
    /// writes `;;;;` for a blank row) carry nothing and are left out.
    public static func table(records: [[String]], lines: [Int], delimiter: Character, path: String) throws -> CSVTable {
        guard var header = records.first else {
            throw ECertError.malformedCSV(path: path, line: 1, reason: "the file is empty; the first line must be a header row such as \"Nama Lengkap,NUPTK\"")
        }
        header = header.map { $0.trimmingCharacters(in: .whitespaces) }
        // Spreadsheets often export trailing empty columns; they carry nothing.
        while header.count > 1, header.last == "" { header.removeLast() }
        var rows: [[String]] = []
        var rowLines: [Int] = []
        rows.reserveCapacity(records.count)
        rowLines.reserveCapacity(records.count)
        for (record, line) in zip(records.dropFirst(), lines.dropFirst())
        where !record.allSatisfy({ $0.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\u{A0}" } }) {
            rows.append(record)
            rowLines.append(line)
        }
        return CSVTable(header: header, rows: rows, lineNumbers: rowLines, delimiter: delimiter)
    }

    /// Every record of the text with the line it starts on, and the delimiter used.
    public static func parseRecords(_ text: String, path: String, delimiter: Character? = nil) throws -> ([[String]], [Int], Character) {
        let sep = delimiter.map { $0.unicodeScalars.first! } ?? detectDelimiter(text.unicodeScalars)
        var parser = CSVRecordParser(delimiter: sep, path: path)
        for c in text.unicodeScalars { try parser.consume(c) }
        try parser.finish()
        return (parser.records.map(\.fields), parser.records.map(\.line), Character(sep))
    }

    static func detectDelimiter(_ scalars: some Sequence<Unicode.Scalar>) -> Unicode.Scalar {
        var detector = DelimiterDetector()
        for c in scalars where !detector.isDone { detector.consume(c) }
        return detector.delimiter
    }
}
