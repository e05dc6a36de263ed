import Foundation

/// A delimited text table as read from disk: header, rows, and the line each row started on.
public struct CSVTable: Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// 1-based line number in the file where each row starts (quoted newlines make rows span lines).
    public var lineNumbers: [Int]
    public var delimiter: Character

    /// Parses RFC 4180 text: quoted fields may hold delimiters, quotes (`""`) and newlines;
    /// CRLF or LF line ends; blank lines are skipped.
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
        let scalars = Array(text.unicodeScalars.drop(while: { $0 == "\u{FEFF}" }))
        let sep = delimiter.map { $0.unicodeScalars.first! } ?? detectDelimiter(scalars)
        var records: [[String]] = []
        var lines: [Int] = []
        var field = String.UnicodeScalarView()
        var record: [String] = []
        var line = 1
        var recordLine = 1
        var i = 0
        var inQuotes = false
        var fieldWasQuoted = false

        func endField() {
            record.append(String(field))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            if !(record.count == 1 && record[0].isEmpty) {
                records.append(record)
                lines.append(recordLine)
            }
            record.removeAll(keepingCapacity: true)
        }

        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
            } else if c == "\"" {
                guard field.isEmpty, !fieldWasQuoted else {
                    throw ECertError.malformedCSV(path: path, line: line, reason: "a quote (\") inside an unquoted field; put the whole field in quotes and double the inner quote")
                }
                inQuotes = true
                fieldWasQuoted = true
            } else if c == sep {
                endField()
            } else if c == "\r" || c == "\n" {
                if c == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
                endRecord()
                line += 1
                recordLine = line
            } else {
                field.append(c)
            }
            i += 1
        }
        if inQuotes {
            throw ECertError.malformedCSV(path: path, line: recordLine, reason: "a quoted field is never closed; add the missing closing quote (\")")
        }
        if !field.isEmpty || !record.isEmpty { endRecord() }
        return (records, lines, Character(sep))
    }

    /// The candidate that splits the header line into the most fields wins (`,` on a tie).
    static func detectDelimiter(_ scalars: [Unicode.Scalar]) -> Unicode.Scalar {
        let candidates: [Unicode.Scalar] = [",", ";", "\t", "|"]
        var counts = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        for c in scalars {
            if c == "\"" { inQuotes.toggle() }
            if inQuotes { continue }
            if c == "\n" || c == "\r" { break }
            if let k = candidates.firstIndex(of: c) { counts[k] += 1 }
        }
        let best = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }!
        return counts[best] > 0 ? candidates[best] : ","
    }
}
