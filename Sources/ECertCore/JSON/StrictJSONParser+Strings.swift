extension StrictJSONParser {
    /// Reads a string at `position` (on its opening quote). Runs without escapes are copied once.
    mutating func parseString() throws(Failure) -> String {
        position += 1
        let start = position
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                defer { position += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
            if b < 0x20 { throw controlCharacter(b) }
            if b < 0x80 { position += 1 } else { try skipUTF8Sequence() }
        }
        throw fail("unexpected end of the file inside a string", at: start - 1)
    }

    /// The slow path, from the first backslash: builds the bytes, then one String.
    mutating func parseEscapedString(from start: Int) throws(Failure) -> String {
        var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") {
                try appendEscape(to: &out)
            } else if b < 0x20 {
                throw controlCharacter(b)
            } else if b < 0x80 {
                out.append(b)
                position += 1
            } else {
                let from = position
                try skipUTF8Sequence()
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<position]))
            }
        }
        throw fail("unexpected end of the file inside a string", at: start - 1)
    }

    func controlCharacter(_ b: UInt8) -> Failure {
        fail("control character U+" + hex4(UInt32(b)) + " inside a string; write it as an escape such as \\n or \\u00"
             + String(b, radix: 16).leftPadded(2))
    }

    func hex4(_ v: UInt32) -> String { String(v, radix: 16, uppercase: true).leftPadded(4) }

    /// On a backslash: appends the escaped character's UTF-8 and moves past the escape.
    mutating func appendEscape(to out: inout [UInt8]) throws(Failure) {
        let at = position
        guard position + 1 < bytes.count else { throw fail("unexpected end of the file in an escape") }
        let e = bytes[position + 1]
        position += 2
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"): appendUTF8(try unicodeEscape(startingAt: at), to: &out)
        default: throw fail("invalid escape \\\(describeByte(at: at + 1)); JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX", at: at)
        }
    }

    /// After `\u`: one scalar, joining a surrogate pair; a lone surrogate is refused (not valid Unicode).
    mutating func unicodeEscape(startingAt at: Int) throws(Failure) -> UInt32 {
        let first = try hexQuad(escapeAt: at)
        switch first {
        case 0xDC00...0xDFFF:
            throw fail("lone low surrogate \\u" + hex4(first) + " (not valid Unicode); it must follow a high surrogate \\uD800–\\uDBFF", at: at)
        case 0xD800...0xDBFF:
            let second = position + 1 < bytes.count && bytes[position] == UInt8(ascii: "\\") && bytes[position + 1] == UInt8(ascii: "u")
            guard second else { throw fail("lone high surrogate \\u" + hex4(first) + " (not valid Unicode); it must be followed by a low surrogate \\uDC00–\\uDFFF", at: at) }
            let lowAt = position
            position += 2
            let low = try hexQuad(escapeAt: lowAt)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw fail("high surrogate \\u" + hex4(first) + " is followed by \\u" + hex4(low) + ", not by a low surrogate \\uDC00–\\uDFFF", at: at)
            }
            return 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
        default:
            return first
        }
    }

    mutating func hexQuad(escapeAt at: Int) throws(Failure) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("unexpected end of the file in a \\u escape", at: at) }
        var value: UInt32 = 0
        for k in 0..<4 {
            let b = bytes[position + k]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw fail("invalid \\u escape: expected 4 hex digits", at: at)
            }
            value = value << 4 | UInt32(digit)
        }
        position += 4
        return value
    }
}

func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
    switch scalar {
    case ..<0x80:
        out.append(UInt8(scalar))
    case ..<0x800:
        out.append(UInt8(0xC0 | scalar >> 6)); out.append(UInt8(0x80 | scalar & 0x3F))
    case ..<0x10000:
        out.append(UInt8(0xE0 | scalar >> 12)); out.append(UInt8(0x80 | scalar >> 6 & 0x3F)); out.append(UInt8(0x80 | scalar & 0x3F))
    default:
        out.append(UInt8(0xF0 | scalar >> 18)); out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
        out.append(UInt8(0x80 | scalar >> 6 & 0x3F)); out.append(UInt8(0x80 | scalar & 0x3F))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
