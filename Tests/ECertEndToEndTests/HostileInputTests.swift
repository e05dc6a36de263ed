import ECertCore
import Foundation
import Testing

/// One case per class of issue 12, each run through the built `ecert`: the exit code, the
/// message (file, row, what is wrong), nothing written outside the folder given, and nothing
/// wrong signed. Inputs are generated here; bombs are run under /usr/bin/time to bound peak memory.
@Suite("hostile input")
struct HostileInputTests {
    struct Setup {
        let dir: URL, key: URL, pub: URL, out: URL
        init(_ label: String = #function) throws {
            dir = try E2E.temporaryDirectory(label)
            (key, pub) = try E2E.keyPair(in: dir)
            out = dir.appendingPathComponent("out")
        }

        func write(_ name: String, _ bytes: [UInt8]) throws -> URL {
            let url = dir.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            return url
        }

        func event(_ changes: [String: String] = [:]) throws -> URL {
            var fields = ["title": "Webinar AI", "date": "2025-09-20", "place": "Jakarta", "issuer": "Dinas Pendidikan",
                          "serial": "\"WEB/{seq:04}\"", "verify_url": "https://sertifikat.example.go.id/v"]
            fields.merge(changes) { $1 }
            return try write("event.yaml", Array(fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)\n" }.joined().utf8))
        }

        func issue(_ list: URL, event: URL? = nil, _ extra: [String] = []) throws -> E2E.Result {
            try E2E.ecert(["issue", list.path, "--event", (try event ?? self.event()).path, "--key", key.path, "--out", out.path] + extra)
        }

        /// Everything in the test folder except what the test wrote itself and `out/`.
        func strayFiles(besides inputs: Set<String>) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !inputs.contains($0) && $0 != "out" && !$0.hasPrefix("issuer.") }
        }

