@testable import ECertCore

/// Random JSON values for the differential test: awkward strings and numbers on purpose.
struct RandomJSON {
    var rng: SeededGenerator
    static let pieces: [String] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{0}", "\u{1F}",
                                   "\u{7F}", "\u{80}", "é", "e\u{301}", "ö", "€", "\u{2028}", "\u{2029}", "\u{D7FF}", "\u{E000}",
                                   "\u{FB33}", "\u{FF71}", "\u{FFFD}", "\u{FFFF}", "😀", "\u{10FFFF}", "Catatan", "Kode", "Nama"]

    mutating func string() -> String {
        (0..<Int.random(in: 0...6, using: &rng)).map { _ in Self.pieces.randomElement(using: &rng)! }.joined()
    }

    mutating func number() -> Double {
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: return Double(Int.random(in: -1_000_000...1_000_000, using: &rng))
        case 1: return Double.random(in: -1...1, using: &rng)
        case 2: return Double.random(in: -1e6...1e6, using: &rng) * pow10(Int.random(in: -30...30, using: &rng))
        case 3: return [0, -0.0, 1e21, 1e-7, 5e-324, 1.7976931348623157e308, 1e23, 9007199254740992, 0.1, 1e20, 1e-6].randomElement(using: &rng)!
        default:
            let d = Double(bitPattern: rng.next())
            return d.isFinite ? d : 1.5
        }
    }

    func pow10(_ e: Int) -> Double { (0..<abs(e)).reduce(1.0) { acc, _ in e < 0 ? acc / 10 : acc * 10 } }

    mutating func value(depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &rng) {
        case 0: return [.null, .bool(true), .bool(false)].randomElement(using: &rng)!
        case 1: return .number(number())
        case 2, 3: return .string(string())
        case 4: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in value(depth: depth + 1) })
        default:
            var keys: [String] = []
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                let key = string()
                // Python's dict would merge equal keys; Swift's == would merge canonically equal ones.
                if !keys.contains(where: { $0 == key }) { keys.append(key) }
            }
            return .object(keys.map { ($0, value(depth: depth + 1)) })
        }
    }
}
