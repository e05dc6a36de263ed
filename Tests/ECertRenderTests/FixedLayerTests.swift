import ECertCore
import Foundation
import Testing

@testable import ECertRender

/// The fixed page layer (background and participant-independent parts drawn once and spliced
/// under each certificate) must change nothing a reader sees: every certificate is compared,
/// rasterised by poppler's `pdftoppm`, with the same certificate drawn entirely by Cairo.
@Suite("Fixed page layer")
struct FixedLayerTests {
    static let resources = try! Resources.locate(explicit: nil)
    static let event = try! Event.load(from: resources.root.appendingPathComponent("examples/event.yaml"))
    static let names = [
        "Dra. Hj. Siti Nurhaliza, S.Pd., M.Pd.",
        "Nguyễn Thị Minh Khai",
        "สมชาย ใจดี",
        "محمد عبد الله الحسيني",
        "Prof. Dr. Ir. Raden Mas Bambang Sutrisno Wicaksono Hadiningrat Kusumanegara, M.Sc., Ph.D.",
    ]

    static func content(name: String, k: Int) -> CertificateContent {
        CertificateContent.make(
            event: event, serial: "WEB-AI/2025/\(String(format: "%06d", k))", name: name, participantID: "00123456789012\(k)",
            columns: ["Asal Sekolah": "SMA Negeri 1 Palembang"], payloadText: "AEBAGBAFAYDQQCIKBMGA2DQPCAIREEYUCULBOGAZDINRYHI6D4QCAIREEYUCULBOGAZ")
    }

    static func renderers(template directory: URL) throws -> (layered: CertificateRenderer, reference: CertificateRenderer) {
        let template = try Template.load(from: directory)
        return (try CertificateRenderer(template: template, fontsDirectory: resources.fontsDirectory, eventValues: event.certificateValues),
                try CertificateRenderer(template: template, fontsDirectory: resources.fontsDirectory, eventValues: event.certificateValues, fixedLayer: false))
    }

    /// Pixels of page 1 at 50 dpi, as a greyscale PGM from pdftoppm.
    static func pixels(_ pdf: [UInt8], in dir: URL, name: String) throws -> Data {
        let file = dir.appendingPathComponent("\(name).pdf")
        try Data(pdf).write(to: file)
        let out = dir.appendingPathComponent(name)
        let status = try run("/usr/bin/pdftoppm", ["-r", "50", "-gray", "-singlefile", file.path, out.path])
        #expect(status == 0, "pdftoppm failed on \(file.path)")
        return try Data(contentsOf: out.appendingPathExtension("pgm"))
    }

    /// Whether a certificate was written around the shared glyph layer (not by Cairo).
    static func usesSharedGlyphs(_ pdf: [UInt8]) -> Bool {
        String(decoding: pdf, as: UTF8.self).contains("/EcertG")
    }

