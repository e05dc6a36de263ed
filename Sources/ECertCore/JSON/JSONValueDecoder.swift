/// A `Decoder` over a parsed `JSONValue` (no JSONDecoder round trip: faster, and every error
/// names the file and our key path). It refuses keys the type did not ask for: after a type has
/// decoded itself, every member of its object must have been read (`decode`, `decodeIfPresent`,
/// `contains`); dictionaries read all their keys, so any key is fine in them.
final class NodeDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let file: String
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// For the object's members, whether the type read them (nil until a keyed container is made).
    var used: [Bool]?
    /// Containers handed out by `nestedContainer`/`superDecoder`: checked with this one.
    var nested: [NodeDecoder] = []
    var index: [[UInt8]: Int]?

    init(value: JSONValue, codingPath: [any CodingKey], file: String) {
        self.value = value
        self.codingPath = codingPath
        self.file = file
    }

    static func unbox<T: Decodable>(_ type: T.Type, from value: JSONValue, codingPath: [any CodingKey], file: String) throws -> T {
        if let raw = value as? T { return raw }  // a JSONValue field keeps the value as it is
        let decoder = NodeDecoder(value: value, codingPath: codingPath, file: file)
        let result = try T(from: decoder)
        try decoder.checkUnknownKeys()
        return result
    }

    func checkUnknownKeys() throws {
        if let used, case .object(let members) = value, let k = used.firstIndex(of: false) {
            throw ECertError.unknownJSONKey(path: file, keyPath: JSONKeyPath.render(codingPath), key: members[k].0)
        }
        for child in nested { try child.checkUnknownKeys() }
    }

    /// The position of the member named `key`; marks it as read.
    func member(_ key: String, in members: [(String, JSONValue)]) -> Int? {
        let at: Int?
        if members.count <= 16 {
            at = members.firstIndex { $0.0.utf8.elementsEqual(key.utf8) }
        } else {
            if index == nil { index = Dictionary(members.enumerated().map { (Array($1.0.utf8), $0) }, uniquingKeysWith: { a, _ in a }) }
            at = index?[Array(key.utf8)]
        }
        if let at { used?[at] = true }
        return at
    }

    func mismatch(_ expected: String, _ found: JSONValue, at path: [any CodingKey]? = nil) -> ECertError {
        .jsonTypeMismatch(path: file, keyPath: JSONKeyPath.render(path ?? codingPath), expected: expected, found: Self.describe(found))
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .number(let n):
            var out: [UInt8] = []
            JCSNumber.write(n, to: &out)
            return "the number " + String(decoding: out, as: UTF8.self)
        case .string(let s): return "the string \"\(s.count > 40 ? s.prefix(40) + "…" : s)\""
        default: return value.kindName
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch("an object", value) }
        if used == nil { used = Array(repeating: false, count: members.count) }
        return KeyedDecodingContainer(KeyedValueContainer<Key>(decoder: self, members: members))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch("an array", value) }
        return UnkeyedValueContainer(decoder: self, elements: elements)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(decoder: self)
    }
}
