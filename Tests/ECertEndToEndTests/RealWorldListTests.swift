import Foundation
import Testing

/// Issue 5: participant lists as organisers really hold them (Excel/Google Forms/Zoom exports).
@Suite("real-world lists")
struct RealWorldListTests {
    static let fixtures = E2E.packageRoot.appendingPathComponent("Tests/Fixtures/lists.py")

    @discardableResult
    static func fixture(_ arguments: [String]) throws -> E2E.Result {
        let result = try E2E.run("python3", [fixtures.path] + arguments)
        #expect(result.status == 0, "lists.py \(arguments.first ?? "") failed: \(result.stderr)")
        return result
    }

    static func manifestJSON(_ dir: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: dir.appendingPathComponent("manifest.json"))
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The signed header's body of a manifest (independent reading of the JSON, docs/FORMAT.md).
    static func headerBody(_ manifest: [String: Any]) throws -> [String: Any] {
        let header = try #require(manifest["header"] as? [String: Any])
        let signed = try #require(header["signed"] as? [String: Any])
        return try #require(signed["body"] as? [String: Any])
    }

    /// The manifest without what legitimately differs between input files: the input description
    /// (file name, SHA-256, sheet) and the signature over it.
    static func comparable(_ manifest: [String: Any]) throws -> Data {
        var body = try headerBody(manifest)
        body["input"] = nil
        let m: [String: Any] = ["body": body, "records": manifest["records"] ?? []]
        return try JSONSerialization.data(withJSONObject: m, options: [.sortedKeys])
    }

    static func records(_ manifest: [String: Any]) throws -> [[String: Any]] {
        try #require(manifest["records"] as? [[String: Any]])
    }

    static func counts(_ manifest: [String: Any]) throws -> [String: Int] {
        try #require(try headerBody(manifest)["counts"] as? [String: Int])
    }

    @Test func sameParticipantsInEveryEncodingDialectAndXLSXGiveTheSameManifest() throws {
        let dir = try E2E.temporaryDirectory()
        let key = try E2E.keyPair(in: dir).key
        _ = try E2E.participants(in: dir, arguments: ["--rows", "100"])
        try Self.fixture(["variants", dir.appendingPathComponent("participants.csv").path, dir.path])
        let files = ["utf8-comma.csv", "utf8bom-semicolon.csv", "utf16-tab.csv", "cp1252-semicolon.csv", "list.xlsx"]
        var manifests: [String: [String: Any]] = [:]
        for file in files {
            let out = dir.appendingPathComponent("out-\(file)")
            let result = try E2E.ecert(["issue", dir.appendingPathComponent(file).path, "--event", E2E.exampleEvent.path,
                                        "--key", key.path, "--out", out.path, "--quiet"])
            #expect(result.status == 0, "\(file): \(result.output)")
            if file.hasPrefix("cp1252") {
                #expect(result.stderr.contains("warning: \(dir.appendingPathComponent(file).path)"))
                #expect(result.stderr.contains("read as Windows-1252"))
            } else {
                #expect(!result.stderr.contains("warning"), "\(file): \(result.stderr)")
            }
            manifests[file] = try Self.manifestJSON(out)
        }
        let reference = try Self.comparable(manifests["utf8-comma.csv"]!)
        for file in files.dropFirst() {
            #expect(try Self.comparable(manifests[file]!) == reference, "\(file) gives another manifest than utf8-comma.csv")
        }
        // The inputs really differ, and the characters that tell the encodings apart came through.
        let hashes = Set(try files.map { file -> String in
            let body = try Self.headerBody(manifests[file]!)
            return try #require((body["input"] as? [String: Any])?["sha256"] as? String)
        })
        #expect(hashes.count == files.count)
        let records = try Self.records(manifests["cp1252-semicolon.csv"]!)
        #expect(records.count == 100)
        #expect(records[2]["name"] as? String == "Désirée Pérez, S.Pd.")
        #expect(records[4]["name"] as? String == "Nur’aini Müller")
        #expect(records[8]["participantID"] as? String == "0012345678901234")
    }

