import Foundation
import Testing

/// A resources folder of its own (the repository's fonts, templates written by the test), an
/// event using one of them, and helpers to look at what was drawn.
struct TemplateLab {
    let dir: URL, resources: URL, key: URL

    init(_ label: String = #function) throws {
        dir = try E2E.temporaryDirectory(label)
        resources = dir.appendingPathComponent("res")
        try FileManager.default.createDirectory(at: resources.appendingPathComponent("templates"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: resources.appendingPathComponent("fonts"),
                                                   withDestinationURL: E2E.packageRoot.appendingPathComponent("fonts"))
        key = try E2E.keyPair(in: dir).key
    }

    /// Writes templates/NAME/template.yaml (and any extra files) and returns the folder.
    @discardableResult
    func template(_ name: String, _ yaml: String, files: [String: Data] = [:]) throws -> URL {
        let folder = resources.appendingPathComponent("templates").appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(yaml.utf8).write(to: folder.appendingPathComponent("template.yaml"))
        for (file, data) in files { try data.write(to: folder.appendingPathComponent(file)) }
        return folder
    }

    func event(template: String) throws -> URL {
        let url = dir.appendingPathComponent("event-\(template).yaml")
        try Data("""
            title: Pelatihan Guru
            date: 2025-09-20
            place: Palembang
            issuer: Dinas Pendidikan
            serial: "T/{seq:03}"
            verify_url: https://verify.example.org/v
            template: \(template)
            """.utf8).write(to: url)
        return url
    }

    func list(_ names: [String], extraHeader: String = "") throws -> URL {
        let url = dir.appendingPathComponent("list-\(UUID().uuidString.prefix(6)).csv")
        var text = "Nama Lengkap,NUPTK\(extraHeader)\n"
        for (k, name) in names.enumerated() {
            text += "\"\(name)\",\(1_000_000_000_000_000 + k)\(extraHeader.isEmpty ? "" : ",x")\n"
        }
        try Data(text.utf8).write(to: url)
        return url
    }

    /// Runs `ecert issue` and returns the PDFs in row order.
    func issue(_ names: [String], template: String) throws -> (E2E.Result, [URL]) {
        let out = dir.appendingPathComponent("out-\(UUID().uuidString.prefix(6))")
        let result = try E2E.ecert(["issue", try list(names).path, "--event", try event(template: template).path,
                                    "--key", key.path, "--out", out.path, "--resources", resources.path])
        let pdfs = ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? [])
            .filter { $0.hasSuffix(".pdf") }.sorted().map { out.appendingPathComponent($0) }
        return (result, pdfs)
    }

    /// A template with one name box on a white A4 landscape page and the QR code far from it.
    static func nameBox(x: Double = 20, y: Double = 40, width: Double = 257, height: Double = 30, align: String = "center",
                        font: String = "Lato", size: Double = 36, minSize: Double = 18, maxLines: Int = 2) -> String {
        """
        version: 1
        description: test
        page: {size: A4, orientation: landscape}
        elements:
          - type: text
            text: "{name}"
            box: [\(x), \(y), \(width), \(height)]
            font: \(font)
            size: \(size)
            min_size: \(minSize)
            max_lines: \(maxLines)
            align: \(align)
          - type: qr
            box: [240, 160, 38, 38]
        """
    }
}

/// A grey-scale raster of a PDF page (pdftoppm -gray), in millimetre coordinates.
struct PageRaster {
    let width: Int, height: Int, dpi: Double
    let pixels: [UInt8]

    init(pdf: URL, dpi: Int = 100) throws {
        let dir = try E2E.temporaryDirectory("raster")
        defer { try? FileManager.default.removeItem(at: dir) }
        let prefix = dir.appendingPathComponent("page").path
        let result = try E2E.run("pdftoppm", ["-r", String(dpi), "-gray", "-singlefile", pdf.path, prefix])
        #expect(result.status == 0, "\(result.stderr)")
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: prefix + ".pgm")))
        // P5 header: "P5" W H 255, whitespace separated, then one byte per pixel.
        var fields: [String] = [], index = 0, current = ""
        while fields.count < 4 {
            let c = Character(UnicodeScalar(data[index]))
            index += 1
            if c.isWhitespace { if !current.isEmpty { fields.append(current); current = "" } } else { current.append(c) }
        }
        (width, height, self.dpi) = (Int(fields[1])!, Int(fields[2])!, Double(dpi))
        pixels = Array(data[index...])
    }

    func pixel(xMM: Double, yMM: Double) -> UInt8 {
        pixels[Int(yMM / 25.4 * dpi) * width + Int(xMM / 25.4 * dpi)]
    }

    /// Bounding box (mm) of pixels darker than `threshold` inside `region` (mm), or nil if none.
    func ink(in region: (x: Double, y: Double, w: Double, h: Double)? = nil, threshold: UInt8 = 160,
             excluding: [(x: Double, y: Double, w: Double, h: Double)] = []) -> (minX: Double, minY: Double, maxX: Double, maxY: Double, count: Int)? {
        let k = dpi / 25.4
        let r = region ?? (0, 0, Double(width) / k, Double(height) / k)
        let x0 = max(0, Int(r.x * k)), x1 = min(width, Int((r.x + r.w) * k))
        let y0 = max(0, Int(r.y * k)), y1 = min(height, Int((r.y + r.h) * k))
        var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1, count = 0
        for y in y0..<y1 {
            for x in x0..<x1 where pixels[y * width + x] < threshold {
                let (mx, my) = (Double(x) / k, Double(y) / k)
                if excluding.contains(where: { mx >= $0.x && mx <= $0.x + $0.w && my >= $0.y && my <= $0.y + $0.h }) { continue }
                (minX, minY, maxX, maxY) = (min(minX, x), min(minY, y), max(maxX, x), max(maxY, y))
                count += 1
            }
        }
        guard count > 0 else { return nil }
        return (Double(minX) / k, Double(minY) / k, Double(maxX + 1) / k, Double(maxY + 1) / k, count)
    }
}
