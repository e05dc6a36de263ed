import Foundation

/// Turns the bytes of an exported list into text: UTF-8 with or without BOM, UTF-16 LE/BE with
/// BOM (Excel "Unicode Text"), and Windows-1252 (Excel "CSV (Comma delimited)" on an Indonesian
/// Windows). The encoding is decided per file from evidence (`UTF8Evidence`): a file that is valid
/// UTF-8 but for a few bytes is UTF-8 with errors (those bytes become U+FFFD and their rows are
/// refused, good names are never re-encoded); only a file without any UTF-8 sequence is read as
/// Windows-1252 (with a warning); a mix, and UTF-16 without a byte-order mark, are refused.
public enum TextDecoding {
    public enum Encoding: String, Sendable, Equatable {
        case utf8 = "UTF-8"
        case utf8BOM = "UTF-8 with BOM"
        /// Valid UTF-8 but for a few bytes: those become U+FFFD, and the rows holding them are refused.
        case utf8WithErrors = "UTF-8 with invalid bytes"
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
        if !hasBOM, let problem = UTF8Evidence.bomlessUTF16(bytes.prefix(UTF8Evidence.sampleSize)) {
            throw ECertError.invalidEncoding(path: path, reason: problem)
        }
        if let text = String(validating: body, as: UTF8.self) {
            return Decoded(text: text, encoding: hasBOM ? .utf8BOM : .utf8, warning: nil)
        }
        var evidence = UTF8Evidence()
        evidence.consume(body[...], at: hasBOM ? 3 : 0)
        let (encoding, warning) = try evidence.decision(path: path)
        return Decoded(text: encoding == .windows1252 ? windows1252(body) : String(decoding: body, as: UTF8.self),
                       encoding: encoding, warning: warning)
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
}

/// What a file's bytes say about its encoding, gathered chunk by chunk: how many well-formed
/// multi-byte UTF-8 characters and how many invalid sequences it holds. Windows-1252 text with
/// accents almost never forms valid multi-byte UTF-8 by chance, so any such character is evidence
/// of UTF-8; a handful of stray bytes then are errors in a UTF-8 file, not a reason to re-read
/// every good name as Windows-1252.
struct UTF8Evidence {
    /// The first bytes looked at for UTF-16 without a byte-order mark.
    static let sampleSize = 4096
    private(set) var multibyte = 0
    private(set) var invalid = 0
    private(set) var firstInvalid: Int?

    /// Counts one run of bytes that starts on a character boundary; `offset` is its file offset.
    mutating func consume(_ bytes: ArraySlice<UInt8>, at offset: Int) {
        if String(validating: bytes, as: UTF8.self) != nil {
            multibyte += bytes.reduce(0) { $0 + ($1 >= 0xC0 ? 1 : 0) }
            return
        }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var position = offset
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                if scalar.count > 1 { multibyte += 1 }
                position += scalar.count
            case .error(let length):
                invalid += 1
                if firstInvalid == nil { firstInvalid = position }
                position += length
            case .emptyInput:
                break loop
            }
        }
    }

    /// The encoding these bytes are read in, and the warning to show, or an error for a mix.
    func decision(path: String) throws -> (TextDecoding.Encoding, String?) {
        guard invalid > 0, let firstInvalid else { return (.utf8, nil) }
        if multibyte == 0 {
            return (.windows1252, "\(path): byte \(firstInvalid) is not valid UTF-8 and the file holds no UTF-8 characters, so it was read as Windows-1252 (Excel \"CSV (Comma delimited)\"). "
                + "Check the names in the report; to be sure, save the file as \"CSV UTF-8 (Comma delimited)\".")
        }
        if invalid <= multibyte {
            return (.utf8WithErrors, "\(path): the file is UTF-8, but \(invalid) byte sequence(s) are not (the first at byte \(firstInvalid)); "
                + "the rows holding them are refused (shown as \u{FFFD}); retype those values or save the file again as \"CSV UTF-8 (Comma delimited)\".")
        }
        throw ECertError.invalidEncoding(path: path, reason: "the file mixes encodings: \(multibyte) UTF-8 character(s) but \(invalid) byte(s) that are not UTF-8 (the first at byte \(firstInvalid)), "
            + "so no single encoding reads every name right")
    }

    /// A message when the sample looks like UTF-16 without a byte-order mark: ASCII text in UTF-16
    /// has a zero in every second byte, which no CSV in a byte encoding has.
    static func bomlessUTF16(_ sample: ArraySlice<UInt8>) -> String? {
        let bytes = Array(sample)
        guard bytes.count >= 4, bytes.contains(0) else { return nil }
        let pairs = bytes.count / 2
        let evenZeros = stride(from: 0, to: pairs * 2, by: 2).filter { bytes[$0] == 0 }.count
        let oddZeros = stride(from: 1, to: pairs * 2, by: 2).filter { bytes[$0] == 0 }.count
        let kind: String
        if oddZeros * 10 >= pairs * 3, evenZeros * 10 < pairs { kind = "UTF-16 LE" }
        else if evenZeros * 10 >= pairs * 3, oddZeros * 10 < pairs { kind = "UTF-16 BE" }
        else { return nil }
        return "the file is \(kind) text without a byte-order mark (every second byte is zero); ecert reads UTF-16 only with its byte-order mark"
    }
}
