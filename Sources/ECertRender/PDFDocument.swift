import CCairo
import ECertCore
import Foundation

/// Collects the bytes Cairo writes for one PDF.
private final class ByteSink {
    var bytes: [UInt8] = []
}

/// Makes one-page PDF documents in memory.
enum PDFDocument {
    /// Draws one page with `draw` and returns the finished PDF. The Cairo surface and the
    /// pointer handed to its write callback never leave this call.
    static func render(widthPoints: Double, heightPoints: Double, metadata: PDFMetadata,
                       draw: (OpaquePointer) throws -> Void) throws -> [UInt8] {
        try render(pages: 1, widthPoints: widthPoints, heightPoints: heightPoints, metadata: metadata) { _, cr in try draw(cr) }
    }

    /// Draws `pages` pages, page k with `draw(k, cr)` (a certificate with its Struktur Program page).
    static func render(pages: Int, widthPoints: Double, heightPoints: Double, metadata: PDFMetadata,
                       draw: (Int, OpaquePointer) throws -> Void) throws -> [UInt8] {
        let sink = ByteSink()
        sink.bytes.reserveCapacity(64 * 1024)
        let write: cairo_write_func_t = { closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
            sink.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }
        return try withExtendedLifetime(sink) {
            let surface = cairo_pdf_surface_create_for_stream(write, Unmanaged.passUnretained(sink).toOpaque(), widthPoints, heightPoints)!
            defer { cairo_surface_destroy(surface) }
            try Cairo.check(cairo_surface_status(surface), "create a PDF surface")
            setMetadata(metadata, on: surface)

            let cr = cairo_create(surface)!
            defer { cairo_destroy(cr) }
            for k in 0..<pages {
                try draw(k, cr)
                cairo_show_page(cr)
                try Cairo.check(cairo_status(cr), "draw the certificate")
            }
            cairo_surface_finish(surface)
            try Cairo.check(cairo_surface_status(surface), "write the PDF")
            return sink.bytes
        }
    }

    fileprivate static func setMetadata(_ metadata: PDFMetadata, on surface: OpaquePointer) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, metadata.title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, metadata.author)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, metadata.subject)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "ecert")
        // Without these Cairo stamps the current time, and no two runs would match byte for byte.
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, metadata.creationDate)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, metadata.creationDate)
    }
}

extension PDFDocument {
    /// Writes a multi-page PDF to `url` (through a hidden temporary file, renamed when complete):
    /// page k is drawn by `draw(k, cr)`. One surface for all pages, so each font is subset once.
    static func renderPages(to url: URL, count: Int, widthPoints: Double, heightPoints: Double, metadata: PDFMetadata,
                            draw: (Int, OpaquePointer) throws -> Void) throws {
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        do {
            let surface = cairo_pdf_surface_create(tmp.path, widthPoints, heightPoints)!
            defer { cairo_surface_destroy(surface) }
            try Cairo.check(cairo_surface_status(surface), "create the PDF file \(url.path)")
            setMetadata(metadata, on: surface)
            let cr = cairo_create(surface)!
            defer { cairo_destroy(cr) }
            for k in 0..<count {
                try draw(k, cr)
                cairo_show_page(cr)
                try Cairo.check(cairo_status(cr), "draw page \(k + 1) of \(url.path)")
            }
            cairo_surface_finish(surface)
            try Cairo.check(cairo_surface_status(surface), "write \(url.path)")
            guard rename(tmp.path, url.path) == 0 else {
                throw RenderError.cairo(operation: "rename \(tmp.path) to \(url.path)", status: String(cString: strerror(errno)))
            }
        } catch {
            unlink(tmp.path)
            throw error
        }
    }
}
