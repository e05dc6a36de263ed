import Foundation

/// The one byte form that signatures and hashes are computed over: UTF-8 JSON with keys sorted,
/// no white space and no escaped slashes. ecert only puts strings, integers, arrays and objects
/// in signed JSON, for which this equals RFC 8785 (JCS).
public enum CanonicalJSON {
    public static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain Codable structs of strings and integers cannot fail.
        return Array(try! encoder.encode(value))
    }

    /// The readable form written to disk; verification re-canonicalises, so layout does not matter.
    public static func pretty<T: Encodable>(_ value: T) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return try! encoder.encode(value) + Data("\n".utf8)
    }
}