    /// Pixels that differ between two PGMs of the same size, and by how much at most (0–255).
    static func difference(_ a: Data, _ b: Data) -> (count: Int, max: Int) {
        guard a.count == b.count else { return (Int.max, 255) }
        var count = 0, most = 0
        for (x, y) in zip(a, b) where x != y {
            count += 1
            most = max(most, abs(Int(x) - Int(y)))
        }
        return (count, most)
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecert-layer-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(arguments: ["classic", "modern", "formal"])
    func layeredCertificatesLookExactlyLikeFullyDrawnOnes(template: String) throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (layered, reference) = try Self.renderers(template: Self.resources.templateDirectory(named: template))
        #expect(layered.usesFixedLayer)
        #expect(!reference.usesFixedLayer)
        for (k, name) in Self.names.enumerated() {
            let content = Self.content(name: name, k: k + 1)
            let pdf = try layered.pdf(for: content)
            #expect(try layered.pdf(for: content) == pdf, "same content, same bytes")
            let a = try Self.pixels(pdf, in: dir, name: "layered-\(k)")
            let b = try Self.pixels(try reference.pdf(for: content), in: dir, name: "reference-\(k)")
            let d = Self.difference(a, b)
            if Self.usesSharedGlyphs(pdf) {
                // Written without Cairo (DirectPage): the same operators and numbers as Cairo's, but
                // a rounding of a glyph position may differ by 1/1000 em. Not visible: at most a
                // few pixels of the page, by a few grey levels.
                #expect(d.count <= 25 && d.max <= 16, "\(template): \(name) looks different with shared glyphs: \(d.count) pixels, max \(d.max)")
            } else {
                #expect(a == b, "\(template): \(name) renders differently with the fixed layer: \(d.count) pixels, max \(d.max)")
            }
            #expect(try Self.run("/usr/bin/qpdf", ["--check", dir.appendingPathComponent("layered-\(k).pdf").path]) == 0,
                    "qpdf --check fails on the layered \(template) certificate for \(name)")
        }
    }

    /// Latin names go through the shared glyph layer; other scripts through Cairo; both decode.
    @Test func latinNamesUseTheSharedGlyphsAndOtherScriptsCairo() throws {
        let (layered, _) = try Self.renderers(template: Self.resources.templateDirectory(named: "classic"))
        let latin = try layered.pdf(for: Self.content(name: "Dra. Hj. Siti Nurhaliza, S.Pd., M.Pd.", k: 1))
        #expect(Self.usesSharedGlyphs(latin))
        #expect(latin.count <= 42_000, "default design: \(latin.count) bytes")
        #expect(!Self.usesSharedGlyphs(try layered.pdf(for: Self.content(name: "محمد عبد الله الحسيني", k: 2))))
        #expect(!Self.usesSharedGlyphs(try layered.pdf(for: Self.content(name: "Nguyễn Thị Minh Khai", k: 3))))
    }

    /// A fixed rectangle drawn after the name and over it must stay over it; one drawn before it
    /// and one elsewhere go to the fixed layer.
    @Test func fixedPartsOverParticipantPartsKeepTheirOrder() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
            version: 1
            description: Test — fixed rectangles under and over the name
            page:
              size: A4
              orientation: landscape
            elements:
              - type: rect
                box: [20, 60, 257, 40]
                fill: "#D8E4F0"
              - type: text
                text: "{name}"
                box: [25, 69, 247, 26]
                font: EB Garamond
                size: 36
                min_size: 20
                max_lines: 2
              - type: rect
                box: [40, 75, 60, 10]
                fill: "#C0392B"
              - type: text
                text: "{title}"
                box: [30, 120, 237, 17]
                font: Lato
                size: 17
              - type: qr
                box: [229, 147, 38, 38]
            """.write(to: dir.appendingPathComponent("template.yaml"), atomically: true, encoding: .utf8)
        let (layered, reference) = try Self.renderers(template: dir)
        #expect(layered.usesFixedLayer)
        let content = Self.content(name: "MUHAMMAD RIZKY PRATAMA", k: 7)
        let a = try Self.pixels(try layered.pdf(for: content), in: dir, name: "layered")
        let b = try Self.pixels(try reference.pdf(for: content), in: dir, name: "reference")
        #expect(a == b)
    }

    @Test func readsAndWritesCairoValues() throws {
        let text = Array("<< /Type /Page % comment\n /Parent 1 0 R /Kids [ 3 0 R 4 0 R ] /T (a (nested) \\) 5 0 R) /H <FEFF00> /N -1.5 /B true >>".utf8)
        let value = try text.withUnsafeBufferPointer { buffer in
            var scanner = PDFScanner(buffer)
            return try scanner.value()
        }
        #expect(value["Parent"] == .reference(1))
        #expect(value["Kids"] == .array([.reference(3), .reference(4)]))
        #expect(value["T"] == .string(Array("(a (nested) \\) 5 0 R)".utf8)))
        #expect(value["N"] == .atom("-1.5"))
        #expect(value.references == [1, 3, 4])
        var out: [UInt8] = []
        value.renumbered { $0 + 10 }.write(to: &out)
        #expect(String(decoding: out, as: UTF8.self)
            == "<< /Type /Page /Parent 11 0 R /Kids [ 13 0 R 14 0 R ] /T (a (nested) \\) 5 0 R) /H <FEFF00> /N -1.5 /B true >>")
    }

    @Test func malformedInputIsAnErrorNotACrash() {
        for text in ["<< /A 1", "<< /A (unterminated >>", "[ 1 2", "<< 1 2 >>", ""] {
            #expect(throws: RenderError.self, "\(text)") {
                try Array(text.utf8).withUnsafeBufferPointer { buffer in
                    var scanner = PDFScanner(buffer)
                    _ = try scanner.value()
                }
            }
        }
        #expect(throws: RenderError.self) { try PDFObjectReader(Array("%PDF-1.5\nnot really".utf8)) }
    }
}
