extension StrictJSONParser {
    /// Moves past one multi-byte UTF-8 sequence at `position`, refusing what RFC 3629 forbids:
    /// stray continuation bytes, overlong forms, surrogates (ED A0–BF) and values past U+10FFFF.
    mutating func skipUTF8Sequence() throws(Failure) {
        let lead = bytes[position]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF  // allowed range of the second byte
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw invalidUTF8()
        }
        guard position + length <= bytes.count else { throw invalidUTF8() }
        let second = bytes[position + 1]
        guard second >= low && second <= high else { throw invalidUTF8() }
        for k in 2..<length where bytes[position + k] & 0xC0 != 0x80 { throw invalidUTF8() }
        position += length
    }

    func invalidUTF8() -> Failure {
        fail("invalid UTF-8 (byte 0x" + String(bytes[position], radix: 16, uppercase: true)
             + " does not start a valid sequence); save the file as UTF-8")
    }
}
