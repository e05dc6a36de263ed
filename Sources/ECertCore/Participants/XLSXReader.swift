import Foundation
import ZIPFoundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads one worksheet of an Excel workbook (.xlsx) as text cells: shared strings, inline strings,
/// formula results, booleans and numbers. Numbers are taken from the stored digits, never through
/// a `Double`, so an ID stored as a number never turns into `1.23E+15`; a number shown with a
/// zero-padded format (`0000000000000000`) gets its leading zeros back.
public struct XLSXSheet: Sendable {
    public var name: String
    /// Rows in sheet order; each with its 1-based sheet row number and cells by column index.
    public var rows: [(number: Int, cells: [String])]
    /// Sheet rows whose ID-like numbers were stored as numeric cells of 16+ digits (Excel keeps 15).
    public var longNumberCells: [String]
    public var sheetNames: [String]
}

public enum XLSXReader {
    /// Excel's own limits: columns A to XFD, 1,048,576 rows. Anything beyond was not written by Excel.
    public static let maxColumns = 16_384
    public static let maxRows = 1_048_576
    /// A part (sheet, shared strings) may expand to at most 192 MiB, all parts read together to
    /// 256 MiB: enough for a sheet of Excel's full million rows of a few columns, checked before
    /// and while inflating, so a small ZIP bomb cannot fill memory.
    public static let maxPartBytes = 192 << 20
    public static let maxTotalBytes = 256 << 20
    /// Cells kept, counting the empty ones up to the last filled column of each row (16 bytes each).
    public static let maxCells = 8_000_000

    public static func isXLSX(_ data: Data) -> Bool {
        data.starts(with: [0x50, 0x4B, 0x03, 0x04])
    }

