import CCairo
import CQREncode
import Foundation

/// A QR symbol from libqrencode, drawn as one 1-bit image scaled with nearest-neighbour
/// filtering: one small image per certificate instead of hundreds of rectangles.
public final class QRCode {
    public enum Level: String, Sendable { case M, Q, H }

    private let code: UnsafeMutablePointer<QRcode>
    public let version: Int
    public let width: Int

    /// Mixed-mode encoding: libqrencode picks alphanumeric mode for the upper-case Base32 payload,
    /// numeric mode for the decimal one, and byte mode only where lower-case letters force it.
    public init(text: String, level: Level) throws {
        let ecc: QRecLevel
        switch level {
        case .M: ecc = QR_ECLEVEL_M
        case .Q: ecc = QR_ECLEVEL_Q
        case .H: ecc = QR_ECLEVEL_H
        }
        guard let code = QRcode_encodeString(text, 0, ecc, QR_MODE_8, 1) else {
            throw RenderError.qrEncodingFailed(length: text.utf8.count, reason: String(cString: strerror(errno)))
        }
        self.code = code
        version = Int(code.pointee.version)
        width = Int(code.pointee.width)
    }

    deinit { QRcode_free(code) }

    /// Whether the module at (x, y) is dark; libqrencode keeps that in bit 0 of each byte.
    public func isDark(x: Int, y: Int) -> Bool {
        code.pointee.data[y * width + x] & 1 == 1
    }

    /// The symbol as an A1 (1-bit) Cairo image surface, one pixel per module.
    func maskSurface() throws -> CairoImageSurface {
        let surface = try CairoImageSurface(format: CAIRO_FORMAT_A1, width: width, height: width)
        surface.withMutableRows { row, bytes in
            for x in 0..<width where isDark(x: x, y: row) {
                // Cairo's A1 pixels are packed least-significant bit first on little-endian machines.
                bytes[x >> 3] |= UInt8(1) << UInt8(x & 7)
            }
        }
        return surface
    }
}

/// Owns a Cairo image surface.
final class CairoImageSurface {
    let surface: OpaquePointer
    let width: Int, height: Int

    init(format: cairo_format_t, width: Int, height: Int) throws {
        surface = cairo_image_surface_create(format, Int32(width), Int32(height))
        (self.width, self.height) = (width, height)
        try Cairo.check(cairo_surface_status(surface), "create an image surface")
    }

    deinit { cairo_surface_destroy(surface) }

    /// The surface encoded as PNG.
    func pngBytes() throws -> [UInt8] {
        final class Sink { var bytes: [UInt8] = [] }
        let sink = Sink()
        let status = withExtendedLifetime(sink) {
            cairo_surface_write_to_png_stream(surface, { closure, data, length in
                guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
                Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                return CAIRO_STATUS_SUCCESS
            }, Unmanaged.passUnretained(sink).toOpaque())
        }
        try Cairo.check(status, "encode the PNG")
        return sink.bytes
    }

    /// Gives write access to each row's bytes; raw pointers stay inside this call.
    func withMutableRows(_ body: (Int, UnsafeMutableBufferPointer<UInt8>) -> Void) {
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { return }
        for row in 0..<height {
            body(row, UnsafeMutableBufferPointer(start: data + row * stride, count: stride))
        }
        cairo_surface_mark_dirty(surface)
    }
}

enum Cairo {
    static func check(_ status: cairo_status_t, _ operation: String) throws {
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError.cairo(operation: operation, status: String(cString: cairo_status_to_string(status)))
        }
    }
}
