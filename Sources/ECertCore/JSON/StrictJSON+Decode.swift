extension StrictJSON {
    /// Decodes `T` from a parsed value through `NodeDecoder`: unknown keys, missing keys and type
    /// mismatches are ECertError cases naming `path` and the key path.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, path: String) throws -> T {
        do {
            return try NodeDecoder.unbox(type, from: value, codingPath: [], file: path)
        } catch let error as DecodingError {
            throw ecertError(error, path: path)  // thrown by a type's own init(from:), e.g. a bad enum raw value
        }
    }

    /// Parses `bytes` strictly, then decodes `T`.
    public static func decode<T: Decodable, Bytes: Collection>(_ type: T.Type, fromBytes bytes: Bytes, path: String) throws -> T
    where Bytes.Element == UInt8 {
        try decode(type, from: try parse(bytes, path: path), path: path)
    }

    static func ecertError(_ error: DecodingError, path: String) -> ECertError {
        switch error {
        case .dataCorrupted(let c), .typeMismatch(_, let c), .valueNotFound(_, let c):
            return .invalidJSONValue(path: path, keyPath: JSONKeyPath.render(c.codingPath), reason: c.debugDescription)
        case .keyNotFound(let key, let c):
            return .missingJSONKey(path: path, keyPath: JSONKeyPath.render(c.codingPath), key: key.stringValue)
        @unknown default:
            return .invalidJSONValue(path: path, keyPath: "", reason: "\(error)")
        }
    }
}
