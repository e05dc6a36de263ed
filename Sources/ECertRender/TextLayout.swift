import CCairo
import CPango
import ECertCore
import Foundation

/// A Pango layout of one text element, sized to fit its box.
final class TextLayout {
    let layout: OpaquePointer  // PangoLayout*
    private(set) var fontSize: Double = 0
    let element: TemplateElement
    private let fonts: FontSet
    /// Whether the paragraph is right-to-left (its first strong character is Arabic, Hebrew…).
    private let rightToLeft: Bool

    /// Box geometry in PDF points.
    private let box: (x: Double, y: Double, width: Double, height: Double)

    init(text: String, element: TemplateElement, fonts: FontSet) throws {
        self.element = element
        self.fonts = fonts
        rightToLeft = pango_find_base_dir(text, -1) == PANGO_DIRECTION_RTL
        box = (element.x * Geometry.pointsPerMM, element.y * Geometry.pointsPerMM,
               element.width * Geometry.pointsPerMM, element.height * Geometry.pointsPerMM)
        if let family = element.font { try fonts.requireFamily(family) }
        layout = pango_layout_new(fonts.context)
        pango_layout_set_text(layout, text, -1)
        if let spacing = element.lineSpacing { pango_layout_set_line_spacing(layout, Float(spacing)) }
        Self.setFeatures(of: layout, letterSpacing: element.letterSpacing)
        try fit()
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }

    /// Largest size from `size` down that fits on one line; below `min_size`, wrap to at most
    /// `max_lines`; past that keep shrinking, because the whole name must always be printed.
    ///
    /// Every new size costs a font lookup through the whole fallback list, so sizes are predicted
    /// rather than stepped: unhinted extents scale linearly with size, one measurement gives the
    /// one-line size, and the wrapped size is found by bisection.
    ///
    /// Fitted sizes come from `SizeGrid`: Cairo caches every font size it has drawn (and its glyph
    /// outlines) for the life of the process, so sizes computed to the last decimal made memory grow
    /// with every long name of a 100,000-row batch.
    private func fit() throws {
        let size = element.size ?? 12
        let minSize = element.minSize ?? size
        let maxLines = element.maxLines ?? 1

        setSize(size, wrap: false)
        if fits(lines: 1) { return }
        let predicted = min(size * box.width / max(measuredWidth, 0.01), size * box.height / max(measuredHeight, 0.01)) * 0.998
        var k = SizeGrid.index(atOrBelow: predicted)
        var tries = 0
        while SizeGrid.size(k) >= minSize && tries < 8 {
            setSize(SizeGrid.size(k), wrap: false)
            if fits(lines: 1) { return }
            k -= 1
            tries += 1
        }
        setSize(minSize, wrap: true)
        if fits(lines: maxLines) { return }
        // Grid sizes from 2 pt up to min_size: `low` fits, `high` does not.
        var low = 0, high = SizeGrid.index(atOrBelow: minSize) + 1
        setSize(SizeGrid.size(low), wrap: true)
        guard fits(lines: maxLines) else {
            throw RenderError.textDoesNotFit(text: String(cString: pango_layout_get_text(layout)), box: "\(element.box) mm")
        }
        while high - low > 1 {
            let middle = (low + high) / 2
            setSize(SizeGrid.size(middle), wrap: true)
            if fits(lines: maxLines) { low = middle } else { high = middle }
        }
        setSize(SizeGrid.size(low), wrap: true)
    }

