// The concrete primitive requirements of the three containers.
// Synthesized Codable code calls these directly, so no dynamic casts are needed for primitives.

extension KeyedNodeContainer {
    mutating func encode(_ value: String, forKey key: Key) throws { node.set(key.stringValue, .value(.string(value))) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.set(key.stringValue, .value(.bool(value))) }
    mutating func encode(_ value: Double, forKey key: Key) throws { node.set(key.stringValue, .value(try JSONValueEncoder.number(Double(value), path(key)))) }
    mutating func encode(_ value: Float, forKey key: Key) throws { node.set(key.stringValue, .value(try JSONValueEncoder.number(Double(value), path(key)))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.set(key.stringValue, .value(try JSONValueEncoder.number(value, path(key)))) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { node.set(key.stringValue, .value(try JSONValueEncoder.number(value, path(key)))) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { node.set(key.stringValue, .value(try JSONValueEncoder.number(value, path(key)))) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { node.set(key.stringValue, .value(try JSONValueEncoder.number(value, path(key)))) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { node.set(key.stringValue, .value(try JSONValueEncoder.number(value, path(key)))) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { node.set(key.stringValue, .value(try JSONValueEncoder.number(value, path(key)))) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { node.set(key.stringValue, .value(try JSONValueEncoder.number(value, path(key)))) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { node.set(key.stringValue, .value(try JSONValueEncoder.number(value, path(key)))) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { node.set(key.stringValue, .value(try JSONValueEncoder.number(value, path(key)))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { node.set(key.stringValue, .value(try JSONValueEncoder.number(value, path(key)))) }
}

extension UnkeyedNodeContainer {
    mutating func encode(_ value: String) throws { node.append(.value(.string(value))) }
    mutating func encode(_ value: Bool) throws { node.append(.value(.bool(value))) }
    mutating func encode(_ value: Double) throws { node.append(.value(try JSONValueEncoder.number(Double(value), nextPath))) }
    mutating func encode(_ value: Float) throws { node.append(.value(try JSONValueEncoder.number(Double(value), nextPath))) }
    mutating func encode(_ value: Int) throws { node.append(.value(try JSONValueEncoder.number(value, nextPath))) }
    mutating func encode(_ value: Int8) throws { node.append(.value(try JSONValueEncoder.number(value, nextPath))) }
    mutating func encode(_ value: Int16) throws { node.append(.value(try JSONValueEncoder.number(value, nextPath))) }
    mutating func encode(_ value: Int32) throws { node.append(.value(try JSONValueEncoder.number(value, nextPath))) }
    mutating func encode(_ value: Int64) throws { node.append(.value(try JSONValueEncoder.number(value, nextPath))) }
    mutating func encode(_ value: UInt) throws { node.append(.value(try JSONValueEncoder.number(value, nextPath))) }
    mutating func encode(_ value: UInt8) throws { node.append(.value(try JSONValueEncoder.number(value, nextPath))) }
    mutating func encode(_ value: UInt16) throws { node.append(.value(try JSONValueEncoder.number(value, nextPath))) }
    mutating func encode(_ value: UInt32) throws { node.append(.value(try JSONValueEncoder.number(value, nextPath))) }
    mutating func encode(_ value: UInt64) throws { node.append(.value(try JSONValueEncoder.number(value, nextPath))) }
}

extension SingleNodeContainer {
    mutating func encode(_ value: String) throws { node.content = .single(.value(.string(value))) }
    mutating func encode(_ value: Bool) throws { node.content = .single(.value(.bool(value))) }
    mutating func encode(_ value: Double) throws { node.content = .single(.value(try JSONValueEncoder.number(Double(value), codingPath))) }
    mutating func encode(_ value: Float) throws { node.content = .single(.value(try JSONValueEncoder.number(Double(value), codingPath))) }
    mutating func encode(_ value: Int) throws { node.content = .single(.value(try JSONValueEncoder.number(value, codingPath))) }
    mutating func encode(_ value: Int8) throws { node.content = .single(.value(try JSONValueEncoder.number(value, codingPath))) }
    mutating func encode(_ value: Int16) throws { node.content = .single(.value(try JSONValueEncoder.number(value, codingPath))) }
    mutating func encode(_ value: Int32) throws { node.content = .single(.value(try JSONValueEncoder.number(value, codingPath))) }
    mutating func encode(_ value: Int64) throws { node.content = .single(.value(try JSONValueEncoder.number(value, codingPath))) }
    mutating func encode(_ value: UInt) throws { node.content = .single(.value(try JSONValueEncoder.number(value, codingPath))) }
    mutating func encode(_ value: UInt8) throws { node.content = .single(.value(try JSONValueEncoder.number(value, codingPath))) }
    mutating func encode(_ value: UInt16) throws { node.content = .single(.value(try JSONValueEncoder.number(value, codingPath))) }
    mutating func encode(_ value: UInt32) throws { node.content = .single(.value(try JSONValueEncoder.number(value, codingPath))) }
    mutating func encode(_ value: UInt64) throws { node.content = .single(.value(try JSONValueEncoder.number(value, codingPath))) }
}
