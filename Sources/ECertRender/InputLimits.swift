import CGdkPixbuf
import ECertCore
import Foundation

/// Limits on the pictures and PDFs ecert decodes (photos and PDFs given to `verify`, template
/// images), checked before the C libraries allocate anything: a small file can claim a huge
/// picture in its header (a 67-byte PNG that says 100,000 × 100,000 pixels).
enum InputLimits {
    /// 50 megapixels: a 12 MP phone photo or a 600 dpi A4 scan (35 MP) fits.
    static let maxImagePixels = 50_000_000
    /// A certificate PDF is tens of kilobytes; a photo or scan a few megabytes.
    static let maxFileBytes = 64 << 20
    /// A certificate has one or two pages; Poppler renders only the first.
    static let maxPDFPages = 16
    /// Pixels of a PDF page rendered to find its QR code: an A3 page at 300 dpi (3508 × 4961, 17.4 MP)
    /// fits. Poppler cannot be cancelled, so the page size is what bounds its memory.
    static let maxPageRenderPixels = 18_000_000

    /// The file is a regular file of a sane size (never a FIFO, device or /dev/zero).
    static func checkFile(_ url: URL) throws {
        let size: Int
        do {
            let opened = try BoundedFile.openRegular(url)
            close(opened.fd)
            size = opened.size
        } catch ECertError.fileNotFound {
            throw RenderError.unreadableInput(path: url.path, reason: "file not found")
        } catch ECertError.unreadableFile(_, let reason) {
            throw RenderError.unreadableInput(path: url.path, reason: reason)
        }
        guard size <= maxFileBytes else {
            throw RenderError.unreadableInput(path: url.path, reason: "\(size) bytes is more than the \(maxFileBytes >> 20) MiB a certificate, photo or scan may have")
        }
    }

    /// The picture's size from its header only (gdk-pixbuf reads no pixels for this), refused
    /// when it exceeds `maxImagePixels`. An unrecognised header is refused only when
    /// `requireReadable` (else the decoder that follows reports it in its own words).
    static func checkImageHeader(_ url: URL, requireReadable: Bool = true) throws {
        var width: Int32 = 0, height: Int32 = 0
        guard gdk_pixbuf_get_file_info(url.path, &width, &height) != nil else {
            guard requireReadable else { return }
            throw RenderError.unreadableInput(path: url.path, reason: "not a readable PNG or JPEG image (its header is not recognised)")
        }
        let pixels = Int(width) * Int(height)
        guard width > 0, height > 0, pixels <= maxImagePixels else {
            throw RenderError.unreadableInput(path: url.path, reason: "the image says it is \(width) × \(height) pixels, more than the \(maxImagePixels / 1_000_000) megapixels ecert decodes; "
                + "scale it down (a photo of the QR code needs about 2 megapixels)")
        }
    }
}
