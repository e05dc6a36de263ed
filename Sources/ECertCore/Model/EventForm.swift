import Foundation

/// The event as a form fills it in (the `ecert app` Kegiatan step): written out as an event file
/// (version 2) that `ecert issue --event` reads, and read back through `Event.parse`, so the form
/// gets exactly the checks and messages of the command line.
public struct EventForm: Codable, Sendable, Equatable {
    public struct Person: Codable, Sendable, Equatable {
        public var name: String
        public var position: String
        public var nip: String?
        public var signature: String?

        public init(name: String, position: String, nip: String? = nil, signature: String? = nil) {
            (self.name, self.position, self.nip, self.signature) = (name, position, nip, signature)
        }
    }

    public var title: String
    /// First day, YYYY-MM-DD.
    public var date: String
    /// Last day when the event lasts several days (YYYY-MM-DD), else empty or nil.
    public var endDate: String?
    public var hours: String?
    public var activity: String?
    public var mode: String?
    public var place: String
    public var issuer: String
    public var serial: String
    public var verifyURL: String
    public var template: String
    public var language: String?
    public var signatories: [Person]?
    public var logoLeft: String?
    public var logoRight: String?

    public init(title: String, date: String, endDate: String? = nil, hours: String? = nil, activity: String? = nil, mode: String? = nil,
                place: String, issuer: String, serial: String, verifyURL: String, template: String, language: String? = nil,
                signatories: [Person]? = nil, logoLeft: String? = nil, logoRight: String? = nil) {
        (self.title, self.date, self.endDate, self.hours, self.activity, self.mode) = (title, date, endDate, hours, activity, mode)
        (self.place, self.issuer, self.serial, self.verifyURL, self.template, self.language) = (place, issuer, serial, verifyURL, template, language)
        (self.signatories, self.logoLeft, self.logoRight) = (signatories, logoLeft, logoRight)
    }

    /// The event file text. Every scalar is a JSON string, which is a valid YAML double-quoted
    /// scalar, so no value can start a YAML structure of its own.
    public func eventFileText() -> String {
        var lines = ["version: 2"]
        func put(_ key: String, _ value: String?, indent: String = "") {
            guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return }
            lines.append("\(indent)\(key): " + String(decoding: JCS.serialize(.string(value)), as: UTF8.self))
        }
        put("title", title)
        let end = endDate?.trimmingCharacters(in: .whitespaces) ?? ""
        if end.isEmpty || end == date { put("date", date) } else { put("dates", "\(date)..\(end)") }
        put("hours", hours)
        put("activity", activity)
        put("mode", mode)
        put("place", place)
        put("issuer", issuer)
        put("serial", serial)
        put("verify_url", verifyURL)
        put("template", template)
        put("language", language)
        let people = (signatories ?? []).filter { !$0.name.trimmingCharacters(in: .whitespaces).isEmpty }
        if !people.isEmpty {
            lines.append("signatories:")
            for person in people {
                lines.append("  - name: " + String(decoding: JCS.serialize(.string(person.name)), as: UTF8.self))
                put("position", person.position, indent: "    ")
                put("nip", person.nip, indent: "    ")
                put("signature", person.signature, indent: "    ")
            }
        }
        if [logoLeft, logoRight].contains(where: { !($0 ?? "").isEmpty }) {
            lines.append("logos:")
            put("left", logoLeft, indent: "  ")
            put("right", logoRight, indent: "  ")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The event the form describes, with the checks of the command line (`directory` holds the
    /// signature and logo files it names).
    public func event(path: String, directory: URL) throws -> Event {
        try Event.parse(eventFileText(), path: path, directory: directory)
    }
}
