import Foundation

/// The RFC 4180 state machine, fed one scalar at a time: quoted fields may hold delimiters,
/// quotes (`""`) and newlines; CRLF, CR or LF line ends; blank lines and leading byte-order marks
/// are skipped. `CSVTable` feeds it a whole text, `CSVRecordStream` a file chunk by chunk, so both
/// read a list exactly alike.
struct CSVRecordParser {
    let delimiter: Unicode.Scalar
    let path: String
    /// Records finished so far, with the line each starts on; the reader takes them away.
    var records: [(fields: [String], line: Int)] = []

    private var field = String.UnicodeScalarView()
    private var record: [String] = []
    private var line = 1
    private var recordLine = 1
    private var inQuotes = false
    private var fieldWasQuoted = false
    private var quotePending = false  // a `"` inside quotes: closing, or the first of `""`
    private var crPending = false     // a record ended on CR: a following LF belongs to it
    private var quotedCR = false      // a CR inside quotes: a following LF is the same line end
    private var leading = true        // byte-order marks at the start are skipped

    init(delimiter: Unicode.Scalar, path: String) {
        self.delimiter = delimiter
        self.path = path
    }

    private mutating func endField() {
        record.append(String(field))
        field.removeAll(keepingCapacity: true)
        fieldWasQuoted = false
    }

    private mutating func endRecord() {
        endField()
        if !(record.count == 1 && record[0].isEmpty) {
            records.append((record, recordLine))
        }
        record.removeAll(keepingCapacity: true)
    }

    mutating func consume(_ c: Unicode.Scalar) throws {
        if leading {
            if c == "\u{FEFF}" { return }
            leading = false
        }
        if crPending {
            crPending = false
            if c == "\n" { return }
        }
        if quotePending {
            quotePending = false
            if c == "\"" {
                field.append("\"")
                return
            }
            inQuotes = false
        }
        if inQuotes {
            if c == "\"" {
                quotePending = true
                quotedCR = false
            } else {
                // CR, LF and CRLF each end one line, so CR-only files (old Mac exports) count right.
                if c == "\r" || (c == "\n" && !quotedCR) { line += 1 }
                quotedCR = c == "\r"
                field.append(c)
            }
        } else if c == "\"" {
            guard field.isEmpty, !fieldWasQuoted else {
                throw ECertError.malformedCSV(path: path, line: line, reason: "a quote (\") inside an unquoted field; put the whole field in quotes and double the inner quote")
            }
            inQuotes = true
            fieldWasQuoted = true
        } else if c == delimiter {
            endField()
        } else if c == "\r" || c == "\n" {
            crPending = c == "\r"
            endRecord()
            line += 1
            recordLine = line
        } else {
            field.append(c)
        }
    }

    /// The end of the text: the last record, or an error for a quote never closed.
    mutating func finish() throws {
        if quotePending { quotePending = false; inQuotes = false }
        if inQuotes {
            throw ECertError.malformedCSV(path: path, line: recordLine, reason: "a quoted field is never closed; add the missing closing quote (\")")
        }
        if !field.isEmpty || !record.isEmpty { endRecord() }
    }
}

/// Picks the delimiter from the header line: the candidate that splits it into the most fields
/// wins (`,` on a tie or when none occurs). Fed one scalar at a time until `isDone`.
struct DelimiterDetector {
    static let candidates: [Unicode.Scalar] = [",", ";", "\t", "|"]
    private var counts = [Int](repeating: 0, count: candidates.count)
    private var inQuotes = false
    private var leading = true
    private(set) var isDone = false

    mutating func consume(_ c: Unicode.Scalar) {
        if leading {
            if c == "\u{FEFF}" { return }
            leading = false
        }
        if c == "\"" { inQuotes.toggle() }
        if inQuotes { return }
        if c == "\n" || c == "\r" { isDone = true; return }
        if let k = Self.candidates.firstIndex(of: c) { counts[k] += 1 }
    }

    var delimiter: Unicode.Scalar {
        let best = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }!
        return counts[best] > 0 ? Self.candidates[best] : ","
    }
}
