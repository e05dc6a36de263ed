import CCairo
import CPoppler
import CRSVG
import ECertCore
import Foundation

/// A picture for a background or an `image` element, loaded once per renderer and drawn on every
/// certificate.
///
/// - SVG (librsvg) and one-page PDF (poppler-glib) are replayed from a Cairo recording surface,
///   so they stay vectors in the output PDF.
/// - PNG is decoded by Cairo; it is re-compressed into every PDF (see docs/TEMPLATES.md for the cost).
/// - JPEG is decoded (gdk-pixbuf) for image output, and carries its original bytes as Cairo MIME
///   data, so the PDF surface embeds them unchanged (no re-encoding, no quality loss).
final class ImageSource {
    /// A recording surface (vectors) or an image surface (rasters); owned.
    private let surface: OpaquePointer
    /// Natural size in the surface's units.
    let width: Double, height: Double
    /// Kept alive while the recording may reference their fonts and images.
    private var owners: [UnsafeMutableRawPointer] = []
    let url: URL

    init(url: URL, kind: Template.ImageKind) throws {
        self.url = url
        func fail(_ reason: String) -> RenderError { .imageNotLoaded(path: url.path, reason: reason) }
        do {
            try InputLimits.checkFile(url)
            if kind == .png || kind == .jpeg { try InputLimits.checkImageHeader(url, requireReadable: false) }
        } catch RenderError.unreadableInput(_, let reason) {
            throw fail(reason)
        }
        guard let data = FileManager.default.contents(atPath: url.path) else { throw fail("cannot be read") }
        switch kind {
        case .svg:
            var error: UnsafeMutablePointer<GError>?
            let handle: UnsafeMutablePointer<RsvgHandle>? = data.withUnsafeBytes { raw in
                rsvg_handle_new_from_data(raw.bindMemory(to: UInt8.self).baseAddress, gsize(raw.count), &error)
            }
            guard let handle else { throw fail(Self.message(error, default: "not a valid SVG file")) }
            owners.append(UnsafeMutableRawPointer(handle))
            var w = 0.0, h = 0.0
            if rsvg_handle_get_intrinsic_size_in_pixels(handle, &w, &h) == 0 || w <= 0 || h <= 0 {
                var hasViewBox: gboolean = 0
                var viewBox = RsvgRectangle()
                rsvg_handle_get_intrinsic_dimensions(handle, nil, nil, nil, nil, &hasViewBox, &viewBox)
                guard hasViewBox != 0, viewBox.width > 0, viewBox.height > 0 else {
                    Self.unref(owners)
                    throw fail("the SVG has neither width/height nor a viewBox; export it with a page size")
                }
                (w, h) = (viewBox.width, viewBox.height)
            }
            (width, height) = (w, h)
            surface = try Self.record(width: w, height: h) { cr in
                var viewport = RsvgRectangle(x: 0, y: 0, width: w, height: h)
                var renderError: UnsafeMutablePointer<GError>?
                if rsvg_handle_render_document(handle, cr, &viewport, &renderError) == 0 {
                    throw fail(Self.message(renderError, default: "librsvg could not draw it"))
                }
            }
        case .pdf:
            var error: UnsafeMutablePointer<GError>?
            let bytes = data.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
            defer { g_bytes_unref(bytes) }
            guard let document = poppler_document_new_from_bytes(bytes, nil, &error) else {
                throw fail(Self.message(error, default: "not a readable PDF file"))
            }
            owners.append(UnsafeMutableRawPointer(document))
            guard poppler_document_get_n_pages(document) == 1, let page = poppler_document_get_page(document, 0) else {
                let pages = poppler_document_get_n_pages(document)
                Self.unref(owners)
                throw fail("has \(pages) pages; a background PDF must have exactly one page")
            }
            owners.append(UnsafeMutableRawPointer(page))
            var w = 0.0, h = 0.0
            poppler_page_get_size(page, &w, &h)
            (width, height) = (w, h)
            surface = try Self.record(width: w, height: h) { cr in poppler_page_render_for_printing(page, cr) }
        case .png:
            let image = cairo_image_surface_create_from_png(url.path)!
            guard cairo_surface_status(image) == CAIRO_STATUS_SUCCESS else {
                cairo_surface_destroy(image)
                throw fail("not a readable PNG file")
            }
            surface = image
            (width, height) = (Double(cairo_image_surface_get_width(image)), Double(cairo_image_surface_get_height(image)))
        case .jpeg:
            var error: UnsafeMutablePointer<GError>?
            guard let pixbuf = gdk_pixbuf_new_from_file(url.path, &error) else {
                throw fail(Self.message(error, default: "not a readable JPEG file"))
            }
            defer { g_object_unref(UnsafeMutableRawPointer(pixbuf)) }
            let image = try Self.imageSurface(from: pixbuf)
            // The PDF surface embeds these bytes as they are (DCTDecode) instead of the pixels.
            let copy = malloc(data.count)!
            data.copyBytes(to: copy.assumingMemoryBound(to: UInt8.self), count: data.count)
            let status = cairo_surface_set_mime_data(image, CAIRO_MIME_TYPE_JPEG, copy.assumingMemoryBound(to: UInt8.self),
                                                     UInt(data.count), { free($0) }, copy)
            guard status == CAIRO_STATUS_SUCCESS else {
                free(copy)
                cairo_surface_destroy(image)
                throw fail("Cairo refused its JPEG data")
            }
            surface = image
            (width, height) = (Double(cairo_image_surface_get_width(image)), Double(cairo_image_surface_get_height(image)))
        }
    }

