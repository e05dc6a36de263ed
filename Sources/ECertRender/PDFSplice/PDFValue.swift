import Foundation

/// A PDF object as written by Cairo: just enough of the syntax (ISO 32000-1 §7.3) to read the
/// objects of a Cairo document, renumber their references and write them out again.
/// Tokens are kept as written (numbers, names, strings), so what is copied is copied byte for byte.
indirect enum PDFValue: Equatable {
    /// A number, `true`, `false` or `null`, as written.
    case atom(String)
    /// A name without its leading `/`, as written (escapes kept).
    case name(String)
    /// A literal `(…)` or hex `<…>` string with its delimiters, as written.
    case string([UInt8])
    case reference(Int)
    case array([PDFValue])
    /// Keys in the order written.
    case dictionary([(key: String, value: PDFValue)])

    static func == (a: PDFValue, b: PDFValue) -> Bool {
        switch (a, b) {
        case let (.atom(x), .atom(y)), let (.name(x), .name(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.reference(x), .reference(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.dictionary(x), .dictionary(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    subscript(key: String) -> PDFValue? {
        guard case .dictionary(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// The same dictionary with `key` set to `value` (replaced in place, or appended).
    func setting(_ key: String, to value: PDFValue?) -> PDFValue {
        guard case .dictionary(var entries) = self else { return self }
        if let k = entries.firstIndex(where: { $0.key == key }) {
            if let value { entries[k].value = value } else { entries.remove(at: k) }
        } else if let value {
            entries.append((key, value))
        }
        return .dictionary(entries)
    }

    var referencedObject: Int? {
        if case .reference(let n) = self { return n }
        return nil
    }

    var integer: Int? {
        if case .atom(let text) = self { return Int(text) }
        return nil
    }

    /// Every object number this value refers to, in the order written.
    var references: [Int] {
        switch self {
        case .reference(let n): return [n]
        case .array(let items): return items.flatMap(\.references)
        case .dictionary(let entries): return entries.flatMap(\.value.references)
        default: return []
        }
    }

    /// The same value with every reference `n` replaced by `renumber(n)`.
    func renumbered(_ renumber: (Int) -> Int) -> PDFValue {
        switch self {
        case .reference(let n): return .reference(renumber(n))
        case .array(let items): return .array(items.map { $0.renumbered(renumber) })
        case .dictionary(let entries): return .dictionary(entries.map { ($0.key, $0.value.renumbered(renumber)) })
        default: return self
        }
    }

    func write(to out: inout [UInt8]) {
        switch self {
        case .atom(let text):
            out += text.utf8
        case .name(let name):
            out.append(UInt8(ascii: "/"))
            out += name.utf8
        case .string(let bytes):
            out += bytes
        case .reference(let n):
            out += "\(n) 0 R".utf8
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for item in items {
                out.append(UInt8(ascii: " "))
                item.write(to: &out)
            }
            out += " ]".utf8
        case .dictionary(let entries):
            out += "<<".utf8
            for (key, value) in entries {
                out += " /".utf8
                out += key.utf8
                out.append(UInt8(ascii: " "))
                value.write(to: &out)
            }
            out += " >>".utf8
        }
    }
}

/// Reads PDF values from bytes. Throws on anything outside the subset above, so an unexpected
/// Cairo output is an error, never a silently wrong file.
struct PDFScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int
    /// Arrays and dictionaries nest at most this deep (Cairo writes 3 or 4 levels): a deeper file
    /// is refused instead of overflowing the stack.
    static let maxDepth = 64
    private var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    static func isWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C || b == 0x00
    }

    static func isDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "/"), UInt8(ascii: "%"):
            return true
        default: return false
        }
    }

    var atEnd: Bool { position >= bytes.count }
    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipWhitespaceAndComments() {
        while let b = peek {
            if Self.isWhitespace(b) {
                position += 1
            } else if b == UInt8(ascii: "%") {
                while let c = peek, c != 0x0A, c != 0x0D { position += 1 }
            } else {
                return
            }
        }
    }

    /// A run of regular characters (a number, keyword or name body).
    mutating func regularToken() -> String {
        let start = position
        while let b = peek, !Self.isWhitespace(b), !Self.isDelimiter(b) { position += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    /// `keyword` next (after white space), or an error.
    mutating func expect(_ keyword: String) throws {
        skipWhitespaceAndComments()
        let start = position
        let token = regularToken()
        guard token == keyword else { throw RenderError.unexpectedPDF(offset: start, reason: "expected \"\(keyword)\", found \"\(token.prefix(20))\"") }
    }

    mutating func value() throws -> PDFValue {
        skipWhitespaceAndComments()
        guard let b = peek else { throw RenderError.unexpectedPDF(offset: position, reason: "end of data where a value was expected") }
        guard depth < Self.maxDepth else { throw RenderError.unexpectedPDF(offset: position, reason: "arrays or dictionaries nested more than \(Self.maxDepth) deep") }
        depth += 1
        defer { depth -= 1 }
        switch b {
        case UInt8(ascii: "/"):
            position += 1
            return .name(regularToken())
        case UInt8(ascii: "("):
            return .string(try literalString())
        case UInt8(ascii: "<"):
            if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "<") { return try dictionary() }
            let start = position
            guard let end = (position..<bytes.count).first(where: { bytes[$0] == UInt8(ascii: ">") }) else {
                throw RenderError.unexpectedPDF(offset: start, reason: "unterminated hex string")
            }
            position = end + 1
            return .string(Array(bytes[start..<position]))
        case UInt8(ascii: "["):
            position += 1
            var items: [PDFValue] = []
            while true {
                skipWhitespaceAndComments()
                if peek == UInt8(ascii: "]") { position += 1; return .array(items) }
                items.append(try value())
            }
        default:
            let start = position
            let token = regularToken()
            guard !token.isEmpty else { throw RenderError.unexpectedPDF(offset: start, reason: "unexpected byte \(b)") }
            // "N G R" is a reference; look ahead without consuming anything else.
            if let n = Int(token), n >= 0, token.allSatisfy(\.isNumber) {
                let save = position
                skipWhitespaceAndComments()
                let generation = regularToken()
                if !generation.isEmpty, generation.allSatisfy(\.isNumber) {
                    skipWhitespaceAndComments()
                    if regularToken() == "R" { return .reference(n) }
                }
                position = save
            }
            return .atom(token)
        }
    }

    private mutating func dictionary() throws -> PDFValue {
        position += 2
        var entries: [(key: String, value: PDFValue)] = []
        while true {
            skipWhitespaceAndComments()
            guard let b = peek else { throw RenderError.unexpectedPDF(offset: position, reason: "unterminated dictionary") }
            if b == UInt8(ascii: ">") {
                guard position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: ">") else {
                    throw RenderError.unexpectedPDF(offset: position, reason: "single \">\" in a dictionary")
                }
                position += 2
                return .dictionary(entries)
            }
            guard case .name(let key) = try value() else { throw RenderError.unexpectedPDF(offset: position, reason: "dictionary key is not a name") }
            entries.append((key, try value()))
        }
    }

    private mutating func literalString() throws -> [UInt8] {
        let start = position
        var depth = 0
        while let b = peek {
            position += 1
            switch b {
            case UInt8(ascii: "\\"): position += 1
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return Array(bytes[start..<position]) }
            default: break
            }
        }
        throw RenderError.unexpectedPDF(offset: start, reason: "unterminated string")
    }
}
