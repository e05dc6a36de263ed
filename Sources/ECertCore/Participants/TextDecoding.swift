import Foundation

/// Turns the bytes of an exported list into text: UTF-8 with or without BOM, UTF-16 LE/BE with
/// BOM (Excel "Unicode Text"), and Windows-1252 as a fallback when the bytes are not valid UTF-8
/// (Excel "CSV (Comma delimited)" on an Indonesian Windows) — the fallback is reported as a warning.
public enum TextDecoding {
    public enum Encoding: String, Sendable, Equatable {
        case utf8 = "UTF-8"
        case utf8BOM = "UTF-8 with BOM"
        case utf16LE = "UTF-16 LE"
        case utf16BE = "UTF-16 BE"
        case windows1252 = "Windows-1252"
    }

    public struct Decoded: Sendable {
        public var text: String
        public var encoding: Encoding
        /// Set when the encoding was assumed rather than known (Windows-1252 fallback).
        public var warning: String?
    }

    public static func decode(_ data: Data, path: String) throws -> String {
        try decodeDetecting(data, path: path).text
    }

    public static func decodeDetecting(_ data: Data, path: String) throws -> Decoded {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let little = bytes[0] == 0xFF
            guard (bytes.count - 2) % 2 == 0 else {
                throw ECertError.invalidEncoding(path: path, reason: "the file starts with a UTF-16 byte-order mark but has an odd number of bytes (it is cut off)")
            }
            var units: [UInt16] = []
            units.reserveCapacity((bytes.count - 2) / 2)
            var k = 2
            while k + 1 < bytes.count {
                units.append(little ? UInt16(bytes[k]) | UInt16(bytes[k + 1]) << 8 : UInt16(bytes[k]) << 8 | UInt16(bytes[k + 1]))
                k += 2
            }
            guard let text = String(validating: units, as: UTF16.self) else {
                throw ECertError.invalidEncoding(path: path, reason: "the file is marked UTF-16 but holds unpaired surrogates (it is damaged)")
            }
            return Decoded(text: text, encoding: little ? .utf16LE : .utf16BE, warning: nil)
        }
        let hasBOM = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        let body = hasBOM ? Array(bytes.dropFirst(3)) : bytes
        if let text = String(validating: body, as: UTF8.self) {
            return Decoded(text: text, encoding: hasBOM ? .utf8BOM : .utf8, warning: nil)
        }
        let offset = firstInvalidUTF8Offset(body) + (hasBOM ? 3 : 0)
        let warning = "\(path): byte \(offset) is not valid UTF-8, so the file was read as Windows-1252 (Excel \"CSV (Comma delimited)\"). "
            + "Check the names in the report; to be sure, save the file as \"CSV UTF-8 (Comma delimited)\"."
        return Decoded(text: windows1252(body), encoding: .windows1252, warning: warning)
    }

    /// Windows-1252: Latin-1 except 0x80–0x9F, which hold typographic characters. The five bytes
    /// Windows leaves undefined map to the C1 control of the same value (as WHATWG does), which
    /// the row checks then report.
    static func windows1252(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for b in bytes {
            if b >= 0x80, b <= 0x9F, let mapped = Unicode.Scalar(cp1252High[Int(b - 0x80)]) {
                scalars.append(mapped)
            } else {
                scalars.append(Unicode.Scalar(b))
            }
        }
        return String(scalars)
    }

    static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while case .valid(let scalar) = parser.parseScalar(from: &iterator) {
            offset += scalar.count
        }
        return offset
    }
}
