import Foundation

/// Where a table came from and how it was read: the delimiter and encoding of a CSV, or the sheet of
/// a workbook. Line numbers of a workbook table are sheet row numbers.
public struct TableSource: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case csv(delimiter: Character, encoding: TextDecoding.Encoding)
        case xlsx(sheet: String)
    }

    public var kind: Kind

    public var sheet: String? {
        if case .xlsx(let sheet) = kind { return sheet }
        return nil
    }

    public var description: String {
        switch kind {
        case .csv(let delimiter, let encoding):
            let names: [Character: String] = [",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"]
            return "CSV, \(encoding.rawValue), \(names[delimiter] ?? "\"\(delimiter)\"")-delimited"
        case .xlsx(let sheet):
            return "Excel workbook, sheet \"\(sheet)\""
        }
    }

    public struct Loaded: Sendable {
        public var table: CSVTable
        public var source: TableSource
        public var warnings: [String]
        public var sha256: String = ""
    }

    /// A list read whole (check, reconcile) may have at most 1 GiB; a workbook at most 256 MiB.
    public static let maxListBytes = 1 << 30
    public static let maxWorkbookBytes = 256 << 20

    /// Reads a CSV (any supported encoding and delimiter) or an .xlsx workbook, told apart by
    /// content, not by file name. `sheet` picks a worksheet (first one by default).
    public static func load(from url: URL, sheet: String? = nil) throws -> Loaded {
        let data = Data(try BoundedFile.read(url, limit: maxListBytes))
        if XLSXReader.isXLSX(data) {
            guard data.count <= maxWorkbookBytes else {
                throw ECertError.unreadableFile(path: url.path, reason: "the workbook is \(data.count >> 20) MiB, more than the \(maxWorkbookBytes >> 20) MiB a participant list may have; save it as CSV UTF-8")
            }
            let read = try readWorkbook(data, path: url.path, sheet: sheet)
            let records = read.rows.map(\.cells)
            let lines = read.rows.map(\.number)
            let table = try CSVTable.table(records: records, lines: lines, delimiter: ",", path: url.path)
            var warnings: [String] = []
            if !read.longNumberCells.isEmpty {
                let cells = read.longNumberCells.prefix(5).joined(separator: ", ") + (read.longNumberCells.count > 5 ? ", …" : "")
                warnings.append("\(url.path): sheet \"\(read.name)\" stores \(read.longNumberCells.count) long number(s) as numeric cells (\(cells)); "
                    + "Excel keeps only 15 digits of a number, so check those IDs and format the column as Text")
            }
            return Loaded(table: table, source: TableSource(kind: .xlsx(sheet: read.name)), warnings: warnings, sha256: Digest256.sha256Hex(data))
        }
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw ECertError.unreadableFile(path: url.path, reason: "it is an old Excel 97–2003 .xls workbook; save it as .xlsx (Excel Workbook) or as CSV UTF-8")
        }
        if sheet != nil {
            throw ECertError.unreadableFile(path: url.path, reason: "--sheet applies to .xlsx workbooks, but this file is text (CSV); leave out --sheet")
        }
        let decoded = try TextDecoding.decodeDetecting(data, path: url.path)
        let table = try CSVTable.parse(decoded.text, path: url.path)
        return Loaded(table: table, source: TableSource(kind: .csv(delimiter: table.delimiter, encoding: decoded.encoding)),
                      warnings: decoded.warning.map { [$0] } ?? [], sha256: Digest256.sha256Hex(data))
    }

    /// Parses exactly the bytes that were hashed: the list file could change between two reads, and
    /// the signed hash must name what was parsed. ZIPFoundation's in-memory archive traps on damaged
    /// input, so the bytes go to a private copy (a 0700 folder from mkdtemp) that the file-backed
    /// reader opens, removed afterwards.
    static func readWorkbook(_ data: Data, path: String, sheet: String?) throws -> XLSXSheet {
        var template = Array((NSTemporaryDirectory() + "/ecert-xlsx-XXXXXX").utf8CString)
        guard let dir = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }).map({ String(cString: $0) }) else {
            throw ECertError.unreadableFile(path: path, reason: "no private temporary folder for reading the workbook (\(String(cString: strerror(errno)))); set TMPDIR to a writable folder")
        }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let copy = URL(fileURLWithPath: dir).appendingPathComponent("list.xlsx")
        do {
            try data.write(to: copy)
        } catch {
            throw ECertError.unreadableFile(path: path, reason: "cannot copy the workbook to \(dir) for reading (\(error.localizedDescription)); set TMPDIR to a folder with free space")
        }
        return try XLSXReader.read(url: copy, path: path, sheet: sheet)
    }
}
