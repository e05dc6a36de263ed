import ECertCore
import Foundation

/// A one-page certificate written without a Cairo document: the fixed layer's objects (written
/// once per renderer, at fixed object numbers) and a short content stream of our own that shows
/// the participant's texts with the layer's shared glyphs (`GlyphRepertoire`) and the QR code as
/// a 1-bit image mask — the same operators Cairo writes for them, without subsetting or
/// compressing any font per certificate.
struct DirectPage {
    /// A text element's glyph runs in one of the layer's fonts.
    struct Text {
        var font: Int  // local object number of the font in the layer
        var size: Double
        /// Advance of each WinAnsi code in 1/1000 em (`GlyphRepertoire.advances`).
        var advances: [Double]
        var color: RGBColor
        var runs: [PlacedGlyphRun]
    }

    /// A QR symbol: `rows` of packed bits (1 = dark, most significant bit first), `width` modules
    /// wide, drawn `module` points per module with its top-left module at (x, y).
    struct QR {
        var width: Int
        var rows: [UInt8]
        var x: Double, y: Double, side: Double, module: Double
        var color: RGBColor
    }

    /// A line from (x, y) by (width, height), or a rectangle, filled and/or stroked.
    struct Shape {
        var isLine: Bool
        var x: Double, y: Double, width: Double, height: Double
        var fill: RGBColor?, stroke: RGBColor?
        var lineWidth: Double
    }

    enum Part {
        case text(Text)
        case qr(QR)
        case shape(Shape)
    }

    private let header: [UInt8]
    private let block: (bytes: [UInt8], offsets: [Int])
    private let count: Int
    private let width: Double, height: Double
    private let group: PDFValue?
    /// Local object numbers of the sampled fonts, named `/EcertG<n>` in the page's resources.
    private let fonts: [Int]

    init(layer: StaticPageLayer, header: [UInt8], widthPoints: Double, heightPoints: Double) {
        self.header = header
        block = layer.staticBlock(base: 0)
        count = layer.objectCount
        (width, height) = (widthPoints, heightPoints)
        group = layer.pageGroup
        fonts = Set(layer.sampleFonts.joined().map(\.local)).sorted()
    }

    /// The certificate's PDF bytes.
    func pdf(parts: [Part], metadata: PDFMetadata) -> [UInt8] {
        var out = header
        out.reserveCapacity(header.count + block.bytes.count + 8192)
        var offsets = block.offsets.map { $0 + header.count }
        out += block.bytes
        let contents = count + 1
        var images: [(name: String, number: Int)] = []
        var stream = Array("q 1 0 0 -1 0 ".utf8)
        PDFNumbers.append([height], decimals: 6, then: " cm\n", to: &stream)
        for part in parts {
            switch part {
            case .text(let text): appendText(text, to: &stream)
            case .shape(let shape): Self.appendShape(shape, to: &stream)
            case .qr(let qr):
                let name = "EcertQ\(images.count)"
                images.append((name, contents + 1 + images.count))
                Self.appendQR(qr, name: name, to: &stream)
            }
        }
        stream += "Q\n".utf8
        func begin(_ number: Int) { offsets.append(out.count); out += "\(number) 0 obj\n".utf8 }
        begin(contents)
        out += "<< /Length \(stream.count) >>\nstream\n".utf8 + stream + "\nendstream\nendobj\n".utf8
        for (k, part) in parts.compactMap({ if case .qr(let qr) = $0 { qr } else { nil } }).enumerated() {
            begin(images[k].number)
            out += "<< /Type /XObject /Subtype /Image /Width \(part.width) /Height \(part.width) /ImageMask true /BitsPerComponent 1 /Decode [ 1 0 ] /Interpolate false /Length \(part.rows.count) >>\nstream\n".utf8
            out += part.rows + "\nendstream\nendobj\n".utf8
        }
        let page = contents + 1 + images.count, pages = page + 1, catalog = page + 2, info = page + 3
        begin(page)
        out += "<< /Type /Page /Parent \(pages) 0 R /MediaBox [ 0 0 ".utf8
        PDFNumbers.append([width, height], then: " ] /Contents [ 1 0 R \(contents) 0 R ]", to: &out)
        if let group { out += " /Group ".utf8; group.write(to: &out) }
        out += " /Resources << /XObject << /\(StaticPageLayer.formName) 2 0 R".utf8
        for image in images { out += " /\(image.name) \(image.number) 0 R".utf8 }
        out += " >> /Font <<".utf8
        for font in fonts { out += " /EcertG\(font) \(font) 0 R".utf8 }
        out += " >> >> >>\nendobj\n".utf8
        begin(pages)
        out += "<< /Type /Pages /Kids [ \(page) 0 R ] /Count 1 >>\nendobj\n".utf8
        begin(catalog)
        out += "<< /Type /Catalog /Pages \(pages) 0 R >>\nendobj\n".utf8
        begin(info)
        out += Self.info(metadata) + "\nendobj\n".utf8
        Self.appendTrailer(offsets: offsets, root: catalog, info: info, to: &out)
        return out
    }