    private func setSize(_ size: Double, wrap: Bool) {
        fontSize = size
        Self.setFont(of: layout, element: element, fonts: fonts, size: size)
        // With automatic direction Pango swaps left and right in RTL paragraphs; undo that so
        // left/right stay absolute and start/end follow the text.
        let absolute = self.absoluteAlignment
        pango_layout_set_alignment(layout, absolute == .center ? PANGO_ALIGN_CENTER
            : (absolute == .left) != rightToLeft ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT)
        if wrap {
            pango_layout_set_width(layout, Int32(box.width * Double(PANGO_SCALE)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        } else {
            pango_layout_set_width(layout, -1)
        }
    }

    private var extents: (ink: PangoRectangle, logical: PangoRectangle) {
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(layout, &ink, &logical)
        return (ink, logical)
    }

    /// Width that must fit: logical width, or ink width where glyphs overhang (italics).
    private var measuredWidth: Double {
        let (ink, logical) = extents
        let left = min(ink.x, logical.x), right = max(ink.x + ink.width, logical.x + logical.width)
        return Double(right - left) / Double(PANGO_SCALE)
    }

    private var measuredHeight: Double {
        let (ink, logical) = extents
        let top = min(ink.y, logical.y), bottom = max(ink.y + ink.height, logical.y + logical.height)
        return Double(bottom - top) / Double(PANGO_SCALE)
    }

    private func fits(lines: Int) -> Bool {
        pango_layout_get_line_count(layout) <= lines && measuredWidth <= box.width + 0.01 && measuredHeight <= box.height + 0.01
    }

    /// Where the layout's ink ends up on the page, in points; used by tests and `--boxes`.
    var inkRectangle: (x: Double, y: Double, width: Double, height: Double) {
        let origin = self.origin
        let ink = extents.ink
        let s = Double(PANGO_SCALE)
        return (origin.x + Double(ink.x) / s, origin.y + Double(ink.y) / s, Double(ink.width) / s, Double(ink.height) / s)
    }

    /// Top-left of the layout so that the text is aligned horizontally and centred vertically.
    var origin: (x: Double, y: Double) {
        let logical = extents.logical
        let s = Double(PANGO_SCALE)
        let height = Double(logical.height) / s
        let y = box.y + (box.height - height) / 2 - Double(logical.y) / s
        if pango_layout_get_width(layout) > 0 { return (box.x, y) }
        let width = Double(logical.width) / s
        let x: Double
        switch absoluteAlignment {
        case .left: x = box.x
        case .right: x = box.x + box.width - width
        default: x = box.x + (box.width - width) / 2
        }
        return (x - Double(logical.x) / s, y)
    }

    func draw(on cr: OpaquePointer) {
        let color = RGBColor(hex: element.color ?? "#000000")!
        cairo_set_source_rgb(cr, color.red, color.green, color.blue)
        let origin = self.origin
        cairo_move_to(cr, origin.x, origin.y)
        pango_cairo_show_layout(cr, layout)
    }

    /// The element's font (family with fallbacks, style, weight) at `size` points on `layout`.
    static func setFont(of layout: OpaquePointer, element: TemplateElement, fonts: FontSet, size: Double) {
        let description = pango_font_description_new()
        defer { pango_font_description_free(description) }
        pango_font_description_set_family(description, fonts.familyList(primary: element.font ?? "Lato"))
        pango_font_description_set_style(description, element.style == "italic" ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
        pango_font_description_set_weight(description, Self.weight(element.weight))
        pango_font_description_set_absolute_size(description, size * Double(PANGO_SCALE))
        pango_layout_set_font_description(layout, description)
    }

    /// Glyph features every layout uses. No ligature glyphs: they have no WinAnsi code, so Cairo
    /// would embed a second (CID) subset of the font in every PDF just for "fi"/"fl" — more bytes
    /// and more subsetting time — and the shared glyph layer could not name them.
    static func setFeatures(of layout: OpaquePointer, letterSpacing: Double?) {
        let attributes = pango_attr_list_new()
        if let letterSpacing {
            pango_attr_list_insert(attributes, pango_attr_letter_spacing_new(Int32(letterSpacing * Double(PANGO_SCALE))))
        }
        pango_attr_list_insert(attributes, pango_attr_font_features_new("liga 0, clig 0"))
        pango_layout_set_attributes(layout, attributes)
        pango_attr_list_unref(attributes)
    }

    private static func weight(_ name: String?) -> PangoWeight {
        switch name {
        case "light": return PANGO_WEIGHT_LIGHT
        case "medium": return PANGO_WEIGHT_MEDIUM
        case "semibold": return PANGO_WEIGHT_SEMIBOLD
        case "bold": return PANGO_WEIGHT_BOLD
        default: return PANGO_WEIGHT_NORMAL
        }
    }

    /// left, center or right on the page: `start` is the left edge for left-to-right text and
    /// the right edge for Arabic or Hebrew; `end` the opposite.
    var absoluteAlignment: TemplateElement.Alignment {
        switch element.align ?? .center {
        case .start: return rightToLeft ? .right : .left
        case .end: return rightToLeft ? .left : .right
        case let other: return other
        }
    }
}

/// The font sizes a fitted text may take: 2 pt × 1.03^k, rounded to 0.01 pt. Steps of 3 % are
/// hard to tell apart on a certificate, and there are only 20 of them between 20 and 36 pt.
enum SizeGrid {
    static let smallest = 2.0
    static let ratio = 1.03

    static func size(_ k: Int) -> Double {
        (smallest * pow(ratio, Double(max(k, 0))) * 100).rounded() / 100
    }

    /// The largest k whose size is at most `value` (0 below the smallest size).
    static func index(atOrBelow value: Double) -> Int {
        guard value > smallest else { return 0 }
        var k = Int((log(value / smallest) / log(ratio)).rounded(.down))
        while k > 0 && size(k) > value { k -= 1 }
        while size(k + 1) <= value { k += 1 }
        return k
    }
}

enum Geometry {
    static let pointsPerMM = 72.0 / 25.4
}
