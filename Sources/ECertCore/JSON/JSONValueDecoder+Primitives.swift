// The concrete primitive requirements of the three containers: synthesized Codable code calls
// these directly, so primitives need no dynamic casts.

extension NodeDecoder {
    func string(_ v: JSONValue, _ path: [any CodingKey]) throws -> String {
        guard case .string(let s) = v else { throw mismatch("a string", v, at: path) }
        return s
    }

    func bool(_ v: JSONValue, _ path: [any CodingKey]) throws -> Bool {
        guard case .bool(let b) = v else { throw mismatch("true or false", v, at: path) }
        return b
    }

    func double(_ v: JSONValue, _ path: [any CodingKey]) throws -> Double {
        guard case .number(let n) = v else { throw mismatch("a number", v, at: path) }
        return n
    }

    func float(_ v: JSONValue, _ path: [any CodingKey]) throws -> Float { Float(try double(v, path)) }

    /// Whole numbers only: `3.5` or `1e300` for an Int is a mismatch, not a rounding.
    func integer<I: FixedWidthInteger>(_ v: JSONValue, _ path: [any CodingKey]) throws -> I {
        guard case .number(let n) = v, let i = I(exactly: n) else {
            throw mismatch("a whole number (\(I.self), \(I.min)…\(I.max))", v, at: path)
        }
        return i
    }
}

extension KeyedValueContainer {
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder.string(try value(key), path(key)) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder.bool(try value(key), path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder.double(try value(key), path(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoder.float(try value(key), path(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder.integer(try value(key), path(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder.integer(try value(key), path(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder.integer(try value(key), path(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder.integer(try value(key), path(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder.integer(try value(key), path(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder.integer(try value(key), path(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder.integer(try value(key), path(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder.integer(try value(key), path(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder.integer(try value(key), path(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder.integer(try value(key), path(key)) }
}

extension UnkeyedValueContainer {
    mutating func decode(_ type: String.Type) throws -> String {
        let path = currentPath
        return try decoder.string(try next(), path)
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool {
        let path = currentPath
        return try decoder.bool(try next(), path)
    }
    mutating func decode(_ type: Double.Type) throws -> Double {
        let path = currentPath
        return try decoder.double(try next(), path)
    }
    mutating func decode(_ type: Float.Type) throws -> Float {
        let path = currentPath
        return try decoder.float(try next(), path)
    }
    mutating func decode(_ type: Int.Type) throws -> Int {
        let path = currentPath
        return try decoder.integer(try next(), path)
    }
    mutating func decode(_ type: Int8.Type) throws -> Int8 {
        let path = currentPath
        return try decoder.integer(try next(), path)
    }
    mutating func decode(_ type: Int16.Type) throws -> Int16 {
        let path = currentPath
        return try decoder.integer(try next(), path)
    }
    mutating func decode(_ type: Int32.Type) throws -> Int32 {
        let path = currentPath
        return try decoder.integer(try next(), path)
    }
    mutating func decode(_ type: Int64.Type) throws -> Int64 {
        let path = currentPath
        return try decoder.integer(try next(), path)
    }
    mutating func decode(_ type: UInt.Type) throws -> UInt {
        let path = currentPath
        return try decoder.integer(try next(), path)
    }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 {
        let path = currentPath
        return try decoder.integer(try next(), path)
    }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 {
        let path = currentPath
        return try decoder.integer(try next(), path)
    }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 {
        let path = currentPath
        return try decoder.integer(try next(), path)
    }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 {
        let path = currentPath
        return try decoder.integer(try next(), path)
    }
}

extension SingleValueContainer {
    func decode(_ type: String.Type) throws -> String { try decoder.string(decoder.value, codingPath) }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.bool(decoder.value, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try decoder.double(decoder.value, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try decoder.float(decoder.value, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.integer(decoder.value, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.integer(decoder.value, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.integer(decoder.value, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.integer(decoder.value, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.integer(decoder.value, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.integer(decoder.value, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.integer(decoder.value, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.integer(decoder.value, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.integer(decoder.value, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.integer(decoder.value, codingPath) }
}
