/// An `Encoder` that builds a `JSONValue` directly, for JCS (faster than a JSONEncoder round
/// trip, and it can refuse what JCS cannot represent: non-finite numbers, integers past ±2^53).
/// Like JSONEncoder, `encodeIfPresent(nil)` leaves the key out and a later write to a key wins.
public enum JSONValueEncoder {
    public static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try box(value, codingPath: [])
    }

    /// One value as JSON: primitives directly, anything else through its `encode(to:)`.
    static func box<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> JSONValue {
        switch value {
        case let v as String: return .string(v)
        case let v as Bool: return .bool(v)
        case let v as Int: return try number(v, codingPath)
        case let v as Double: return try number(v, codingPath)
        case let v as Float: return try number(Double(v), codingPath)
        case let v as any BinaryInteger: return try number(v, codingPath)
        case let v as JSONValue: return v
        case let v as [String: String]: return .object(v.map { ($0.key, .string($0.value)) })
        default:
            let node = EncodingNode()
            try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
            return node.value
        }
    }

    static func number(_ v: Double, _ codingPath: [any CodingKey]) throws -> JSONValue {
        guard v.isFinite else {
            throw ECertError.unencodableJSON(keyPath: JSONKeyPath.render(codingPath), reason: "the number \(v) is not finite; JSON has no NaN or infinity")
        }
        return .number(v)
    }

    static func number<I: BinaryInteger>(_ v: I, _ codingPath: [any CodingKey]) throws -> JSONValue {
        guard let d = Double(exactly: v), abs(d) <= StrictJSONParser.maxMagnitude else {
            throw ECertError.unencodableJSON(keyPath: JSONKeyPath.render(codingPath), reason: "the integer \(v) is outside I-JSON's exact range ±2^53")
        }
        return .number(d)
    }
}

/// A value under construction; containers write into it, so nested containers see later writes.
final class EncodingNode {
    enum Slot { case value(JSONValue), node(EncodingNode) }
    enum Content { case empty, single(Slot), object([(String, Slot)], [String: Int]), array([Slot]) }
    var content: Content = .empty

    var value: JSONValue {
        switch content {
        case .empty: return .object([])  // JSONEncoder writes `{}` for a type that encodes nothing
        case .single(let slot): return Self.resolve(slot)
        case .object(let members, _): return .object(members.map { ($0.0, Self.resolve($0.1)) })
        case .array(let elements): return .array(elements.map(Self.resolve))
        }
    }

    static func resolve(_ slot: Slot) -> JSONValue {
        switch slot {
        case .value(let v): return v
        case .node(let n): return n.value
        }
    }

    func becomeObject() {
        if case .object = content { return }
        content = .object([], [:])
    }

    func becomeArray() {
        if case .array = content { return }
        content = .array([])
    }

    func set(_ key: String, _ slot: Slot) {
        guard case .object(var members, var index) = content else { return }
        content = .empty  // keeps `members` uniquely referenced while it changes
        if let at = index[key] { members[at].1 = slot } else {
            index[key] = members.count
            members.append((key, slot))
        }
        content = .object(members, index)
    }

    func remove(_ key: String) {
        guard case .object(var members, var index) = content, let at = index[key] else { return }
        members.remove(at: at)
        index = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1.0, $0) })
        content = .object(members, index)
    }

    func append(_ slot: Slot) {
        guard case .array(var elements) = content else { return }
        content = .empty
        elements.append(slot)
        content = .array(elements)
    }

    var count: Int {
        if case .array(let elements) = content { return elements.count }
        return 0
    }
}

/// A string-only coding key, and an index key for arrays (key paths show it as `[3]`).
struct JSONCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) { self.stringValue = "\(intValue)"; self.intValue = intValue }
    init(index: Int) { self.init(intValue: index) }
    static let superKey = JSONCodingKey(stringValue: "super")
}