    /// Reads the workbook at `url` (a regular file, checked by the caller). File-backed, not
    /// `Archive(data:)`: ZIPFoundation's in-memory backing traps on a central directory that
    /// points past the end (found by the xlsx fuzz target), the file backing reports an error.
    public static func read(url: URL, path: String, sheet wanted: String?) throws -> XLSXSheet {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw ECertError.unreadableFile(path: path, reason: "not a readable .xlsx workbook (\(error)); open it in Excel and save it again as .xlsx or as CSV UTF-8")
        }
        var budget = maxTotalBytes
        func entry(_ name: String) throws -> Data? {
            guard let e = archive[name] else { return nil }
            let limit = min(maxPartBytes, budget)
            let tooBig = ECertError.unreadableFile(path: path, reason: "part \(name) of the workbook expands to more than \(limit >> 20) MiB "
                + "(the limit for a part, \(maxPartBytes >> 20) MiB, and for all parts, \(maxTotalBytes >> 20) MiB); it is not a participant list Excel wrote — split the list or save it as CSV UTF-8")
            guard e.uncompressedSize <= UInt64(limit) else { throw tooBig }
            var out = Data()
            do {
                // The size in the ZIP header may lie: count what actually comes out.
                _ = try archive.extract(e, skipCRC32: false) { chunk in
                    guard out.count + chunk.count <= limit else { throw tooBig }
                    out.append(chunk)
                }
            } catch let error as ECertError {
                throw error
            } catch {
                throw ECertError.unreadableFile(path: path, reason: "part \(name) of the workbook is damaged (\(error))")
            }
            budget -= out.count
            return out
        }
        guard let workbookXML = try entry("xl/workbook.xml") else {
            throw ECertError.unreadableFile(path: path, reason: "it is a ZIP file but not an Excel workbook (no xl/workbook.xml); save it from Excel as .xlsx")
        }
        let workbook = WorkbookHandler()
        try parse(workbookXML, with: workbook, path: path, part: "xl/workbook.xml")
        let rels = RelationshipsHandler()
        if let relsXML = try entry("xl/_rels/workbook.xml.rels") {
            try parse(relsXML, with: rels, path: path, part: "xl/_rels/workbook.xml.rels")
        }
        let names = workbook.sheets.map(\.name)
        guard !workbook.sheets.isEmpty else {
            throw ECertError.unreadableFile(path: path, reason: "the workbook has no worksheets")
        }
        let chosen: (name: String, rid: String)
        if let wanted {
            guard let found = workbook.sheets.first(where: { $0.name == wanted })
                ?? workbook.sheets.first(where: { $0.name.lowercased() == wanted.lowercased() }) else {
                throw ECertError.sheetNotFound(path: path, sheet: wanted, available: names)
            }
            chosen = found
        } else {
            chosen = workbook.sheets[0]
        }
        var target = rels.targets[chosen.rid] ?? "worksheets/sheet1.xml"
        if target.hasPrefix("/") { target.removeFirst() } else { target = "xl/" + target }
        guard let sheetXML = try entry(target) else {
            throw ECertError.unreadableFile(path: path, reason: "sheet \"\(chosen.name)\" points to \(target), which is missing from the workbook")
        }
        var shared: [String] = []
        if let sst = try entry("xl/sharedStrings.xml") {
            let h = SharedStringsHandler()
            try parse(sst, with: h, path: path, part: "xl/sharedStrings.xml")
            shared = h.strings
        }
        var paddedStyles: [Int: Int] = [:]
        if let styles = try entry("xl/styles.xml") {
            let h = StylesHandler()
            try parse(styles, with: h, path: path, part: "xl/styles.xml")
            paddedStyles = h.zeroPaddedWidths
        }
        let h = SheetHandler(shared: shared, paddedStyles: paddedStyles)
        do {
            try parse(sheetXML, with: h, path: path, part: target)
        } catch {
            if h.problem == nil { throw error }  // a stop (too many cells, …) is reported below
        }
        if let problem = h.problem {
            throw ECertError.unreadableFile(path: path, reason: "sheet \"\(chosen.name)\": \(problem)")
        }
        return XLSXSheet(name: chosen.name, rows: h.rows, longNumberCells: h.longNumbers, sheetNames: names)
    }

    static func parse(_ data: Data, with delegate: XMLParserDelegate, path: String, part: String) throws {
        // FoundationXML traps (instead of failing) on an element or attribute name that is not
        // UTF-8 (found by the xlsx fuzz target); Excel writes its parts in UTF-8.
        guard String(validating: data, as: UTF8.self) != nil else {
            throw ECertError.unreadableFile(path: path, reason: "\(part) is not UTF-8 XML (the workbook is damaged); open it in Excel and save it again")
        }
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.delegate = delegate
        guard parser.parse() else {
            let reason = parser.parserError.map { "\($0)" } ?? "unknown error"
            throw ECertError.unreadableFile(path: path, reason: "\(part) is not well-formed XML (line \(parser.lineNumber): \(reason))")
        }
    }

    /// Column letters of a cell reference (`AB12`) to a 0-based index; `maxColumns` or more for
    /// a column beyond XFD (at most four letters are looked at, so it cannot overflow).
    static func columnIndex(_ reference: String) -> Int? {
        var index = 0
        var letters = 0
        for c in reference.unicodeScalars {
            guard c.value >= 65, c.value <= 90 else { break }
            letters += 1
            if letters > 3 { return maxColumns }
            index = index * 26 + Int(c.value - 64)
        }
        return letters > 0 ? index - 1 : nil
    }

    /// The stored text of a numeric cell, written without exponent: `1.234E+15` → `1234000000000000`,
    /// `5E-3` → `0.005`. Digits are moved, never recomputed.
    public static func plainNumber(_ raw: String) -> String {
        let text = raw.trimmingCharacters(in: .whitespaces)
        // Excel numbers are doubles (|exponent| ≤ 308); a larger exponent is kept as written
        // rather than expanded to gigabytes of zeros.
        guard let e = text.firstIndex(where: { $0 == "E" || $0 == "e" }), let exponent = Int(text[text.index(after: e)...].replacingOccurrences(of: "+", with: "")),
              exponent.magnitude <= 400, text.count <= 400 else {
            return text
        }
        var mantissa = String(text[..<e])
        var sign = ""
        if mantissa.hasPrefix("-") { sign = "-"; mantissa.removeFirst() } else if mantissa.hasPrefix("+") { mantissa.removeFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        guard (intPart + fracPart).allSatisfy(\.isASCII), (intPart + fracPart).allSatisfy(\.isNumber) else { return text }
        var digits = intPart + fracPart
        var point = intPart.count + exponent
        if point <= 0 {
            digits = String(repeating: "0", count: 1 - point) + digits
            point = 1
        } else if point > digits.count {
            digits += String(repeating: "0", count: point - digits.count)
        }
        var whole = String(digits.prefix(point))
        var frac = String(digits.dropFirst(point))
        while whole.count > 1, whole.hasPrefix("0") { whole.removeFirst() }
        while frac.hasSuffix("0") { frac.removeLast() }
        return sign + whole + (frac.isEmpty ? "" : "." + frac)
    }
}

