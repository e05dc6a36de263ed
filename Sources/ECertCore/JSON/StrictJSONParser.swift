/// Why a hand-written reader: Foundation's JSONSerialization and JSONDecoder accept duplicate
/// keys and silently keep one of the values, so two verifiers could read different facts from
/// one signed file. This reader takes RFC 8259 plus I-JSON (RFC 7493) and refuses everything else.
/// It works on raw bytes with indices; plain ASCII runs become Strings in one copy.
struct StrictJSONParser {
    static let maxDepth = 100
    /// I-JSON's exact range: a number of larger magnitude cannot be read back the same everywhere.
    static let maxMagnitude = 9_007_199_254_740_992.0

    /// A failure before the key path is known; each level adds its step while the error unwinds,
    /// so the successful path pays nothing for key paths.
    struct Failure: Error {
        enum Kind { case syntax(String), duplicate(String) }
        var kind: Kind
        var offset: Int
        var reversedPath: [JSONPathComponent] = []
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func fail(_ reason: String, at offset: Int? = nil) -> Failure {
        Failure(kind: .syntax(reason), offset: offset ?? position)
    }

    mutating func parseDocument() throws(Failure) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw fail("the file starts with a byte-order mark (EF BB BF); save it as UTF-8 without BOM", at: 0)
        }
        skipWhitespace()
        guard position < bytes.count else { throw fail("the file is empty; expected a JSON value") }
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else { throw fail("unexpected data after the JSON value") }
        return value
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(Failure) -> JSONValue {
        guard position < bytes.count else { throw fail("unexpected end of the file; expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        default: throw fail("unexpected \(describeByte(at: position)); expected a value")
        }
    }

    mutating func expectLiteral(_ word: StaticString) throws(Failure) {
        let n = word.utf8CodeUnitCount
        let ok = position + n <= bytes.count && (0..<n).allSatisfy { bytes[position + $0] == word.utf8Start[$0] }
        guard ok else { throw fail("unexpected \(describeByte(at: position)); expected a value") }
        position += n
    }

    func describeByte(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of the file" }
        let b = bytes[offset]
        if b >= 0x21 && b < 0x7F { return "character '\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x" + String(b, radix: 16, uppercase: true)
    }
}
