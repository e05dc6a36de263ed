import Foundation
import Yams

/// What an event file (`event.yaml`) says about the training.
public struct Event: Codable, Sendable, Equatable {
    public var title: String
    public var date: EventDate
    public var place: String
    public var issuer: String
    public var serial: SerialPattern
    public var verifyURL: String
    public var template: String

    enum CodingKeys: String, CodingKey {
        case title, date, place, issuer, serial, template
        case verifyURL = "verify_url"
    }

    public static let allowedKeys = ["title", "date", "place", "issuer", "serial", "verify_url", "template"]
    static let requiredKeys = ["title", "date", "place", "issuer", "serial", "verify_url"]

    /// The event facts a certificate stands for. Its hash (the event ID) is in every QR payload,
    /// which binds the title, place and issuer shown by a verifier to the signature.
    public var facts: EventFacts {
        EventFacts(title: title, date: date.iso, place: place, issuer: issuer)
    }

    public static func load(from url: URL) throws -> Event {
        let bytes = try BoundedFile.read(url, limit: EventFieldRules.maxFileBytes)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ECertError.invalidEvent(path: url.path, reason: "not UTF-8 text; save the event file as UTF-8")
        }
        return try parse(text, path: url.path)
    }

    /// Reads scalars as raw text (not YAML-typed), so `date: 2025-09-20` stays a string and a
    /// serial like `007` keeps its zeros.
    public static func parse(_ text: String, path: String) throws -> Event {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ECertError.invalidEvent(path: path, reason: "not valid YAML (\(error))")
        }
        guard let mapping = node?.mapping else {
            throw ECertError.invalidEvent(path: path, reason: "expected key: value lines such as \"title: …\"")
        }
        var values: [String: String] = [:]
        for (keyNode, valueNode) in mapping {
            let key = keyNode.string ?? "\(keyNode)"
            guard allowedKeys.contains(key) else {
                throw ECertError.unknownEventKey(path: path, key: key, allowed: allowedKeys)
            }
            guard let scalar = valueNode.scalar else {
                throw ECertError.invalidEvent(path: path, reason: "\"\(key)\" must be a single value")
            }
            if EventFieldRules.isYAMLNull(scalar.string, plain: scalar.style == .plain) {
                throw ECertError.invalidEvent(path: path, reason: "\"\(key)\" is null (empty); write its value after \"\(key): \"")
            }
            let value = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
            // verify_url has its own rules (verifyURLProblem), with a message about the QR link.
            if key != "verify_url" { try EventFieldRules.requireClean(value, field: key, path: path) }
            values[key] = value
        }
        for key in requiredKeys where (values[key] ?? "").isEmpty {
            throw ECertError.invalidEvent(path: path, reason: "missing \"\(key)\"; add a line \"\(key): …\"")
        }
        guard let date = EventDate(iso: values["date"]!) else {
            throw ECertError.invalidEvent(path: path, reason: "date \"\(values["date"]!)\" is not a calendar date in the form YYYY-MM-DD")
        }
        let serial: SerialPattern
        do { serial = try SerialPattern(values["serial"]!) } catch let reason as SerialPattern.Problem {
            throw ECertError.invalidEvent(path: path, reason: "serial \"\(values["serial"]!)\": \(reason.text)")
        }
        let url = values["verify_url"]!
        if let problem = verifyURLProblem(url) {
            throw ECertError.invalidEvent(path: path, reason: "verify_url \"\(url.withVisibleControlCharacters)\" \(problem); it must be the https:// address "
                + "where the `ecert site` folder is hosted (over http:// most browsers cannot check the signature and the page can be altered on the way). "
                + "Fix: change the line \"verify_url: …\" in this file")
        }
        let template = values["template"].flatMap { $0.isEmpty ? nil : $0 } ?? "classic"
        if let problem = EventFieldRules.templateNameProblem(template) {
            throw ECertError.invalidEvent(path: path, reason: problem)
        }
        return Event(
            title: values["title"]!, date: date, place: values["place"]!, issuer: values["issuer"]!,
            serial: serial, verifyURL: url, template: template)
    }
}