        var signedNames: [String] {
            (try? E2E.loadBatch(out.appendingPathComponent("manifest.json")).records.map(\.name)) ?? []
        }
        var nothingIssued: Bool {
            !FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path)
        }
    }

    /// Runs ecert under /usr/bin/time (with a 60 s timeout): the result and the peak RSS in MiB.
    static func measured(_ arguments: [String], in dir: URL) throws -> (E2E.Result, rssMiB: Int) {
        let report = dir.appendingPathComponent("time-\(UUID().uuidString.prefix(6)).txt")
        defer { try? FileManager.default.removeItem(at: report) }
        let result = try E2E.run("/usr/bin/time", ["-f", "%M", "-o", report.path, "timeout", "60", E2E.ecert.path] + arguments)
        let kb = Int((try String(contentsOf: report, encoding: .utf8)).split(separator: "\n").last.map(String.init) ?? "") ?? Int.max
        return (result, kb / 1024)
    }

    @Test func utf8WithAStrayByteSignsTheGoodNamesExactly() throws {
        let s = try Setup()
        var bytes = Array("Nama,ID\nNguyễn Thị Hương,1\nสมชาย ใจดี,2\n".utf8)
        bytes += Array("Ren".utf8) + [0xE9] + Array(" Zoë,3\n".utf8)
        let list = try s.write("list.csv", bytes)
        let refused = try s.issue(list)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("list.csv, line 4: column \"Nama\" holds bytes that are not valid UTF-8"), "\(refused.stderr)")
        #expect(s.nothingIssued)
        let issued = try s.issue(list, ["--skip-invalid"])
        #expect(issued.status == 0, "\(issued.output)")
        #expect(s.signedNames == ["Nguyễn Thị Hương", "สมชาย ใจดี"])
        let text = try E2E.text(ofPDF: s.out.appendingPathComponent("WEB_0001.pdf"))
        #expect(text.contains("Nguyễn Thị Hương") && !text.contains("Ã"))
    }

    @Test func utf16WithoutByteOrderMarkIsNamed() throws {
        let s = try Setup()
        let list = try s.write("list.csv", "Nama,ID\r\nSiti,1\r\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let r = try E2E.ecert(["check", list.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("list.csv: the file is UTF-16 LE text without a byte-order mark"), "\(r.stderr)")
    }

    /// Invisible-only, Zalgo, emoji and too-wide names: `check` and `issue` refuse the same rows,
    /// and --skip-invalid skips exactly those. The name box of the template is made 20 × 1 mm (in
    /// a copy of the resources), so a long name cannot fit even at the smallest size.
    @Test func namesThatWouldPrintWrongAreRefusedAlikeByCheckAndIssue() throws {
        let s = try Setup()
        let resources = s.dir.appendingPathComponent("resources")
        try FileManager.default.createDirectory(at: resources.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: E2E.packageRoot.appendingPathComponent("templates/classic"), to: resources.appendingPathComponent("templates/classic"))
        try FileManager.default.createSymbolicLink(at: resources.appendingPathComponent("fonts"), withDestinationURL: E2E.packageRoot.appendingPathComponent("fonts"))
        let yaml = resources.appendingPathComponent("templates/classic/template.yaml")
        let original = try String(contentsOf: yaml, encoding: .utf8)
        #expect(original.contains("box: [25, 69, 247, 26]"))
        try original.replacingOccurrences(of: "box: [25, 69, 247, 26]", with: "box: [25, 69, 20, 1.0]").write(to: yaml, atomically: true, encoding: .utf8)
        let zalgo = "Z" + String(repeating: "\u{0336}", count: 12) + "algo"
        let wide = "Muhammad Abdurrahman Wahid Hasyim Asyari Al-Jombangi Putra Pertama"
        let names = ["Budi Santoso", "\u{2028}", "\u{200D}\u{034F}", "\u{2800}", "\u{180B}\u{FE0F}", "\u{17B4}", zalgo, "Ayu 🌸 Lestari", wide, "Siti Aminah"]
        let list = try s.write("list.csv", Array(("Nama,ID\n" + names.enumerated().map { "\($1),\($0 + 1)\n" }.joined()).utf8))
        let check = try E2E.ecert(["check", list.path, "--event", try s.event().path, "--resources", resources.path])
        #expect(check.status == 1)
        #expect(check.stdout.contains("Rows read 10, valid 2, with problems 8"), "\(check.stdout)")
        #expect(check.stdout.contains("list.csv, line 9: name contains \"🌸\" (U+1F338), which none of the bundled fonts can draw"))
        #expect(check.stdout.contains("list.csv, line 8: name stacks 12 combining marks"))
        #expect(check.stdout.contains("list.csv, line 10: name (\(wide.count) characters) cannot fit box #4 of the template"), "\(check.stdout)")
        for line in 3...7 { #expect(check.stdout.contains("list.csv, line \(line): name "), "line \(line)") }
        let refused = try s.issue(list, ["--resources", resources.path])
        #expect(refused.status == 1 && s.nothingIssued)
        let issued = try s.issue(list, ["--skip-invalid", "--resources", resources.path])
        #expect(issued.status == 0, "\(issued.output)")
        #expect(s.signedNames == ["Budi Santoso", "Siti Aminah"])
        let rejected = try String(contentsOf: s.out.appendingPathComponent("rejected.csv"), encoding: .utf8)
        #expect(rejected.contains("U+1F338") && rejected.contains("cannot fit box #4"))
    }

    @Test func excelErrorCellsAndDuplicateHeadersAreRefused() throws {
        let s = try Setup()
        let xlsx = s.dir.appendingPathComponent("list.xlsx")
        let py = """
            import sys, xlsxwriter
            wb = xlsxwriter.Workbook(sys.argv[1]); ws = wb.add_worksheet("Peserta")
            ws.write_row(0, 0, ["Nama", "ID"]); ws.write_row(1, 0, ["Budi", "1"])
            ws.write_formula(2, 0, "=1/0", None, "#DIV/0!"); ws.write(2, 1, "2")
            ws.write_formula(3, 0, "=NA()", None, "#N/A"); ws.write(3, 1, "3")
            wb.close()
            """
        #expect(try E2E.run("python3", ["-c", py, xlsx.path]).status == 0)
        let r = try s.issue(xlsx, ["--skip-invalid"])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.stderr.contains("sheet \"Peserta\" row 3: column \"Nama\" holds the Excel error #DIV/0!"), "\(r.stderr)")
        #expect(r.stderr.contains("row 4: column \"Nama\" holds the Excel error #N/A"))
        #expect(s.signedNames == ["Budi"])

        let t = try Setup()
        let dup = try t.write("dup.csv", Array("Nama,ID,Sekolah,Sekolah\nBudi,1,SD 1,SD 2\n".utf8))
        let d = try t.issue(dup, ["--skip-invalid"])
        #expect(d.status == 1 && t.nothingIssued)
        #expect(d.stderr.contains("dup.csv: the header \"Sekolah\" appears in columns 3 and 4"))
    }

    @Test func correctNameFollowsTheSameRulesAsIssue() throws {
        let s = try Setup()
        let list = try s.write("list.csv", Array("Nama,ID\nBudi,1\n".utf8))
        #expect(try s.issue(list).status == 0)
        let serial = s.signedNames.isEmpty ? "" : "WEB/0001"
        for (name, message) in [("Bu\u{202E}di", "U+202E"), ("Bu\u{200B}di", "U+200B"), (String(repeating: "a", count: 300), "300 characters"), ("\u{2800}", "only invisible characters")] {
            let r = try E2E.ecert(["correct", s.out.path, "--serial", serial, "--name", name, "--key", s.key.path])
            #expect(r.status == 1)
            #expect(r.stderr.contains("--name: the name") && r.stderr.contains(message), "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: s.out.appendingPathComponent("amendments.json").path))
    }

    @Test func hostileEventFilesAreRefusedBeforeAnythingIsWritten() throws {
        let cases: [([String: String], String)] = [
            (["verify_url": "http://x.example/v"], "is not an https:// address"),
            (["verify_url": "https:///v"], "has no host name"),
            (["verify_url": "\"https://x.example/a\\nb\""], "contains spaces or control characters"),
            (["title": "null"], "\"title\" is null"),
            (["title": "\"Webinar\\0AI\""], "U+0000"),
            (["place": "\"Jakarta\\u202E\""], "bidi control character U+202E"),
            (["issuer": "\"Dinas\\nPendidikan\""], "line break"),
            (["template": "../../templates/classic"], "is not the name of a folder in templates/"),
            (["title": String(repeating: "A", count: 5000)], "more than the 300"),
        ]
        for (changes, message) in cases {
            let s = try Setup()
            let list = try s.write("list.csv", Array("Nama,ID\nBudi,1\n".utf8))
            let r = try s.issue(list, event: try s.event(changes))
            #expect(r.status == 1, "\(changes)")
            #expect(r.stderr.contains("event.yaml: ") && r.stderr.contains(message), "\(changes): \(r.stderr)")
            #expect(s.nothingIssued)
        }
    }

    /// A FIFO or a symlink to /dev/zero as the list: refused at once, never a hang.
    @Test func pipesAndDevicesAreRefusedNotWaitedFor() throws {
        let s = try Setup()
        let fifo = s.dir.appendingPathComponent("list.csv")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let zero = s.dir.appendingPathComponent("zero.csv")
        try FileManager.default.createSymbolicLink(atPath: zero.path, withDestinationPath: "/dev/zero")
        for list in [fifo, zero] {
            for command in [["check", list.path], ["issue", list.path, "--event", try s.event().path, "--key", s.key.path, "--out", s.out.path]] {
                let (r, _) = try Self.measured(command, in: s.dir)
                #expect(r.status == 1, "\(command): \(r.output)")
                #expect(r.stderr.contains("\(list.lastPathComponent): cannot be read (not a regular file"), "\(r.stderr)")
            }
        }
        #expect(s.nothingIssued)
    }

    /// Bombs: each refused with a clear message, within 300 MiB of memory and the 60 s timeout.
    @Test func bombsAreRefusedWithinBoundedMemory() throws {
        let s = try Setup()
        let py = """
            import sys, zipfile, struct, zlib
            d = sys.argv[1]
            with zipfile.ZipFile(d + "/bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("xl/workbook.xml", '<workbook xmlns:r="r"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>')
                z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
                with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
                    f.write(b"<worksheet><sheetData>")
                    block = b" " * (1 << 20)
                    for _ in range(400): f.write(block)
            with zipfile.ZipFile(d + "/bomb-bundle.zip", "w", zipfile.ZIP_DEFLATED) as z:
                with z.open("bundle.json", "w", force_zip64=True) as f:
                    block = b" " * (1 << 20)
                    for _ in range(600): f.write(block)
            def chunk(t, b): return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xffffffff)
            png = b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(b"\\0" * 100)) + chunk(b"IEND", b"")
            open(d + "/lying.png", "wb").write(png)
            # A 300-byte PDF whose one page is 0.7 × 0.7 m: 31 megapixels at 200 dpi and 69 at 300 dpi, under the old 100 MP cap.
            objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 2000 2000] >>"]
            out, offsets = b"%PDF-1.4\\n", []
            for i, o in enumerate(objs):
                offsets.append(len(out)); out += b"%d 0 obj\\n" % (i + 1) + o + b"\\nendobj\\n"
            xref = len(out)
            out += b"xref\\n0 4\\n0000000000 65535 f \\n" + b"".join(b"%010d 00000 n \\n" % o for o in offsets)
            out += b"trailer\\n<< /Size 4 /Root 1 0 R >>\\nstartxref\\n%d\\n%%%%EOF\\n" % xref
            open(d + "/huge-page.pdf", "wb").write(out)
            """
        #expect(try E2E.run("python3", ["-c", py, s.dir.path]).status == 0)
        let cases: [([String], String)] = [
            (["check", s.dir.appendingPathComponent("bomb.xlsx").path], "part xl/worksheets/sheet1.xml of the workbook expands to more than 192 MiB"),
            (["verify", s.dir.appendingPathComponent("bomb-bundle.zip").path, "--pub", s.pub.path], "bundle.json: expands to more than"),
            (["verify", s.dir.appendingPathComponent("lying.png").path, "--pub", s.pub.path], "the image says it is 60000 × 60000 pixels"),
            (["verify", s.dir.appendingPathComponent("huge-page.pdf").path, "--pub", s.pub.path], "page 1 is 706 × 706 mm, which is not a certificate page size"),
        ]
        for (arguments, message) in cases {
            let (r, rss) = try Self.measured(arguments, in: s.dir)
            #expect(r.status == 1, "\(arguments): \(r.output)")
            #expect(r.output.contains(message), "\(arguments): \(r.output)")
            #expect(rss < 300, "\(arguments[0]) \(arguments[1]) peaked at \(rss) MiB")
        }
    }

    /// A district called `aux.txt` gets a ZIP name Windows can open.
    @Test func windowsDeviceNamesGetASafeBundleName() throws {
        let s = try Setup()
        let list = try s.write("list.csv", Array("Nama,ID,Kabupaten/Kota\nBudi,1,aux.txt\nSiti,2,Kab. Lahat\n".utf8))
        #expect(try s.issue(list).status == 0)
        let bundles = s.dir.appendingPathComponent("bundles")
        let r = try E2E.ecert(["bundle", s.out.path, "--by", "Kabupaten/Kota", "--out", bundles.path, "--pub", s.pub.path])
        #expect(r.status == 0, "\(r.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: bundles.path).sorted() == ["Kab. Lahat.zip", "_aux.txt.zip"])
    }
}
