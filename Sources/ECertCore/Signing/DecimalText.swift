/// The QR form of a version-3 payload: every 7 bytes as 17 decimal digits (the last k bytes as
/// `digits[k]`). QR numeric mode spends 10 bits on 3 digits, so a byte costs about 8.1 bits,
/// against 8.8 for Base32 in alphanumeric mode: that keeps payload version 3, with a 60-byte name
/// and a 40-character verify_url whose path is long and lower case, inside QR version 10 at ECC M.
/// Written here because the form is ours (docs/FORMAT.md section 8); no library defines it.
enum DecimalText {
    static let chunkBytes = 7
    /// The fewest digits that hold 256^k − 1, for k = 0…7 bytes.
    static let digits = [0, 3, 5, 8, 10, 13, 15, 17]

    static func encode(_ bytes: [UInt8]) -> String {
        var text = ""
        text.reserveCapacity(bytes.count * 17 / 7 + 17)
        var start = 0
        while start < bytes.count {
            let chunk = bytes[start..<min(start + chunkBytes, bytes.count)]
            let value = chunk.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let written = String(value)
            text += String(repeating: "0", count: digits[chunk.count] - written.count) + written
            start += chunkBytes
        }
        return text
    }

    /// The bytes of a decimal text, or nil when it is not exactly the form `encode` writes (a
    /// length no chunk sizes add up to, a non-digit, or a chunk value too large for its bytes), so
    /// one payload has one decimal text.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let ascii = Array(text.utf8)
        guard !ascii.isEmpty, ascii.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let tail = digits.firstIndex(of: ascii.count % digits[chunkBytes]) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(ascii.count / 2)
        var at = 0
        while at < ascii.count {
            let bytes = ascii.count - at >= digits[chunkBytes] ? chunkBytes : tail
            let value = ascii[at..<at + digits[bytes]].reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 0x30) }
            guard value >> (8 * UInt64(bytes)) == 0 else { return nil }
            for shift in stride(from: 8 * (bytes - 1), through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
            at += digits[bytes]
        }
        return out
    }

    static func isDecimal(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
