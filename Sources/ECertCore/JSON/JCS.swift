import Foundation

/// RFC 8785 JSON Canonicalization Scheme: the one byte form signatures and hashes cover.
/// Keys sorted by UTF-16 code units, ECMAScript string escaping and number form, no white space.
public enum JCS {
    public static func serialize(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, to: &out)
        return out
    }

    /// A Codable model in canonical form, built through `JSONValueEncoder` (no JSONEncoder round trip).
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        serialize(try JSONValueEncoder.encode(value))
    }

    /// A Codable model as a JSON value (to sign it, embed it, or write it pretty).
    public static func value<T: Encodable>(of value: T) throws -> JSONValue {
        try JSONValueEncoder.encode(value)
    }

    static func write(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: b ? "true".utf8 : "false".utf8)
        case .number(let n): JCSNumber.write(n, to: &out)
        case .string(let s): JCSString.write(s, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (k, element) in elements.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                write(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (k, member) in sortedMembers(members).enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                JCSString.write(member.0, to: &out)
                out.append(UInt8(ascii: ":"))
                write(member.1, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// RFC 8785 §3.2.3: by UTF-16 code units, so "😀" (D83D DE00) sorts before "ｱ" (FF71) even
    /// though its scalar is larger; Swift's String `<` compares by Unicode canonical equivalence.
    static func sortedMembers(_ members: [(String, JSONValue)]) -> [(String, JSONValue)] {
        // Files ecert wrote are in order already: checking is cheaper than sorting.
        let inOrder = members.indices.dropFirst().allSatisfy { !utf16Precedes(members[$0].0, members[$0 - 1].0) }
        return inOrder ? members : members.sorted { utf16Precedes($0.0, $1.0) }
    }

    static func utf16Precedes(_ a: String, _ b: String) -> Bool {
        // Below U+D800 (all of ASCII and most scripts) UTF-8 byte order equals UTF-16 order.
        var ia = a.utf8.makeIterator(), ib = b.utf8.makeIterator()
        while true {
            switch (ia.next(), ib.next()) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case let (x?, y?) where x == y: continue
            case let (x?, y?) where x < 0xED && y < 0xED: return x < y
            default: return a.utf16.lexicographicallyPrecedes(b.utf16)
            }
        }
    }
}
