import Foundation

/// Writes the CSV files ecert produces (rejected.csv, verified.csv): UTF-8 with BOM so Excel shows
/// names correctly, comma-delimited, CRLF, RFC 4180 quoting. Any value that a spreadsheet would
/// read as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) is prefixed with `'`.
public struct CSVWriter {
    public private(set) var text = "\u{FEFF}"

    public init(header: [String]) {
        append(header)
    }

    public mutating func append(_ fields: [String]) {
        text += fields.map { Self.quoted(Self.neutralised($0)) }.joined(separator: ",") + "\r\n"
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
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
