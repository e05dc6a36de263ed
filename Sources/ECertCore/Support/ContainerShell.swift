import Foundation

/// The outer object of an ecert container file (manifest, shard, bundle): its `format` and
/// `version` must be the expected ones and it may hold no other keys than `keys`.
struct ContainerShell {
    let members: [(String, JSONValue)]
    let path: String

    init(value: JSONValue, path: String, format: String, version: Int, keys: Set<String>, olderHint: String) throws {
        guard case .object(let members) = value else {
            throw ECertError.invalidManifest(path: path, reason: "not an ecert \(format) file (expected a JSON object)")
        }
        self.members = members
        self.path = path
        guard case .string(let found)? = Self.value(members, "format"), found == format else {
            throw ECertError.invalidManifest(path: path, reason: "not an ecert \(format) file (its \"format\" is missing or different)")
        }
        guard case .number(let v)? = Self.value(members, "version"), v == Double(version) else {
            let shown = Self.value(members, "version").map { "\($0)" } ?? "missing"
            let hint = (Self.value(members, "version")?.numberValue ?? 0) < Double(version) ? olderHint : "use a newer ecert"
            throw ECertError.invalidManifest(path: path, reason: "\(format) version \(shown) is not read by this ecert, which reads version \(version); \(hint)")
        }
        if let extra = members.map(\.0).first(where: { name in !keys.contains { $0.isSameText(as: name) } }) {
            throw ECertError.invalidManifest(path: path, reason: "unknown key \"\(extra)\"; an ecert \(format) version \(version) has only \(keys.sorted().joined(separator: ", "))")
        }
    }

    func member(_ key: String) throws -> JSONValue {
        guard let value = Self.value(members, key) else {
            throw ECertError.invalidManifest(path: path, reason: "has no \"\(key)\"")
        }
        return value
    }

    func optionalMember(_ key: String) -> JSONValue? {
        Self.value(members, key).flatMap { $0 == .null ? nil : $0 }
    }

    static func value(_ members: [(String, JSONValue)], _ key: String) -> JSONValue? {
        JSONValue.object(members)[key]
    }
}