    /// `r g b rg BT`, then per run `s 0 0 -s x y Tm /F 1 Tf [<code>adjust<code>…]TJ`, positioned
    /// exactly as Cairo's PDF operators do (cairo-pdf-operators.c): the text position advances by
    /// each glyph's width; where Pango put the next glyph elsewhere, the difference in 1/1000 em is
    /// rounded and left out below 3 — so the page rasterises exactly like Cairo's own output.
    private func appendText(_ text: Text, to out: inout [UInt8]) {
        PDFNumbers.append([text.color.red, text.color.green, text.color.blue], decimals: 6, then: " rg BT\n", to: &out)
        for run in text.runs where !run.codes.isEmpty {
            let start = run.positions[0]
            PDFNumbers.append([text.size, 0, 0, -text.size, start, run.y], decimals: 6, then: " Tm\n", to: &out)
            out += "/EcertG\(text.font) 1 Tf\n[<".utf8
            var current = 0.0
            for (k, code) in run.codes.enumerated() {
                let position = (run.positions[k] - start) / text.size
                if position != current {
                    var delta = Int((-1000 * (position - current)).rounded())
                    if abs(delta) < 3 { delta = 0 }
                    if delta != 0 {
                        out.append(UInt8(ascii: ">"))
                        PDFNumbers.append(Double(delta), to: &out)
                        out.append(UInt8(ascii: "<"))
                    }
                    current -= Double(delta) / 1000
                }
                PDFNumbers.appendHex(code, to: &out)
                current += text.advances[Int(code)] / 1000
            }
            out += ">]TJ\n".utf8
        }
        out += "ET\n".utf8
    }

    /// The path operators Cairo writes for `CertificateRenderer.drawShape`.
    private static func appendShape(_ shape: Shape, to out: inout [UInt8]) {
        func path() {
            if shape.isLine {
                PDFNumbers.append(PDFNumbers.pathPoint(shape.x, shape.y), then: " m ", to: &out)
                PDFNumbers.append(PDFNumbers.pathPoint(shape.x + shape.width, shape.y + shape.height), then: " l ", to: &out)
            } else {
                PDFNumbers.append(PDFNumbers.pathRectangle(shape.x, shape.y, shape.width, shape.height), then: " re ", to: &out)
            }
        }
        if let fill = shape.fill, !shape.isLine {
            PDFNumbers.append([fill.red, fill.green, fill.blue], decimals: 6, then: " rg ", to: &out)
            path()
            out += "f\n".utf8
        }
        if let stroke = shape.stroke {
            PDFNumbers.append([stroke.red, stroke.green, stroke.blue], decimals: 6, then: " RG ", to: &out)
            PDFNumbers.append([shape.lineWidth], decimals: 6, then: " w ", to: &out)
            path()
            out += "S\n".utf8
        }
    }

    /// A white square (the quiet zone), then the symbol as an image mask in the module colour.
    private static func appendQR(_ qr: QR, name: String, to out: inout [UInt8]) {
        let inner = Double(qr.width) * qr.module
        out += "1 1 1 rg ".utf8
        PDFNumbers.append(PDFNumbers.pathRectangle(qr.x, qr.y, qr.side, qr.side), then: " re f\n", to: &out)
        PDFNumbers.append([qr.color.red, qr.color.green, qr.color.blue], decimals: 6, then: " rg q ", to: &out)
        PDFNumbers.append([inner, 0, 0, -inner, qr.x + 4 * qr.module, qr.y + 4 * qr.module + inner], decimals: 6, then: " cm\n", to: &out)
        out += "/\(name) Do Q\n".utf8
    }

    /// The document information dictionary, as Cairo writes it from the same metadata.
    private static func info(_ metadata: PDFMetadata) -> [UInt8] {
        let date = "D:" + String(metadata.creationDate.filter(\.isNumber).prefix(14))
        var out = Array("<< /Title ".utf8) + PDFNumbers.textString(metadata.title)
        out += " /Author ".utf8 + PDFNumbers.textString(metadata.author)
        out += " /Subject ".utf8 + PDFNumbers.textString(metadata.subject)
        out += " /Creator (ecert) /CreationDate (\(date)) /ModDate (\(date)) >>".utf8
        return out
    }

