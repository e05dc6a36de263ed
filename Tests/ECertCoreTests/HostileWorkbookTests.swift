@testable import ECertCore
import Foundation
import Testing
import ZIPFoundation

/// Hostile one-sheet workbooks (issue 12): built here part by part, so each breaks one thing.
@Suite("hostile workbooks")
struct HostileWorkbookTests {
    static let workbook = #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Peserta" sheetId="1" r:id="rId1"/></sheets></workbook>"#
    static let rels = #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
    static let header = #"<row r="1"><c r="A1" t="inlineStr"><is><t>Nama</t></is></c><c r="B1" t="inlineStr"><is><t>ID</t></is></c></row>"#

    /// A workbook whose sheet is `rows` (after the header row); `sheet` streams a part in chunks.
    func workbook(rows: String = "", sheet: ((Int) -> Data?)? = nil, sheetSize: Int = 0) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecert-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("list.xlsx")
        let archive = try Archive(url: url, accessMode: .create)
        func add(_ name: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try add("xl/workbook.xml", Self.workbook)
        try add("xl/_rels/workbook.xml.rels", Self.rels)
        if let sheet {
            try archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(sheetSize), compressionMethod: .deflate) { position, size in
                sheet(Int(position)).map { $0.prefix(size) } ?? Data()
            }
        } else {
            try add("xl/worksheets/sheet1.xml", #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"# + Self.header + rows + "</sheetData></worksheet>")
        }
        return url
    }

