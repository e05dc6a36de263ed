import Foundation

/// Turns the bytes of an exported list into text. The walking skeleton reads UTF-8 (with or
/// without BOM); anything else is refused with a message that says how to re-save the file.
public enum TextDecoding {
    public static func decode(_ data: Data, path: String) throws -> String {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw ECertError.invalidEncoding(path: path, reason: "the file is UTF-16 (Excel \"Unicode Text\")")
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        guard let text = String(validating: body, as: UTF8.self) else {
            let offset = firstInvalidUTF8Offset(body)
            throw ECertError.invalidEncoding(path: path, reason: "byte \(offset) is not valid UTF-8 (perhaps Windows-1252)")
        }
        return text
    }

    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while case .valid(let scalar) = parser.parseScalar(from: &iterator) {
            offset += scalar.count
        }
        return offset
    }
}
