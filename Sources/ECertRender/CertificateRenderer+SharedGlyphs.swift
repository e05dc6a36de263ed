import CPango
import ECertCore
import Foundation

/// The fast path of `CertificateRenderer.pdf(for:)` (see `GlyphRepertoire` and `DirectPage`): the
/// participant's texts and QR code written around the fixed layer without a Cairo document.
struct SharedGlyphLayer {
    let page: DirectPage
    /// Per part drawn per certificate: its glyph repertoire and font (nil for a QR code).
    let texts: [(repertoire: GlyphRepertoire, font: Int)?]

    /// A repertoire per text part (nil for QR codes); nil when some part is neither, so the
    /// certificate needs a Cairo document anyway.
    static func repertoires(for over: [CertificateRenderer.Part], fonts: FontSet, eventValues: [String: String]) -> [GlyphRepertoire?]? {
        var result: [GlyphRepertoire?] = []
        for part in over {
            switch part {
            case .text(let element), .fixedText(_, let element): result.append(GlyphRepertoire(element: element, fonts: fonts, eventValues: eventValues))
            case .qr, .shape: result.append(nil)
            case .image: return nil
            }
        }
        return result
    }

    /// Nil (Cairo then draws every certificate) when a sample page did not come out as exactly
    /// one font, which would mean the font's subset is not the one the codes refer to.
    init?(layer: StaticPageLayer, repertoires: [GlyphRepertoire?], page size: (width: Double, height: Double)) throws {
        var samples = layer.sampleFonts.makeIterator()
        var texts: [(GlyphRepertoire, Int)?] = []
        for repertoire in repertoires {
            guard let repertoire else { texts.append(nil); continue }
            guard let fonts = samples.next(), fonts.count == 1 else { return nil }
            texts.append((repertoire, fonts[0].local))
        }
        self.texts = texts
        page = DirectPage(layer: layer, header: layer.header, widthPoints: size.width, heightPoints: size.height)
    }
}

extension CertificateRenderer {
    /// The certificate written around the shared layer, or nil when one of its texts uses a glyph
    /// the layer does not have (another script, a fallback font): Cairo draws that one.
    func sharedGlyphPDF(for content: CertificateContent, layer: SharedGlyphLayer) throws -> [UInt8]? {
        var parts: [DirectPage.Part] = []
        for (part, text) in zip(overParts, layer.texts) {
            switch part {
            case .text(let element), .fixedText(_, let element):
                guard let text else { return nil }
                let layout = if case .fixedText(let fixed, _) = part { fixed }
                    else { try TextLayout(text: Placeholders.fill(element.text ?? "", values: content.values), element: element, fonts: fonts) }
                // Cairo keeps the current point in 24.8 fixed point; the glyphs are placed from that point.
                let origin = (x: Self.cairoFixed(layout.origin.x), y: Self.cairoFixed(layout.origin.y))
                guard let runs = PlacedGlyphs.runs(of: layout.layout, origin: origin, repertoire: text.repertoire) else { return nil }
                let size = Double(pango_font_description_get_size(pango_layout_get_font_description(layout.layout))) / Double(PANGO_SCALE)
                parts.append(.text(.init(font: text.font, size: size, advances: text.repertoire.advances, color: RGBColor(hex: element.color ?? "#000000")!, runs: runs)))
            case .qr(let element):
                let code = try QRCode(text: content.qrText, level: QRCode.Level(rawValue: element.ecc ?? "M") ?? .M)
                let (x, y, side, module) = Self.qrPlacement(code, element: element)
                parts.append(.qr(.init(width: code.width, rows: code.packedRows(), x: x, y: y, side: side, module: module,
                                       color: RGBColor(hex: element.color ?? "#000000")!)))
            case .shape(let element):
                parts.append(.shape(Self.directShape(element)))
            case .image:
                return nil
            }
        }
        return layer.page.pdf(parts: parts, metadata: content.metadata)
    }
}

extension CertificateRenderer {
    /// `value` as Cairo stores a path coordinate (cairo_fixed_t, 24.8 bits, rounded to nearest).
    static func cairoFixed(_ value: Double) -> Double { (value * 256).rounded(.toNearestOrEven) / 256 }

    /// `drawShape`'s line or rectangle in points.
    static func directShape(_ element: TemplateElement) -> DirectPage.Shape {
        let k = Geometry.pointsPerMM
        return DirectPage.Shape(isLine: element.type == .line, x: element.x * k, y: element.y * k, width: element.width * k, height: element.height * k,
                                fill: element.fill.flatMap(RGBColor.init(hex:)), stroke: element.stroke.flatMap(RGBColor.init(hex:)),
                                lineWidth: (element.strokeWidth ?? 0.5) * k)
    }
}

extension QRCode {
    /// The modules row by row, 1 bit each (1 = dark), most significant bit first, each row padded
    /// to a whole byte: an image mask's samples.
    func packedRows() -> [UInt8] {
        let stride = (width + 7) / 8
        var rows = [UInt8](repeating: 0, count: stride * width)
        for y in 0..<width {
            for x in 0..<width where isDark(x: x, y: y) {
                rows[y * stride + (x >> 3)] |= 0x80 >> UInt8(x & 7)
            }
        }
        return rows
    }
}
