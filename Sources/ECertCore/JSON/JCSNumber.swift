/// Numbers in ECMAScript Number::toString form (RFC 8785 §3.2.2.3). The shortest round-trip
/// digits come from Swift's `Double.description` (also shortest, Errol/Ryu-class); only the layout
/// is rewritten. Callers guarantee a finite value (the reader and the encoder refuse others).
enum JCSNumber {
    static func write(_ value: Double, to out: inout [UInt8]) {
        if value == 0 { out.append(UInt8(ascii: "0")); return }  // also -0
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            writeInteger(Int64(value), to: &out)  // the common case: a small whole number
            return
        }
        if value < 0 { out.append(UInt8(ascii: "-")) }
        let (digits, n) = shortestDigits(abs(value))
        layout(digits: digits, n: n, to: &out)
    }

    static func writeInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var n = value.magnitude
        let start = out.count
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(n % 10))
            n /= 10
        } while n > 0
        out[start...].reverse()
    }

    /// Digits d1…dk (no leading or trailing zeros) and n with value = 0.d1…dk × 10^n.
    static func shortestDigits(_ value: Double) -> (digits: [UInt8], n: Int) {
        let text = Array(value.description.utf8)  // "1.2345e-07", "123.45", "5e-324"
        let e = text.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        var exponent = 0
        if let e { exponent = Int(String(decoding: text[(e + 1)...], as: UTF8.self)) ?? 0 }
        let mantissa = text[..<(e ?? text.count)]
        var digits: [UInt8] = []
        var pointAt: Int?
        for b in mantissa {
            if b == UInt8(ascii: ".") { pointAt = digits.count } else { digits.append(b) }
        }
        var n = (pointAt ?? digits.count) + exponent
        let leading = digits.prefix { $0 == UInt8(ascii: "0") }.count
        digits.removeFirst(leading)
        n -= leading
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return (digits, n)
    }

    static func layout(digits: [UInt8], n: Int, to out: inout [UInt8]) {
        let k = digits.count
        if k <= n && n <= 21 {
            out += digits
            out += [UInt8](repeating: UInt8(ascii: "0"), count: n - k)
        } else if 0 < n && n <= 21 {
            out += digits[..<n]
            out.append(UInt8(ascii: "."))
            out += digits[n...]
        } else if -6 < n && n <= 0 {
            out += [UInt8(ascii: "0"), UInt8(ascii: ".")]
            out += [UInt8](repeating: UInt8(ascii: "0"), count: -n)
            out += digits
        } else {
            out.append(digits[0])
            if k > 1 {
                out.append(UInt8(ascii: "."))
                out += digits[1...]
            }
            out += Array(((n - 1) < 0 ? "e-" : "e+").utf8)
            out += Array(String(abs(n - 1)).utf8)
        }
    }
}
