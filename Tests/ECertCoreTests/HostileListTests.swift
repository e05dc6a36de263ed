@testable import ECertCore
import Foundation
import Testing

/// Damaged and hostile participant lists (issue 12), read through both readers: the whole-file
/// `ParticipantList.load` and the streamed `ListSource`/`ParticipantRows` `issue` uses.
@Suite("hostile participant lists")
struct HostileListTests {
    /// A list file in a folder of its own (the streaming tests' helper).
    func write(_ bytes: [UInt8]) throws -> URL {
        try StreamingCSVTests().write(bytes)
    }

    /// Rows through the streamed reader and `RowChecker`, as `issue` reads them.
    func streamed(_ url: URL) throws -> (encoding: TextDecoding.Encoding?, valid: [Participant], problems: [RowProblem]) {
        let source = try ListSource.open(url: url, chunkSize: 5)
        var rows = try ParticipantRows(source: source, columnOverrides: [:])
        var checker = RowChecker(header: rows.header, mapping: rows.mapping, nameCase: .keep, sheet: nil)
        var valid: [Participant] = [], problems: [RowProblem] = []
        while let row = try rows.next() {
            switch checker.check(row.fields, line: row.line) {
            case .valid(let p): valid.append(p)
            case .rejected(let r): problems += r.map { RowProblem(line: row.line, reason: $0.reason, kind: $0.kind) }
            }
        }
        if case .csv(_, let encoding) = source.source.kind { return (encoding, valid, problems) }
        return (nil, valid, problems)
    }

    /// Thousands of good Vietnamese and Thai names and one stray byte: read as UTF-8, the good
    /// names intact, only the row with the stray byte refused (never all re-read as Windows-1252).
    @Test func utf8WithOneStrayByteKeepsTheGoodNamesAndRefusesThatRow() throws {
        var bytes = Array("Nama Lengkap,ID\n".utf8)
        for k in 0..<300 { bytes += Array("Nguyễn Thị Hương \(k),\(1000 + k)\n".utf8) }
        bytes += Array("Somchai ".utf8) + [0xE9] + Array(" สมชาย,0012345678909999\n".utf8)
        bytes += Array("ทองดี ใจดี,0012345678908888\n".utf8)
        let url = try write(bytes)
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let list = try ParticipantList.load(from: url)
        #expect(list.source?.kind == .csv(delimiter: ",", encoding: .utf8WithErrors))
        #expect(list.participants.count == 301)
        #expect(list.participants[0].name == "Nguyễn Thị Hương 0")
        #expect(list.participants.last?.name == "ทองดี ใจดี")
        #expect(list.problems.count == 1)
        #expect(list.problems.first?.line == 302)
        #expect(list.problems.first?.kind == .invalidBytes)
        #expect(list.warnings.contains { $0.contains("the file is UTF-8, but 1 byte sequence(s) are not") })
        let rows = try streamed(url)
        #expect(rows.encoding == .utf8WithErrors)
        #expect(rows.valid == list.participants)
        #expect(rows.problems == list.problems)
    }

    /// A Windows-1252 file (no UTF-8 character at all) is still read as Windows-1252, with a warning.
    @Test func windows1252WithoutAnyUTF8IsStillRead() throws {
        let url = try write(Array("Nama,NUPTK\nRen".utf8) + [0xE9] + Array(" Zo".utf8) + [0xEB] + Array(",0012345678901234\n".utf8))
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let list = try ParticipantList.load(from: url)
        #expect(list.participants.map(\.name) == ["René Zoë"])
        #expect(list.source?.kind == .csv(delimiter: ",", encoding: .windows1252))
        #expect(try streamed(url).valid == list.participants)
    }

    /// As many bad bytes as good UTF-8 characters: no encoding reads every name right, so refused.
    @Test func aMixOfEncodingsIsRefused() throws {
        let url = try write(Array("Nama,NUPTK\nRen".utf8) + [0xE9, 0x20, 0xE9, 0x20, 0xE9] + Array(" Zoë,0012345678901234\n".utf8))
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        for read in [{ _ = try ParticipantList.load(from: url) }, { _ = try streamed(url) }] {
            #expect {
                try read()
            } throws: { error in
                "\(error.localizedDescription)".contains("the file mixes encodings: 1 UTF-8 character(s) but 3 byte(s)")
            }
        }
    }

    /// UTF-16 without a byte-order mark is named as such, not blamed on U+0000 in every row.
    @Test func utf16WithoutByteOrderMarkIsNamed() throws {
        let text = "Nama,NUPTK\r\nSiti,0012345678901234\r\n"
        for (label, big) in [("UTF-16 LE", false), ("UTF-16 BE", true)] {
            let bytes = text.utf16.flatMap { big ? [UInt8($0 >> 8), UInt8($0 & 0xFF)] : [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            let url = try write(bytes)
            defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
            for read in [{ _ = try ParticipantList.load(from: url) }, { _ = try streamed(url) }] {
                #expect {
                    try read()
                } throws: { error in
                    error.localizedDescription.contains("the file is \(label) text without a byte-order mark")
                }
            }
        }
    }

    /// A CR-only file (old Mac export) with a quoted two-line value: lines count CR as a line end
    /// (the CR in the name is a problem of line 2; Siti's empty ID is on line 4, not 3).
    @Test func crOnlyLineNumbersAreRight() throws {
        let url = try write(Array("Nama,NUPTK\r\"Budi\rSantoso\",0012345678901234\rSiti,\r".utf8))
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let list = try ParticipantList.load(from: url)
        #expect(list.problems.map(\.line) == [2, 4])
        #expect(try streamed(url).problems.map(\.line) == [2, 4])
    }

    /// Two columns titled alike: refused with both column numbers, never one value silently dropped.
    @Test func duplicateHeadersAreRefused() throws {
        let url = try write(Array("Nama,NUPTK,Sekolah ,Sekolah\nBudi,0012345678901234,SD 1,SD 2\n".utf8))
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        for read in [{ _ = try ParticipantList.load(from: url) }, { _ = try streamed(url) }] {
            #expect {
                try read()
            } throws: { error in
                error.localizedDescription.contains("the header \"Sekolah\" appears in columns 3 and 4")
            }
        }
    }
}
