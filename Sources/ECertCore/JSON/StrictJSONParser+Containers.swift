extension StrictJSONParser {
    mutating func enter() throws(Failure) {
        depth += 1
        guard depth <= Self.maxDepth else {
            throw fail("arrays and objects are nested deeper than \(Self.maxDepth) levels")
        }
    }

    mutating func parseArray() throws(Failure) -> JSONValue {
        try enter()
        position += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            do {
                skipWhitespace()
                elements.append(try parseValue())
            } catch {
                throw error.adding(.index(elements.count))
            }
            if try endsContainer(close: "]", in: "an array") { break }
        }
        depth -= 1
        return .array(elements)
    }

    mutating func parseObject() throws(Failure) -> JSONValue {
        try enter()
        position += 1  // {
        var members: [(String, JSONValue)] = []
        var seen = Set<[UInt8]>()  // filled only for large objects; small ones are scanned
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw fail("unexpected \(describeByte(at: position)) in an object; expected a key in double quotes")
            }
            let keyOffset = position
            let key = try parseString()
            try checkUnique(key, in: members, seen: &seen, offset: keyOffset)
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw fail("unexpected \(describeByte(at: position)) after the key `\(key)`; expected ':'").adding(.key(key))
            }
            position += 1
            do {
                skipWhitespace()
                members.append((key, try parseValue()))
            } catch {
                throw error.adding(.key(key))
            }
            if try endsContainer(close: "}", in: "an object") { break }
        }
        depth -= 1
        return .object(members)
    }

    /// After an element: reads `,` (more follow, false) or `close` (the container ends, true).
    mutating func endsContainer(close: Unicode.Scalar, in container: String) throws(Failure) -> Bool {
        skipWhitespace()
        guard position < bytes.count else { throw fail("unexpected end of the file inside \(container); expected ',' or '\(close)'") }
        let b = bytes[position]
        position += 1
        if b == UInt8(ascii: close) { return true }
        guard b == UInt8(ascii: ",") else {
            throw fail("unexpected \(describeByte(at: position - 1)) in \(container); expected ',' or '\(close)'", at: position - 1)
        }
        return false
    }

    /// Keys are compared byte for byte, as RFC 8785 and other readers do: "é" and "e\u{301}"
    /// are two keys (Swift's String == would call them one).
    func checkUnique(_ key: String, in members: [(String, JSONValue)], seen: inout Set<[UInt8]>, offset: Int) throws(Failure) {
        let duplicate: Bool
        if members.count < 16 {
            duplicate = members.contains { $0.0.utf8.elementsEqual(key.utf8) }
        } else {
            if seen.isEmpty { seen = Set(members.map { Array($0.0.utf8) }) }
            duplicate = !seen.insert(Array(key.utf8)).inserted
        }
        if duplicate { throw Failure(kind: .duplicate(key), offset: offset, reversedPath: [.key(key)]) }
    }
}

extension StrictJSONParser.Failure {
    func adding(_ component: JSONPathComponent) -> Self {
        var copy = self
        copy.reversedPath.append(component)
        return copy
    }
}
