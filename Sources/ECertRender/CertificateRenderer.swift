import CCairo
import CPango
import ECertCore
import Foundation

/// Draws certificates of one template with Cairo, Pango and libqrencode.
///
/// Layouts that do not depend on the participant (title, event, issuer…) are built once and
/// reused for every certificate. One renderer is used by one thread at a time.
public final class CertificateRenderer: CertificateRendering {
    private let template: Template
    let fonts: FontSet
    private let parts: [Part]
    /// Page 2 (Struktur Program), when the event has a program.
    private let programParts: [Part]?
    /// Page 1's elements after `TemplateExpansion` (signature blocks and event pictures resolved).
    private let pageElements: [TemplateElement]
    private let background: ImageSource?
    /// The fixed parts that can go under everything else, made into PDF objects once (nil when
    /// there are none); `pdf(for:)` then draws only `overParts` per certificate.
    private var staticLayer: StaticPageLayer?
    private(set) var overParts: [Part]
    /// The fixed layer with the shared glyphs of the per-certificate texts, when every part drawn
    /// per certificate is a text or QR code (CertificateRenderer+SharedGlyphs.swift).
    var sharedGlyphs: SharedGlyphLayer?

    enum Part {
        case fixedText(TextLayout, TemplateElement)
        case text(TemplateElement)
        case qr(TemplateElement)
        case shape(TemplateElement)
        case image(TemplateElement, ImageSource)

        var isFixed: Bool {
            switch self {
            case .fixedText, .shape, .image: return true
            case .text, .qr: return false
            }
        }

        var element: TemplateElement {
            switch self {
            case .fixedText(_, let e), .text(let e), .qr(let e), .shape(let e), .image(let e, _): return e
            }
        }
    }

    /// - Parameters:
    ///   - eventValues: placeholder values shared by the whole batch (`{title}`, `{date}`…).
    ///   - fixedLayer: draw the participant-independent parts once as a shared PDF layer (the
    ///     default); false draws every part into each certificate's own Cairo document, the slower
    ///     reference that tests compare the layered output against.
    public convenience init(template: Template, fontsDirectory: URL, eventValues: [String: String], fixedLayer: Bool = true) throws {
        try self.init(template: template, fontsDirectory: fontsDirectory, drawing: EventDrawing(values: eventValues), fixedLayer: fixedLayer)
    }