// MARK: - XML handlers

private final class WorkbookHandler: NSObject, XMLParserDelegate {
    var sheets: [(name: String, rid: String)] = []
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?, attributes: [String: String] = [:]) {
        guard localName(elementName) == "sheet" else { return }
        let rid = attributes["r:id"] ?? attributes.first(where: { $0.key.hasSuffix(":id") })?.value ?? ""
        sheets.append((attributes["name"] ?? "Sheet\(sheets.count + 1)", rid))
    }
}

private final class RelationshipsHandler: NSObject, XMLParserDelegate {
    var targets: [String: String] = [:]
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?, attributes: [String: String] = [:]) {
        guard localName(elementName) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        targets[id] = target
    }
}

/// `<si>` items: plain `<t>` or rich-text runs `<r><t>`; phonetic hints `<rPh>` are not text.
private final class SharedStringsHandler: NSObject, XMLParserDelegate {
    var strings: [String] = []
    private var current = ""
    private var inT = false
    private var phoneticDepth = 0
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?, attributes: [String: String] = [:]) {
        switch localName(elementName) {
        case "si": current = ""
        case "rPh": phoneticDepth += 1
        case "t": inT = phoneticDepth == 0
        default: break
        }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inT { current += string }
    }
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch localName(elementName) {
        case "si": strings.append(current)
        case "rPh": phoneticDepth -= 1
        case "t": inT = false
        default: break
        }
    }
}

/// Number formats that are only zeros (`00000`) — how Excel users keep leading zeros on numbers.
private final class StylesHandler: NSObject, XMLParserDelegate {
    var zeroPaddedWidths: [Int: Int] = [:]
    private var formatWidths: [Int: Int] = [:]
    private var inCellXfs = false
    private var xfIndex = 0
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?, attributes: [String: String] = [:]) {
        switch localName(elementName) {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] {
                let bare = code.replacingOccurrences(of: "\"", with: "").replacingOccurrences(of: "\\", with: "")
                if !bare.isEmpty, bare.count <= 255, bare.allSatisfy({ $0 == "0" }) { formatWidths[id] = bare.count }
            }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs:
            if let id = attributes["numFmtId"].flatMap(Int.init), let width = formatWidths[id] {
                zeroPaddedWidths[xfIndex] = width
            }
            xfIndex += 1
        default: break
        }
    }
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if localName(elementName) == "cellXfs" { inCellXfs = false }
    }
}

private final class SheetHandler: NSObject, XMLParserDelegate {
    let shared: [String]
    let paddedStyles: [Int: Int]
    var rows: [(number: Int, cells: [String])] = []
    var longNumbers: [String] = []
    var problem: String?

