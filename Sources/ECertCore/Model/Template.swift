import Foundation
import Yams

/// A certificate design: `templates/NAME/template.yaml` (format version 1, see docs/TEMPLATES.md).
/// Boxes are `[x, y, width, height]` in millimetres from the top-left corner of the page.
public struct Template: Codable, Sendable, Equatable {
    public var version: Int
    public var description: String
    public var page: Page
    /// Optional full-page background: an SVG, one-page PDF, PNG or JPEG file in the template folder.
    public var background: String?
    public var elements: [TemplateElement]
    /// Page 2, drawn when the event has a `program` (Struktur Program); nil uses a default page.
    public var programPage: [TemplateElement]?
    /// The folder the template was loaded from (not part of the YAML); images are resolved in it.
    public var directory: URL?

    enum CodingKeys: String, CodingKey {
        case version, description, page, background, elements
        case programPage = "program_page"
    }

    /// `size: A4|Letter` with `orientation: portrait|landscape`, or `width_mm` and `height_mm`.
    public struct Page: Codable, Sendable, Equatable {
        public var widthMM: Double
        public var heightMM: Double
        enum CodingKeys: String, CodingKey {
            case widthMM = "width_mm", heightMM = "height_mm", size, orientation
        }
        static let allowedKeys = ["size", "orientation", "width_mm", "height_mm"]
        /// Portrait sizes in mm.
        public static let presets: [String: (Double, Double)] = ["A4": (210, 297), "Letter": (215.9, 279.4)]

