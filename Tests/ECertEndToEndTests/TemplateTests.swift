import Foundation
import Testing

@Suite("templates and typography")
struct TemplateTests {
    struct Script: CustomTestStringConvertible, Sendable {
        let label: String, name: String, font: String
        var testDescription: String { label }
    }

    static let scripts: [Script] = [
        Script(label: "Latin with Vietnamese diacritics", name: "Nguyễn Thị Minh Khai Trần Đức Lương", font: "NotoSans-Regular"),
        Script(label: "Thai", name: "สมชาย ใจดี", font: "NotoSansThai-Regular"),
        Script(label: "Khmer", name: "សុខ សុភាព", font: "NotoSansKhmer-Regular"),
        Script(label: "Lao", name: "ສົມພອນ ວົງສະຫວັນ", font: "NotoSansLao-Regular"),
        Script(label: "Myanmar", name: "အောင်ဆန်းစုကြည်", font: "NotoSansMyanmar-Regular"),
        Script(label: "Arabic", name: "محمد عبد الله", font: "NotoSansArabic-Regular"),
        Script(label: "Hebrew", name: "דוד בן גוריון", font: "NotoSansHebrew-Regular"),
        Script(label: "Devanagari", name: "राम प्रसाद शर्मा", font: "NotoSansDevanagari-Regular"),
        Script(label: "CJK", name: "王小明", font: "NotoSansCJKjp-Regular"),
    ]

    static let box = (x: 20.0, y: 40.0, w: 257.0, h: 30.0)
    static let qrBox = (x: 240.0, y: 160.0, w: 38.0, h: 38.0)