    /// - Parameter drawing: the event's values, signature blocks, pictures and program (`Event.drawing(assets:)`).
    public init(template: Template, fontsDirectory: URL, drawing: EventDrawing, fixedLayer: Bool = true) throws {
        let eventValues = drawing.values
        self.template = template
        let fonts = try FontSet(directory: fontsDirectory)
        self.fonts = fonts
        // Every font is checked before the first certificate, with the template's name in the message.
        for (k, element) in (template.elements + (template.programPage ?? [])).enumerated() {
            if let family = element.font, !fonts.families.contains(family) {
                throw ECertError.invalidTemplate(
                    path: template.filePath, element: "#\(k + 1) (\(element.type.rawValue))",
                    reason: "font \"\(family)\" is not in \(fontsDirectory.path); add its .ttf/.otf file there or use one of: \(fonts.families.sorted().joined(separator: ", "))")
            }
        }
        func load(_ file: String, element: String) throws -> ImageSource {
            do {
                guard let kind = Template.imageKind(ofFile: file) else {
                    throw RenderError.imageNotLoaded(path: file, reason: "is not an SVG, PDF, PNG or JPEG file")
                }
                return try ImageSource(url: template.resolve(file), kind: kind)
            } catch {
                throw ECertError.invalidTemplate(path: template.filePath, element: element, reason: error.localizedDescription)
            }
        }
        // A picture of the event file (`{logo.left}`…): expansion keeps only those the event has.
        func loadEventImage(_ source: String, element: String) throws -> ImageSource {
            let url = drawing.images[TemplateExpansion.imageKey(source)]!
            do {
                guard let kind = Template.imageKind(ofFile: url.path) else {
                    throw RenderError.imageNotLoaded(path: url.path, reason: "is not an SVG, PNG or JPEG file")
                }
                return try ImageSource(url: url, kind: kind)
            } catch {
                throw ECertError.invalidTemplate(path: template.filePath, element: element, reason: error.localizedDescription)
            }
        }
        background = try template.background.map { try load($0, element: "background") }
        func makeParts(_ elements: [TemplateElement]) throws -> [Part] {
            try elements.enumerated().map { k, element in
                switch element.type {
                case .image:
                    let source = element.source ?? ""
                    return .image(element, source.hasPrefix("{") ? try loadEventImage(source, element: "#\(k + 1) (image)") : try load(source, element: "#\(k + 1) (image)"))
                case .text:
                    if element.literal { return .fixedText(try TextLayout(text: element.text ?? "", element: element, fonts: fonts), element) }
                    let names = Set(Placeholders.names(in: element.text ?? ""))
                    guard names.allSatisfy(Template.isEventPlaceholder) else { return .text(element) }
                    return .fixedText(try TextLayout(text: Placeholders.fill(element.text ?? "", values: eventValues), element: element, fonts: fonts), element)
                case .qr: return .qr(element)
                case .rect, .line: return .shape(element)
                case .signatories, .program: return .shape(element)  // expanded before; never reached
                }
            }
        }
        pageElements = TemplateExpansion.page1(template, drawing: drawing)
        parts = try makeParts(pageElements)
        programParts = try TemplateExpansion.page2(template, drawing: drawing).map(makeParts)
        let (under, over) = Self.layers(parts)
        overParts = parts
        // The shared layer is spliced into one-page documents; a certificate with a program page is drawn whole.
        if fixedLayer && programParts == nil && (background != nil || !under.isEmpty) {
            let page = pageSizePoints
            let samples = SharedGlyphLayer.repertoires(for: over, fonts: fonts, eventValues: eventValues)
            var pages: [(OpaquePointer) throws -> Void] = [{ cr in
                self.drawBackground(on: cr)
                var none = 0
                for part in under { try self.draw(part, content: nil, on: cr, codes: nil, qrIndex: &none) }
            }]
            for case let (element, repertoire?) in zip(over.map(\.element), samples ?? []) {
                pages.append { cr in repertoire.drawSample(element: element, fonts: fonts, on: cr) }
            }
            let fixed = try PDFDocument.render(pages: pages.count, widthPoints: page.width, heightPoints: page.height,
                                               metadata: PDFMetadata(title: "", author: "", subject: "", creationDate: "2000-01-01T00:00:00")) { k, cr in try pages[k](cr) }
            do {
                let layer = try StaticPageLayer(pdf: fixed, widthPoints: page.width, heightPoints: page.height)
                staticLayer = layer
                overParts = over
                sharedGlyphs = samples.flatMap { try? SharedGlyphLayer(layer: layer, repertoires: $0, page: page) }
            } catch {
                // Cairo wrote something this reader does not know: draw every part per certificate instead.
                staticLayer = nil
            }
        }
    }

    /// Splits the parts into those drawn once under everything (`under`: fixed parts that no earlier
    /// part still drawn per certificate overlaps, so moving them down keeps the template's z-order)
    /// and those drawn for each certificate, in template order.
    private static func layers(_ parts: [Part]) -> (under: [Part], over: [Part]) {
        var under: [Part] = [], over: [Part] = []
        for part in parts {
            let box = footprint(part.element)
            if part.isFixed && !over.contains(where: { footprint($0.element).intersects(box) }) {
                under.append(part)
            } else {
                over.append(part)
            }
        }
        return (under, over)
    }

    /// An element's box in points, widened by its stroke and a margin for glyph overhang.
    private static func footprint(_ element: TemplateElement) -> CGRect {
        let k = Geometry.pointsPerMM
        let margin = 3 + (element.strokeWidth ?? 0.5) * k
        var (w, h) = (element.width, element.height)
        if element.type == .qr { (w, h) = (min(w, h), min(w, h)) }
        return CGRect(x: element.x * k - margin, y: element.y * k - margin, width: w * k + 2 * margin, height: h * k + 2 * margin)
    }

    /// Whether the fixed parts are drawn once as a shared layer (see `fixedLayer`).
    public var usesFixedLayer: Bool { staticLayer != nil }

