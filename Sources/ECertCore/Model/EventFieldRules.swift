import Foundation

/// Rules for the text fields of an event file (and for other free text that ends up signed, such
/// as a revocation reason): the same character rules as names — no NUL, other control characters,
/// bidi controls or invisible characters, no line breaks — plus a length limit per field. A new
/// event field gets its rule by calling `problem(_:field:maxLength:)` (or `requireClean`) on its
/// value — `EventReader.checkText` does — and its limit in `maxLengths` (default 300).
public enum EventFieldRules {
    /// An event file is a few lines; anything larger is refused before YAML parsing.
    public static let maxFileBytes = 256 << 10
    public static let defaultMaxLength = 300
    /// Characters per field (a title of two printed lines is about 150).
    public static let maxLengths: [String: Int] = [
        "title": 300, "place": 300, "issuer": 300, "serial": 100, "verify_url": 300, "template": 64, "reason": 300,
    ]

    /// Why `value` cannot be the `field` of a signed document, or nil.
    public static func problem(_ value: String, field: String, maxLength: Int? = nil) -> String? {
        let limit = maxLength ?? maxLengths[field] ?? defaultMaxLength
        if value.unicodeScalars.count > limit * 4 || value.count > limit {
            return "\"\(field)\" is \(value.count) characters, more than the \(limit) it may have; shorten it"
        }
        if let bad = value.unicodeScalars.first(where: { $0 == "\n" || $0 == "\r" }) {
            return "\"\(field)\" contains a line break (\(ParticipantList.codePoint(bad))); write it on one line"
        }
        if let found = NameRules.characterProblem(value, label: "\"\(field)\"") { return found.reason }
        return nil
    }

    /// `problem` as an `invalidEvent` error for the file at `path`.
    public static func requireClean(_ value: String, field: String, path: String, maxLength: Int? = nil) throws {
        if let reason = problem(value, field: field, maxLength: maxLength) {
            throw ECertError.invalidEvent(path: path, reason: reason + ". Fix: change the line \"\(field): …\" in this file")
        }
    }

    /// A YAML null (`title: null`, `~`) is no text: refused instead of printed as "null".
    public static func isYAMLNull(_ raw: String, plain: Bool) -> Bool {
        plain && ["null", "Null", "NULL", "~"].contains(raw)
    }

    /// A template is named by its folder in templates/: one plain folder name, never a path (a
    /// `../` or absolute path would sign and draw files from anywhere).
    public static func templateNameProblem(_ name: String) -> String? {
        let allowed = name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == ".") }
        guard !name.isEmpty, allowed, !name.hasPrefix("."), name.count <= maxLengths["template"]! else {
            return "template \"\(name.withVisibleControlCharacters)\" is not the name of a folder in templates/ (letters, digits, '-', '_' and '.' only, no path); "
                + "use a bundled template such as \"classic\", or copy yours into templates/NAME and write \"template: NAME\""
        }
        return nil
    }

    /// Why `host` (of a verify_url) is not a plain DNS name or IP address with an optional port, or nil.
    static func hostProblem(_ url: String) -> String? {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            return "has no host name after https://"
        }
        if components.user != nil || components.password != nil { return "carries a user name or password before the host" }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        let valid = labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") }
        }
        guard valid || host.hasPrefix("[") else { return "has the host \"\(host)\", which is not a domain name such as sertifikat.example.go.id" }
        return nil
    }
}
