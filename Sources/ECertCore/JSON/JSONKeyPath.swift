/// One step into a JSON document: a member name or an array index.
enum JSONPathComponent: Sendable, Equatable {
    case key(String)
    case index(Int)
}

/// Key paths as error messages show them: `header.signed.body.counts.issued`, `records[3].name`.
enum JSONKeyPath {
    static func render(_ components: [JSONPathComponent]) -> String {
        var out = ""
        for component in components {
            switch component {
            case .index(let i):
                out += "[\(i)]"
            case .key(let k) where isPlain(k):
                out += out.isEmpty ? k : "." + k
            case .key(let k):
                // Keys with dots, brackets or spaces ("😀 Catatan") are quoted so the path stays unambiguous.
                out += "[\"\(k)\"]"
            }
        }
        return out
    }

    static func render(_ path: [any CodingKey]) -> String {
        render(path.map { $0.intValue.map(JSONPathComponent.index) ?? .key($0.stringValue) })
    }

    static func isPlain(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
        }
    }

    /// The place for a message: "at `body.counts`", or "at the top level".
    static func describe(_ rendered: String) -> String {
        rendered.isEmpty ? "at the top level" : "at `\(rendered)`"
    }
}
