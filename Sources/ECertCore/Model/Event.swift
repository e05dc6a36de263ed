import Foundation
import Yams

/// What an event file (`event.yaml`) says about the training. Version 1 has the first seven keys;
/// version 2 (`version: 2`) adds dates, hours, roles, signatories, logos, program and fields
/// (docs/TEMPLATES.md, "Event file"). Keys of version 2 are nil for a version-1 file and are then
/// left out of the signed header, so its bytes stay what ecert 0.3 wrote.
public struct Event: Codable, Sendable, Equatable {
    public var title: String
    /// The first (or only) day.
    public var date: EventDate
    public var place: String
    public var issuer: String
    public var serial: SerialPattern
    public var verifyURL: String
    public var template: String
    /// 2 for a version-2 file, nil for version 1.
    public var version: Int? = nil
    /// The last day of a `dates:` range longer than one day.
    public var endDate: EventDate? = nil
    /// Total hours (JP) a participant earns.
    public var hours: Int? = nil
    public var activity: String? = nil
    public var mode: String? = nil
    public var language: EventLanguage? = nil
    public var signatories: [Signatory]? = nil
    public var logos: EventLogos? = nil
    public var program: [ProgramTopic]? = nil
    public var fields: [String: String]? = nil
    public var roles: [String: RoleSpec]? = nil

    enum CodingKeys: String, CodingKey {
        case title, date, place, issuer, serial, template, version, hours, activity, mode, language, signatories, logos, program, fields, roles
        case verifyURL = "verify_url", endDate = "end_date"
    }

    public static let version1Keys = ["title", "date", "place", "issuer", "serial", "verify_url", "template"]
    public static let allowedKeys = version1Keys + ["version", "dates", "hours", "activity", "mode", "language", "signatories", "logos", "program", "fields", "roles"]
    static let requiredKeys = ["title", "place", "issuer", "serial", "verify_url"]

    /// Whether certificates of this event carry payload version 3 (dates, hours, activity, role).
    public var isVersion2: Bool { version == 2 }

    /// The last day (the first when the event lasts one day).
    public var lastDate: EventDate { endDate ?? date }

    /// The event facts a certificate stands for. Its hash (the event ID) is in every QR payload,
    /// which binds the title, place, issuer and (version 2) dates, hours, activity, mode and
    /// program shown by a verifier to the signature.
    public var facts: EventFacts {
        var facts = EventFacts(title: title, date: date.iso, place: place, issuer: issuer)
        guard isVersion2 else { return facts }
        facts.endDate = lastDate.iso
        facts.hours = hours ?? 0
        facts.activity = activity
        facts.mode = mode
        facts.programSHA256 = program.map { EventFacts.programHash($0) }
        return facts
    }

    public static func load(from url: URL) throws -> Event {
        // Bounded before YAML parsing: a 10 MB title is refused at once (EventFieldRules).
        let bytes = try BoundedFile.read(url, limit: EventFieldRules.maxFileBytes)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ECertError.invalidEvent(path: url.path, reason: "not UTF-8 text; save the event file as UTF-8")
        }
        return try parse(text, path: url.path, directory: url.deletingLastPathComponent())
    }

    /// Reads scalars as raw text (not YAML-typed), so `date: 2025-09-20` stays a string and a
    /// serial like `007` keeps its zeros. Files an event names are read from `directory`.
    public static func parse(_ text: String, path: String, directory: URL? = nil) throws -> Event {
        try EventReader(path: path, directory: directory).read(text)
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

/// The signed, public facts of an event. The keys after `title…issuer` exist only for a
/// version-2 event file; a version-1 event's ID is the hash of the first four alone.
public struct EventFacts: Codable, Sendable, Equatable {
    public var title: String
    public var date: String
    public var place: String
    public var issuer: String
    public var endDate: String? = nil
    public var hours: Int? = nil
    public var activity: String? = nil
    public var mode: String? = nil
    /// SHA-256 (hex) of the JCS of the program topics; binds the Struktur Program page.
    public var programSHA256: String? = nil

    enum CodingKeys: String, CodingKey {
        case title, date, place, issuer, hours, activity, mode
        case endDate = "end_date", programSHA256 = "program_sha256"
    }

    public init(title: String, date: String, place: String, issuer: String) {
        (self.title, self.date, self.place, self.issuer) = (title, date, place, issuer)
    }

    /// The facts as the JSON object whose JCS is hashed (absent keys left out).
    public var jsonValue: JSONValue {
        var members: [(String, JSONValue)] = [("date", .string(date)), ("issuer", .string(issuer)), ("place", .string(place)), ("title", .string(title))]
        if let activity { members.append(("activity", .string(activity))) }
        if let endDate { members.append(("end_date", .string(endDate))) }
        if let hours { members.append(("hours", .number(Double(hours)))) }
        if let mode { members.append(("mode", .string(mode))) }
        if let programSHA256 { members.append(("program_sha256", .string(programSHA256))) }
        return .object(members.sorted { Array($0.0.utf16).lexicographicallyPrecedes(Array($1.0.utf16)) })
    }

    /// First 4 bytes of SHA-256 over the JCS of the facts (strings and one whole number, so it cannot fail).
    public var eventID: [UInt8] {
        Array(Digest256.sha256(JCS.serialize(jsonValue)).prefix(4))
    }

    /// SHA-256 (hex) of the JCS of `[{"hours": H, "topic": T}, …]` in program order.
    public static func programHash(_ program: [ProgramTopic]) -> String {
        let value = JSONValue.array(program.map { .object([("hours", .number(Double($0.hours))), ("topic", .string($0.topic))]) })
        return Digest256.sha256Hex(JCS.serialize(value))
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
    public var indonesianLong: String { long(.id) }

    static let monthNames: [EventLanguage: [String]] = [
        .id: ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"],
        .en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    ]

    /// Day, month name and year: "16 Juli 2025", "16 July 2025".
    public func long(_ language: EventLanguage) -> String {
        "\(day) \(Self.monthNames[language]![month - 1]) \(year)"
    }

    /// A range as certificates print it, naming the month and year once when they are shared:
    /// "16–18 Juli 2025", "30 Juni – 2 Juli 2025", "30 Desember 2025 – 2 Januari 2026".
    public static func rangeText(_ start: EventDate, _ end: EventDate, language: EventLanguage) -> String {
        let months = monthNames[language]!
        if start == end { return start.long(language) }
        if start.year == end.year && start.month == end.month { return "\(start.day)–\(end.day) \(months[end.month - 1]) \(end.year)" }
        if start.year == end.year { return "\(start.day) \(months[start.month - 1]) – \(end.long(language))" }
        return "\(start.long(language)) – \(end.long(language))"
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
