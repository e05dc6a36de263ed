import ECertCore

/// The fuzz targets, by name. A new target (CSV reader, XLSX reader, PDF object reader) is one
/// more entry here; `make fuzz FUZZ_TARGETS="…"` picks which run. Each closure must trap on a
/// broken invariant and may throw or return on input it rightly refuses.
enum FuzzTargets {
    static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "json": json,
        "payload": payload,
    ]

    /// Strict parse; whatever parses must serialise to JCS, re-parse, and give an equal value.
    static func json(_ data: [UInt8]) {
        guard let value = try? StrictJSON.parse(data, path: "fuzz") else { return }
        let canonical = JCS.serialize(value)
        guard let again = try? StrictJSON.parse(canonical, path: "canonical") else {
            fatalError("JCS output does not parse: \(String(decoding: canonical, as: UTF8.self))")
        }
        precondition(again == inCanonicalOrder(value), "re-parse of JCS output differs")
        precondition(JCS.serialize(again) == canonical, "JCS is not idempotent")
        _ = JCS.pretty(value)
    }

    /// `value` with every object's members in JCS order (UTF-16 code units), as a re-parse of JCS gives them.
    static func inCanonicalOrder(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let elements): return .array(elements.map(inCanonicalOrder))
        case .object(let members):
            return .object(members.map { ($0.0, inCanonicalOrder($0.1)) }.sorted { $0.0.utf16.lexicographicallyPrecedes($1.0.utf16) })
        default: return value
        }
    }

    /// The QR payload decoder, from bytes and from text; a decoded payload must re-encode to its bytes.
    static func payload(_ data: [UInt8]) {
        if let payload = try? SignedPayload(bytes: data) {
            precondition(payload.bytes == data, "payload does not re-encode to its bytes")
        }
        _ = try? SignedPayload(text: String(decoding: data, as: UTF8.self))
    }
}