    func refused(_ url: URL, saying text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        for read in [{ _ = try ParticipantList.load(from: url) }, { _ = try ListSource.open(url: url) }] {
            #expect(sourceLocation: sourceLocation) {
                try read()
            } throws: { error in
                error.localizedDescription.contains(text) && error.localizedDescription.contains(url.path)
            }
        }
    }

    /// The hash that gets signed names the bytes that were parsed: one read, parsed from a private
    /// copy of those bytes (the list may change on disk between two reads).
    @Test func workbookIsHashedFromTheBytesItIsParsedFrom() throws {
        let url = try workbook(rows: #"<row r="2"><c r="A2" t="inlineStr"><is><t>Siti Aminah</t></is></c><c r="B2" t="inlineStr"><is><t>7</t></is></c></row>"#)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let loaded = try TableSource.load(from: url)
        #expect(loaded.sha256 == Digest256.sha256Hex(try Data(contentsOf: url)))
        #expect(loaded.table.rows.first?.first == "Siti Aminah")
    }

    @Test func columnReferencesBeyondXFDAreRefusedNotTrapped() throws {
        for ref in ["ZZZZZZZZZZZZZZZZZZZZZZ2", "XFE2", "AAAA2"] {
            refused(try workbook(rows: #"<row r="2"><c r="\#(ref)" t="inlineStr"><is><t>x</t></is></c></row>"#), saying: "beyond Excel's last column XFD")
        }
        let last = try ParticipantList.load(from: try workbook(rows: #"<row r="2"><c r="A2" t="inlineStr"><is><t>Budi</t></is></c><c r="B2"><v>1</v></c><c r="XFD2"><v>7</v></c></row>"#))
        #expect(last.rowsRead == 1)
    }

    @Test func rowNumbersOutsideExcelAreRefused() throws {
        for r in ["99999999999999999999999", "1048577", "0", "-3", "x"] {
            refused(try workbook(rows: #"<row r="\#(r)"><c t="inlineStr"><is><t>x</t></is></c></row>"#), saying: "is outside Excel's rows 1 to 1,048,576")
        }
    }

    /// Exponents that would overflow `Int` or expand to gigabytes of zeros are kept as written.
    @Test func hugeExponentsNeitherTrapNorExpand() throws {
        for v in ["1E+9223372036854775807", "1E-9223372036854775808", "1E+99999999999999999999", "5E+1000000000", "1.5E-400000"] {
            let url = try workbook(rows: #"<row r="2"><c r="A2" t="inlineStr"><is><t>Budi</t></is></c><c r="B2"><v>\#(v)</v></c></row>"#)
            defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
            let list = try ParticipantList.load(from: url)
            #expect(list.participants.first?.id == v || list.problems.count == 1, "\(v)")
            #expect(XLSXReader.plainNumber(v) == v)
        }
        #expect(XLSXReader.plainNumber("1.234E+15") == "1234000000000000")
    }

    /// One cell at XFD on many rows would pad every row to 16,384 cells: bounded by the cell limit.
    @Test func paddingToTheLastColumnIsBounded() throws {
        let row = { (r: Int) in #"<row r="\#(r)"><c r="XFD\#(r)"><v>1</v></c></row>"# }
        refused(try workbook(rows: (2...600).map(row).joined()), saying: "the sheet holds more than 8000000 cells")
    }

    @Test func errorCellsAreRefusedPerRow() throws {
        let rows = ["#DIV/0!", "#N/A", "#REF!", "#NAME?", "#VALUE!"].enumerated().map { k, e in
            #"<row r="\#(k + 2)"><c r="A\#(k + 2)" t="e"><f>1/0</f><v>\#(e)</v></c><c r="B\#(k + 2)"><v>\#(k + 1)</v></c></row>"#
        }.joined() + #"<row r="7"><c r="A7" t="str"><f>CONCAT("Bu","di")</f><v>Budi</v></c><c r="B7"><v>9</v></c></row>"#
        let url = try workbook(rows: rows)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let list = try ParticipantList.load(from: url)
        #expect(list.participants.map(\.name) == ["Budi"], "a formula's cached value is used")
        #expect(list.problems.map(\.line) == [2, 3, 4, 5, 6])
        #expect(list.problems.allSatisfy { $0.kind == .excelError && $0.reason.contains("column \"Nama\" holds the Excel error #") })
    }

    @Test func formulaWithoutItsResultIsAClearError() throws {
        refused(try workbook(rows: #"<row r="2"><c r="A2" t="str"><f>A1</f></c><c r="B2"><v>1</v></c></row>"#),
                saying: "cell A2 holds a formula without its saved result")
    }

    /// 200 MiB of XML in a ZIP of a few hundred KB: refused from the size in the ZIP header, and,
    /// when that header lies, while inflating — memory never holds more than the part limit.
    @Test func zipBombPartsAreRefusedBeforeAndWhileExtracting() throws {
        let size = 200 << 20
        let blank = Data(repeating: 0x20, count: 1 << 20)
        let start = Data((#"<worksheet><sheetData>"# + Self.header).utf8)
        let make = { try self.workbook(sheet: { position in position == 0 ? start + blank.prefix((1 << 20) - start.count) : blank }, sheetSize: size) }
        refused(try make(), saying: "expands to more than 192 MiB")
        // The same archive with both size fields of the sheet rewritten to 1,000 bytes.
        let lying = try make()
        var bytes = [UInt8](try Data(contentsOf: lying))
        let name = Array("xl/worksheets/sheet1.xml".utf8)
        for (signature, sizeAt, nameAt) in [([0x50, 0x4B, 0x03, 0x04] as [UInt8], 22, 30), ([0x50, 0x4B, 0x01, 0x02], 24, 46)] {
            for k in 0..<(bytes.count - nameAt - name.count) where bytes[k..<k + 4].elementsEqual(signature) && bytes[(k + nameAt)..<(k + nameAt + name.count)].elementsEqual(name) {
                bytes.replaceSubrange((k + sizeAt)..<(k + sizeAt + 4), with: [0xE8, 0x03, 0, 0])
            }
        }
        try Data(bytes).write(to: lying)
        #expect(throws: (any Error).self) { _ = try ParticipantList.load(from: lying) }
        try? FileManager.default.removeItem(at: lying.deletingLastPathComponent())
    }

    /// Found by the xlsx fuzz target: a central directory that points past the end made
    /// ZIPFoundation's in-memory archive trap (the file-backed archive refuses it), and an
    /// element name that is not UTF-8 made FoundationXML trap (refused before parsing).
    @Test(arguments: [Self.fuzzFinding, Self.fuzzFindingXMLName])
    func fuzzFindingsAreRefusedNotTrapped(_ base64: String) throws {
        let bytes = try #require(Data(base64Encoded: base64))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecert-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("found.xlsx")
        try bytes.write(to: url)
        #expect(throws: ECertError.self) { _ = try ParticipantList.load(from: url) }
    }

    static let fuzzFinding = "UEsDBBQAAAAIAM54gl1dRcfgTQAAAGEAAAAPAAAAeGwvd29ya2Jvb2sueG1ssynPL8pOys/PVqjIzckrtiqyVSpSsrMpzkhNLSmG0gp5ibmptkoBqcWpRSWJSgpgQc8UWyVDJYUiq0wgo8gzxVBJ385GH6ZPH26sHQBQSwMEFAAAAAgAzniCXdTErVk/AAAAVwAAABoAAAB4bC9fcmVscy93b3JrYm9vay54bWwucmVsc7MJSs1JLMnMzyvOyCwotrNB5ip4ptgqFXmmGCophCQWpaeW2CqV5xdlF2ekppYU64MpQ72K3BwlfTsbfVRzAFBLAwQUAAAACADOeIJdcQXPXDUAAABbAAAAFAAAAHhsL3NoYXJlZFN0cmluZ3MueG1ssykuLrGzKc60symx80vMTbTRB3L1QXwQLgIJO5VCBIug/JRMBD8gAyRSARUA8cB69UGmAgBQSwMEFAAAAAgAzniCXQ2XgftSAAAAmwAAAA0AAAB4bC9zdHlsZXMueG1ssykuqcxJDc5ITS2xs8krzXXLLSmGMRQglGeKrZKhmYmSQlp+UW5iiXN+SqqtkgEaUNK3s9GH609OzcmJSAMyKtKQDAErQhEBGQvStLMpsfNLzE200Qdy9UF8EAhXr4/kHABQSwMEFAAAAAgAzniCXSmwwZxuAAAA0wAAABgAAAB4bC93b3Jrc2hlZXRzL3NoZWV0MS54bWyzKc8vyi7OSE0tsbMBUy6JJYl2NkX55QpFtkqGSnY2ySCGo6GSQomtUjGQX2ZnYKNfZmejnwyVc4LIZeblZOalBpcUAdVkFtvZlNh5utjoA43VB/FAqvWBpsKNtsQCwLZhNKoCm0n6SA7WR/gDAFBLAQIUAxQAAAAIAM54gl1dRcfgTQAAAGEAAAAPAAAAAAAAAAAAAACAAQAAAAB4bC93b3JrYm9vay54bWxQSwECFAMUAAAACADOeIJd1C9zaGFyZWRTdHJpbmdzLnhtbLMAAAAAgAF6AAAAeGwvX3JlbHMvd29ya2Jvb2sueG1sLnJlbHNQSwECFAMUAAAACADOeIJdcQXPXDUAAABbAAAAFAAAAAAAAAAAAAAAgAHxAAAAeGwvc2hhcmVkU3RyaW5ncy54bWxQSwECFAMUAAAACADOeIJdDZeB+1IAAACbAAAADQAAAAAAAAAAAAAAgAFYAQAAeGwvc3R5bGVzLnhtbFBLAQIUAxQAAAAIAM54gl0psMGcbgAAANMAAAAYAAAAAAAAAAAAAACAAdUBAAB4bC93b3Jrc2hlZXRzL3NoZWV0MS54bWxQSwUGAAAAAAUABQBIAQAAef7/AAAA"
    static let fuzzFindingXMLName = "UEsDBBQAAAAIANF5gl1dRcfgTQAAAGEAAAAPAAAAeGwvd29ya2Jvb2sueG1ssynPL8pOys/PVqjIzckrtiqyVSpSsrMpzkhNLSmG0v///38AAAAAqcWpRSWJSgpgQc8UWyVDJYUiq0wgo8gzxVBJ385GH6ZPH2asHQBQSwMEFAAAAAgA0XmCXdTErVk/AAAAVwAAABoAAAB4bC9fcmVscy93b3JrYm9vay54bWwucmVsc7MJSs1JLMnMzyvOyCwotrNB5ip4ptgqFXmmGCophCQWpaeW2CqV5xdlF2ekppYU64MpQ72K3BwlfTsbfVRzAFBLAwQUAAAACADReYJdcQXPXDUAAABbAAAAFAAAAHhsL3NoYXJlZFN0cmluZ3MueG1ssykuLrGzKc60symx80vMTbTRB3L1QXwQLgIJO5VCBIug/JRMBD8gAyRSARUA8cB69UGmAgBQSwMEFAAAAAgA0XmCXQ2XgftSAAAAmwAAAA0AAAB4bC9zdHlsZXMueG1ssykuqcxJDc5ITS2xs8krzXXLLSmGMRQglGeKrZKhmYmSQlp+UW5iiXN+SqqtkgEaUNK3s9GH609OzcmJSAMyKtKQDAErQhEBGQvSCFevj+QcAFBLAwQU/v//9/8uhn1dMXoHsXEAAAC5AAAAGAAAAHhsL3dvcmtzaGVldHMvc2hlZXQxLnhtbE2OQQqAMBADvyL9wFrPcaHixbMvEKlYFIV20e/bqmhPm5DsEJy7X8JsrTDu0w4yMPx+Fr5WWjHGJIxWhdQqRH9wCToYNL5Z82RuW91me/Gx4wJDuGtBEUvJpTZF6oeuPnT1oO/HiY0GTXmfsln0r70AUEsBAhQDFAAAAAgA0XmCXV1Fx+BNAAAAYQAAAA8AAAAAAAAAAAAAAIABAAAAAHhsL3dvcmtib29rLnhtbFBLAQIUAxQAAAAIANF5gl3UxK1ZPwAAAFcAAAAaAAAAAAAAAAAAAACAAXoAAAB4bC9fcmVscy93b3JrYm9vay54bWwucmVsc1BLAQIUAxQAAAAIANF5gl1xBc9cNQAAAFsAAAAUAAAAAAAAAAAAAACAAfEAAAB4bC9zaGFyZWRTdHJpbmdzLnhtbFBLAQIUAxQAAABDbG9zZWRSYW77UgAAAJsAAAANAAAAAAAAAAAAAACAAVgBAAB4bC9zdHlsZXMueG1sUEsBAhQDFAAAAAgA0XmCXTF6B7FxAAAAuQAAABgAAAAAAAAAAAAAAIAB1QEAAHhsL3dvcmtzaGVldHMvc2hlZXQxLnhtbFBLBQYAAAAABQAFAEgBAAB8AgAAAAA="
}
