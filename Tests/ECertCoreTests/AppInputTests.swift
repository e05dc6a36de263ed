import ECertCore
import Foundation
import Testing

/// The library pieces `ecert app` adds: column suggestion from form headers, the event form.
@Suite("App inputs")
struct AppInputTests {
    @Test("Google Forms question texts map to roles; exact accepted headers win")
    func googleFormsHeaders() {
        let header = ["Timestamp", "Alamat email", "Nama Lengkap dan Gelar (untuk sertifikat)", "NUPTK (16 digit)",
                      "Asal Sekolah / Instansi", "Kabupaten/Kota", "Nama panitia yang mengundang"]
        let suggested = ColumnMapping.suggest(header: header)
        #expect(suggested["name"] == "Nama Lengkap dan Gelar (untuk sertifikat)")
        #expect(suggested["id"] == "NUPTK (16 digit)")
        #expect(suggested["email"] == "Alamat email")
        #expect(suggested["school"] == "Asal Sekolah / Instansi")
        #expect(suggested["district"] == "Kabupaten/Kota")
        #expect(suggested["province"] == nil)
        // The suggestion is accepted by the mapping the commands use.
        let mapping = try? ColumnMapping.detect(header: header, path: "form.xlsx", overrides: suggested)
        #expect(mapping?.name == 2 && mapping?.id == 3)
    }

    @Test("a role word must be a whole word: NIP is not found in 'Panitia', a header serves one role")
    func wholeWords() {
        let suggested = ColumnMapping.suggest(header: ["Panitia pelaksana", "Nama", "NIP/NUPTK", "Nama Sekolah"])
        #expect(suggested["id"] == "NIP/NUPTK")
        #expect(suggested["name"] == "Nama")
        #expect(suggested["school"] == "Nama Sekolah")
        #expect(ColumnMapping.suggest(header: ["Panitia", "Pertanyaan"]).isEmpty)
    }

    @Test("the event form becomes an event file the reader accepts; YAML syntax in a value stays text")
    func eventForm() throws {
        let form = EventForm(
            title: "Pelatihan: \"Guru Penggerak\" #3 — {kelas}", date: "2025-07-16", endDate: "2025-07-18", hours: "32",
            activity: "Pelatihan", mode: "luring", place: "Palembang - injected: key # not a comment", issuer: "Dinas Pendidikan",
            serial: "PGP/2025/{seq:04}", verifyURL: "https://verify.example.org/v", template: "classic",
            signatories: [.init(name: "Drs. Ahmad", position: "Kepala Dinas", nip: "196805121994031005")])
        let event = try form.event(path: "event.yaml", directory: FileManager.default.temporaryDirectory)
        #expect(event.title == form.title)
        #expect(event.place == "Palembang - injected: key # not a comment")
        #expect(event.lastDate.iso == "2025-07-18")
        #expect(event.hours == 32)
        #expect(event.signatories?.first?.nip == "196805121994031005")
        #expect(form.eventFileText().hasPrefix("version: 2\n"))
        // A line break cannot start a second key: the reader refuses it as a control character.
        var broken = form
        broken.place = "Palembang\ninjected: key"
        #expect(throws: ECertError.self) { try broken.event(path: "event.yaml", directory: FileManager.default.temporaryDirectory) }
    }

    @Test("a bad form value gets the event reader's message")
    func badForm() {
        let form = EventForm(title: "T", date: "2025-02-30", place: "P", issuer: "I", serial: "S/{seq:03}",
                             verifyURL: "http://insecure.example.org", template: "classic")
        #expect(throws: ECertError.self) { try form.event(path: "event.yaml", directory: FileManager.default.temporaryDirectory) }
    }
}