    private var rowNumber = 0
    private var cells: [String] = []
    private var inRow = false
    private var cellColumn = 0
    private var cellRef = ""
    private var cellType = "n"
    private var cellStyle: Int?
    private var value = ""
    private var inline = ""
    private var hasFormula = false
    private var hasValue = false
    private var cellCount = 0
    private var capture: Capture = .none
    private var phoneticDepth = 0
    private enum Capture { case none, value, inlineText }

    init(shared: [String], paddedStyles: [Int: Int]) {
        self.shared = shared
        self.paddedStyles = paddedStyles
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?, attributes: [String: String] = [:]) {
        switch localName(elementName) {
        case "row":
            let next = rowNumber + 1
            rowNumber = attributes["r"].map { Int($0) ?? 0 } ?? next
            guard (1...XLSXReader.maxRows).contains(rowNumber) else {
                return stop(parser, "row number \(attributes["r"] ?? String(next)) is outside Excel's rows 1 to 1,048,576")
            }
            cells = []
            inRow = true
            cellColumn = 0
        case "c":
            cellRef = attributes["r"] ?? ""
            if let c = XLSXReader.columnIndex(cellRef) { cellColumn = c }
            guard cellColumn < XLSXReader.maxColumns else {
                return stop(parser, "cell \(cellRef.isEmpty ? "after XFD\(rowNumber)" : cellRef) is beyond Excel's last column XFD")
            }
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init)
            value = ""
            inline = ""
            hasFormula = false
            hasValue = false
        case "f": hasFormula = true
        case "v": capture = .value; hasValue = true
        case "rPh": phoneticDepth += 1
        case "t" where phoneticDepth == 0: capture = .inlineText
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        switch capture {
        case .value: value += string
        case .inlineText: inline += string
        case .none: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch localName(elementName) {
        case "v", "t": capture = .none
        case "rPh": phoneticDepth -= 1
        case "c":
            guard problem == nil else { return }
            if hasFormula, !hasValue, cellType != "inlineStr" {
                // Excel saves each formula's result; a file written by another tool may not.
                return stop(parser, "cell \(cellRef) holds a formula without its saved result; open the workbook in Excel or LibreOffice and save it again, or paste the column as values")
            }
            let text: String
            switch cellType {
            case "s":
                guard let i = Int(value), shared.indices.contains(i) else {
                    problem = problem ?? "cell \(cellRef) refers to shared string \(value), which does not exist"
                    return
                }
                text = shared[i]
            case "inlineStr": text = inline
            case "str", "e": text = value
            case "b": text = value == "1" ? "TRUE" : "FALSE"
            default:
                var number = XLSXReader.plainNumber(value)
                if number.count >= 16, number.allSatisfy(\.isNumber) { longNumbers.append(cellRef) }
                if let style = cellStyle, let width = paddedStyles[style], number.allSatisfy(\.isNumber), number.count < width {
                    number = String(repeating: "0", count: width - number.count) + number
                }
                text = number
            }
            guard cellColumn < XLSXReader.maxColumns else {
                return stop(parser, "row \(rowNumber) has cells beyond Excel's last column XFD")
            }
            if cellColumn >= cells.count {
                cellCount += cellColumn - cells.count + 1
                guard cellCount <= XLSXReader.maxCells else {
                    return stop(parser, "the sheet holds more than \(XLSXReader.maxCells) cells (counting empty cells up to each row's last filled column); keep only the participant columns, or save it as CSV UTF-8")
                }
                cells += Array(repeating: "", count: cellColumn - cells.count + 1)
            }
            cells[cellColumn] = text
            cellColumn += 1
        case "row":
            rows.append((rowNumber, cells))
            inRow = false
        default: break
        }
    }
}

extension SheetHandler {
    /// Records the first problem and stops reading: nothing after it would be used.
    func stop(_ parser: XMLParser, _ reason: String) {
        problem = problem ?? reason
        parser.abortParsing()
    }
}

private func localName(_ name: String) -> Substring {
    if let colon = name.lastIndex(of: ":") { return name[name.index(after: colon)...] }
    return name[...]
}
