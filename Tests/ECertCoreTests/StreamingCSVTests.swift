@testable import ECertCore
import Foundation
import Testing

/// The chunked reader must give exactly what reading the whole file gives, wherever the chunk
/// boundaries fall: inside quoted fields, between CR and LF, inside multi-byte characters.
@Suite("streamed CSV reading")
struct StreamingCSVTests {
    static let chunkSizes = [1, 2, 3, 4, 5, 7, 13, 64, CSVStream.defaultChunkSize]

    static let texts = [
        "Nama Lengkap,NUPTK\r\nSiti Nur’aini,0012345678901234\r\n",
        "Nama;NUPTK;Catatan\n\"Budi; S.Pd.\";1;\"two\nlines \"\"quoted\"\"\"\n;;\n\nÉmile Zoë 😀 漢字;2;\"\"\r\nC;3;x",
        "\u{FEFF}\u{FEFF}Name\tID\rA\t1\rB\t2\r\n\r\nC\t3\n",
        "Laporan Peserta||\nDicetak 2025\n\nNo|Nama|NIP\n1|\"A|B\"|123\n2|\"Ç\r\nD\"|456",
        "name,id\n\"\"\n\"a\",\"\"\n,\n\"x\"\"\",5",
        "only header",
        "",
    ]

    func write(_ bytes: [UInt8], name: String = "list.csv") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecert-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    func encodings(of text: String) -> [(String, [UInt8])] {
        var out: [(String, [UInt8])] = [("UTF-8", Array(text.utf8)), ("UTF-8 BOM", [0xEF, 0xBB, 0xBF] + Array(text.utf8))]
        var le: [UInt8] = [0xFF, 0xFE], be: [UInt8] = [0xFE, 0xFF]
        for unit in text.utf16 {
            le += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            be += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        out += [("UTF-16 LE", le), ("UTF-16 BE", be)]
        // Windows-1252 for the texts it can hold (é, ’ are single bytes there).
        let cp1252: [Character: UInt8] = ["’": 0x92, "é": 0xE9, "É": 0xC9, "ë": 0xEB, "Ç": 0xC7]
        if text.allSatisfy({ $0.isASCII || cp1252[$0] != nil }), text.contains(where: { !$0.isASCII }) {
            out.append(("Windows-1252", text.flatMap { c -> [UInt8] in cp1252[c].map { [$0] } ?? Array(String(c).utf8) }))
        }
        return out
    }

    /// Everything the whole-file reader gives: records, lines, delimiter, encoding, warning; or its error.
    func whole(_ bytes: [UInt8], path: String) -> String {
        do {
            let decoded = try TextDecoding.decodeDetecting(Data(bytes), path: path)
            let (records, lines, sep) = try CSVTable.parseRecords(decoded.text, path: path)
            return "\(records) \(lines) \(sep) \(decoded.encoding) \(decoded.warning ?? "-")"
        } catch {
            return "error: \(error.localizedDescription)"
        }
    }

    func streamed(_ url: URL, chunk: Int) -> String {
        do {
            let format = try CSVStream.sniff(url: url, path: url.path, chunkSize: chunk)
            let sep = try CSVStream.detectDelimiter(url: url, path: url.path, format: format, chunkSize: chunk)
            var stream = try CSVRecordStream(url: url, path: url.path, encoding: format.encoding, delimiter: sep, chunkSize: chunk)
            var records: [[String]] = [], lines: [Int] = []
            while let record = try stream.next() {
                records.append(record.fields)
                lines.append(record.line)
            }
            return "\(records) \(lines) \(Character(sep)) \(format.encoding) \(format.warning ?? "-")"
        } catch {
            return "error: \(error.localizedDescription)"
        }
    }

    @Test func sameRecordsAsTheWholeFileReaderForEveryEncodingAndChunkSize() throws {
        for text in Self.texts {
            for (label, bytes) in encodings(of: text) {
                let url = try write(bytes)
                defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
                let expected = whole(bytes, path: url.path)
                #expect(!expected.hasPrefix("error"), "\(label): \(expected)")
                for chunk in Self.chunkSizes {
                    #expect(streamed(url, chunk: chunk) == expected, "\(label), chunk \(chunk): \(text.debugDescription)")
                }
            }
        }
    }

    @Test func sameErrorsAndWarningsAsTheWholeFileReader() throws {
        let cases: [[UInt8]] = [
            Array("Nama,ID\n\"open,1\n".utf8),                     // quoted field never closed
            Array("Nama,ID\nab\"c,1\n".utf8),                      // quote inside an unquoted field
            [0xFF, 0xFE, 0x41, 0x00, 0x42],                         // UTF-16 cut off
            [0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x42, 0x00],       // unpaired high surrogate
            [0xFE, 0xFF, 0x00, 0x41, 0xDC, 0x00],                   // lone low surrogate
            Array("Nama\nab".utf8) + [0xE2, 0x82],                 // ends inside a UTF-8 character
            Array("Nama\nRen".utf8) + [0xE9] + Array(" \u{20AC}".utf8),  // not UTF-8 at byte 8
            [0xEF, 0xBB],
            [0xC3],
        ]
        for bytes in cases {
            let url = try write(bytes)
            defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
            let expected = whole(bytes, path: url.path)
            for chunk in Self.chunkSizes {
                #expect(streamed(url, chunk: chunk) == expected, "chunk \(chunk): \(bytes)")
            }
        }
    }

    /// Generated lists and the example list: rows, problems and participants as `ParticipantList.load` gives.
    @Test func sameParticipantsAndProblemsAsTheInMemoryList() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../examples/participants.csv").standardized
        var inputs: [(String, [UInt8])] = [("example", Array(try Data(contentsOf: example)))]
        let problems = "Laporan;;\n\nNama Lengkap;NUPTK;Email\n\"A\";0012345678901234;a@x\nB;0012345678901234;A@X\n;123;\n\"C\nD\";\u{202E}9;c@x\n"
        inputs += encodings(of: problems).map { ("problems \($0.0)", $0.1) }
        for (label, bytes) in inputs {
            let url = try write(bytes)
            defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
            let list = try ParticipantList.load(from: url)
            for chunk in [1, 3, 7, 4096] {
                let source = try ListSource.open(url: url, chunkSize: chunk)
                var rows = try ParticipantRows(source: source, columnOverrides: [:])
                var checker = RowChecker(header: rows.header, mapping: rows.mapping, nameCase: .keep, sheet: nil)
                var participants: [Participant] = [], found: [RowProblem] = [], count = 0
                while let row = try rows.next() {
                    count += 1
                    switch checker.check(row.fields, line: row.line) {
                    case .valid(let p): participants.append(p)
                    case .rejected(let r): found += r.map { RowProblem(line: row.line, reason: $0.reason, kind: $0.kind) }
                    }
                }
                #expect(rows.header == list.header, "\(label) chunk \(chunk)")
                #expect(count == list.rowsRead, "\(label) chunk \(chunk)")
                #expect(participants == list.participants, "\(label) chunk \(chunk)")
                #expect(found == list.problems, "\(label) chunk \(chunk)")
                #expect(source.sha256 == Digest256.sha256Hex(bytes))
                #expect(source.warnings == list.warnings.filter { !$0.contains("the header is on") }, "\(label)")
                #expect(rows.skipped.map { "\($0.header) \($0.above)" } == (label.hasPrefix("problems") ? "3 1" : nil), "\(label)")
            }
        }
    }

    /// The issuing pass re-reads the list; a list edited since it was checked is refused, not issued unchecked.
    @Test func aListChangedAfterCheckingIsRefused() throws {
        let url = try write(Array("Nama,NUPTK\nA,1\n".utf8))
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let source = try ListSource.open(url: url)
        _ = try ParticipantRows(source: source, columnOverrides: [:])
        try Data("Nama,NUPTK\nA,1\nB,2\n".utf8).write(to: url)
        #expect {
            _ = try ParticipantRows(source: source, columnOverrides: [:])
        } throws: { error in
            "\(error.localizedDescription)".contains("changed while ecert was reading it")
        }
    }
}
