import CCairo
import CGdkPixbuf
import CPoppler
import CZBar
import Foundation

/// Reads QR codes the way a phone does: from pixels. A PDF is rendered with Poppler (so the
/// printed symbol is what gets checked, not some embedded copy); photos and scans (PNG, JPEG) are
/// loaded with gdk-pixbuf; libzbar finds and decodes the symbols.
public enum QRReader {
    /// Texts of every QR code on the first page of a PDF. Rendered at 200 dpi, then 300 dpi if nothing was found.
    public static func texts(inPDFAt url: URL) throws -> [String] {
        let document = try PopplerFile(url: url)
        guard document.pageCount > 0 else { throw RenderError.unreadableInput(path: url.path, reason: "the PDF has no pages") }
        for dpi in [200.0, 300.0] {
            let image = try document.renderFirstPage(dpi: dpi)
            let found = try ZBarScanner().scan(image)
            if !found.isEmpty { return found }
        }
        return []
    }

    /// Texts of every QR code in a PNG or JPEG image (photo or scan).
    public static func texts(inImageAt url: URL) throws -> [String] {
        let image = try Pixbuf(url: url).grayImage()
        let scanner = try ZBarScanner()
        var found = try scanner.scan(image)
        // Low-resolution scans (about 3 pixels per module at 150 dpi) with blur and noise: zbar's
        // edge detector does much better on a smoothly doubled copy.
        if found.isEmpty, image.width * image.height <= 12_000_000 {
            found = try scanner.scan(image.doubled())
        }
        // Large phone photos: a half-size copy often decodes when blur defeats the full size.
        var current = image
        while found.isEmpty, current.width > 1200 {
            current = current.halved()
            found = try scanner.scan(current)
        }
        return found
    }
}

/// 8-bit grayscale pixels, row by row (zbar's Y800 format).
struct GrayImage {
    var width: Int
    var height: Int
    var pixels: [UInt8]

    /// Twice the size in each direction, bilinear.
    func doubled() -> GrayImage {
        let w = width * 2, h = height * 2
        var out = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            // Sample centres: output pixel y maps to source (y - 0.5) / 2 in pixel-centre coordinates.
            let sy = max(0, Double(y) / 2 - 0.25), y0 = min(Int(sy), height - 1), y1 = min(y0 + 1, height - 1), fy = sy - Double(y0)
            for x in 0..<w {
                let sx = max(0, Double(x) / 2 - 0.25), x0 = min(Int(sx), width - 1), x1 = min(x0 + 1, width - 1), fx = sx - Double(x0)
                let top = Double(pixels[y0 * width + x0]) * (1 - fx) + Double(pixels[y0 * width + x1]) * fx
                let bottom = Double(pixels[y1 * width + x0]) * (1 - fx) + Double(pixels[y1 * width + x1]) * fx
                out[y * w + x] = UInt8((top * (1 - fy) + bottom * fy).rounded())
            }
        }
        return GrayImage(width: w, height: h, pixels: out)
    }

    func halved() -> GrayImage {
        let w = width / 2, h = height / 2
        var out = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                let a = Int(pixels[(2 * y) * width + 2 * x]) + Int(pixels[(2 * y) * width + 2 * x + 1])
                let b = Int(pixels[(2 * y + 1) * width + 2 * x]) + Int(pixels[(2 * y + 1) * width + 2 * x + 1])
                out[y * w + x] = UInt8((a + b) / 4)
            }
        }
        return GrayImage(width: w, height: h, pixels: out)
    }
}

/// Owns a zbar image scanner configured for QR codes only.
final class ZBarScanner {
    private let scanner: OpaquePointer

    init() throws {
        guard let scanner = zbar_image_scanner_create() else {
            throw RenderError.qrDecodingFailed(reason: "zbar could not create a scanner")
        }
        self.scanner = scanner
        zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
        zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)
    }

    deinit { zbar_image_scanner_destroy(scanner) }

    func scan(_ gray: GrayImage) throws -> [String] {
        guard gray.width > 0, gray.height > 0 else { return [] }
        guard let image = zbar_image_create() else { throw RenderError.qrDecodingFailed(reason: "zbar could not create an image") }
        defer { zbar_image_destroy(image) }
        // fourcc "Y800": 8-bit gray.
        let y800 = UInt(UInt8(ascii: "Y")) | UInt(UInt8(ascii: "8")) << 8 | UInt(UInt8(ascii: "0")) << 16 | UInt(UInt8(ascii: "0")) << 24
        zbar_image_set_format(image, y800)
        zbar_image_set_size(image, UInt32(gray.width), UInt32(gray.height))
        return try gray.pixels.withUnsafeBufferPointer { buffer -> [String] in
            // No cleanup handler: the pixels belong to Swift and outlive the scan; the image is destroyed above.
            zbar_image_set_data(image, buffer.baseAddress, UInt(buffer.count), nil)
            let count = zbar_scan_image(scanner, image)
            guard count >= 0 else { throw RenderError.qrDecodingFailed(reason: "zbar_scan_image failed") }
            var texts: [String] = []
            var symbol = zbar_image_first_symbol(image)
            while let current = symbol {
                if zbar_symbol_get_type(current) == ZBAR_QRCODE, let data = zbar_symbol_get_data(current) {
                    let length = Int(zbar_symbol_get_data_length(current))
                    texts.append(data.withMemoryRebound(to: UInt8.self, capacity: length) {
                        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
                    })
                }
                symbol = zbar_symbol_next(current)
            }
            zbar_image_set_data(image, nil, 0, nil)
            return texts
        }
    }
}