    public var pageSizePoints: (width: Double, height: Double) {
        (template.page.widthMM * Geometry.pointsPerMM, template.page.heightMM * Geometry.pointsPerMM)
    }

    /// Pages of each certificate: 2 with a Struktur Program page.
    public var pagesPerCertificate: Int { programParts == nil ? 1 : 2 }

    public func pdf(for content: CertificateContent) throws -> [UInt8] {
        let page = pageSizePoints
        if let programParts {
            return try PDFDocument.render(pages: 2, widthPoints: page.width, heightPoints: page.height, metadata: content.metadata) { k, cr in
                if k == 0 { try draw(content, on: cr) } else { try drawProgramPage(programParts, content: content, on: cr) }
            }
        }
        if let sharedGlyphs, let pdf = try sharedGlyphPDF(for: content, layer: sharedGlyphs) { return pdf }
        guard let staticLayer else {
            return try PDFDocument.render(widthPoints: page.width, heightPoints: page.height, metadata: content.metadata) { cr in
                try draw(content, on: cr)
            }
        }
        let over = try PDFDocument.render(widthPoints: page.width, heightPoints: page.height, metadata: content.metadata) { cr in
            var qrIndex = 0
            for part in overParts { try draw(part, content: content, on: cr, codes: nil, qrIndex: &qrIndex) }
        }
        return try staticLayer.splice(into: over)
    }

    /// `--combined`: all certificates as the pages of one PDF at `url`, in the order given;
    /// `content(k)` supplies page k. The QR codes of the next pages are encoded on other cores while
    /// this thread draws (libqrencode objects are independent; Cairo stays on this thread).
    public func writeCombinedPDF(to url: URL, pageCount: Int, metadata: PDFMetadata,
                                 content: @escaping @Sendable (Int) -> CertificateContent) throws {
        let page = pageSizePoints
        let levels = template.elements.filter { $0.type == .qr }.map { QRCode.Level(rawValue: $0.ecc ?? "M") ?? .M }
        let chunk = 128
        func encode(_ start: Int) -> QRBatch {
            let batch = QRBatch(start: start, count: min(chunk, pageCount - start), levels: levels, content: content)
            DispatchQueue.global().async(group: batch.group) { batch.encode() }
            return batch
        }
        var current: QRBatch? = pageCount > 0 ? encode(0) : nil
        let per = pagesPerCertificate
        try PDFDocument.renderPages(to: url, count: pageCount * per, widthPoints: page.width, heightPoints: page.height, metadata: metadata) { pageIndex, cr in
            let k = pageIndex / per
            guard var batch = current else { return }
            if pageIndex % per == 1, let programParts {
                // The certificate's own Struktur Program page follows it.
                try drawProgramPage(programParts, content: batch.contents[k - batch.start], on: cr)
                return
            }
            if k >= batch.start + batch.count {
                batch = current!.next!
                current = batch
            }
            if k == batch.start {
                batch.group.wait()
                if batch.start + batch.count < pageCount { batch.next = encode(batch.start + batch.count) }
            }
            try drawWithSharedStaticParts(batch.contents[k - batch.start], on: cr, codes: try batch.codes(at: k - batch.start))
        }
    }

    /// Runs of consecutive participant-independent parts, each recorded once; painted on every page
    /// of the print PDF, where Cairo writes each recording once as a form XObject that all pages
    /// share. Z-order is that of the template.
    private enum Segment {
        case shared(RecordingSurface)
        case part(Part)
    }

    private lazy var segments: Result<[Segment], Error> = Result {
        var segments: [Segment] = []
        var run: [Part] = []
        var backgroundPending = background != nil
        func flush() throws {
            guard !run.isEmpty || backgroundPending else { return }
            let page = pageSizePoints
            let recording = try RecordingSurface(width: page.width, height: page.height)
            let withBackground = backgroundPending
            try recording.draw { cr in
                if withBackground { drawBackground(on: cr) }
                for part in run { try draw(part, content: nil, on: cr, codes: nil, qrIndex: nil) }
            }
            backgroundPending = false
            segments.append(.shared(recording))
            run = []
        }
        for part in parts {
            switch part {
            case .fixedText, .shape, .image: run.append(part)
            case .text, .qr:
                try flush()
                segments.append(.part(part))
            }
        }
        try flush()
        return segments
    }

