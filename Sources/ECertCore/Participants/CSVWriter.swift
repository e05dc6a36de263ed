import Foundation

/// Writes the CSV files ecert produces (rejected.csv, verified.csv): UTF-8 with BOM so Excel shows
/// names correctly, comma-delimited, CRLF, RFC 4180 quoting. In a file meant for a spreadsheet
/// (rejected.csv), any value that a spreadsheet would read as a formula (starting with `=`, `+`,
/// `-`, `@`, tab or CR) is prefixed with `'`. A file ecert reads back (verified.csv, the list
/// `issue --funnel` signs) keeps every value exactly: a `'` there would be signed into the name.
public struct CSVWriter {
    public enum Reader: Sendable { case spreadsheet, ecert }
    public private(set) var text = "\u{FEFF}"
    public let reader: Reader

    public init(header: [String], for reader: Reader) {
        self.reader = reader
        append(header)
    }

    public mutating func append(_ fields: [String]) {
        text += fields.map { Self.quoted(reader == .spreadsheet ? Self.neutralised($0) : $0) }.joined(separator: ",") + "\r\n"
    }

    public var data: Data { Data(text.utf8) }

    /// `=HYPERLINK(…)` → `'=HYPERLINK(…)`: shown as text, never evaluated.
    public static func neutralised(_ value: String) -> String {
        guard let first = value.unicodeScalars.first else { return value }
        switch first {
        case "=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}": return "'" + value
        default: return value
        }
    }

    static func quoted(_ value: String) -> String {
        // Scalars, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