/// Owns a Poppler document.
final class PopplerFile {
    private let document: OpaquePointer
    let path: String

    init(url: URL) throws {
        path = url.path
        try InputLimits.checkFile(url)
        var error: UnsafeMutablePointer<GError>?
        let uri = url.standardizedFileURL.absoluteString
        guard let document = poppler_document_new_from_file(uri, nil, &error) else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let error { g_error_free(error) }
            throw RenderError.unreadableInput(path: url.path, reason: "not a readable PDF (\(message))")
        }
        self.document = document
        let pages = Int(poppler_document_get_n_pages(document))
        guard pages <= InputLimits.maxPDFPages else {
            throw RenderError.unreadableInput(path: url.path, reason: "the PDF has \(pages) pages, more than the \(InputLimits.maxPDFPages) a certificate may have")
        }
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(document)) }

    var pageCount: Int { Int(poppler_document_get_n_pages(document)) }

    /// The first page on white, as gray pixels.
    func renderFirstPage(dpi: Double) throws -> GrayImage {
        guard let page = poppler_document_get_page(document, 0) else {
            throw RenderError.unreadableInput(path: path, reason: "cannot open page 1")
        }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        var widthPt = 0.0, heightPt = 0.0
        poppler_page_get_size(page, &widthPt, &heightPt)
        let scale = dpi / 72
        // Checked as Double first: a hostile page size (huge, negative, NaN) must not trap in Int().
        let (w, h) = ((widthPt * scale).rounded(.up), (heightPt * scale).rounded(.up))
        guard w >= 1, h >= 1, w * h <= Double(InputLimits.maxPageRenderPixels) else {
            let mm = { (pt: Double) in pt.isFinite ? String(Int((pt * 25.4 / 72).rounded())) : "?" }
            throw RenderError.unreadableInput(path: path, reason: "page 1 is \(mm(widthPt)) × \(mm(heightPt)) mm, which is not a certificate page size "
                + "(at most A3, 297 × 420 mm, is read); export the certificate again at A4 or A3 size")
        }
        let width = Int(w), height = Int(h)
        let surface = try CairoImageSurface(format: CAIRO_FORMAT_RGB24, width: width, height: height)
        guard let cr = cairo_create(surface.surface) else { throw RenderError.cairo(operation: "create a context", status: "no memory") }
        defer { cairo_destroy(cr) }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        poppler_page_render_for_printing(page, cr)
        try Cairo.check(cairo_status(cr), "render the PDF page")
        return surface.grayImage()
    }
}

extension CairoImageSurface {
    /// RGB24/ARGB32 pixels (native-endian 0xAARRGGBB words) to 8-bit luma.
    func grayImage() -> GrayImage {
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        var pixels = [UInt8](repeating: 255, count: width * height)
        guard let data = cairo_image_surface_get_data(surface) else { return GrayImage(width: width, height: height, pixels: pixels) }
        data.withMemoryRebound(to: UInt32.self, capacity: stride / 4 * height) { words in
            for y in 0..<height {
                let row = words + y * (stride / 4)
                for x in 0..<width {
                    let p = row[x]
                    let r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF
                    pixels[y * width + x] = UInt8((r * 299 + g * 587 + b * 114) / 1000)
                }
            }
        }
        return GrayImage(width: width, height: height, pixels: pixels)
    }
}

/// Owns a gdk-pixbuf image (PNG, JPEG and the other formats its loaders know).
final class Pixbuf {
    private let pixbuf: OpaquePointer
    let path: String

    init(url: URL) throws {
        path = url.path
        try InputLimits.checkFile(url)
        try InputLimits.checkImageHeader(url)
        var error: UnsafeMutablePointer<GError>?
        guard let pixbuf = gdk_pixbuf_new_from_file(url.path, &error) else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
            if let error { g_error_free(error) }
            throw RenderError.unreadableInput(path: url.path, reason: "not a readable PNG or JPEG image (\(message))")
        }
        self.pixbuf = pixbuf
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(pixbuf)) }

    func grayImage() throws -> GrayImage {
        let width = Int(gdk_pixbuf_get_width(pixbuf)), height = Int(gdk_pixbuf_get_height(pixbuf))
        let stride = Int(gdk_pixbuf_get_rowstride(pixbuf)), channels = Int(gdk_pixbuf_get_n_channels(pixbuf))
        guard gdk_pixbuf_get_bits_per_sample(pixbuf) == 8, channels >= 3, let data = gdk_pixbuf_read_pixels(pixbuf) else {
            throw RenderError.unreadableInput(path: path, reason: "unsupported pixel format")
        }
        let hasAlpha = gdk_pixbuf_get_has_alpha(pixbuf) != 0
        var pixels = [UInt8](repeating: 255, count: width * height)
        for y in 0..<height {
            for x in 0..<width {
                let p = data + y * stride + x * channels
                var luma = (Int(p[0]) * 299 + Int(p[1]) * 587 + Int(p[2]) * 114) / 1000
                if hasAlpha { luma = (luma * Int(p[3]) + 255 * (255 - Int(p[3]))) / 255 }  // over white
                pixels[y * width + x] = UInt8(luma)
            }
        }
        return GrayImage(width: width, height: height, pixels: pixels)
    }
}