extension Event {
    /// Why `url` cannot be a verify_url, or nil. It must be https:// (the page needs a secure
    /// context for WebCrypto, and an http:// page can be rewritten on the way to the phone), name
    /// a host, and hold no '#' (the payload follows it), no spaces and no control characters.
    public static func verifyURLProblem(_ url: String) -> String? {
        if url.count > EventFieldRules.maxLengths["verify_url"]! { return "is longer than \(EventFieldRules.maxLengths["verify_url"]!) characters" }
        if url.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.isWhitespace || $0.properties.generalCategory == .format }) {
            return "contains spaces or control characters"
        }
        guard url.lowercased().hasPrefix("https://") else { return "is not an https:// address" }
        guard !url.contains("#") else { return "contains '#' (the payload follows it in the QR code)" }
        return EventFieldRules.hostProblem(url)
    }
}

extension String {
    /// The text with control characters shown as \u{…}, so an error message stays on one line.
    var withVisibleControlCharacters: String {
        unicodeScalars.map { $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined()
    }
}

/// The signed, public facts of an event.
public struct EventFacts: Codable, Sendable, Equatable {
    public var title: String
    public var date: String
    public var place: String
    public var issuer: String

    public init(title: String, date: String, place: String, issuer: String) {
        (self.title, self.date, self.place, self.issuer) = (title, date, place, issuer)
    }

    /// First 4 bytes of SHA-256 over the JCS of the facts (four strings, so it cannot fail).
    public var eventID: [UInt8] {
        let value = JSONValue.object([("date", .string(date)), ("issuer", .string(issuer)), ("place", .string(place)), ("title", .string(title))])
        return Array(Digest256.sha256(JCS.serialize(value)).prefix(4))
    }
}

/// A calendar date without time zone; stored in payloads as days since 1970-01-01.
public struct EventDate: Codable, Sendable, Equatable, Hashable {
    public let year: Int, month: Int, day: Int

    public init?(iso: String) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1970...2149).contains(y), (1...12).contains(m), (1...EventDate.daysIn(month: m, year: y)).contains(d)
        else { return nil }
        (year, month, day) = (y, m, d)
    }

    public init?(daysSinceEpoch: Int) {
        // Civil-from-days (H. Hinnant's algorithm) avoids Calendar and time-zone pitfalls.
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.init(iso: String(y).leftPadded(to: 4) + "-" + String(m).leftPadded(to: 2) + "-" + String(d).leftPadded(to: 2))
    }

    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public var iso: String {
        String(year).leftPadded(to: 4) + "-" + String(month).leftPadded(to: 2) + "-" + String(day).leftPadded(to: 2)
    }

    /// "20 September 2025", as printed on Indonesian certificates.
    public var indonesianLong: String {
        let months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"]
        return "\(day) \(months[month - 1]) \(year)"
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = EventDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad date \(text)"))
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

/// A certificate number pattern such as `WEB-AI/2025/{seq:06}`; `{seq}` counts from 1 in input order.
public struct SerialPattern: Codable, Sendable, Equatable {
    public let pattern: String
    let prefix: String, suffix: String, width: Int

    struct Problem: Error { let text: String }

    public init(_ pattern: String) throws {
        guard let open = pattern.range(of: "{seq"), let close = pattern[open.upperBound...].firstIndex(of: "}") else {
            throw Problem(text: "must contain {seq} or {seq:06} where the running number goes")
        }
        let spec = pattern[open.upperBound..<close]
        var width = 0
        if !spec.isEmpty {
            guard spec.first == ":", let w = Int(spec.dropFirst()), (1...12).contains(w) else {
                throw Problem(text: "write the number width as {seq:06}")
            }
            width = w
        }
        let suffix = String(pattern[pattern.index(after: close)...])
        guard !suffix.contains("{seq") else { throw Problem(text: "{seq} may appear only once") }
        self.pattern = pattern
        self.prefix = String(pattern[..<open.lowerBound])
        self.suffix = suffix
        self.width = width
    }

    public func serial(for sequence: Int) -> String {
        prefix + String(sequence).leftPadded(to: width) + suffix
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad serial pattern \(text)"))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(pattern)
    }
}
