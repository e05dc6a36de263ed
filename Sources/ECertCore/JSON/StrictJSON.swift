/// The strict JSON reader every signed or checked file goes through (see StrictJSONParser for why).
public enum StrictJSON {
    /// Parses one JSON document. Errors are `ECertError.invalidJSON` / `.duplicateJSONKey` naming
    /// `path`, the byte offset, the line and the key path where reading stopped.
    public static func parse<Bytes: Collection>(_ bytes: Bytes, path: String) throws -> JSONValue where Bytes.Element == UInt8 {
        if let result = bytes.withContiguousStorageIfAvailable({ parse(buffer: $0, path: path) }) {
            return try result.get()
        }
        return try Array(bytes).withUnsafeBufferPointer { parse(buffer: $0, path: path) }.get()
    }

    static func parse(buffer: UnsafeBufferPointer<UInt8>, path: String) -> Result<JSONValue, ECertError> {
        var parser = StrictJSONParser(buffer)
        do {
            return .success(try parser.parseDocument())
        } catch {
            return .failure(error.ecertError(path: path, in: buffer))
        }
    }
}

extension StrictJSONParser.Failure {
    func ecertError(path: String, in buffer: UnsafeBufferPointer<UInt8>) -> ECertError {
        let keyPath = JSONKeyPath.render(reversedPath.reversed())
        let line = 1 + buffer[..<min(offset, buffer.count)].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        switch kind {
        case .syntax(let reason):
            return .invalidJSON(path: path, offset: offset, line: line, keyPath: keyPath, reason: reason)
        case .duplicate(let key):
            return .duplicateJSONKey(path: path, key: key, keyPath: keyPath, offset: offset, line: line)
        }
    }
}
