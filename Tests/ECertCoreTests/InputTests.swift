import ECertCore
import Foundation
import Testing

@Suite("participant lists")
struct ParticipantListTests {
    @Test func rfc4180QuotingAndLineNumbers() throws {
        let text = "Nama Lengkap;NUPTK;Catatan\r\n\"Hj. Siti; \"\"Ani\"\"\";1;\"two\nlines\"\r\nBudi;2;x\r\n\r\n"
        let table = try CSVTable.parse(text, path: "t.csv")
        #expect(table.delimiter == ";")
        #expect(table.rows == [["Hj. Siti; \"Ani\"", "1", "two\nlines"], ["Budi", "2", "x"]])
        #expect(table.lineNumbers == [2, 4])
    }

    @Test func headersMapCaseAndPunctuationInsensitively() throws {
        let mapping = try ColumnMapping.detect(header: ["No", "NAMA_LENGKAP", "nuptk"], path: "t.csv")
        #expect(mapping.name == 1 && mapping.id == 2)
        #expect(throws: ECertError.self) { try ColumnMapping.detect(header: ["Guru", "NUPTK"], path: "t.csv") }
        #expect(try ColumnMapping.detect(header: ["Guru", "NUPTK"], path: "t.csv", overrides: ["name": "guru"]).name == 0)
    }

    @Test func problemsAreReportedPerRowAndNothingIsDropped() throws {
        let text = "name,id\nSiti,1\n,2\nBudi,1\nEvil\u{202E}Name,3\nAni,4\n"
        let list = try ParticipantList(table: try CSVTable.parse(text, path: "t.csv"), path: "t.csv")
        #expect(list.rowsRead == 5)
        #expect(list.participants.map(\.name) == ["Siti", "Ani"])
        #expect(list.problems.map(\.line) == [3, 4, 5])
        #expect(list.participants.count + list.problems.count == list.rowsRead)
    }

    @Test func namesAreNormalisedToNFC() throws {
        let decomposed = "Nguye\u{0302}\u{0303}n"
        let list = try ParticipantList(table: try CSVTable.parse("name,id\n\(decomposed),1\n", path: "t.csv"), path: "t.csv")
        #expect(list.participants[0].name.unicodeScalars.count == "Nguyễn".unicodeScalars.count)
    }
}

@Suite("event file")
struct EventTests {
    let valid = """
        title: Webinar Guru Belajar
        date: 2025-09-20
        place: Palembang
        issuer: Dinas Pendidikan
        serial: "WEB-AI/2025/{seq:06}"
        verify_url: https://verify.example.org/v
        """

    @Test func readsAllKeysAsText() throws {
        let event = try Event.parse(valid, path: "event.yaml")
        #expect(event.date.iso == "2025-09-20")
        #expect(event.template == "classic")
        #expect(event.serial.serial(for: 1) == "WEB-AI/2025/000001")
    }

    @Test func unknownAndMissingKeysAreNamed() {
        #expect(throws: ECertError.unknownEventKey(path: "event.yaml", key: "venue", allowed: Event.allowedKeys)) {
            try Event.parse(valid + "\nvenue: Aula", path: "event.yaml")
        }
        #expect(throws: ECertError.self) { try Event.parse(valid.replacingOccurrences(of: "place: Palembang", with: ""), path: "event.yaml") }
        #expect(throws: ECertError.self) { try Event.parse(valid.replacingOccurrences(of: "2025-09-20", with: "20/09/2025"), path: "event.yaml") }
    }
}
