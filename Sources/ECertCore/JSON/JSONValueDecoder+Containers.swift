struct KeyedValueContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: NodeDecoder
    let members: [(String, JSONValue)]
    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.0) } }

    func path(_ key: Key) -> [any CodingKey] { codingPath + [JSONCodingKey(stringValue: key.stringValue)] }

    func contains(_ key: Key) -> Bool { decoder.member(key.stringValue, in: members) != nil }

    func value(_ key: Key) throws -> JSONValue {
        guard let at = decoder.member(key.stringValue, in: members) else {
            throw ECertError.missingJSONKey(path: decoder.file, keyPath: JSONKeyPath.render(codingPath), key: key.stringValue)
        }
        return members[at].1
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key) == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try NodeDecoder.unbox(type, from: try value(key), codingPath: path(key), file: decoder.file)
    }

    func child(_ key: Key, value: JSONValue) -> NodeDecoder {
        let child = NodeDecoder(value: value, codingPath: path(key), file: decoder.file)
        decoder.nested.append(child)
        return child
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key, value: try value(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key, value: try value(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        let key = JSONCodingKey.superKey.stringValue
        let at = decoder.member(key, in: members)
        let child = NodeDecoder(value: at.map { members[$0].1 } ?? .null, codingPath: codingPath + [JSONCodingKey.superKey], file: decoder.file)
        decoder.nested.append(child)
        return child
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        let at = decoder.member(key.stringValue, in: members)
        return child(key, value: at.map { members[$0].1 } ?? .null)
    }
}

struct UnkeyedValueContainer: UnkeyedDecodingContainer {
    let decoder: NodeDecoder
    let elements: [JSONValue]
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    init(decoder: NodeDecoder, elements: [JSONValue]) {
        self.decoder = decoder
        self.elements = elements
    }

    var currentPath: [any CodingKey] { codingPath + [JSONCodingKey(index: currentIndex)] }

    mutating func next() throws -> JSONValue {
        guard !isAtEnd else {
            throw ECertError.jsonTypeMismatch(path: decoder.file, keyPath: JSONKeyPath.render(currentPath),
                                              expected: "another element", found: "the end of the array")
        }
        defer { currentIndex += 1 }
        return elements[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let path = currentPath
        return try NodeDecoder.unbox(type, from: try next(), codingPath: path, file: decoder.file)
    }

    mutating func childDecoder() throws -> NodeDecoder {
        let path = currentPath
        let child = NodeDecoder(value: try next(), codingPath: path, file: decoder.file)
        decoder.nested.append(child)
        return child
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try childDecoder().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try childDecoder().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try childDecoder() }
}

struct SingleValueContainer: SingleValueDecodingContainer {
    let decoder: NodeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.value == .null }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try NodeDecoder.unbox(type, from: decoder.value, codingPath: codingPath, file: decoder.file)
    }
}