    private func drawWithSharedStaticParts(_ content: CertificateContent, on cr: OpaquePointer, codes: [QRCode]) throws {
        var qrIndex = 0
        for segment in try segments.get() {
            switch segment {
            case .shared(let recording):
                cairo_set_source_surface(cr, recording.surface, 0, 0)
                cairo_paint(cr)
            case .part(let part):
                try draw(part, content: content, on: cr, codes: codes, qrIndex: &qrIndex)
            }
        }
        try Cairo.check(cairo_status(cr), "draw a print page")
    }

    private func draw(_ part: Part, content: CertificateContent?, on cr: OpaquePointer, codes: [QRCode]?, qrIndex: UnsafeMutablePointer<Int>?) throws {
        var index = qrIndex?.pointee ?? 0
        switch part {
        case .image(let element, let source):
            let k = Geometry.pointsPerMM
            source.draw(on: cr, x: element.x * k, y: element.y * k, width: element.width * k, height: element.height * k, stretch: false)
        case .fixedText(let layout, _):
            layout.draw(on: cr)
        case .text(let element):
            try TextLayout(text: Placeholders.fill(element.text ?? "", values: content!.values), element: element, fonts: fonts).draw(on: cr)
        case .qr(let element):
            let code = try codes.map { $0[index] } ?? QRCode(text: content!.qrText, level: QRCode.Level(rawValue: element.ecc ?? "M") ?? .M)
            index += 1
            try drawQR(code, element: element, on: cr)
        case .shape(let element):
            drawShape(element, on: cr)
        }
        qrIndex?.pointee = index
    }

    /// Size and QR version    /// Size and QR version of what would be drawn, for reports and tests.
    public func qrVersion(for content: CertificateContent) throws -> Int {
        let element = template.elements.first { $0.type == .qr }!
        return try QRCode(text: content.qrText, level: QRCode.Level(rawValue: element.ecc ?? "M") ?? .M).version
    }

    /// Ink rectangle (points, page coordinates) of every participant-dependent text element.
    public func textInkRectangles(for content: CertificateContent) throws -> [(element: TemplateElement, x: Double, y: Double, width: Double, height: Double)] {
        try pageElements.filter { $0.type == .text }.map { element in
            let layout = try TextLayout(text: Placeholders.fill(element.text ?? "", values: content.values), element: element, fonts: fonts)
            let r = layout.inkRectangle
            return (element, r.x, r.y, r.width, r.height)
        }
    }

    /// One certificate as a PNG (Cairo image surface) at `dpi`, for `ecert preview`. With `boxes`,
    /// every element's box is outlined and numbered as in the template.
    public func png(for content: CertificateContent, dpi: Double = 100, boxes: Bool = false, page pageNumber: Int = 1) throws -> [UInt8] {
        let page = pageSizePoints
        let scale = dpi / 72
        let image = try CairoImageSurface(format: CAIRO_FORMAT_RGB24, width: Int((page.width * scale).rounded()),
                                          height: Int((page.height * scale).rounded()))
        let cr = cairo_create(image.surface)!
        defer { cairo_destroy(cr) }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        if pageNumber == 2, let programParts {
            try drawProgramPage(programParts, content: content, on: cr)
        } else {
            try draw(content, on: cr)
            if boxes { drawBoxes(on: cr) }
        }
        try Cairo.check(cairo_status(cr), "draw the preview")
        return try image.pngBytes()
    }