    @Test func leadingZeroNUPTKSurvivesCSVAndEveryKindOfXLSXCell() throws {
        let dir = try E2E.temporaryDirectory()
        let key = try E2E.keyPair(in: dir).key
        let csv = dir.appendingPathComponent("list.csv")
        try Data("Nama Lengkap,NUPTK,NIP\nSiti Aminah,0012345678901234,019876543210987654\nBudi,9876543210987654,\nAni,0000000000000001,\n".utf8).write(to: csv)
        var lists = [csv]
        for (name, flags) in [("text.xlsx", [String]()), ("inline.xlsx", ["--inline-strings"]), ("numeric.xlsx", ["--numeric-ids"])] {
            let url = dir.appendingPathComponent(name)
            try Self.fixture(["xlsx", csv.path, url.path] + flags)
            lists.append(url)
        }
        // The workbooks really store the IDs as shared strings, inline strings and numbers.
        let textSheet = try E2E.run("unzip", ["-p", dir.appendingPathComponent("text.xlsx").path, "xl/worksheets/sheet1.xml"]).stdout
        #expect(textSheet.contains("t=\"s\""))
        let inlineSheet = try E2E.run("unzip", ["-p", dir.appendingPathComponent("inline.xlsx").path, "xl/worksheets/sheet1.xml"]).stdout
        #expect(inlineSheet.contains("t=\"inlineStr\"") && inlineSheet.contains("<t>0012345678901234</t>"))
        let numericSheet = try E2E.run("unzip", ["-p", dir.appendingPathComponent("numeric.xlsx").path, "xl/worksheets/sheet1.xml"]).stdout
        #expect(numericSheet.contains("<v>12345678901234</v>"))
        for list in lists {
            let out = dir.appendingPathComponent("out-\(list.lastPathComponent)")
            let result = try E2E.ecert(["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.path, "--out", out.path, "--quiet"])
            #expect(result.status == 0, "\(list.lastPathComponent): \(result.output)")
            let records = try Self.records(try Self.manifestJSON(out))
            #expect(records.map { $0["participantID"] as? String } == ["0012345678901234", "9876543210987654", "0000000000000001"], "\(list.lastPathComponent)")
            let columns = try #require(records.first?["columns"] as? [String: String])
            #expect(columns["NIP"] == "019876543210987654", "\(list.lastPathComponent)")
            // 9876543210987654 has 16 digits: more than Excel keeps in a number, so it is pointed out.
            #expect(result.stderr.contains("long number(s) as numeric cells") == (list.lastPathComponent == "numeric.xlsx"), "\(result.stderr)")
            for record in records {
                let values = (record["columns"] as? [String: String] ?? [:]).values
                #expect(!values.contains { $0.contains("E+") || $0.contains("e+") }, "\(list.lastPathComponent): \(values)")
            }
        }
    }

    /// One row per problem class; the report names each with its line.
    static let problemList = [
        "No,Nama Lengkap,NUPTK,NIP,Email,Asal Sekolah",
        "1,Siti Aminah,1234567890123456,,siti@example.org,SD Negeri 1",                       // line 2: fine
        "2,,1234567890123457,,kosong@example.org,=1+1",                                        // line 3: empty name
        "3,Budi Santoso,1234567890123456,,budi@example.org,SD Negeri 2",                      // line 4: duplicate ID (line 2)
        "4,Ani Lestari,1234567890123458,,SITI@example.org,SD Negeri 3",                        // line 5: duplicate email (line 2)
        "5,Rina Wati,12345678901234,,rina@example.org,SD Negeri 4",                            // line 6: NUPTK 14 digits
        "6,Dewi Sartika,1234567890123459,19800101200501100,dewi@example.org,SD Negeri 5",      // line 7: NIP 17 digits
        "7,Eko\u{0007}Prasetyo,1234567890123460,,eko@example.org,SD Negeri 6",                 // line 8: control char
        "8,Joko\u{200B}Widodo,1234567890123461,,joko@example.org,SD Negeri 7",                 // line 9: zero-width (invisible)
        "9,Evil\u{202E}gnp.exe,1234567890123462,,evil@example.org,SD Negeri 8",                // line 10: bidi override
        "10,Iso\u{2067}late,1234567890123463,,iso@example.org,SD Negeri 9",                    // line 11: bidi isolate
        "11,\(String(repeating: "Panjang ", count: 26)),1234567890123464,,long@example.org,-2", // line 12: 208 characters
        "12,Multi Baris,1234567890123465,,multi@example.org,\"SD Negeri",
        "11, Palembang\"",                                                                     // line 13 (spans 2 lines): fine
        "13,Ahmad Dahlan,,,ahmad@example.org,SD Negeri 10",                                     // line 15: empty ID
        "",
    ].joined(separator: "\r\n")

    static let expectedProblems: [(line: Int, text: String)] = [
        (3, "empty name in column \"Nama Lengkap\""),
        (4, "participant ID 1234567890123456 already used on line 2"),
        (5, "email siti@example.org already used on line 2"),
        (6, "NUPTK \"12345678901234\" in column \"NUPTK\" must be exactly 16 digits"),
        (7, "NIP \"19800101200501100\" in column \"NIP\" must be exactly 18 digits"),
        (8, "name contains the invisible or control character U+0007"),
        (9, "name contains the invisible or control character U+200B"),
        (10, "name contains the bidi control character U+202E"),
        (11, "name contains the bidi control character U+2067"),
        (12, "name is 207 characters, longer than 200"),
        (15, "empty participant ID in column \"NUPTK\""),
    ]

    @Test func checkReportsEveryProblemClassWithItsLine() throws {
        let dir = try E2E.temporaryDirectory()
        let list = dir.appendingPathComponent("problems.csv")
        try Data(Self.problemList.utf8).write(to: list)
        let result = try E2E.ecert(["check", list.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("Rows read 13, valid 2, with problems 11"), "\(result.stdout)")
        for (line, text) in Self.expectedProblems {
            #expect(result.stdout.contains("\(list.path), line \(line): \(text)"), "line \(line): \(text)\n\(result.stdout)")
        }
        let lines = result.stdout.split(separator: "\n").filter { $0.hasPrefix(list.path + ", line") }
        #expect(lines.count == Self.expectedProblems.count, "\(lines)")
    }

    @Test func checkOfAnXLSXReportsSheetRows() throws {
        let dir = try E2E.temporaryDirectory()
        let csv = dir.appendingPathComponent("problems.csv")
        try Data("Nama,NUPTK\nSiti,1234567890123456\n,1234567890123457\nBudi,1234567890123456\n".utf8).write(to: csv)
        let xlsx = dir.appendingPathComponent("problems.xlsx")
        try Self.fixture(["xlsx", csv.path, xlsx.path, "--first-sheet", "Petunjuk", "--sheet", "Daftar Hadir"])
        let first = try E2E.ecert(["check", xlsx.path])
        #expect(first.status == 1)
        #expect(first.stderr.contains("no name column") && first.stderr.contains("\"Petunjuk: daftar peserta ada di sheet berikutnya\""), "\(first.output)")
        let wrong = try E2E.ecert(["check", xlsx.path, "--sheet", "Peserta"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("no sheet named \"Peserta\". Sheets in the workbook: \"Petunjuk\", \"Daftar Hadir\""), "\(wrong.output)")
        let result = try E2E.ecert(["check", xlsx.path, "--sheet", "Daftar Hadir"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("Excel workbook, sheet \"Daftar Hadir\""))
        #expect(result.stdout.contains("sheet \"Daftar Hadir\" row 3: empty name"), "\(result.stdout)")
        #expect(result.stdout.contains("sheet \"Daftar Hadir\" row 4: participant ID 1234567890123456 already used on row 2"), "\(result.stdout)")
    }

    @Test func issueRefusesAProblemListAndSkipInvalidWritesRejectedCSV() throws {
        let dir = try E2E.temporaryDirectory()
        let key = try E2E.keyPair(in: dir)
        let list = dir.appendingPathComponent("problems.csv")
        try Data(Self.problemList.utf8).write(to: list)
        let out = dir.appendingPathComponent("out")

        let refused = try E2E.ecert(["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.key.path, "--out", out.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("11 problems found; nothing was issued"))
        for (line, text) in Self.expectedProblems { #expect(refused.stderr.contains("line \(line): \(text)")) }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).isEmpty)

        let result = try E2E.ecert(["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.key.path, "--out", out.path, "--skip-invalid"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("Rows read 13, valid 2, rejected 11, issued 2"))
        let manifest = try Self.manifestJSON(out)
        let counts = try Self.counts(manifest)
        #expect(counts["rowsRead"] == counts["issued"]! + counts["rejected"]!)
        #expect(counts["rejected"] == 11 && counts["issued"] == 2)
        #expect(try Self.records(manifest).map { $0["line"] as? Int } == [2, 13])

        // rejected.csv: a header, one line per rejected row with its line, original fields and reasons.
        let rejectedURL = out.appendingPathComponent("rejected.csv")
        let rejectedText = try String(contentsOf: rejectedURL, encoding: .utf8)
        #expect(try Data(contentsOf: rejectedURL).starts(with: Data("\u{FEFF}Line,No,Nama Lengkap,NUPTK,NIP,Email,Asal Sekolah,Reason\r\n".utf8)))
        let rows = try Self.readCSV(rejectedURL)
        #expect(rows.count == 12)
        #expect(rows.dropFirst().map { $0[0] } == Self.expectedProblems.map { String($0.line) })
        for (row, expected) in zip(rows.dropFirst(), Self.expectedProblems) {
            #expect(row.last!.contains(expected.text), "\(row)")
        }
        // Original fields are kept; formula-like values are neutralised.
        #expect(rows[1][1] == "2" && rows[1][6] == "'=1+1")
        #expect(rows[10][6] == "'-2")
        #expect(rows[9][2] == "Iso\u{2067}late")
        #expect(!rejectedText.contains(",=") && !rejectedText.contains(",-2"))

        // rejected.csv is part of the signed batch.
        let verify = try E2E.ecert(["verify", out.path, "--pub", key.pub.path])
        #expect(verify.status == 0, "\(verify.output)")
        try (rejectedText + "x").write(to: rejectedURL, atomically: true, encoding: .utf8)
        let tampered = try E2E.ecert(["verify", out.path, "--pub", key.pub.path])
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("MODIFIED  rejected.csv"))
    }

    /// Python's csv module reads what ecert wrote (an independent RFC 4180 reader).
    static func readCSV(_ url: URL) throws -> [[String]] {
        let script = "import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))))"
        let result = try E2E.run("python3", ["-c", script, url.path])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String]])
    }

    @Test func headersAreMappedInIndonesianAndEnglishAndAmbiguityListsTheHeaders() throws {
        let dir = try E2E.temporaryDirectory()
        let english = dir.appendingPathComponent("english.csv")
        try Data("Full name|ID|E-mail|School|District|Province\nSiti Aminah|A1|s@x.id|SD 1|Kota Palembang|Sumatera Selatan\n".utf8).write(to: english)
        let ok = try E2E.ecert(["check", english.path])
        #expect(ok.status == 0, "\(ok.output)")
        #expect(ok.stdout.contains("pipe-delimited"))
        #expect(ok.stdout.contains("name = \"Full name\", id = \"ID\", email = \"E-mail\", school = \"School\", district = \"District\", province = \"Province\""))

        let ambiguous = dir.appendingPathComponent("ambiguous.csv")
        try Data("Nama Lengkap;Nama Peserta;NUPTK;Kab/Kota\nSiti;Siti A;1234567890123456;Lahat\n".utf8).write(to: ambiguous)
        let amb = try E2E.ecert(["check", ambiguous.path])
        #expect(amb.status == 1)
        #expect(amb.stderr.contains("several columns could be the name: \"Nama Lengkap\", \"Nama Peserta\""))
        #expect(amb.stderr.contains("Headers found: \"Nama Lengkap\", \"Nama Peserta\", \"NUPTK\", \"Kab/Kota\""))
        let picked = try E2E.ecert(["check", ambiguous.path, "--column", "name=nama peserta"])
        #expect(picked.status == 0, "\(picked.output)")
        #expect(picked.stdout.contains("name = \"Nama Peserta\", id = \"NUPTK\", district = \"Kab/Kota\""))

        let badRole = try E2E.ecert(["check", ambiguous.path, "--column", "sekolah=X"])
        #expect(badRole.status != 0)
        #expect(badRole.stderr.contains("name, id, email, school, district, province"))
    }

    @Test func nameCaseTitleKeepsAcademicTitlesRight() throws {
        let dir = try E2E.temporaryDirectory()
        let key = try E2E.keyPair(in: dir).key
        let list = dir.appendingPathComponent("caps.csv")
        try Data("Nama Lengkap,NUPTK\n\"DRA. HJ. SITI NUR'AINI, S.PD., M.PD.\",1234567890123456\n\"DR. BUDI BIN AHMAD, PH.D.\",1234567890123457\nAni van Dijk,1234567890123458\n".utf8).write(to: list)
        for (option, expected) in [(nil, ["DRA. HJ. SITI NUR'AINI, S.PD., M.PD.", "DR. BUDI BIN AHMAD, PH.D.", "Ani van Dijk"]),
                                   ("title", ["Dra. Hj. Siti Nur'aini, S.Pd., M.Pd.", "Dr. Budi bin Ahmad, Ph.D.", "Ani van Dijk"])] {
            let out = dir.appendingPathComponent("out-\(option ?? "keep")")
            let result = try E2E.ecert(["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.path, "--out", out.path, "--quiet"]
                                       + (option.map { ["--name-case", $0] } ?? []))
            #expect(result.status == 0, "\(result.output)")
            let manifest = try Self.manifestJSON(out)
            #expect(try Self.records(manifest).map { $0["name"] as? String } == expected)
            let body = try Self.headerBody(manifest)
            #expect(body["nameCase"] as? String == option)
            let text = E2E.collapseWhitespace(try E2E.text(ofPDF: out.appendingPathComponent("WEB-AI_2025_000001.pdf")))
            #expect(text.contains(expected[0]), "\(text)")
        }
    }

    @Test func reconcileOfTheGeneratedEventReads25000_17853_12003() throws {
        let dir = try E2E.temporaryDirectory()
        let reg = try E2E.participants(in: dir, arguments: ["--event"])
        let zoom = dir.appendingPathComponent("zoom.csv"), quiz = dir.appendingPathComponent("quiz.csv")
        let guests = Int(try Self.fixture(["event-exports", reg.path, zoom.path, quiz.path]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(guests > 0)
        let verified = dir.appendingPathComponent("verified.csv")
        let result = try E2E.ecert(["reconcile", "--registrations", reg.path, "--attendance", zoom.path, "--quiz", quiz.path,
                                    "--min-minutes", "60", "--min-score", "70", "--out", verified.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("Funnel: 25,000 registered / 17,853 attended (>= 60 min) / 12,003 passed quiz (>= 70%) / 12,003 verified"), "\(result.stdout)")
        let funnel = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("funnel.json"))) as? [String: Any])
        let counts = try #require(funnel["counts"] as? [String: Int])
        #expect(counts == ["registered": 25000, "attended": 17853, "passedQuiz": 12003, "verified": 12003])
        // Per district the counts add up to the totals.
        let districts = try #require(funnel["districts"] as? [[String: Any]])
        #expect(districts.count == 16)
        for stage in ["registered", "attended", "passedQuiz", "verified"] {
            #expect(districts.map { ($0["counts"] as? [String: Int])?[stage] ?? 0 }.reduce(0, +) == counts[stage])
        }
        let palembang = try #require(districts.first { $0["district"] as? String == "Kota Palembang" })
        #expect((palembang["counts"] as? [String: Int])?["registered"] ?? 0 > 1000)
        // Guests without e-mail were joined by name and reported apart; strangers are not joined.
        let matching = try #require(funnel["matching"] as? [String: Int])
        #expect(matching["attendanceRowsByName"] ?? 0 > 0)
        #expect(matching["attendanceRowsUnmatched"] == 25)
        #expect(result.stdout.contains("Joined by normalised name (lower confidence): \(matching["attendanceRowsByName"]!) attendance rows"))
        let rows = try Self.readCSV(verified)
        #expect(rows.count == 12003 + 1)
        #expect(rows.dropFirst().filter { $0.last == "name (check)" }.count == matching["verifiedMatchedByName"])
        // Every verified row passed both rules according to the generator's own columns.
        let header = rows[0]
        let minutes = try #require(header.firstIndex(of: "Hadir (menit)")), score = try #require(header.firstIndex(of: "Skor Kuis"))
        #expect(rows.dropFirst().allSatisfy { Int($0[minutes])! >= 60 && Int($0[score])! >= 70 })
    }

    @Test func issueWithFunnelSignsTheFunnelAndRulesIntoTheManifest() throws {
        let dir = try E2E.temporaryDirectory()
        let key = try E2E.keyPair(in: dir)
        let reg = try E2E.participants(in: dir, arguments: ["--rows", "120"])
        let zoom = dir.appendingPathComponent("zoom.csv"), quiz = dir.appendingPathComponent("quiz.csv")
        try Self.fixture(["event-exports", reg.path, zoom.path, quiz.path])
        let verified = dir.appendingPathComponent("verified.csv")
        let rec = try E2E.ecert(["reconcile", "--registrations", reg.path, "--attendance", zoom.path, "--quiz", quiz.path,
                                 "--min-minutes", "60", "--min-score", "70", "--out", verified.path])
        #expect(rec.status == 0, "\(rec.output)")
        // 120 rows: round(120 × 17853 / 25000) = 86 attended, round(120 × 12003 / 25000) = 58 passed.
        #expect(rec.stdout.contains("Funnel: 120 registered / 86 attended (>= 60 min) / 58 passed quiz (>= 70%) / 58 verified"), "\(rec.stdout)")
        let funnelURL = dir.appendingPathComponent("funnel.json")
        let out = dir.appendingPathComponent("out")
        let result = try E2E.ecert(["issue", verified.path, "--event", E2E.exampleEvent.path, "--key", key.key.path, "--out", out.path, "--funnel", funnelURL.path, "--quiet"])
        #expect(result.status == 0, "\(result.output)")
        let manifest = try Self.manifestJSON(out)
        let body = try Self.headerBody(manifest)
        let signed = try #require(body["funnel"] as? [String: Any])
        let onDisk = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: funnelURL)) as? [String: Any])
        #expect(NSDictionary(dictionary: signed).isEqual(to: onDisk))
        #expect((signed["rules"] as? [String: Any])?["minMinutes"] as? Int == 60)
        #expect((signed["rules"] as? [String: Any])?["minScorePercent"] as? Int == 70)
        #expect(try Self.counts(manifest)["issued"] == 58)
        #expect(try E2E.ecert(["verify", out.path, "--pub", key.pub.path]).status == 0)

        // Changing the funnel in the manifest breaks the signature.
        let manifestURL = out.appendingPathComponent("manifest.json")
        let text = try String(contentsOf: manifestURL, encoding: .utf8)
        try text.replacingOccurrences(of: "\"passedQuiz\": 58", with: "\"passedQuiz\": 59").write(to: manifestURL, atomically: true, encoding: .utf8)
        #expect(try String(contentsOf: manifestURL, encoding: .utf8) != text)
        let tampered = try E2E.ecert(["verify", out.path, "--pub", key.pub.path])
        #expect(tampered.status == 1 && tampered.stdout.contains("signature does not verify"))

        // A funnel only goes with the verified list it was made with.
        let other = try E2E.ecert(["issue", reg.path, "--event", E2E.exampleEvent.path, "--key", key.key.path,
                                   "--out", dir.appendingPathComponent("out2").path, "--funnel", funnelURL.path])
        #expect(other.status == 1)
        #expect(other.stderr.contains("funnel.json: it describes verified.csv"))
    }
}
