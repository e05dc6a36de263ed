import Foundation

/// The template placeholder values an event gives, and the per-participant role and hours.
extension Event {
    public var printLanguage: EventLanguage { language ?? .id }

    /// Headers of the role column, compared ignoring case (first found wins).
    public static let roleColumnNames = ["peran", "sebagai", "role"]
    /// Headers of the unit kerja column `{unit}` prints, compared ignoring case.
    public static let unitColumnNames = ["unit kerja", "asal sekolah", "instansi", "sekolah", "satuan pendidikan"]

    /// The header of `columns` that gives the role, if any.
    public static func roleColumn(in headers: some Collection<String>) -> String? {
        for wanted in roleColumnNames { if let h = headers.first(where: { $0.lowercased() == wanted }) { return h } }
        return nil
    }

    /// The participant's role from the role column (empty → peserta), or why it cannot be used.
    public func role(columns: [String: String]) -> Result<CertificateRole, RoleProblem> {
        guard let header = Self.roleColumn(in: columns.keys) else { return .success(.peserta) }
        let text = (columns[header] ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .success(.peserta) }
        guard let role = CertificateRole(word: text) else { return .failure(.unknown(column: header, value: text)) }
        guard role == .peserta || roles?[role.word] != nil else { return .failure(.undeclared(column: header, role: role)) }
        return .success(role)
    }

    public enum RoleProblem: Error, Equatable, CustomStringConvertible {
        case unknown(column: String, value: String)
        case undeclared(column: String, role: CertificateRole)

        public var description: String {
            switch self {
            case .unknown(let column, let value):
                return "column \"\(column)\": role \"\(value)\" is not one ecert knows; use one of \(CertificateRole.allWords)"
            case .undeclared(let column, let role):
                return "column \"\(column)\": role \"\(role.word)\" is not declared in the event file; add it under roles: (e.g. \"roles: {\(role.word): {hours: 4}}\") or correct the row"
            }
        }
    }

    /// The hours (JP) a participant in `role` earns: the role's own, else the event's.
    public func hours(for role: CertificateRole) -> Int {
        roles?[role.word]?.hours ?? hours ?? 0
    }

    /// Placeholder values that are the same on every certificate of the batch.
    public var certificateValues: [String: String] {
        let lang = printLanguage
        var v = ["title": title, "date": datesText, "place": place, "issuer": issuer]
        // Version 1 fills the version-2 placeholders too (one day, no hours), so one template serves both.
        v["dates"] = datesText
        v["date_start"] = date.long(lang)
        v["date_end"] = lastDate.long(lang)
        v["event_hours"] = hours.map(String.init) ?? ""
        v["activity"] = activity ?? ""
        v["mode"] = mode ?? ""
        v["place_date"] = "\(place), \(lastDate.long(lang))"
        for (name, value) in fields ?? [:] { v["field.\(name)"] = value }
        for (k, s) in (signatories ?? []).enumerated() {
            let p = "signatory.\(k + 1)."
            v[p + "name"] = s.name
            v[p + "position"] = s.position
            v[p + "nip"] = s.nip ?? ""
            v[p + "nip_line"] = s.nip.map { "NIP \($0)" } ?? ""
            v[p + "place_date"] = signatoryPlaceDate(k)
        }
        return v
    }

    /// Dates as printed: one day, or the range.
    public var datesText: String { EventDate.rangeText(date, lastDate, language: printLanguage) }

    /// Signatory `k`'s place/date line: its own `place_date`, else "PLACE, LAST DAY" for the first
    /// signatory and nothing for the others (the line usually stands once, above the first).
    public func signatoryPlaceDate(_ k: Int) -> String {
        guard let s = signatories?[k] else { return "" }
        if let own = s.placeDate { return Placeholders.fill(own, values: ["place": place, "date": lastDate.long(printLanguage)]) }
        return k == 0 ? "\(place), \(lastDate.long(printLanguage))" : ""
    }

    /// Placeholder values of one participant that depend on the event (role, hours, unit).
    public func participantValues(columns: [String: String]) -> [String: String] {
        var v: [String: String] = [:]
        for (header, value) in columns { v["column.\(header)"] = value }
        let unitHeader = Self.unitColumnNames.lazy.compactMap { wanted in columns.keys.sorted().first { $0.lowercased() == wanted } }.first
        v["unit"] = unitHeader.map { columns[$0] ?? "" } ?? ""
        let role = isVersion2 ? (try? self.role(columns: columns).get()) ?? .peserta : .peserta
        let lang = printLanguage
        let word = role.word(language: lang).uppercased()
        let h = isVersion2 ? hours(for: role) : 0
        v["role"] = word
        v["hours"] = h == 0 ? "" : String(h)
        v["hours_line"] = h == 0 ? "" : lang == .en ? "\(h) lesson hours (JP)" : "sebanyak \(h) jam pelajaran (JP)"
        v["hours_clause"] = h == 0 ? "" : lang == .en ? ", \(h) lesson hours (JP)" : ", sebanyak \(h) jam pelajaran (JP)"
        v["role_text"] = roles?[role.word]?.text
            ?? (lang == .en ? "for taking part as \(word) in" : "atas partisipasinya sebagai \(word) dalam kegiatan")
        return v
    }
}
