import ECertCore
import Foundation
import Testing

/// Issue 13 on the four bundled designs, with the example version-2 event (three-day pelatihan,
/// two signatories with pictures, a logo, roles and a program): every signatory is printed, page 2
/// is the Struktur Program, names in four scripts stay in their box, re-issue is byte-identical.
@Suite("bundled designs with a version-2 event")
struct DesignCreditTests {
    static let example = E2E.packageRoot.appendingPathComponent("examples/pelatihan")
    static let names = ["Dra. Hj. Siti Nurhaliza Kusumawardhani, M.Pd.", "สมชาย ใจดี", "محمد عبد الله", "李小龍"]

    /// A copy of the example event folder using `design`, a list of `names` (the second a narasumber), and the issued batch.
    static func issue(design: String, names: [String] = names) throws -> (dir: URL, out: URL, event: URL, pub: URL) {
        let dir = try E2E.temporaryDirectory()
        let eventDir = dir.appendingPathComponent("event")
        try FileManager.default.copyItem(at: example, to: eventDir)
        let event = eventDir.appendingPathComponent("event.yaml")
        let text = try String(contentsOf: event, encoding: .utf8).replacingOccurrences(of: "template: pelatihan", with: "template: \(design)")
        try text.write(to: event, atomically: true, encoding: .utf8)
        let rows = names.enumerated().map { k, n in "\"\(n)\",\(1_234_567_890_123_400 + k),\(k == 1 ? "Narasumber" : ""),SMP Negeri \(k + 1) Lahat" }
        let list = dir.appendingPathComponent("peserta.csv")
        try Data((["Nama,NUPTK,Peran,Asal Sekolah"] + rows).joined(separator: "\n").utf8).write(to: list)
        let (key, pub) = try E2E.keyPair(in: dir)
        let out = dir.appendingPathComponent("out")
        let result = try E2E.ecert(["issue", list.path, "--event", event.path, "--key", key.path, "--out", out.path])
        #expect(result.status == 0, "\(result.output)")
        return (dir, out, event, pub)
    }

    @Test(arguments: ["classic", "modern", "formal", "pelatihan"])
    func everySignatoryAndThePageTwoProgramArePrinted(design: String) throws {
        let (_, out, event, _) = try Self.issue(design: design)
        let info = try Event.load(from: event)
        let pdf = out.appendingPathComponent("PKM_2025_0002.pdf")
        let page1 = E2E.collapseWhitespace(try E2E.run("pdftotext", ["-f", "1", "-l", "1", pdf.path, "-"]).stdout)
        for s in info.signatories! {
            #expect(page1.contains(s.name) && page1.contains("NIP " + s.nip!), "\(design): \(s.name) missing in \(page1)")
        }
        #expect(page1.contains("Kepala Dinas Pendidikan Provinsi Sumatera Selatan") && page1.contains("Ketua Panitia"), "\(page1)")
        #expect(page1.contains("16–18 Juli 2025") && page1.contains("Palembang, 18 Juli 2025"), "\(page1)")
        // The second participant is a narasumber: 8 JP, and the pelatihan design prints the role's own wording.
        #expect(page1.contains("sebanyak 8 jam pelajaran (JP)"), "\(page1)")
        if design == "pelatihan" { #expect(page1.contains("atas peran sertanya sebagai NARASUMBER pada kegiatan"), "\(page1)") }
        let info2 = try E2E.run("pdfinfo", [pdf.path]).stdout
        #expect(info2.contains("Pages:           2"), "\(info2)")
        let page2 = E2E.collapseWhitespace(try E2E.run("pdftotext", ["-f", "2", "-l", "2", pdf.path, "-"]).stdout)
        for topic in info.program! { #expect(page2.contains(topic.topic), "\(design) page 2: \(page2)") }
        // The title is letter-spaced in some designs, so pdftotext may split it; the table's words are plain.
        #expect(page2.replacingOccurrences(of: " ", with: "").contains("STRUKTURPROGRAM") && page2.contains("Materi") && page2.contains("Jumlah") && page2.contains("32"), "\(page2)")
        let qpdf = try E2E.run("qpdf", ["--check", pdf.path])
        #expect(qpdf.status == 0, "\(qpdf.output)")
    }

    /// Every word of the name on page 1 lies inside the name element's box (pdftotext -bbox).
    @Test(arguments: ["classic", "modern", "formal", "pelatihan"])
    func latinThaiArabicAndCJKNamesStayInsideTheirBox(design: String) throws {
        let (_, out, _, _) = try Self.issue(design: design)
        let template = try Template.load(from: E2E.packageRoot.appendingPathComponent("templates/\(design)"))
        let box = try #require(template.elements.first { $0.text == "{name}" })
        let k = 72.0 / 25.4
        for (n, name) in Self.names.enumerated() {
            let pdf = out.appendingPathComponent("PKM_2025_000\(n + 1).pdf")
            let html = try E2E.run("pdftotext", ["-bbox", "-f", "1", "-l", "1", pdf.path, "-"]).stdout
            var found = 0
            for line in html.split(separator: "\n") where line.contains("<word") {
                guard let word = line.split(separator: ">").dropFirst().first?.split(separator: "<").first.map(String.init),
                      // Arabic comes out letter by letter; Latin words of one letter could be anywhere.
                      word.count >= 2 || !word.allSatisfy(\.isASCII), name.contains(word) || name.contains(String(word.reversed())),
                      let xMin = Self.attribute("xMin", line), let xMax = Self.attribute("xMax", line),
                      let yMin = Self.attribute("yMin", line), let yMax = Self.attribute("yMax", line),
                      yMin >= box.y * k - 4, yMax <= (box.y + box.height) * k + 4 else { continue }
                found += 1
                #expect(xMin >= box.x * k - 0.5 && xMax <= (box.x + box.width) * k + 0.5, "\(design) \(name): \(word) at \(xMin)…\(xMax)")
            }
            #expect(found >= 1, "\(design): no word of \(name) found in its box\n\(html)")
        }
    }

    @Test func reissueIsByteIdenticalAndRefusesAChangedSignaturePicture() throws {
        let (dir, out, event, pub) = try Self.issue(design: "pelatihan")
        let assets = event.deletingLastPathComponent()
        let again = dir.appendingPathComponent("again.pdf")
        let r = try E2E.ecert(["reissue", out.path, "--serial", "PKM/2025/0002", "--out", again.path, "--pub", pub.path, "--assets", assets.path])
        #expect(r.status == 0, "\(r.output)")
        #expect(try Data(contentsOf: again) == Data(contentsOf: out.appendingPathComponent("PKM_2025_0002.pdf")))
        try Data("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".utf8).write(to: assets.appendingPathComponent("ttd-kadis.svg"))
        let changed = try E2E.ecert(["reissue", out.path, "--serial", "PKM/2025/0002", "--out", dir.appendingPathComponent("x.pdf").path, "--pub", pub.path, "--assets", assets.path])
        #expect(changed.status != 0 && changed.output.contains("is not the picture the event was issued with"), "\(changed.output)")
        let missing = try E2E.ecert(["reissue", out.path, "--serial", "PKM/2025/0002", "--out", dir.appendingPathComponent("y.pdf").path, "--pub", pub.path])
        #expect(missing.status != 0 && missing.output.contains("--assets"), "\(missing.output)")
    }

    static func attribute(_ name: String, _ line: Substring) -> Double? {
        guard let range = line.range(of: "\(name)=\"") else { return nil }
        return Double(line[range.upperBound...].prefix { $0 != "\"" })
    }
}
