extension StrictJSONParser {
    /// RFC 8259 number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    /// Small plain integers are converted directly; everything else goes through `Double(_:)`.
    mutating func parseNumber() throws(Failure) -> Double {
        let start = position
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        let intStart = position
        guard position < bytes.count, isDigit(bytes[position]) else { throw fail("a '-' must be followed by a digit") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) { throw fail("numbers must not have leading zeros", at: start) }
        } else {
            skipDigits()
        }
        let intDigits = position - intStart
        var plain = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            plain = false
            position += 1
            guard skipDigits() > 0 else { throw fail("a '.' in a number must be followed by a digit") }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            plain = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() > 0 else { throw fail("an exponent in a number must have digits") }
        }
        // I-JSON: any finite double; but a long whole number that reads as another double's value
        // would silently change (9007199254740993 reads as 9007199254740992). So a plain integer of
        // more than 15 digits must be written exactly as JCS writes its double (1e17 is written
        // 100000000000000000): then reading it loses nothing.
        if plain {
            if intDigits <= 15 { return integer(from: intStart, negative: negative) }
            guard let value = convert(from: start), value.isFinite, jcsForm(value).elementsEqual(bytes[start..<position]) else {
                throw fail("the whole number \(text(start..<position)) is not one a double holds (it would be read as another number; I-JSON)", at: start)
            }
            return value
        }
        guard let value = convert(from: start), value.isFinite else {
            throw fail("the number \(text(start..<position)) is too large for a double", at: start)
        }
        return value
    }

    func jcsForm(_ value: Double) -> [UInt8] {
        var out: [UInt8] = []
        JCSNumber.write(value, to: &out)
        return out
    }

    func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    @discardableResult
    mutating func skipDigits() -> Int {
        let from = position
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        return position - from
    }

    /// Up to 15 digits: always below 2^53, so exact.
    func integer(from start: Int, negative: Bool) -> Double {
        var n = 0
        for k in start..<position { n = n * 10 + Int(bytes[k] - UInt8(ascii: "0")) }
        return negative ? -Double(n) : Double(n)
    }

    func convert(from start: Int) -> Double? { Double(text(start..<position)) }

    func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}