        public init(widthMM: Double, heightMM: Double) { (self.widthMM, self.heightMM) = (widthMM, heightMM) }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let size = try c.decodeIfPresent(String.self, forKey: .size)
            let orientation = try c.decodeIfPresent(String.self, forKey: .orientation)
            let width = try c.decodeIfPresent(Double.self, forKey: .widthMM)
            let height = try c.decodeIfPresent(Double.self, forKey: .heightMM)
            func fail(_ reason: String) -> Error {
                DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: reason))
            }
            if let size {
                guard width == nil, height == nil else { throw fail("page: give either size (A4, Letter) or width_mm and height_mm, not both") }
                guard let (w, h) = Self.presets.first(where: { $0.key.lowercased() == size.lowercased() })?.value else {
                    throw fail("page size \"\(size)\" is unknown; use A4 or Letter, or give width_mm and height_mm")
                }
                switch orientation?.lowercased() ?? "portrait" {
                case "portrait": (widthMM, heightMM) = (w, h)
                case "landscape": (widthMM, heightMM) = (h, w)
                default: throw fail("page orientation \"\(orientation!)\" is unknown; use portrait or landscape")
                }
            } else {
                guard let width, let height else { throw fail("page needs size (A4, Letter) and orientation, or width_mm and height_mm") }
                guard orientation == nil else { throw fail("page orientation only goes with size; width_mm and height_mm already fix it") }
                (widthMM, heightMM) = (width, height)
            }
            guard widthMM >= 50, heightMM >= 50, widthMM <= 1000, heightMM <= 1000 else {
                throw fail("page must be 50–1000 mm on each side")
            }
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(widthMM, forKey: .widthMM)
            try c.encode(heightMM, forKey: .heightMM)
        }
    }

    /// File kinds accepted for `background` and `image` elements.
    public enum ImageKind: String, Sendable { case svg, pdf, png, jpeg }

    public static func imageKind(ofFile name: String) -> ImageKind? {
        switch (name as NSString).pathExtension.lowercased() {
        case "svg": return .svg
        case "pdf": return .pdf
        case "png": return .png
        case "jpg", "jpeg": return .jpeg
        default: return nil
        }
    }

    /// A file named by the template, inside its folder.
    public func resolve(_ file: String) -> URL {
        (directory ?? URL(fileURLWithPath: ".")).appendingPathComponent(file)
    }

    /// The path of template.yaml, for messages.
    public var filePath: String {
        (directory ?? URL(fileURLWithPath: ".")).appendingPathComponent(Self.fileName).path
    }

    /// Checks a file named by `background` or an image element: a relative path inside the
    /// template folder (so the manifest's template hashes cover it), of a kind ecert draws.
    static func checkFile(_ file: String, in directory: URL, allowed: [ImageKind], fail: (String) -> ECertError) throws {
        guard !file.hasPrefix("/"), !file.split(separator: "/").contains("..") else {
            throw fail("\"\(file)\" must be a path inside the template folder (no leading / and no ..); copy the file there")
        }
        guard let kind = imageKind(ofFile: file), allowed.contains(kind) else {
            throw fail("\"\(file)\" is not a supported file; use \(allowed.map { $0 == .jpeg ? ".jpg/.jpeg" : ".\($0.rawValue)" }.joined(separator: ", "))")
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(file).path, isDirectory: &isDir), !isDir.boolValue else {
            throw fail("file \"\(file)\" not found in \(directory.path); put it there or fix the name")
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
        var template: Template
        do {
            template = try YAMLDecoder().decode(Template.self, from: text)
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.first?.stringValue == "page" {
            throw ECertError.invalidTemplate(path: url.path, element: nil, reason: context.debugDescription)
        } catch {
            throw ECertError.invalidTemplate(path: url.path, element: nil, reason: "cannot be read: \(error)")
        }
        template.directory = directory
        guard template.version == 1 else {
            throw ECertError.invalidTemplate(path: url.path, element: nil, reason: "format version \(template.version) is not supported; this ecert reads version 1")
        }
        if let background = template.background {
            try checkFile(background, in: directory, allowed: [.svg, .pdf, .png, .jpeg]) {
                ECertError.invalidTemplate(path: url.path, element: "background", reason: $0)
            }
        }
        for (k, element) in template.elements.enumerated() {
            try element.validate(path: url.path, label: "#\(k + 1) (\(element.type.rawValue))", directory: directory)
        }
        for (k, element) in (template.programPage ?? []).enumerated() {
            try element.validate(path: url.path, label: "program_page #\(k + 1) (\(element.type.rawValue))", directory: directory)
            guard element.type != .qr && element.type != .signatories else {
                throw ECertError.invalidTemplate(path: url.path, element: "program_page #\(k + 1)", reason: "a \(element.type.rawValue) element belongs on page 1")
            }
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
        let topKeys = ["version", "description", "page", "background", "elements", "program_page"]
        for key in mapping.keys.compactMap(\.string) where !topKeys.contains(key) {
            throw ECertError.invalidTemplate(path: path, element: nil, reason: "unknown key \"\(key)\"; allowed: \(topKeys.joined(separator: ", "))")
        }
        for key in mapping["page"]?.mapping?.keys.compactMap(\.string) ?? [] where !Page.allowedKeys.contains(key) {
            throw ECertError.invalidTemplate(path: path, element: "page", reason: "unknown key \"\(key)\"; allowed: \(Page.allowedKeys.joined(separator: ", "))")
        }
        for (k, element) in ((mapping["elements"]?.sequence ?? []) + (mapping["program_page"]?.sequence ?? [])).enumerated() {
            for key in element.mapping?.keys.compactMap(\.string) ?? [] where !TemplateElement.allowedKeys.contains(key) {
                throw ECertError.invalidTemplate(path: path, element: "#\(k + 1)", reason: "unknown key \"\(key)\"; allowed: \(TemplateElement.allowedKeys.joined(separator: ", "))")
            }
        }
    }

    /// Placeholders every certificate can fill without looking at the participant's columns.
    public static let builtInPlaceholders: Set<String> = ["name", "id", "serial", "title", "date", "place", "issuer", "unit"]
    /// Placeholders that are the same for every certificate of a batch.
    public static let eventPlaceholders: Set<String> = ["title", "date", "place", "issuer"]
    /// Placeholders a version-2 event file gives (docs/TEMPLATES.md); the first group is per participant.
    public static let version2ParticipantPlaceholders: Set<String> = ["role", "role_text", "hours", "hours_line", "hours_clause"]
    public static let version2EventPlaceholders: Set<String> = ["dates", "date_start", "date_end", "event_hours", "activity", "mode", "place_date"]
    static let signatoryFields = ["name", "position", "nip", "nip_line", "place_date"]

    /// Whether `name` is the same for every certificate of a batch (drawn once per batch).
    public static func isEventPlaceholder(_ name: String) -> Bool {
        eventPlaceholders.contains(name) || version2EventPlaceholders.contains(name) || name.hasPrefix("field.") || name.hasPrefix("signatory.")
    }

    /// Whether ecert itself fills `name` (everything but a participant column).
    public static func isBuiltIn(_ name: String) -> Bool {
        builtInPlaceholders.contains(name) || version2ParticipantPlaceholders.contains(name) || isEventPlaceholder(name)
    }

    /// Every `{placeholder}` of the template's text elements, in order, with its element's label.
    public var placeholderUses: [(element: String, name: String)] {
        (elements + (programPage ?? [])).enumerated().flatMap { k, element in
            Placeholders.names(in: element.text ?? "").map { ("#\(k + 1) (\(element.type.rawValue))", $0) }
        }
    }

    /// Checks that every `{placeholder}` names a built-in value, a value of the event file or a
    /// column of the list.
    public func checkPlaceholders(columns: [String], event: Event? = nil, path: String) throws {
        for (element, name) in placeholderUses {
            if let reason = Self.placeholderProblem(name, columns: columns, event: event) {
                throw ECertError.invalidTemplate(path: path, element: element, reason: reason)
            }
        }
    }

    static func placeholderProblem(_ name: String, columns: [String], event: Event?) -> String? {
        if builtInPlaceholders.contains(name) || eventPlaceholders.contains(name) || columns.contains(name) { return nil }
        // A version-1 event fills these with its defaults (peserta, one day, no hours).
        if version2ParticipantPlaceholders.contains(name) || version2EventPlaceholders.contains(name) { return nil }
        if name.hasPrefix("column.") {
            let header = String(name.dropFirst(7))
            return columns.contains(header) ? nil : "placeholder {\(name)} names no column of the participant list (headers: \(columns.map { "\"\($0)\"" }.joined(separator: ", "))); add the column or fix the name"
        }
        if name.hasPrefix("field.") {
            let field = String(name.dropFirst(6))
            return event?.fields?[field] != nil ? nil : "placeholder {\(name)} has no value; add \"\(field): …\" under fields: in the event file"
        }
        if name.hasPrefix("signatory.") {
            let parts = name.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, let n = Int(parts[1]), (1...3).contains(n), signatoryFields.contains(String(parts[2])) else {
                return "placeholder {\(name)} is not a signatory value; write {signatory.N.FIELD} with N 1–3 and FIELD one of \(signatoryFields.joined(separator: ", "))"
            }
            let count = event?.signatories?.count ?? 0
            return n <= count ? nil : "placeholder {\(name)} needs signatory \(n), but the event file lists \(count); add it under signatories:"
        }
        return "placeholder {\(name)} names no column of the participant list; use one of \(builtInPlaceholders.union(eventPlaceholders).sorted().map { "{\($0)}" }.joined(separator: ", ")), {column.HEADER} or a column header"
    }
}

