import ECertCore
import Foundation

/// Finds the signatures of a PDF for `ecert verify` by their /ByteRange, without trusting anything
/// else in the file: a range counts only if it starts at 0 and its gap is exactly the `<…>` hex
/// string of /Contents. What follows the last signed byte is reported, with the objects it redefines.
public enum PDFSignatureLocator {
    public static func signatures(in bytes: [UInt8], limit: Int = 16) -> [LocatedPDFSignature] {
        var found: [LocatedPDFSignature] = []
        let needle = Array("/ByteRange".utf8)
        var i = 0
        // At most `limit` signatures: each costs a pass over the file, and a hostile file could hold thousands.
        while found.count < limit, let at = index(of: needle, in: bytes, from: i) {
            i = at + needle.count
            guard let range = byteRange(bytes, at: i), let contents = hexContents(bytes, range: range), at < range[1] else { continue }
            let end = range[2] + range[3]
            let appended = bytes.count - end
            found.append(LocatedPDFSignature(
                byteRange: range, contents: contents, subFilter: subFilter(bytes, before: at),
                appendedBytes: appended, appendedChanges: appended > 0 ? changes(Array(bytes[end...])) : []))
        }
        return found
    }

    /// `[0 a b c]` after /ByteRange, in bounds.
    static func byteRange(_ bytes: [UInt8], at start: Int) -> [Int]? {
        var p = start
        func skip() { while p < bytes.count, PDFScanner.isWhitespace(bytes[p]) { p += 1 } }
        skip()
        guard p < bytes.count, bytes[p] == UInt8(ascii: "[") else { return nil }
        p += 1
        var numbers: [Int] = []
        for _ in 0..<4 {
            skip()
            var value = 0, digits = 0
            while p < bytes.count, bytes[p] >= 0x30, bytes[p] <= 0x39, digits < 12 {
                value = value * 10 + Int(bytes[p] - 0x30)
                p += 1
                digits += 1
            }
            guard digits > 0 else { return nil }
            numbers.append(value)
        }
        skip()
        guard p < bytes.count, bytes[p] == UInt8(ascii: "]"), numbers[0] == 0, numbers[1] + 2 <= numbers[2],
              numbers[2] <= bytes.count, numbers[3] <= bytes.count - numbers[2] else { return nil }
        return numbers
    }

    /// The decoded `<hex>` that must fill the gap of the range exactly.
    static func hexContents(_ bytes: [UInt8], range: [Int]) -> [UInt8]? {
        let (open, close) = (range[1], range[2] - 1)
        guard bytes[open] == UInt8(ascii: "<"), bytes[close] == UInt8(ascii: ">"), (close - open - 1) % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity((close - open - 1) / 2)
        var k = open + 1
        while k < close {
            guard let high = hexValue(bytes[k]), let low = hexValue(bytes[k + 1]) else { return nil }
            out.append(high << 4 | low)
            k += 2
        }
        return out
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x37
        case 0x61...0x66: return b - 0x57
        default: return nil
        }
    }

    /// The /SubFilter name in the signature dictionary (searched back to its `obj`).
    static func subFilter(_ bytes: [UInt8], before at: Int) -> String? {
        let start = lastIndex(of: Array("obj".utf8), in: bytes, before: at) ?? 0
        guard let key = index(of: Array("/SubFilter".utf8), in: bytes, from: start), key < at + 4096 else { return nil }
        var p = key + 10
        while p < bytes.count, PDFScanner.isWhitespace(bytes[p]) { p += 1 }
        guard p < bytes.count, bytes[p] == UInt8(ascii: "/") else { return nil }
        let nameStart = p + 1
        p = nameStart
        while p < bytes.count, !PDFScanner.isWhitespace(bytes[p]), !PDFScanner.isDelimiter(bytes[p]) { p += 1 }
        return String(decoding: bytes[nameStart..<p], as: UTF8.self)
    }

    /// What appended bytes hold: the objects they (re)define, and whether one of them is a page.
    static func changes(_ appended: [UInt8]) -> [String] {
        let text = String(decoding: appended, as: UTF8.self)
        let objects = text.matches(of: /(?m)(?:^|\s)(\d{1,9})\s+\d{1,5}\s+obj\b/).compactMap { Int($0.1) }
        guard !objects.isEmpty else { return ["no PDF objects in them"] }
        var notes = ["an incremental update defining object(s) \(objects.prefix(10).map(String.init).joined(separator: ", "))\(objects.count > 10 ? ", …" : "")"]
        if text.contains(/\/Type\s*\/Page(?![s\w])/) {
            notes.append("it changes a page, so a PDF reader may show content that was not signed")
        }
        return notes
    }

    static func index(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard needle.count <= bytes.count, start <= bytes.count - needle.count else { return nil }
        var k = start
        while k <= bytes.count - needle.count {
            if bytes[k] == needle[0], bytes[k..<k + needle.count].elementsEqual(needle) { return k }
            k += 1
        }
        return nil
    }

    static func lastIndex(of needle: [UInt8], in bytes: [UInt8], before end: Int) -> Int? {
        var k = min(end, bytes.count) - needle.count
        while k >= 0 {
            if bytes[k] == needle[0], bytes[k..<k + needle.count].elementsEqual(needle) { return k }
            k -= 1
        }
        return nil
    }
}
