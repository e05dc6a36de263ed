import ECertCore
import Foundation
import Testing

/// Issue 13 through the built binary: a version-2 event file issues payload-version-3 certificates
/// whose dates print as written (pdftotext), whose hours and role `verify` shows, and whose bad
/// inputs `check --event` refuses before anything is issued.
@Suite("version-2 events: dates, hours, roles")
struct CreditEventTests {
    static func event(in dir: URL, _ body: String, name: String = "event.yaml", template: String = "classic") throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Data(("""
            version: 2
            title: Pelatihan Pembelajaran Berdiferensiasi
            place: Palembang
            issuer: Dinas Pendidikan Provinsi Sumatera Selatan
            serial: "PEL/2025/{seq:04}"
            verify_url: https://verify.example.org/v
            template: \(template)
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
        let text = E2E.collapseWhitespace(try E2E.text(ofPDF: pdf))
        #expect(text.contains(printed), "\(text)")

        let verified = try E2E.ecert(["verify", pdf.path, "--pub", pub.path, "--json"])
        #expect(verified.status == 0, "\(verified.output)")
        let item = try #require((try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as? [String: Any])?["items"] as? [[String: Any]]).first
        let certificate = try #require(item?["certificate"] as? [String: Any])
        #expect(certificate["hours"] as? Int == 4 && certificate["role"] as? String == "narasumber" && certificate["activity"] as? String == "pelatihan")
        let plain = try E2E.ecert(["verify", pdf.path, "--pub", pub.path])
        #expect(plain.stdout.contains("hours:    4 JP") && plain.stdout.contains("role:     narasumber"), "\(plain.output)")

        let batch = try E2E.loadBatch(out.appendingPathComponent("manifest.json"))
        #expect(batch.body.counts.roles == ["peserta": 1, "narasumber": 1] && batch.body.counts.hours == 36)
        #expect(batch.records.map(\.hours) == [32, 4] && batch.records.map(\.role) == ["peserta", "narasumber"])
        #expect(batch.problems.isEmpty)
        let folder = try E2E.ecert(["verify", out.path, "--pub", pub.path])
        #expect(folder.status == 0 && folder.stdout.contains("Roles: narasumber 1, peserta 1; 36 JP awarded in total"), "\(folder.output)")

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
        let event = try Self.event(in: dir, "date: 2025-07-16\nhours: 32", template: "kolom")
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

    /// The static page in headless Chromium shows the dates, hours and role of a genuine version-3
    /// payload, and rejects the same payload with the hours raised (signature kept).
    @Test func staticPageShowsHoursDatesAndRoleAndRejectsRaisedHours() throws {
        let dir = try E2E.temporaryDirectory()
        let event = try Self.event(in: dir, "dates: 2025-06-30..2025-07-02\nhours: 32\nactivity: lokakarya\nmode: daring\nroles:\n  narasumber: {hours: 4}")
        let list = try Self.list(in: dir, ["Budi Santoso,2234567890123456,narasumber,SMA Negeri 2"])
        let (key, pub) = try E2E.keyPair(in: dir)
        let out = dir.appendingPathComponent("out"), site = dir.appendingPathComponent("site")
        #expect(try E2E.ecert(["issue", list.path, "--event", event.path, "--key", key.path, "--out", out.path]).status == 0)
        let built = try E2E.ecert(["site", out.path, "--out", site.path, "--pub", pub.path])
        #expect(built.status == 0, "\(built.output)")
        let payload = try E2E.loadBatch(out.appendingPathComponent("manifest.json")).records[0].payload
        let page = site.appendingPathComponent("index.html")
        let dom = try VerifyAnywhereTests.chromium(page, payload: payload)
        #expect(VerifyAnywhereTests.pageResult(dom).status == "valid", "\(dom)")
        for shown in ["<dt>Tanggal</dt><dd>30 Juni – 2 Juli 2025</dd>", "<dt>Jam pelajaran (JP)</dt><dd>4</dd>", "<dt>Peran</dt><dd>narasumber</dd>",
                      "<dt>Jenis kegiatan</dt><dd>lokakarya</dd>", "<dt>Moda</dt><dd>daring</dd>"] {
            #expect(dom.contains(shown), "missing \(shown)")
        }
        // The printed QR code holds version 3 in decimal: the page and the CLI read that form too.
        let printed = try E2E.qrCodes(inPDF: out.appendingPathComponent(E2E.loadBatch(out.appendingPathComponent("manifest.json")).records[0].file))
        let fragment = try #require(printed.first.flatMap { $0.split(separator: "#").last }.map(String.init))
        #expect(fragment.allSatisfy { $0.isNumber }, "\(printed)")
        let scanned = try VerifyAnywhereTests.chromium(page, payload: fragment)
        #expect(VerifyAnywhereTests.pageResult(scanned).status == "valid" && scanned.contains("<dt>Jam pelajaran (JP)</dt><dd>4</dd>"), "\(scanned)")
        let cliScan = try E2E.ecert(["verify", printed[0], "--pub", pub.path])
        #expect(cliScan.status == 0 && cliScan.stdout.hasPrefix("VALID"), "\(cliScan.output)")
        let english = try VerifyAnywhereTests.chromium(URL(string: page.absoluteString + "?lang=en")!, payload: payload)
        #expect(english.contains("<dt>Date</dt><dd>30 June – 2 July 2025</dd>") && english.contains("<dt>Role</dt><dd>speaker</dd>"))

        var claims = try SignedPayload(text: payload)
        var raised = claims.claims
        raised.credit?.hours = 40
        let forged = try SignedPayload(claims: raised, signature: claims.signature)
        let forgedDOM = try VerifyAnywhereTests.chromium(page, payload: forged.text)
        let verdict = VerifyAnywhereTests.pageResult(forgedDOM)
        #expect(verdict.status == "invalid" && verdict.reason == "bad-signature", "\(verdict)")
        claims = forged
        let cli = try E2E.ecert(["verify", claims.text, "--pub", pub.path])
        #expect(cli.status == 1 && cli.stdout.hasPrefix("INVALID"), "\(cli.output)")
    }
}
