import Foundation
import Yams

/// The text of the certificate e-mail: subject, plain-text and HTML bodies, and the sentence
/// that either links the certificate or says it is attached. Placeholders are `{name}`-style
/// (`MailTemplate.placeholders`, plus `{column:Header}` for any column of the list); `{{` is a
/// literal brace. Indonesian by default, English built in, or a YAML file with the same keys.
public struct MailTemplate: Sendable, Equatable {
    public var subject: String
    public var text: String
    public var html: String
    public var deliveryLink: String
    public var deliveryAttach: String
    public var htmlDeliveryLink: String
    public var htmlDeliveryAttach: String

    public static let keys = ["subject", "text", "html", "delivery_link", "delivery_attach", "html_delivery_link", "html_delivery_attach"]
    public static let placeholders = ["name", "serial", "id", "email", "phone", "event", "date", "place", "issuer",
                                      "verify_url", "download_url", "file", "sender", "delivery"]
    public static let languages = ["id", "en"]

    public static func builtIn(language: String) -> MailTemplate {
        language == "en" ? english : indonesian
    }

    /// Reads a YAML template with every key of `keys`; refuses unknown keys and placeholders.
    public static func load(from url: URL) throws -> MailTemplate {
        let text = String(decoding: try BoundedFile.read(url, limit: 1 << 20), as: UTF8.self)
        let mapping: Node.Mapping
        do {
            guard let found = try Yams.compose(yaml: text)?.mapping else { throw ECertError.invalidMailTemplate(path: url.path, reason: "expected key: value lines (subject: …, text: |, html: |)") }
            mapping = found
        } catch let error as ECertError { throw error } catch {
            throw ECertError.invalidMailTemplate(path: url.path, reason: "not valid YAML (\(error))")
        }
        var values: [String: String] = [:]
        for (keyNode, valueNode) in mapping {
            let key = keyNode.string ?? "\(keyNode)"
            guard keys.contains(key) else { throw ECertError.invalidMailTemplate(path: url.path, reason: "unknown key \"\(key)\"; the keys are \(keys.joined(separator: ", "))") }
            guard let value = valueNode.scalar?.string else { throw ECertError.invalidMailTemplate(path: url.path, reason: "\"\(key)\" must be text") }
            values[key] = value
        }
        let missing = keys.filter { values[$0] == nil }
        guard missing.isEmpty else { throw ECertError.invalidMailTemplate(path: url.path, reason: "missing \(missing.joined(separator: ", ")); copy docs/DELIVERY.md's example and change the text") }
        let template = MailTemplate(subject: values["subject"]!, text: values["text"]!, html: values["html"]!,
                                    deliveryLink: values["delivery_link"]!, deliveryAttach: values["delivery_attach"]!,
                                    htmlDeliveryLink: values["html_delivery_link"]!, htmlDeliveryAttach: values["html_delivery_attach"]!)
        try template.check(path: url.path)
        return template
    }

    /// Every placeholder must be known, so a typo is an error before the first message, not a
    /// literal `{nmae}` in 12,003 inboxes.
    func check(path: String) throws {
        for (key, part) in zip(Self.keys, [subject, text, html, deliveryLink, deliveryAttach, htmlDeliveryLink, htmlDeliveryAttach]) {
            for name in try Self.names(in: part, path: path, key: key) where !Self.placeholders.contains(name) && !name.hasPrefix("column:") {
                throw ECertError.invalidMailTemplate(path: path, reason: "\(key): unknown placeholder {\(name)}; use one of \(Self.placeholders.map { "{\($0)}" }.joined(separator: " ")) or {column:Header}")
            }
            if key.hasPrefix("delivery") || key.hasPrefix("html_delivery"), part.contains("{delivery}") {
                throw ECertError.invalidMailTemplate(path: path, reason: "\(key) cannot contain {delivery}")
            }
        }
    }

    static func names(in text: String, path: String, key: String) throws -> [String] {
        var names: [String] = []
        _ = try fill(text, path: path, key: key) { names.append($0); return "" }
        return names
    }

    /// Replaces each `{placeholder}` with `value(name)`.
    static func fill(_ text: String, path: String = "template", key: String = "", value: (String) -> String) throws -> String {
        var out = "", rest = Substring(text)
        while let open = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            out += rest[..<open]
            let after = rest.index(after: open)
            if after < rest.endIndex, rest[after] == rest[open] { out.append(rest[open]); rest = rest[rest.index(after: after)...]; continue }
            guard rest[open] == "{", let close = rest[after...].firstIndex(of: "}") else {
                throw ECertError.invalidMailTemplate(path: path, reason: "\(key): unmatched \"\(rest[open])\"; write {{ or }} for a literal brace")
            }
            out += value(String(rest[after..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
