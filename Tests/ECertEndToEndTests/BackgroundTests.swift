import Foundation
import Testing

@Suite("backgrounds, images and broken templates")
struct BackgroundTests {
    /// A blue full-page SVG; every other background format is made from it with independent tools.
    static let svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="297mm" height="210mm" viewBox="0 0 297 210">
          <rect width="297" height="210" fill="#3366CC"/>
          <rect x="20" y="20" width="257" height="170" fill="#FFFFFF"/>
        </svg>
        """
    static let logoSVG = """
        <svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">
          <circle cx="50" cy="50" r="48" fill="#202020"/>
        </svg>
        """

    static func template(background: String?, images: [String] = []) -> String {
        var yaml = """
            version: 1
            description: background test
            page: {size: A4, orientation: landscape}

            """
        if let background { yaml += "background: \(background)\n" }
        yaml += """
            elements:
              - type: text
                text: "{name}"
                box: [40, 40, 217, 25]
                size: 30
              - type: qr
                box: [235, 148, 38, 38]

            """
        for (k, image) in images.enumerated() {
            yaml += """
                  - type: image
                    source: \(image)
                    box: [\(30 + 50 * k), 120, 30, 30]

                """
        }
        return yaml
    }

    /// Background files: SVG written here; PDF converted from it by rsvg-convert; PNG and JPEG
    /// rasterised from that PDF by pdftoppm.
    static func makeBackgrounds(_ lab: TemplateLab) throws -> [String: Data] {
        let svgFile = lab.dir.appendingPathComponent("bg.svg"), pdf = lab.dir.appendingPathComponent("bg.pdf")
        try Data(svg.utf8).write(to: svgFile)
        let converted = try E2E.run("rsvg-convert", ["-f", "pdf", "-o", pdf.path, svgFile.path])
        #expect(converted.status == 0, "\(converted.stderr)")
        let prefix = lab.dir.appendingPathComponent("bg").path
        try E2E.run("pdftoppm", ["-r", "30", "-singlefile", "-png", pdf.path, prefix])
        try E2E.run("pdftoppm", ["-r", "30", "-singlefile", "-jpeg", pdf.path, prefix])
        return ["bg.svg": Data(svg.utf8), "bg.pdf": try Data(contentsOf: pdf),
                "bg.png": try Data(contentsOf: URL(fileURLWithPath: prefix + ".png")),
                "bg.jpg": try Data(contentsOf: URL(fileURLWithPath: prefix + ".jpg"))]
    }

    @Test func svgPdfPngAndJpegBackgroundsRender() throws {
        let lab = try TemplateLab()
        let files = try Self.makeBackgrounds(lab)
        for background in ["bg.svg", "bg.pdf", "bg.png", "bg.jpg"] {
            let name = "t" + background.replacingOccurrences(of: ".", with: "")
            try lab.template(name, Self.template(background: background), files: [background: files[background]!])
            let (result, pdfs) = try lab.issue(["Siti Aminah"], template: name)
            #expect(result.status == 0, "\(background): \(result.output)")
            let pdf = try #require(pdfs.first)
            let raster = try PageRaster(pdf: pdf, dpi: 50)
            // The blue frame is there (grey ≈ 98 for #3366CC), the white middle too, and the name on it.
            let frame = raster.pixel(xMM: 8, yMM: 8), middle = raster.pixel(xMM: 100, yMM: 100)
            #expect((70...130).contains(frame), "\(background): frame pixel \(frame)")
            #expect(middle > 235, "\(background): middle pixel \(middle)")
            #expect(raster.ink(in: (40, 40, 217, 25)) != nil, "\(background): no name")
            #expect(try E2E.text(ofPDF: pdf).contains("Siti Aminah"))
            let images = try E2E.run("pdfimages", ["-list", pdf.path]).stdout.split(separator: "\n").dropFirst(2)
            switch background {
            case "bg.svg", "bg.pdf":
                // Vectors: only the QR code's 1-bit mask is an image.
                #expect(images.count == 1, "\(background) became an image: \(images.joined(separator: "\n"))")
            case "bg.jpg":
                #expect(images.contains { $0.contains(" jpeg ") }, "no JPEG image: \(images.joined(separator: "\n"))")
                // The original JPEG bytes are in the PDF unchanged.
                #expect(try Data(contentsOf: pdf).range(of: files["bg.jpg"]!) != nil, "JPEG bytes were re-encoded")
            default:
                #expect(images.count == 2)
            }
        }
    }

    @Test func imageElementsDrawPngJpegAndSvg() throws {
        let lab = try TemplateLab()
        let files = try Self.makeBackgrounds(lab)
        try lab.template("img", Self.template(background: nil, images: ["logo.svg", "logo.png", "photo.jpg"]),
                         files: ["logo.svg": Data(Self.logoSVG.utf8), "logo.png": files["bg.png"]!, "photo.jpg": files["bg.jpg"]!])
        let (result, pdfs) = try lab.issue(["Siti Aminah"], template: "img")
        #expect(result.status == 0, "\(result.output)")
        let raster = try PageRaster(pdf: try #require(pdfs.first), dpi: 50)
        // The SVG logo: a dark disc centred in its 30 mm box.
        #expect(raster.pixel(xMM: 45, yMM: 135) < 60)
        // The PNG and JPEG (A4 landscape, kept in proportion): blue frame at the image's top-left.
        for x in [80.0, 130.0] {
            let ink = try #require(raster.ink(in: (x, 120, 30, 30), threshold: 200))
            #expect(ink.maxX - ink.minX > 28 && ink.maxY - ink.minY > 19 && ink.maxY - ink.minY < 23, "image at \(x): \(ink)")
        }
    }

    struct Broken: CustomTestStringConvertible, Sendable {
        let label: String
        let yaml: String
        var files: [String: String] = [:]
        var extraColumn = false
        let expected: [String]
        var testDescription: String { label }
    }

    static let good = template(background: nil)

    static let broken: [Broken] = [
        Broken(label: "unknown top-level key", yaml: good + "colour: red\n", expected: ["unknown key \"colour\"", "allowed:"]),
        Broken(label: "unknown element key", yaml: good.replacingOccurrences(of: "size: 30", with: "size: 30\n    colour: \"#000000\""),
               expected: ["element #1", "unknown key \"colour\"", "allowed:"]),
        Broken(label: "unknown page key", yaml: good.replacingOccurrences(of: "orientation: landscape", with: "orientation: landscape, margin: 5"),
               expected: ["element page", "unknown key \"margin\""]),
        Broken(label: "unknown page size", yaml: good.replacingOccurrences(of: "size: A4", with: "size: A3"),
               expected: ["page size \"A3\" is unknown", "use A4 or Letter"]),
        Broken(label: "missing font", yaml: good.replacingOccurrences(of: "size: 30", with: "size: 30\n    font: Comic Sans"),
               expected: ["element #1 (text)", "font \"Comic Sans\" is not in", "add its .ttf/.otf file there or use one of"]),
        Broken(label: "placeholder naming no column", yaml: good.replacingOccurrences(of: "\"{name}\"", with: "\"{name}, {jabatan}\""),
               expected: ["element #1 (text)", "placeholder {jabatan} names no column", "or a column header"]),
        Broken(label: "missing image file", yaml: template(background: nil, images: ["logo.png"]),
               expected: ["element #3 (image)", "file \"logo.png\" not found", "put it there or fix the name"]),
        Broken(label: "unsupported image type", yaml: template(background: nil, images: ["logo.gif"]), files: ["logo.gif": "GIF89a"],
               expected: ["element #3 (image)", "\"logo.gif\" is not a supported file", ".png"]),
        Broken(label: "image outside the template folder", yaml: template(background: "../bg.svg"),
               expected: ["element background", "must be a path inside the template folder"]),
        Broken(label: "corrupt PNG background", yaml: template(background: "bg.png"), files: ["bg.png": "not a png"],
               expected: ["element background", "bg.png: not a readable PNG file", "export the file again"]),
        Broken(label: "corrupt SVG image", yaml: template(background: nil, images: ["logo.svg"]), files: ["logo.svg": "<svg"],
               expected: ["element #3 (image)", "logo.svg", "export the file again"]),
        Broken(label: "no QR element", yaml: good.replacingOccurrences(of: "  - type: qr\n    box: [235, 148, 38, 38]\n", with: ""),
               expected: ["has no qr element"]),
        Broken(label: "newer format version", yaml: good.replacingOccurrences(of: "version: 1", with: "version: 2"),
               expected: ["format version 2 is not supported"]),
    ]

    @Test(arguments: broken)
    func brokenTemplateGivesItsMessageAndExitOne(_ case_: Broken) throws {
        let lab = try TemplateLab()
        let folder = try lab.template("broken", case_.yaml, files: case_.files.mapValues { Data($0.utf8) })
        let (result, pdfs) = try lab.issue(["Siti Aminah"], template: "broken")
        #expect(result.status == 1, "\(result.output)")
        #expect(pdfs.isEmpty)
        #expect(result.stderr.hasPrefix("ecert: error: \(folder.appendingPathComponent("template.yaml").path)"), "\(result.stderr)")
        for phrase in case_.expected {
            #expect(result.stderr.contains(phrase), "missing \"\(phrase)\" in: \(result.stderr)")
        }
        #expect(!result.stderr.contains("Fatal error"))
        // Preview reports the same problem the same way.
        let preview = try E2E.ecert(["preview", "--template", "broken", "--resources", lab.resources.path,
                                     "--out", lab.dir.appendingPathComponent("p.png").path])
        // (It fills column placeholders with samples, so only that case previews fine.)
        if case_.label != "placeholder naming no column" {
            #expect(preview.status == 1)
            #expect(preview.stderr.contains(case_.expected[0]), "\(preview.stderr)")
        }
    }

    @Test func twoPageBackgroundPdfIsRefused() throws {
        let lab = try TemplateLab()
        let files = try Self.makeBackgrounds(lab)
        let one = lab.dir.appendingPathComponent("one.pdf"), two = lab.dir.appendingPathComponent("two.pdf")
        try files["bg.pdf"]!.write(to: one)
        let qpdf = try E2E.run("qpdf", ["--empty", "--pages", one.path, one.path, "--", two.path])
        #expect(qpdf.status == 0, "\(qpdf.stderr)")
        try lab.template("two", Self.template(background: "bg.pdf"), files: ["bg.pdf": try Data(contentsOf: two)])
        let (result, pdfs) = try lab.issue(["Siti Aminah"], template: "two")
        #expect(result.status == 1)
        #expect(pdfs.isEmpty)
        #expect(result.stderr.contains("element background"))
        #expect(result.stderr.contains("has 2 pages; a background PDF must have exactly one page"), "\(result.stderr)")
    }
}
