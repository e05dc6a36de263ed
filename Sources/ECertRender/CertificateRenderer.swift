import CCairo
import ECertCore
import Foundation

/// Draws certificates of one template with Cairo, Pango and libqrencode.
///
/// Layouts that do not depend on the participant (title, event, issuer…) are built once and
/// reused for every certificate. One renderer is used by one thread at a time.
public final class CertificateRenderer: CertificateRendering {
    private let template: Template
    private let fonts: FontSet
    private let parts: [Part]

    private enum Part {
        case fixedText(TextLayout)
        case text(TemplateElement)
        case qr(TemplateElement)
        case shape(TemplateElement)
    }

    /// - Parameter eventValues: placeholder values shared by the whole batch (`{title}`, `{date}`…).
    public init(template: Template, fontsDirectory: URL, eventValues: [String: String]) throws {
        self.template = template
        let fonts = try FontSet(directory: fontsDirectory)
        self.fonts = fonts
        parts = try template.elements.map { element in
            switch element.type {
            case .text:
                let names = Set(Placeholders.names(in: element.text ?? ""))
                guard names.isSubset(of: Template.eventPlaceholders) else { return .text(element) }
                return .fixedText(try TextLayout(text: Placeholders.fill(element.text ?? "", values: eventValues), element: element, fonts: fonts))
            case .qr: return .qr(element)
            case .rect, .line: return .shape(element)
            }
        }
    }

    public var pageSizePoints: (width: Double, height: Double) {
        (template.page.widthMM * Geometry.pointsPerMM, template.page.heightMM * Geometry.pointsPerMM)
    }

    public func pdf(for content: CertificateContent) throws -> [UInt8] {
        let page = pageSizePoints
        return try PDFDocument.render(widthPoints: page.width, heightPoints: page.height, metadata: content.metadata) { cr in
            try draw(content, on: cr)
        }
    }

    /// `--combined`: all certificates as the pages of one PDF at `url`, in the order given;
    /// `content(k)` supplies page k.
    public func writeCombinedPDF(to url: URL, pageCount: Int, metadata: PDFMetadata,
                                 content: (Int) throws -> CertificateContent) throws {
        let page = pageSizePoints
        try PDFDocument.renderPages(to: url, count: pageCount, widthPoints: page.width, heightPoints: page.height, metadata: metadata) { k, cr in
            try draw(try content(k), on: cr)
        }
    }

    /// Size and QR version of what would be drawn, for reports and tests.
    public func qrVersion(for content: CertificateContent) throws -> Int {
        let element = template.elements.first { $0.type == .qr }!
        return try QRCode(text: content.qrText, level: QRCode.Level(rawValue: element.ecc ?? "M") ?? .M).version
    }

    /// Ink rectangle (points, page coordinates) of every participant-dependent text element.
    public func textInkRectangles(for content: CertificateContent) throws -> [(element: TemplateElement, x: Double, y: Double, width: Double, height: Double)] {
        try template.elements.filter { $0.type == .text }.map { element in
            let layout = try TextLayout(text: Placeholders.fill(element.text ?? "", values: content.values), element: element, fonts: fonts)
            let r = layout.inkRectangle
            return (element, r.x, r.y, r.width, r.height)
        }
    }

    private func draw(_ content: CertificateContent, on cr: OpaquePointer) throws {
        for part in parts {
            switch part {
            case .fixedText(let layout):
                layout.draw(on: cr)
            case .text(let element):
                try TextLayout(text: Placeholders.fill(element.text ?? "", values: content.values), element: element, fonts: fonts).draw(on: cr)
            case .qr(let element):
                try drawQR(content.qrText, element: element, on: cr)
            case .shape(let element):
                drawShape(element, on: cr)
            }
        }
    }

    private func drawQR(_ text: String, element: TemplateElement, on cr: OpaquePointer) throws {
        let code = try QRCode(text: text, level: QRCode.Level(rawValue: element.ecc ?? "M") ?? .M)
        let mask = try code.maskSurface()
        let side = min(element.width, element.height) * Geometry.pointsPerMM
        // Four light modules on every side: the quiet zone scanners need.
        let module = side / Double(code.width + 8)
        let x = element.x * Geometry.pointsPerMM, y = element.y * Geometry.pointsPerMM
        cairo_save(cr)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_rectangle(cr, x, y, side, side)
        cairo_fill(cr)
        let color = RGBColor(hex: element.color ?? "#000000")!
        cairo_set_source_rgb(cr, color.red, color.green, color.blue)
        cairo_translate(cr, x + 4 * module, y + 4 * module)
        cairo_scale(cr, module, module)
        let pattern = cairo_pattern_create_for_surface(mask.surface)!
        defer { cairo_pattern_destroy(pattern) }
        cairo_pattern_set_filter(pattern, CAIRO_FILTER_NEAREST)
        cairo_mask(cr, pattern)
        cairo_restore(cr)
        try Cairo.check(cairo_status(cr), "draw the QR code")
    }

    private func drawShape(_ element: TemplateElement, on cr: OpaquePointer) {
        let k = Geometry.pointsPerMM
        let (x, y, w, h) = (element.x * k, element.y * k, element.width * k, element.height * k)
        if element.type == .line {
            cairo_move_to(cr, x, y)
            cairo_line_to(cr, x + w, y + h)
        } else {
            cairo_rectangle(cr, x, y, w, h)
            if let fill = element.fill.flatMap(RGBColor.init(hex:)) {
                cairo_set_source_rgb(cr, fill.red, fill.green, fill.blue)
                element.stroke == nil ? cairo_fill(cr) : cairo_fill_preserve(cr)
            }
        }
        if let stroke = element.stroke.flatMap(RGBColor.init(hex:)) {
            cairo_set_source_rgb(cr, stroke.red, stroke.green, stroke.blue)
            cairo_set_line_width(cr, (element.strokeWidth ?? 0.5) * k)
            cairo_stroke(cr)
        } else {
            cairo_new_path(cr)
        }
    }
}