    private static func appendTrailer(offsets: [Int], root: Int, info: Int, to out: inout [UInt8]) {
        let xref = out.count
        out += "xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n".utf8
        for offset in offsets {
            StaticPageLayer.appendPadded(offset, to: &out)
            out += " 00000 n \n".utf8
        }
        out += "trailer\n<< /Size \(offsets.count + 1) /Root \(root) 0 R /Info \(info) 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8
    }
}

/// Number and string tokens for content streams, written without Foundation's formatter (which
/// was a measurable part of each certificate's time).
enum PDFNumbers {
    /// `value` with at most `decimals` (1...6) decimals, no trailing zeros ("12.5", "-3", "0.125").
    /// With 6, numbers below 0.1 get more decimals, as Cairo's `_cairo_dtostr` writes them
    /// ("0.0666667"), so the same value prints the same in our streams and in Cairo's.
    static func append(_ value: Double, decimals: Int = 3, to out: inout [UInt8]) {
        var places = decimals
        if decimals == 6, value != 0, abs(value) < 0.1 {
            var v = abs(value)
            while v < 0.1 && places < 12 { v *= 10; places += 1 }
        }
        let unit = (0..<places).reduce(1) { r, _ in r * 10 }
        var scaled = Int((value * Double(unit)).rounded(.toNearestOrEven))
        if scaled < 0 { out.append(UInt8(ascii: "-")); scaled = -scaled }
        appendDigits(scaled / unit, to: &out)
        var fraction = scaled % unit
        guard fraction != 0 else { return }
        out.append(UInt8(ascii: "."))
        var divisor = unit / 10
        while fraction != 0 {
            out.append(UInt8(ascii: "0") + UInt8(fraction / divisor))
            fraction %= divisor
            divisor /= 10
        }
    }

    private static func appendDigits(_ value: Int, to out: inout [UInt8]) {
        if value >= 10 { appendDigits(value / 10, to: &out) }
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    static func appendHex(_ byte: UInt8, to out: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 15)])
    }

    /// A path point as Cairo writes it: stored in 24.8 fixed point, printed with 3 decimals.
    static func pathPoint(_ x: Double, _ y: Double) -> [Double] { [fixed(x), fixed(y)] }

    /// A rectangle path as Cairo writes it: origin and size each in fixed point.
    static func pathRectangle(_ x: Double, _ y: Double, _ width: Double, _ height: Double) -> [Double] {
        let (x0, y0) = (fixed(x), fixed(y))
        return [x0, y0, fixed(width), fixed(height)]
    }

    private static func fixed(_ value: Double) -> Double { (value * 256).rounded(.toNearestOrEven) / 256 }

    /// `values` separated by spaces, then `suffix`: the operands of one operator.
    static func append(_ values: [Double], decimals: Int = 3, then suffix: String, to out: inout [UInt8]) {
        for (k, value) in values.enumerated() {
            if k > 0 { out.append(UInt8(ascii: " ")) }
            append(value, decimals: decimals, to: &out)
        }
        out += suffix.utf8
    }

    /// A PDF text string: `(…)` in PDFDocEncoding when every character has a code there (Latin-1
    /// and the few typographic signs below), else UTF-16BE with a byte-order mark.
    static func textString(_ text: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "(")]
        for scalar in text.unicodeScalars {
            guard let code = pdfDocCode(scalar) else { return utf16String(text) }
            if code == UInt8(ascii: "(") || code == UInt8(ascii: ")") || code == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
            if code < 0x20 || code > 0x7E {
                out += [UInt8(ascii: "\\"), UInt8(ascii: "0") + code >> 6, UInt8(ascii: "0") + (code >> 3) & 7, UInt8(ascii: "0") + code & 7]
            } else {
                out.append(code)
            }
        }
        return out + [UInt8(ascii: ")")]
    }

    /// PDFDocEncoding (ISO 32000-1 Annex D): printable ASCII, Latin-1 from 0xA1, and some signs.
    private static func pdfDocCode(_ scalar: Unicode.Scalar) -> UInt8? {
        switch scalar.value {
        case 0x20...0x7E, 0xA1...0xAC, 0xAE...0xFF: return UInt8(scalar.value)
        case 0x2014: return 0x84  // em dash
        case 0x2013: return 0x85  // en dash
        case 0x2018: return 0x8F
        case 0x2019: return 0x90
        case 0x201C: return 0x8D
        case 0x201D: return 0x8E
        case 0x2022: return 0x80  // bullet
        case 0x2026: return 0x83  // ellipsis
        default: return nil
        }
    }

    private static func utf16String(_ text: String) -> [UInt8] {
        var out: [UInt8] = Array("<feff".utf8)
        for unit in text.utf16 {
            appendHex(UInt8(unit >> 8), to: &out)
            appendHex(UInt8(unit & 0xFF), to: &out)
        }
        return out + [UInt8(ascii: ">")]
    }
}