public struct TemplateElement: Codable, Sendable, Equatable {
    /// `signatories` lays out the event's signature blocks in its box; `program` is the Struktur
    /// Program table (docs/TEMPLATES.md).
    public enum Kind: String, Codable, Sendable { case text, qr, image, rect, line, signatories, program }
    /// `start`/`end` follow the paragraph's direction: `start` is right for Arabic or Hebrew text.
    public enum Alignment: String, Codable, Sendable { case left, center, right, start, end }

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
    /// `image`: the PNG, JPEG or SVG file, relative to the template folder, or a picture of the
    /// event file: `{logo.left}`, `{logo.right}`, `{signatory.N.signature}`.
    public var source: String?
    /// Text that is printed as it is, without placeholders (made by `TemplateExpansion`, never read from YAML).
    public var literal = false

    enum CodingKeys: String, CodingKey {
        case type, box, text, font, style, weight, size, color, align, fill, stroke, ecc, source
        case minSize = "min_size", maxLines = "max_lines", lineSpacing = "line_spacing"
        case letterSpacing = "letter_spacing", strokeWidth = "stroke_width"
    }

    static let allowedKeys = ["type", "box", "text", "font", "style", "weight", "size", "min_size", "max_lines",
                              "line_spacing", "letter_spacing", "color", "align", "fill", "stroke", "stroke_width", "ecc", "source"]

    public var x: Double { box[0] }
    public var y: Double { box[1] }
    public var width: Double { box[2] }
    public var height: Double { box[3] }

    func validate(path: String, label: String, directory: URL) throws {
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
        case .image:
            guard let source, !source.isEmpty else { throw fail("an image element needs source: FILE (PNG, JPEG or SVG in the template folder)") }
            if source.hasPrefix("{") {
                let key = TemplateExpansion.imageKey(source)
                let signature = key.hasPrefix("signatory.") && key.hasSuffix(".signature") && ["1", "2", "3"].contains(key.split(separator: ".")[1])
                guard source.hasSuffix("}"), key == "logo.left" || key == "logo.right" || signature else {
                    throw fail("source \(source) is not a picture of the event file; use {logo.left}, {logo.right} or {signatory.N.signature}, optionally with |FILE for the template's own")
                }
                if let fallback = TemplateExpansion.imageFallback(source) {
                    try Template.checkFile(fallback, in: directory, allowed: [.png, .jpeg, .svg], fail: fail)
                }
            } else {
                try Template.checkFile(source, in: directory, allowed: [.png, .jpeg, .svg], fail: fail)
            }
        case .signatories:
            guard (size ?? 10) > 0, box[3] >= 5.15 * (size ?? 10) * 0.3528 * 1.45 + 8 else {
                throw fail("a signatories box must be high enough for the place/date line, position, signature, name and NIP: at least \(Int((5.15 * (size ?? 10) * 0.3528 * 1.45 + 8).rounded(.up))) mm at size \(size ?? 10)")
            }
        case .program, .rect, .line:
            break
        }
        if type != .image, source != nil { throw fail("source only goes with type: image") }
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
