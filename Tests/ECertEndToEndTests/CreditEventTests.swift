import ECertCore
import Foundation
import Testing

/// Issue 13 through the built binary: a version-2 event file issues payload-version-3 certificates
/// whose dates print as written (pdftotext), whose hours and role `verify` shows, and whose bad
/// inputs `check --event` refuses before anything is issued.
@Suite("version-2 events: dates, hours, roles")
struct CreditEventTests {
    static func event(in dir: URL, _ body: String, name: String = "event.yaml") throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Data(("""
            version: 2
            title: Pelatihan Pembelajaran Berdiferensiasi
            place: Palembang
            issuer: Dinas Pendidikan Provinsi Sumatera Selatan
            serial: "PEL/2025/{seq:04}"
            verify_url: https://verify.example.org/v
            template: classic
            """ + "\n" + body).utf8).write(to: url)
        return url
    }

    static func list(in dir: URL, _ rows: [String]) throws -> URL {
        let url = dir.appendingPathComponent("peserta.csv")
        try Data((["Nama,NUPTK,Peran,Asal Sekolah"] + rows).joined(separator: "\n").utf8).write(to: url)
        return url
    }

    @Test(arguments: [
        ("dates: 2025-07-16..2025-07-18", "", "16–18 Juli 2025"),
        ("dates: 2025-06-30..2025-07-02", "", "30 Juni – 2 Juli 2025"),
        ("dates: 2025-12-30..2026-01-02", "", "30 Desember 2025 – 2 Januari 2026"),
        ("date: 2025-07-16", "", "16 Juli 2025"),
        ("dates: 2025-12-30..2026-01-02", "language: en", "30 December 2025 – 2 January 2026"),
        ("dates: 2025-06-30..2025-07-02", "language: en", "30 June – 2 July 2025"),
    ])
    func datesPrintAsWrittenAndVerifyShowsHoursAndRole(dates: String, language: String, printed: String) throws {
        let dir = try E2E.temporaryDirectory()
        let event = try Self.event(in: dir, "\(dates)\n\(language)\nhours: 32\nactivity: pelatihan\nroles:\n  narasumber: {hours: 4}")
        let list = try Self.list(in: dir, ["Siti Aminah,1234567890123456,,SMP Negeri 1 Lahat", "Budi Santoso,2234567890123456,Narasumber,SMA Negeri 2"])
        let (key, pub) = try E2E.keyPair(in: dir)
        let out = dir.appendingPathComponent("out")
        let issued = try E2E.ecert(["issue", list.path, "--event", event.path, "--key", key.path, "--out", out.path])
        #expect(issued.status == 0, "\(issued.output)")
        let pdf = out.appendingPathComponent("PEL_2025_0002.pdf")
        #expect(E2E.collapseWhitespace(try E2E.text(ofPDF: pdf)).contains(printed), "\(try E2E.text(ofPDF: pdf))")

        let verified = try E2E.ecert(["verify", pdf.path, "--pub", pub.path, "--json"])
        #expect(verified.status == 0, "\(verified.output)")
        let item = try #require((try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as? [String: Any])?["items"] as? [[String: Any]]).first
        let certificate = try #require(item?["certificate"] as? [String: Any])
        #expect(certificate["hours"] as? Int == 4 && certificate["role"] as? String == "narasumber" && certificate["activity"] as? String == "pelatihan")
        let text = try E2E.ecert(["verify", pdf.path, "--pub", pub.path])
        #expect(text.stdout.contains("hours:    4 JP") && text.stdout.contains("role:     narasumber"), "\(text.output)")

        let batch = try E2E.loadBatch(out.appendingPathComponent("manifest.json"))
        #expect(batch.body.counts.roles == ["peserta": 1, "narasumber": 1] && batch.body.counts.hours == 36)
        #expect(batch.records.map(\.hours) == [32, 4] && batch.records.map(\.role) == ["peserta", "narasumber"])
        #expect(batch.problems.isEmpty)

        // The independent Python verifier reads payload version 3 and the new header and record keys.
        let python = try E2E.run("python3", [E2E.packageRoot.appendingPathComponent("Tests/Fixtures/verify_batch.py").path, out.path, "--pub", pub.path])
        #expect(python.status == 0, "\(python.output)")
    }

    @Test func checkRefusesAProgramThatDoesNotAddUpAndNamesRowAndColumn() throws {
        let dir = try E2E.temporaryDirectory()
        let list = try Self.list(in: dir, ["Siti Aminah,1234567890123456,,SMP Negeri 1 Lahat", "Budi Santoso,2234567890123456,moderator,"])
        let program = try Self.event(in: dir, "date: 2025-07-16\nhours: 32\nprogram:\n  - {topic: Kebijakan, hours: 10}\n  - {topic: Praktik, hours: 20}", name: "program.yaml")
        let refused = try E2E.ecert(["check", list.path, "--event", program.path])
        #expect(refused.status != 0 && refused.output.contains("add up to 30 JP but hours is 32"), "\(refused.output)")

        // A template printing {column.Asal Sekolah}: the empty cell and the undeclared role are named with their line.
        let templates = dir.appendingPathComponent("res/templates/kolom")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        let classic = try String(contentsOf: E2E.packageRoot.appendingPathComponent("templates/classic/template.yaml"), encoding: .utf8)
        try classic.replacingOccurrences(of: "text: \"Nomor: {serial}\"", with: "text: \"{column.Asal Sekolah}\"")
            .write(to: templates.appendingPathComponent("template.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: E2E.packageRoot.appendingPathComponent("templates/classic/frame.svg"), to: templates.appendingPathComponent("frame.svg"))
        try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("res/fonts"), withDestinationURL: E2E.packageRoot.appendingPathComponent("fonts"))
        let event = try Self.event(in: dir, "date: 2025-07-16\nhours: 32\ntemplate: kolom")
        let checked = try E2E.ecert(["check", list.path, "--event", event.path, "--resources", dir.appendingPathComponent("res").path])
        #expect(checked.status != 0, "\(checked.output)")
        #expect(checked.output.contains("line 3: column \"Asal Sekolah\" is empty, but the template prints it as {column.Asal Sekolah}"), "\(checked.output)")
        #expect(checked.output.contains("line 3: column \"Peran\": role \"moderator\" is not declared"), "\(checked.output)")
        #expect(!checked.output.contains("line 2:"), "\(checked.output)")
        let (key, _) = try E2E.keyPair(in: dir)
        let out = dir.appendingPathComponent("out")
        let issue = try E2E.ecert(["issue", list.path, "--event", event.path, "--key", key.path, "--out", out.path, "--resources", dir.appendingPathComponent("res").path])
        #expect(issue.status != 0 && !FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path), "\(issue.output)")
    }
}