    private func drawBoxes(on cr: OpaquePointer) {
        let k = Geometry.pointsPerMM
        cairo_save(cr)
        cairo_set_line_width(cr, 0.6)
        let dashes: [Double] = [3, 2]
        cairo_set_dash(cr, dashes, 2, 0)
        // Labels go through the private font set too: Cairo's toy text API would ask the system.
        let label = pango_layout_new(fonts.context)!
        defer { g_object_unref(UnsafeMutableRawPointer(label)) }
        let description = pango_font_description_new()
        defer { pango_font_description_free(description) }
        pango_font_description_set_family(description, "Lato")
        pango_font_description_set_absolute_size(description, 6 * Double(PANGO_SCALE))
        pango_layout_set_font_description(label, description)
        for (n, element) in template.elements.enumerated() where element.type != .rect || element.width < template.page.widthMM {
            cairo_set_source_rgba(cr, 0.9, 0, 0.55, 0.9)
            let h = element.type == .line ? max(element.height, 0.3) : element.height
            cairo_rectangle(cr, element.x * k, element.y * k, element.width * k, h * k)
            cairo_stroke(cr)
            cairo_move_to(cr, element.x * k + 1, element.y * k + 0.5)
            pango_layout_set_text(label, "#\(n + 1) \(element.type.rawValue)", -1)
            pango_cairo_show_layout(cr, label)
        }
        cairo_restore(cr)
    }

    private func draw(_ content: CertificateContent, on cr: OpaquePointer, codes: [QRCode]? = nil) throws {
        drawBackground(on: cr)
        var qrIndex = 0
        for part in parts {
            try draw(part, content: content, on: cr, codes: codes, qrIndex: &qrIndex)
        }
    }

    /// Page 2: the template background, then its parts (no QR code on this page).
    private func drawProgramPage(_ parts: [Part], content: CertificateContent, on cr: OpaquePointer) throws {
        drawBackground(on: cr)
        var none = 0
        for part in parts { try draw(part, content: content, on: cr, codes: nil, qrIndex: &none) }
    }

    private func drawBackground(on cr: OpaquePointer) {
        guard let background else { return }
        let page = pageSizePoints
        background.draw(on: cr, x: 0, y: 0, width: page.width, height: page.height, stretch: true)
    }

    private func drawQR(_ code: QRCode, element: TemplateElement, on cr: OpaquePointer) throws {
        let mask = try code.maskSurface()
        let (x, y, side, module) = Self.qrPlacement(code, element: element)
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

    /// The QR element's square (top left, side) and module size in points.
    static func qrPlacement(_ code: QRCode, element: TemplateElement) -> (x: Double, y: Double, side: Double, module: Double) {
        let side = min(element.width, element.height) * Geometry.pointsPerMM
        // Four light modules on every side: the quiet zone scanners need.
        let module = side / Double(code.width + 8)
        return (element.x * Geometry.pointsPerMM, element.y * Geometry.pointsPerMM, side, module)
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

/// The contents and QR codes of a run of pages, encoded on a background queue (chunks of the
/// chunk split again over all cores). Read only after `group.wait()`.
private final class QRBatch: @unchecked Sendable {
    let start: Int, count: Int
    let levels: [QRCode.Level]
    let content: @Sendable (Int) -> CertificateContent
    let group = DispatchGroup()
    var contents: [CertificateContent] = []
    private var results: [Result<[QRCode], Error>] = []
    var next: QRBatch?

    init(start: Int, count: Int, levels: [QRCode.Level], content: @escaping @Sendable (Int) -> CertificateContent) {
        (self.start, self.count, self.levels, self.content) = (start, count, levels, content)
    }

    func encode() {
        contents = (0..<count).map { content(start + $0) }
        var results = [Result<[QRCode], Error>](repeating: .success([]), count: count)
        let lock = NSLock()
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let contents = self.contents, levels = self.levels
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                var i = w
                while i < contents.count {
                    let r = Result { try levels.map { try QRCode(text: contents[i].qrText, level: $0) } }
                    lock.lock(); buffer[i] = r; lock.unlock()
                    i += workers
                }
            }
        }
        self.results = results
    }

    func codes(at i: Int) throws -> [QRCode] { try results[i].get() }
}

/// Owns a bounded Cairo recording surface.
final class RecordingSurface {
    let surface: OpaquePointer

    init(width: Double, height: Double) throws {
        var extents = cairo_rectangle_t(x: 0, y: 0, width: width, height: height)
        surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents)
        try Cairo.check(cairo_surface_status(surface), "create a recording surface")
    }

    deinit { cairo_surface_destroy(surface) }

    func draw(_ body: (OpaquePointer) throws -> Void) throws {
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr) }
        try body(cr)
        try Cairo.check(cairo_status(cr), "record the fixed parts of the page")
    }
}
