@testable import ECertCore
import Foundation
import Testing

@Suite("encodings, dialects and name rules")
struct RealWorldInputTests {
    let rows = "Nama Lengkap,NUPTK\r\nSiti Nur’aini,0012345678901234\r\n"

    @Test func utf16WithEitherByteOrderIsRead() throws {
        var le: [UInt8] = [0xFF, 0xFE], be: [UInt8] = [0xFE, 0xFF]
        for unit in rows.utf16 {
            le += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            be += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        let l = try TextDecoding.decodeDetecting(Data(le), path: "le.csv")
        let b = try TextDecoding.decodeDetecting(Data(be), path: "be.csv")
        #expect(l.text == rows && l.encoding == .utf16LE && l.warning == nil)
        #expect(b.text == rows && b.encoding == .utf16BE && b.warning == nil)
    }

    @Test func windows1252IsTheFallbackAndIsNamedInAWarning() throws {
        // "Nur’aini" in Windows-1252: ’ is byte 0x92; é is 0xE9.
        let bytes: [UInt8] = Array("Nama\r\nNur".utf8) + [0x92] + Array("aini Ren".utf8) + [0xE9] + Array("\r\n".utf8)
        let decoded = try TextDecoding.decodeDetecting(Data(bytes), path: "daftar.csv")
        #expect(decoded.encoding == .windows1252)
        #expect(decoded.text == "Nama\r\nNur’aini René\r\n")
        let warning = try #require(decoded.warning)
        #expect(warning.hasPrefix("daftar.csv: byte 9 is not valid UTF-8") && warning.contains("Windows-1252"))
        let bom = try TextDecoding.decodeDetecting(Data([0xEF, 0xBB, 0xBF] + Array("Nama".utf8)), path: "x.csv")
        #expect(bom.text == "Nama" && bom.encoding == .utf8BOM)
    }

    @Test func dialectsTrailingColumnsAndBlankRows() throws {
        for sep in [",", ";", "\t", "|"] {
            let text = ["Nama\(sep)NUPTK\(sep)\(sep)", "\"A\(sep)B\"\(sep)1\(sep)\(sep)", "\(sep)\(sep)\(sep)", "C\(sep)2\(sep)\(sep)", "", ""].joined(separator: "\n")
            let table = try CSVTable.parse(text, path: "t.csv")
            #expect(table.delimiter == Character(sep))
            #expect(table.header == ["Nama", "NUPTK"])
            #expect(table.rows.map { Array($0.prefix(2)) } == [["A\(sep)B", "1"], ["C", "2"]])
            #expect(table.lineNumbers == [2, 4])
        }
    }

    @Test func allCapsNamesGetTitleCaseWithAcademicTitlesRight() {
        let cases = [
            ("DRA. HJ. SITI AMINAH, S.PD., M.PD.", "Dra. Hj. Siti Aminah, S.Pd., M.Pd."),
            ("DRS. H. AHMAD, S.PD.I., PH.D.", "Drs. H. Ahmad, S.Pd.I., Ph.D."),
            ("NYOMAN YOHANES RAMADHAN, S.PD.I.", "Nyoman Yohanes Ramadhan, S.Pd.I."),
            ("IR. BUDI BIN AHMAD, S.KOM., M.KOM.", "Ir. Budi bin Ahmad, S.Kom., M.Kom."),
            ("SITI NUR'AINI, S.IP., S.KM.", "Siti Nur'aini, S.IP., S.KM."),
            ("ANAK AGUNG GEDE-PUTRA, S.PD., GR.", "Anak Agung Gede-Putra, S.Pd., Gr."),
            ("Dewi McDonald, S.Pd.", "Dewi McDonald, S.Pd."),  // not all caps: kept as written
        ]
        for (input, expected) in cases {
            #expect(NameCasing.titleCaseIfAllCaps(input) == expected)
        }
    }

    @Test func csvOutputNeutralisesFormulas() {
        var writer = CSVWriter(header: ["Nama", "Catatan"], for: .spreadsheet)
        writer.append(["=HYPERLINK(\"http://x\")", "+62 812"])
        writer.append(["-1", "@SUM(A1)"])
        writer.append(["Budi, S.Pd.", "biasa"])
        #expect(writer.text == "\u{FEFF}Nama,Catatan\r\n\"'=HYPERLINK(\"\"http://x\"\")\",'+62 812\r\n'-1,'@SUM(A1)\r\n\"Budi, S.Pd.\",biasa\r\n")
    }

    /// A file ecert reads back (verified.csv) keeps values exactly: read back, the same fields.
    @Test func csvForEcertIsReadBackExactly() throws {
        let fields = ["=HYPERLINK(\"http://x\")", "+62 812", "-1", "@SUM(A1)", "Budi, S.Pd.", "a\r\nb"]
        var writer = CSVWriter(header: ["a", "b", "c", "d", "e", "f"], for: .ecert)
        writer.append(fields)
        let table = try CSVTable.parse(try TextDecoding.decode(writer.data, path: "verified.csv"), path: "verified.csv")
        #expect(table.rows == [fields])
    }

    @Test func numericCellsAreWrittenWithoutExponent() {
        #expect(XLSXReader.plainNumber("1.234567890123456E+15") == "1234567890123456")
        #expect(XLSXReader.plainNumber("1.23E+15") == "1230000000000000")
        #expect(XLSXReader.plainNumber("5E-3") == "0.005")
        #expect(XLSXReader.plainNumber("12345678901234567") == "12345678901234567")
        #expect(XLSXReader.plainNumber("60") == "60")
        #expect(XLSXReader.columnIndex("A1") == 0 && XLSXReader.columnIndex("AB12") == 27)
    }

    @Test func headerRolesAndAmbiguity() throws {
        let m = try ColumnMapping.detect(header: ["No", "Nama Lengkap", "NUPTK", "NIP", "Alamat E-mail", "Instansi", "Kab./Kota", "PROVINSI"], path: "t.csv")
        #expect(m == ColumnMapping(name: 1, id: 2, email: 4, school: 5, district: 6, province: 7))
        #expect(throws: ECertError.ambiguousColumn(path: "t.csv", role: "school", candidates: ["Sekolah", "Instansi"], found: ["Nama", "NIK", "Sekolah", "Instansi"])) {
            try ColumnMapping.detect(header: ["Nama", "NIK", "Sekolah", "Instansi"], path: "t.csv")
        }
    }

