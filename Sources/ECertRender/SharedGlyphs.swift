import CCairo
import CPango
import ECertCore
import Foundation

/// The glyphs a participant-dependent text element (name, serial) may draw from the fixed layer's
/// font subsets instead of subsetting and compressing its font again in every certificate.
///
/// Why: Cairo subsets and deflates every font a document uses, per document; for one-page
/// certificates that was the largest per-certificate cost. Instead the fixed layer's document gets
/// one extra page per such element showing every character of `candidates` that its font has, so
/// its (one per font) subsets hold them all; a certificate whose texts use only those characters is
/// written around that layer with text operators of our own (`DirectPage`). Which glyphs exist
/// does not depend on the batch, so every certificate, shard and re-issue gets the same bytes.
struct GlyphRepertoire {
    /// The ASCII characters a placeholder's value may bring, by placeholder: ASCII because WinAnsi
    /// codes there equal the Unicode scalar, which is how Cairo numbers glyphs in a Latin subset (so
    /// a code is known without reading the subset). Every glyph sampled is in every certificate's
    /// file, so the sets are kept to what lists hold; a text with any other character (another
    /// script, a rare sign) is drawn by Cairo instead, exactly as before.
    static let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".unicodeScalars)
    static let digits = Array("0123456789".unicodeScalars)
    static let placeholderCharacters: [String: [Unicode.Scalar]] = [
        "name": letters + Array(".,'-".unicodeScalars),
        "serial": Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".unicodeScalars) + digits + Array("/-_.".unicodeScalars),
        "id": digits,
    ]
    static let otherValueCharacters = letters + digits + Array(".,'-/():".unicodeScalars)

    /// The characters `element`'s text can show: its own text, the batch-wide values, and what
    /// each participant placeholder may bring.
    static func candidates(for element: TemplateElement, eventValues: [String: String]) -> [UInt32] {
        let text = element.text ?? ""
        guard !element.literal else { return Set(text.unicodeScalars).map(\.value).filter { (0x21...0x7E).contains($0) }.sorted() }
        var scalars = Set(Placeholders.fill(text, values: eventValues).unicodeScalars)
        for name in Placeholders.names(in: text) where eventValues[name] == nil {
            scalars.formUnion(placeholderCharacters[name] ?? otherValueCharacters)
        }
        return scalars.map(\.value).filter { (0x21...0x7E).contains($0) }.sorted()
    }

    /// Glyph id of each character the element's own font draws, by Unicode scalar (space included).
    let glyphs: [UInt32: UInt32]
    /// The characters to show on the sample page (all of `glyphs`).
    let sample: String
    /// The element's font family, which every run of a shared-glyph text must use.
    let family: String
    /// Each code's advance in 1/1000 em as Cairo's PDF operators count it (the font's own advance,
    /// not the rounded /Widths entry), by WinAnsi code.
    let advances: [Double]

    init(element: TemplateElement, fonts: FontSet, eventValues: [String: String]) {
        family = element.font ?? "Lato"
        let candidates = Self.candidates(for: element, eventValues: eventValues)
        let text = String(String.UnicodeScalarView((candidates + [0x20, 0x41]).compactMap(Unicode.Scalar.init)))
        let layout = pango_layout_new(fonts.context)!
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        pango_layout_set_text(layout, text, -1)
        TextLayout.setFeatures(of: layout, letterSpacing: nil)
        TextLayout.setFont(of: layout, element: element, fonts: fonts, size: 12)
        // Measured at 2000 pt without kerning: Pango units then hold each advance exactly.
        let measure = 2000.0
        pango_attr_list_insert(pango_layout_get_attributes(layout), pango_attr_font_features_new("kern 0"))
        pango_layout_context_changed(layout)
        TextLayout.setFont(of: layout, element: element, fonts: fonts, size: measure)
        var glyphs: [UInt32: UInt32] = [:]
        var advances = [Double](repeating: 0, count: 256)
        var previous: (scalar: UInt32, x: Double)?
        _ = PlacedGlyphs.forEachGlyph(in: layout, family: family) { scalar, glyph, x, _ in
            if glyph & PANGO_GLYPH_UNKNOWN_FLAG == 0 { glyphs[scalar] = glyph }
            if let previous, previous.scalar < 256 { advances[Int(previous.scalar)] = (x - previous.x) * 1000 / measure }
            previous = (scalar, x)
        }
        self.glyphs = glyphs
        self.advances = advances
        sample = String(String.UnicodeScalarView((candidates + [0x20, 0x41]).filter { glyphs[$0] != nil }.compactMap(Unicode.Scalar.init)))
    }

