import Foundation
import Yams

/// A certificate design: `templates/NAME/template.yaml` (format version 1, see docs/TEMPLATES.md).
/// Boxes are `[x, y, width, height]` in millimetres from the top-left corner of the page.
public struct Template: Codable, Sendable, Equatable {
    public var version: Int
    public var description: String
    public var page: Page
    public var elements: [TemplateElement]

    public struct Page: Codable, Sendable, Equatable {
        public var widthMM: Double
        public var heightMM: Double
        enum CodingKeys: String, CodingKey {
            case widthMM = "width_mm", heightMM = "height_mm"
        }
    }

    public static let fileName = "template.yaml"

    public static func load(from directory: URL) throws -> Template {
        let url = directory.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ECertError.fileNotFound(path: url.path)
        }
        let text = String(decoding: data, as: UTF8.self)
        try checkKeys(text, path: url.path)
        let template: Template
        do {
            template = try YAMLDecoder().decode(Template.self, from: text)
        } catch {
            throw ECertError.invalidTemplate(path: url.path, element: nil, reason: "cannot be read: \(error)")
        }
        guard template.version == 1 else {
            throw ECertError.invalidTemplate(path: url.path, element: nil, reason: "format version \(template.version) is not supported; this ecert reads version 1")
        }
        for (k, element) in template.elements.enumerated() {
            try element.validate(path: url.path, label: "#\(k + 1) (\(element.type.rawValue))")
        }
        guard template.elements.contains(where: { $0.type == .qr }) else {
            throw ECertError.invalidTemplate(path: url.path, element: nil, reason: "has no qr element; every certificate needs its QR code")
        }
        return template
    }

    /// Codable ignores keys it does not know; a designer's typo must not be ignored silently.
    static func checkKeys(_ text: String, path: String) throws {
        guard let root = try? Yams.compose(yaml: text), let mapping = root.mapping else {
            throw ECertError.invalidTemplate(path: path, element: nil, reason: "not a YAML mapping")
        }
        let topKeys = ["version", "description", "page", "elements"]
        for key in mapping.keys.compactMap(\.string) where !topKeys.contains(key) {
            throw ECertError.invalidTemplate(path: path, element: nil, reason: "unknown key \"\(key)\"; allowed: \(topKeys.joined(separator: ", "))")
        }
        for (k, element) in (mapping["elements"]?.sequence ?? []).enumerated() {
            for key in element.mapping?.keys.compactMap(\.string) ?? [] where !TemplateElement.allowedKeys.contains(key) {
                throw ECertError.invalidTemplate(path: path, element: "#\(k + 1)", reason: "unknown key \"\(key)\"; allowed: \(TemplateElement.allowedKeys.joined(separator: ", "))")
            }
        }
    }

    /// Placeholders every certificate can fill without looking at the participant's columns.
    public static let builtInPlaceholders: Set<String> = ["name", "id", "serial", "title", "date", "place", "issuer"]
    /// Placeholders that are the same for every certificate of a batch.
    public static let eventPlaceholders: Set<String> = ["title", "date", "place", "issuer"]

    /// Checks that every `{placeholder}` names a built-in value or a column of the list.
    public func checkPlaceholders(columns: [String], path: String) throws {
        for (k, element) in elements.enumerated() {
            for name in Placeholders.names(in: element.text ?? "") where !Self.builtInPlaceholders.contains(name) && !columns.contains(name) {
                throw ECertError.invalidTemplate(
                    path: path, element: "#\(k + 1) (text)",
                    reason: "placeholder {\(name)} names no column of the participant list; use one of \(Self.builtInPlaceholders.sorted().map { "{\($0)}" }.joined(separator: ", ")) or a column header")
            }
        }
    }
}

public struct TemplateElement: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case text, qr, rect, line }
    public enum Alignment: String, Codable, Sendable { case left, center, right }

    public var type: Kind
    public var box: [Double]
    public var text: String?
    public var font: String?
    public var style: String?
    public var weight: String?
    public var size: Double?
    public var minSize: Double?
    public var maxLines: Int?
    public var lineSpacing: Double?
    public var letterSpacing: Double?
    public var color: String?
    public var align: Alignment?
    public var fill: String?
    public var stroke: String?
    public var strokeWidth: Double?
    public var ecc: String?

    enum CodingKeys: String, CodingKey {
        case type, box, text, font, style, weight, size, color, align, fill, stroke, ecc
        case minSize = "min_size", maxLines = "max_lines", lineSpacing = "line_spacing"
        case letterSpacing = "letter_spacing", strokeWidth = "stroke_width"
    }

    static let allowedKeys = ["type", "box", "text", "font", "style", "weight", "size", "min_size", "max_lines",
                              "line_spacing", "letter_spacing", "color", "align", "fill", "stroke", "stroke_width", "ecc"]

    public var x: Double { box[0] }
    public var y: Double { box[1] }
    public var width: Double { box[2] }
    public var height: Double { box[3] }

    func validate(path: String, label: String) throws {
        func fail(_ reason: String) -> ECertError { .invalidTemplate(path: path, element: label, reason: reason) }
        guard box.count == 4, box[2] >= 0, box[3] >= 0 else { throw fail("box must be [x, y, width, height] in mm") }
        for colour in [color, fill, stroke].compactMap({ $0 }) where RGBColor(hex: colour) == nil {
            throw fail("colour \"\(colour)\" is not #RRGGBB")
        }
        switch type {
        case .text:
            guard let text, !text.isEmpty else { throw fail("a text element needs text") }
            guard (size ?? 0) > 0 else { throw fail("a text element needs a size in points") }
            if let minSize, minSize > size! { throw fail("min_size is larger than size") }
            if let maxLines, maxLines < 1 { throw fail("max_lines must be at least 1") }
        case .qr:
            guard box[2] >= 25, box[3] >= 25 else { throw fail("the QR box must be at least 25 mm wide and high so phones can scan it") }
            guard ["M", "Q", "H"].contains(ecc ?? "M") else { throw fail("ecc must be M, Q or H (L is too fragile for printed certificates)") }
        case .rect, .line:
            break
        }
    }
}

/// `#RRGGBB` as components in 0…1.
public struct RGBColor: Sendable, Equatable {
    public var red: Double, green: Double, blue: Double

    public init?(hex: String) {
        guard hex.count == 7, hex.first == "#", let bytes = Hex.decode(String(hex.dropFirst())) else { return nil }
        (red, green, blue) = (Double(bytes[0]) / 255, Double(bytes[1]) / 255, Double(bytes[2]) / 255)
    }
}

/// `{name}`-style placeholders in template text.
public enum Placeholders {
    public static func names(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    public static func fill(_ text: String, values: [String: String]) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let key = String(rest[rest.index(after: open)..<close])
            out += values[key] ?? ""
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