    @Test func quizScoresAndNames() {
        #expect(QuizExport.parseScore("8 / 10").map { [$0.0, $0.1] } == [8, 10])
        #expect(QuizExport.parseScore("7,5 / 10").map { [$0.0, $0.1] } == [7.5, 10])
        #expect(QuizExport.parseScore("x / 10") == nil)
        #expect(Reconciler.normalizedName("Dra. Hj. Siti Nur'aini, S.Pd., M.Pd.") == "siti nuraini")
        #expect(Reconciler.normalizedName("  SITI   NUR’AINI ") == "siti nuraini")
        #expect(Reconciler.normalizedName("Désirée") == "desiree")
    }
}

@Suite("title rows above the header")
struct TitleRowTests {
    @Test func aTitleAboveTheHeaderIsSkippedWithAWarningAndLinesStayRight() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecert-title-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("sekolah.csv")
        try Data("DAFTAR PESERTA WEBINAR;;\nSumber: Dapodik;;\n;;\nNama Lengkap;NUPTK;Sekolah\nSiti;1234567890123456;SD 1\n;1234567890123457;SD 2\n".utf8).write(to: url)
        let list = try ParticipantList.load(from: url)
        #expect(list.header == ["Nama Lengkap", "NUPTK", "Sekolah"])
        #expect(list.rowsRead == 2 && list.participants.map(\.line) == [5])
        #expect(list.problems.map(\.line) == [6])
        #expect(list.warnings.contains { $0.contains("the header is on line 4; the 2 line(s) above it") })
        // No header anywhere: the error still lists what the first row holds.
        try Data("Guru;NUPTK\nSiti;1\n".utf8).write(to: url)
        #expect(throws: ECertError.missingColumn(path: url.path, role: "name", accepted: ColumnMapping.acceptedHeaders["name"]!, found: ["Guru", "NUPTK"])) {
            try ParticipantList.load(from: url)
        }
    }
}