    /// Bidi controls pdftotext wraps right-to-left runs in.
    static func stripBidiControls(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.filter { !(0x200E...0x200F).contains($0.value) && !(0x202A...0x202E).contains($0.value) && !(0x2066...0x2069).contains($0.value) }))
    }

    @Test(arguments: scripts)
    func nameInEveryScriptRendersExtractablyWithEmbeddedNoto(_ script: Script) throws {
        #expect(Array(script.name.unicodeScalars) == Array(script.name.precomposedStringWithCanonicalMapping.unicodeScalars))
        let lab = try TemplateLab()
        // The template names only the Latin font: every other script must come from the fallback list.
        try lab.template("t", TemplateLab.nameBox(font: "Noto Sans"))
        let (result, pdfs) = try lab.issue([script.name], template: "t")
        #expect(result.status == 0, "\(result.output)")
        let pdf = try #require(pdfs.first)

        // pdftotext returns the name exactly as written (same NFC scalars).
        let lines = try E2E.text(ofPDF: pdf).split(separator: "\n").map { Self.stripBidiControls(String($0)).trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains { Array($0.unicodeScalars) == Array(script.name.unicodeScalars) }, "pdftotext gave \(lines)")

        // pdffonts lists the Noto font, embedded.
        let fonts = try E2E.run("pdffonts", [pdf.path]).stdout.split(separator: "\n").dropFirst(2)
        let row = fonts.first { $0.split(separator: " ").first?.hasSuffix("+" + script.font) == true }
        let fields = row?.split(separator: " ", omittingEmptySubsequences: true) ?? []
        #expect(fields.count >= 6 && fields[fields.count - 5] == "yes", "\(script.font) not embedded: \(fonts.joined(separator: "\n"))")

        // The rendered page has ink in the name box, and none outside it (except the QR code).
        let raster = try PageRaster(pdf: pdf)
        let inside = raster.ink(in: Self.box)
        #expect((inside?.count ?? 0) > 100, "name box is blank")
        let outside = raster.ink(excluding: [(Self.box.x - 0.3, Self.box.y - 0.3, Self.box.w + 0.6, Self.box.h + 0.6), Self.qrBox])
        #expect(outside == nil, "ink outside the name box: \(String(describing: outside))")
    }

    @Test func everyScriptGivesTheSameBytesTwice() throws {
        let lab = try TemplateLab()
        try lab.template("t", TemplateLab.nameBox(font: "EB Garamond"))
        let names = Self.scripts.map(\.name)
        let (first, a) = try lab.issue(names, template: "t")
        let (second, b) = try lab.issue(names, template: "t")
        #expect(first.status == 0 && second.status == 0, "\(first.output)\(second.output)")
        #expect(a.count == names.count && b.count == names.count)
        for (x, y) in zip(a, b) {
            #expect(try Data(contentsOf: x) == Data(contentsOf: y), "\(x.lastPathComponent) differs between runs")
        }
    }

    @Test(arguments: ["محمد عبد الله", "דוד בן גוריון"])
    func rightToLeftNamesAreRightAlignedWhenStartAligned(_ name: String) throws {
        let lab = try TemplateLab()
        try lab.template("start", TemplateLab.nameBox(align: "start", size: 24))
        let (result, pdfs) = try lab.issue([name, "Siti Aminah"], template: "start")
        #expect(result.status == 0, "\(result.output)")
        #expect(pdfs.count == 2)
        let box = Self.box
        let rtl = try #require(try PageRaster(pdf: pdfs[0]).ink(in: box))
        #expect(box.x + box.w - rtl.maxX < 2, "RTL name ends \(box.x + box.w - rtl.maxX) mm from the right edge")
        #expect(rtl.minX - box.x > 100, "RTL name is not on the right: starts at \(rtl.minX) mm")
        // The same template puts a Latin name on the left.
        let ltr = try #require(try PageRaster(pdf: pdfs[1]).ink(in: box))
        #expect(ltr.minX - box.x < 2, "LTR name starts \(ltr.minX - box.x) mm from the left edge")
        #expect(box.x + box.w - ltr.maxX > 100)
    }

    static let longName: String = {
        let base = "Prof. Dr. Dra. Hj. Raden Ajeng Siti Nurhaliza Kusumawardhani Purnamasari Wijayakusuma Sastrodiningrat Mangkunegara"
            + " Hadiningrat Cakraningrat Tjokroaminoto Suryadiningrat Kusumobroto Wiryodiningrat"
        return String(base.prefix(186)) + ", S.Pd., M.Pd."
    }()

    @Test(arguments: ["center", "left", "start", "right"])
    func twoHundredCharacterNameNeverCrossesItsBox(_ align: String) throws {
        #expect(Self.longName.count == 200)
        let lab = try TemplateLab()
        // A deliberately small box: the name must shrink and wrap, never spill.
        let box = (x: 60.0, y: 50.0, w: 150.0, h: 22.0)
        try lab.template("long", TemplateLab.nameBox(x: box.x, y: box.y, width: box.w, height: box.h, align: align,
                                                     font: "EB Garamond", size: 36, minSize: 14, maxLines: 3))
        let (result, pdfs) = try lab.issue([Self.longName], template: "long")
        #expect(result.status == 0, "\(result.output)")
        let raster = try PageRaster(pdf: try #require(pdfs.first), dpi: 150)
        let ink = try #require(raster.ink(in: box))
        #expect(ink.count > 500)
        // Ink extents of the whole page (the QR code aside) stay within the box.
        let all = try #require(raster.ink(excluding: [Self.qrBox]))
        #expect(all.minX >= box.x - 0.2 && all.maxX <= box.x + box.w + 0.2, "ink \(all.minX)…\(all.maxX) mm crosses \(box.x)…\(box.x + box.w)")
        #expect(all.minY >= box.y - 0.2 && all.maxY <= box.y + box.h + 0.2, "ink \(all.minY)…\(all.maxY) mm crosses \(box.y)…\(box.y + box.h)")
        #expect(E2E.collapseWhitespace(try E2E.text(ofPDF: pdfs[0])).contains(Self.longName))
    }

    @Test func pagePresetsGiveTheirSize() throws {
        let lab = try TemplateLab()
        for (page, expected) in [("{size: A4, orientation: portrait}", "595.276 x 841.89"), ("{size: Letter, orientation: landscape}", "792 x 612"),
                                 ("{width_mm: 100, height_mm: 150}", "283.465 x 425.197")] {
            try lab.template("p", TemplateLab.nameBox(x: 5, y: 5, width: 60, height: 20).replacingOccurrences(of: "{size: A4, orientation: landscape}", with: page)
                .replacingOccurrences(of: "[240, 160, 38, 38]", with: "[5, 40, 38, 38]"))
            let (result, pdfs) = try lab.issue(["Siti"], template: "p")
            #expect(result.status == 0, "\(result.output)")
            let info = try E2E.run("pdfinfo", [try #require(pdfs.first).path]).stdout
            #expect(E2E.collapseWhitespace(info).contains("Page size: \(expected) pts"), "\(page): \(info)")
        }
    }
}

@Suite("bundled designs")
struct BundledDesignTests {
    @Test(arguments: ["classic", "modern", "formal", "pelatihan"])
    func bundledDesignIssuesAVerifiableCertificateWithQRAndSerial(_ name: String) throws {
        let dir = try E2E.temporaryDirectory()
        let event = dir.appendingPathComponent("event.yaml")
        let text = try String(contentsOf: E2E.exampleEvent, encoding: .utf8).replacingOccurrences(of: "template: classic", with: "template: \(name)")
        try Data(text.utf8).write(to: event)
        let list = try E2E.participants(in: dir, arguments: ["--rows", "3", "--verified-only"])
        let (key, pub) = try E2E.keyPair(in: dir)
        let out = dir.appendingPathComponent("out")
        let result = try E2E.ecert(["issue", list.path, "--event", event.path, "--key", key.path, "--out", out.path])
        #expect(result.status == 0, "\(result.output)")
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".pdf") }.sorted()
        #expect(!pdfs.isEmpty)
        let pdf = out.appendingPathComponent(try #require(pdfs.first))
        #expect(try E2E.text(ofPDF: pdf).contains("WEB-AI/2025/000001"))
        #expect(try E2E.qrCodes(inPDF: pdf).first?.hasPrefix("HTTPS://VERIFY.EXAMPLE.ORG/v#") == true)
        let verify = try E2E.ecert(["verify", out.path, "--pub", pub.path])
        #expect(verify.status == 0, "\(verify.output)")
    }

    @Test func templatesListsEveryBundledDesign() throws {
        let result = try E2E.ecert(["templates", "--resources", E2E.packageRoot.path])
        #expect(result.status == 0, "\(result.output)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        for name in ["classic", "modern", "formal", "pelatihan"] {
            #expect(lines.contains { $0.hasPrefix(name + " ") && $0.count > 30 }, "\(result.stdout)")
        }
    }

    @Test func previewWritesAPngOfThePageWithBoxes() throws {
        let dir = try E2E.temporaryDirectory()
        let plain = dir.appendingPathComponent("p.png"), boxed = dir.appendingPathComponent("b.png")
        let name = "Nguyễn Thị Minh Khai"
        var result = try E2E.ecert(["preview", "--template", "formal", "--name", name, "--out", plain.path, "--resources", E2E.packageRoot.path])
        #expect(result.status == 0, "\(result.output)")
        result = try E2E.ecert(["preview", "--template", "formal", "--name", name, "--out", boxed.path, "--boxes", "--resources", E2E.packageRoot.path])
        #expect(result.status == 0, "\(result.output)")
        let a = try Data(contentsOf: plain), b = try Data(contentsOf: boxed)
        #expect(a.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // 210 × 297 mm at 100 dpi: 827 × 1169 pixels (PNG IHDR, big-endian).
        let width = a[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = a[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 827 && height == 1169)
        #expect(a != b)
        // The preview's QR code scans.
        #expect(try E2E.run("zbarimg", ["-q", "--raw", plain.path]).stdout.hasPrefix("HTTPS://VERIFY.EXAMPLE.ORG/v#"))
        // Same inputs, same PNG.
        let again = dir.appendingPathComponent("again.png")
        _ = try E2E.ecert(["preview", "--template", "formal", "--name", name, "--out", again.path, "--resources", E2E.packageRoot.path])
        #expect(try Data(contentsOf: again) == a)
    }
}
