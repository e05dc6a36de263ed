import Foundation
import Yams

/// Reads an event file (version 1 or 2) into an `Event`, refusing anything it does not know with
/// the key, the problem and the fix. Scalars are read as raw text, never YAML-typed.
struct EventReader {
    let path: String
    /// Where files the event names (signatures, logos) are read; nil refuses them.
    let directory: URL?

    static let maxTextLength = 300
    static let maxAssetBytes = 4 << 20
    static let roleKeys = ["hours", "text"]
    static let signatoryKeys = ["name", "position", "nip", "signature", "place_date"]

    func fail(_ reason: String) -> ECertError { .invalidEvent(path: path, reason: reason) }

    func read(_ text: String) throws -> Event {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch { throw fail("not valid YAML (\(error))") }
        guard let mapping = node?.mapping else { throw fail("expected key: value lines such as \"title: …\"") }
        var nodes: [String: Node] = [:]
        for (keyNode, valueNode) in mapping {
            let key = keyNode.string ?? "\(keyNode)"
            guard Event.allowedKeys.contains(key) else {
                throw ECertError.unknownEventKey(path: path, key: key, allowed: Event.allowedKeys)
            }
            nodes[key] = valueNode
        }
        let version = try nodes["version"].map { try scalar($0, "version") } ?? "1"
        guard version == "1" || version == "2" else { throw fail("version \"\(version)\" is not known; write version: 2 (or leave it out for a version-1 file)") }
        if version == "1", let key = nodes.keys.sorted().first(where: { !Event.version1Keys.contains($0) && $0 != "version" }) {
            throw fail("\"\(key)\" is a version-2 key; add the line \"version: 2\" at the top of the file")
        }
        var values: [String: String] = [:]
        for key in Event.version1Keys + ["dates", "hours", "activity", "mode", "language"] {
            if let n = nodes[key] { values[key] = try scalar(n, key) }
        }
        for key in Event.requiredKeys where (values[key] ?? "").isEmpty {
            throw fail("missing \"\(key)\"; add a line \"\(key): …\"")
        }
        for key in ["title", "place", "issuer", "activity", "serial", "template"] { if let v = values[key] { try checkText(v, key) } }
        if let template = values["template"], !template.isEmpty, let problem = EventFieldRules.templateNameProblem(template) { throw fail(problem) }
        let (start, end) = try dates(values)
        var event = Event(
            title: values["title"]!, date: start, place: values["place"]!, issuer: values["issuer"]!,
            serial: try serial(values["serial"]!), verifyURL: try verifyURL(values["verify_url"]!),
            template: values["template"].flatMap { $0.isEmpty ? nil : $0 } ?? "classic")
        guard version == "2" else { return event }
        event.version = 2
        event.endDate = end == start ? nil : end
        try readVersion2(into: &event, values: values, nodes: nodes)
        return event
    }

    func readVersion2(into event: inout Event, values: [String: String], nodes: [String: Node]) throws {
        event.hours = try values["hours"].map { try hours($0, "hours") }
        event.activity = values["activity"].flatMap { $0.isEmpty ? nil : $0 }
        if let mode = values["mode"] {
            guard EventMode(rawValue: mode.lowercased()) != nil else { throw fail("mode \"\(mode)\" is not known; use daring, luring or hybrid") }
            event.mode = mode.lowercased()
        }
        if let language = values["language"] {
            guard let l = EventLanguage(rawValue: language.lowercased()) else { throw fail("language \"\(language)\" is not known; use id (Indonesian) or en (English)") }
            event.language = l == .id ? nil : l
        }
        event.signatories = try nodes["signatories"].map(signatories)
        event.logos = try nodes["logos"].map(logos)
        event.program = try nodes["program"].map { try program($0, total: event.hours) }
        event.fields = try nodes["fields"].map(fields)
        event.roles = try nodes["roles"].map(roles)
    }

    // MARK: Scalars

    func scalar(_ node: Node, _ key: String) throws -> String {
        guard let scalar = node.scalar else { throw fail("\"\(key)\" must be a single value") }
        if EventFieldRules.isYAMLNull(scalar.string, plain: scalar.style == .plain) {
            throw fail("\"\(key)\" is null (empty); write its value after \"\(key): \"")
        }
        return scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Text printed on certificates or signed: the rules of `EventFieldRules` (no control, bidi or
    /// invisible characters or line breaks, as for names; a length limit per field).
    func checkText(_ text: String, _ key: String) throws {
        try EventFieldRules.requireClean(text, field: key, path: path, maxLength: EventFieldRules.maxLengths[key] ?? Self.maxTextLength)
    }

    func hours(_ text: String, _ key: String) throws -> Int {
        guard let h = Int(text), (0...9999).contains(h) else {
            throw fail("\(key) \"\(text)\" is not a whole number of hours (JP) from 0 to 9999")
        }
        return h
    }

    func dates(_ values: [String: String]) throws -> (EventDate, EventDate) {
        switch (values["date"], values["dates"]) {
        case (nil, nil): throw fail("missing \"date\"; add a line \"date: 2025-07-16\" (or \"dates: 2025-07-16..2025-07-18\" for several days)")
        case (.some, .some): throw fail("give either date or dates, not both")
        case (let single?, nil):
            guard let d = EventDate(iso: single) else { throw fail("date \"\(single)\" is not a calendar date in the form YYYY-MM-DD") }
            return (d, d)
        case (nil, let range?):
            let parts = range.components(separatedBy: "..")
            guard parts.count == 2, let a = EventDate(iso: parts[0].trimmingCharacters(in: .whitespaces)),
                  let b = EventDate(iso: parts[1].trimmingCharacters(in: .whitespaces)) else {
                throw fail("dates \"\(range)\" is not a range of calendar dates in the form 2025-07-16..2025-07-18")
            }
            guard b.daysSinceEpoch >= a.daysSinceEpoch else { throw fail("dates \"\(range)\" ends before it starts; write the first day first") }
            guard b.daysSinceEpoch - a.daysSinceEpoch <= 255 else { throw fail("dates \"\(range)\" spans more than 255 days; check the years") }
            return (a, b)
        }
    }

    func serial(_ text: String) throws -> SerialPattern {
        do { return try SerialPattern(text) } catch let reason as SerialPattern.Problem {
            throw fail("serial \"\(text)\": \(reason.text)")
        }
    }

    func verifyURL(_ url: String) throws -> String {
        if let problem = Event.verifyURLProblem(url) {
            throw fail("verify_url \"\(url.withVisibleControlCharacters)\" \(problem); it must be the https:// address "
                + "where the `ecert site` folder is hosted (over http:// most browsers cannot check the signature and the page can be altered on the way). "
                + "Fix: change the line \"verify_url: …\" in this file")
        }
        return url
    }
}