    /// Draws the sample line (its own page of the fixed layer's document).
    func drawSample(element: TemplateElement, fonts: FontSet, on cr: OpaquePointer) {
        let layout = pango_layout_new(fonts.context)!
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        pango_layout_set_text(layout, sample, -1)
        TextLayout.setFeatures(of: layout, letterSpacing: nil)
        TextLayout.setFont(of: layout, element: element, fonts: fonts, size: 12)
        cairo_move_to(cr, 10, 10)
        pango_cairo_show_layout(cr, layout)
    }
}

/// One line of shared-layer glyphs: the baseline (page points, from the top left), each glyph's
/// WinAnsi code and where Pango put its origin.
struct PlacedGlyphRun {
    var y: Double
    var codes: [UInt8] = []
    var positions: [Double] = []
}

enum PlacedGlyphs {
    /// Calls `body(scalar, glyph, x, y)` for each glyph of `layout` (layout coordinates in points);
    /// false, without finishing, when a glyph is not exactly one character of `family`'s font or the
    /// text is not left to right.
    static func forEachGlyph(in layout: OpaquePointer, family: String,
                             _ body: (UInt32, UInt32, Double, Double) -> Void) -> Bool {
        guard let textPointer = pango_layout_get_text(layout) else { return false }
        let text = UnsafeBufferPointer(start: UnsafeRawPointer(textPointer).assumingMemoryBound(to: UInt8.self), count: strlen(textPointer))
        let iter = pango_layout_get_iter(layout)!
        defer { pango_layout_iter_free(iter) }
        let scale = Double(PANGO_SCALE)
        repeat {
            guard let run = pango_layout_iter_get_run_readonly(iter) else { continue }
            let item = run.pointee.item.pointee, glyphs = run.pointee.glyphs.pointee
            guard item.analysis.level % 2 == 0, item.num_chars == glyphs.num_glyphs, fontFamily(item.analysis.font) == family else { return false }
            var logical = PangoRectangle()
            pango_layout_iter_get_run_extents(iter, nil, &logical)
            let baseline = Double(pango_layout_iter_get_baseline(iter))
            var x = Double(logical.x)
            for k in 0..<Int(glyphs.num_glyphs) {
                let info = glyphs.glyphs[k]
                guard let scalar = scalar(in: text, at: Int(item.offset) + Int(glyphs.log_clusters[k])) else { return false }
                body(scalar, info.glyph, (x + Double(info.geometry.x_offset)) / scale, (baseline + Double(info.geometry.y_offset)) / scale)
                x += Double(info.geometry.width)
            }
        } while pango_layout_iter_next_run(iter) != 0
        return true
    }

    /// The runs of `layout` drawn at `origin`, if every glyph is one `repertoire` has in the shared
    /// layer (nil otherwise: the certificate is then drawn by Cairo).
    static func runs(of layout: OpaquePointer, origin: (x: Double, y: Double), repertoire: GlyphRepertoire) -> [PlacedGlyphRun]? {
        var runs: [PlacedGlyphRun] = []
        var usable = true
        let complete = forEachGlyph(in: layout, family: repertoire.family) { scalar, glyph, x, y in
            guard usable, repertoire.glyphs[scalar] == glyph else { usable = false; return }
            let py = origin.y + y
            if runs.last?.y != py { runs.append(PlacedGlyphRun(y: py)) }
            runs[runs.count - 1].codes.append(UInt8(scalar))
            runs[runs.count - 1].positions.append(origin.x + x)
        }
        return complete && usable ? runs : nil
    }

    private static func fontFamily(_ font: UnsafeMutablePointer<PangoFont>?) -> String? {
        guard let font, let description = pango_font_describe(font) else { return nil }
        defer { pango_font_description_free(description) }
        return pango_font_description_get_family(description).map { String(cString: $0) }
    }

    /// The Unicode scalar whose UTF-8 encoding starts at `offset`.
    private static func scalar(in text: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt32? {
        guard offset < text.count else { return nil }
        let lead = text[offset]
        let length = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : 4
        guard offset + length <= text.count else { return nil }
        var value = length == 1 ? UInt32(lead) : UInt32(lead) & (0xFF >> (length + 1))
        for k in 1..<max(length, 1) where length > 1 { value = value << 6 | UInt32(text[offset + k] & 0x3F) }
        return value
    }
}