    deinit {
        cairo_surface_destroy(surface)
        Self.unref(owners.reversed())
    }

    /// Draws the picture into a box (points). `stretch` fills the box exactly (backgrounds);
    /// otherwise the picture keeps its proportions and is centred (logos, signatures).
    func draw(on cr: OpaquePointer, x: Double, y: Double, width boxWidth: Double, height boxHeight: Double, stretch: Bool) {
        var sx = boxWidth / width, sy = boxHeight / height
        var (dx, dy) = (x, y)
        if !stretch {
            let s = min(sx, sy)
            dx += (boxWidth - width * s) / 2
            dy += (boxHeight - height * s) / 2
            (sx, sy) = (s, s)
        }
        cairo_save(cr)
        cairo_translate(cr, dx, dy)
        cairo_scale(cr, sx, sy)
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_rectangle(cr, 0, 0, width, height)
        cairo_fill(cr)
        cairo_restore(cr)
    }

    private static func record(width: Double, height: Double, draw: (OpaquePointer) throws -> Void) throws -> OpaquePointer {
        var extents = cairo_rectangle_t(x: 0, y: 0, width: width, height: height)
        let surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extents)!
        let cr = cairo_create(surface)!
        defer { cairo_destroy(cr) }
        do {
            try draw(cr)
            try Cairo.check(cairo_status(cr), "record a vector image")
        } catch {
            cairo_surface_destroy(surface)
            throw error
        }
        return surface
    }

    /// Copies a gdk-pixbuf (RGB or RGBA, 8 bits) into a Cairo image surface.
    private static func imageSurface(from pixbuf: OpaquePointer) throws -> OpaquePointer {
        let w = Int(gdk_pixbuf_get_width(pixbuf)), h = Int(gdk_pixbuf_get_height(pixbuf))
        let channels = Int(gdk_pixbuf_get_n_channels(pixbuf)), hasAlpha = gdk_pixbuf_get_has_alpha(pixbuf) != 0
        let rowstride = Int(gdk_pixbuf_get_rowstride(pixbuf))
        let pixels = gdk_pixbuf_read_pixels(pixbuf)!
        let surface = cairo_image_surface_create(hasAlpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24, Int32(w), Int32(h))!
        try Cairo.check(cairo_surface_status(surface), "create an image surface")
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        for row in 0..<h {
            let src = pixels + row * rowstride
            let dst = UnsafeMutableRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
            for col in 0..<w {
                let p = src + col * channels
                let a = hasAlpha ? UInt32(p[3]) : 255
                // Cairo wants premultiplied alpha.
                let r = UInt32(p[0]) * a / 255, g = UInt32(p[1]) * a / 255, b = UInt32(p[2]) * a / 255
                dst[col] = a << 24 | r << 16 | g << 8 | b
            }
        }
        cairo_surface_mark_dirty(surface)
        return surface
    }

    private static func message(_ error: UnsafeMutablePointer<GError>?, default text: String) -> String {
        guard let error else { return text }
        defer { g_error_free(error) }
        return String(cString: error.pointee.message)
    }

    private static func unref<S: Sequence>(_ objects: S) where S.Element == UnsafeMutableRawPointer {
        for object in objects { g_object_unref(object) }
    }
}
