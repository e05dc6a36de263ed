import Crypto
import Foundation

/// The checks of `ecert check`, one row at a time, so a list can be checked while it streams past.
/// Duplicate IDs and e-mails are remembered as 64-bit hashes with the line of their first
/// occurrence (12 bytes a row instead of the strings).
public struct RowChecker: Sendable {
    public let header: [String]
    public let mapping: ColumnMapping
    public let nameCase: NameCase
    public let sheet: String?
    private let formatChecks: [(column: Int, kind: RowProblem.Kind, digits: Int)]
    private var seenIDs: [UInt64: Int32] = [:]
    private var seenEmails: [UInt64: Int32] = [:]
    /// Fit and glyph checks with the batch's template (set by `issue`, and by `check` with an event).
    public var printCheck: (any NamePrintCheck)?

    public enum Outcome {
        case valid(Participant)
        case rejected([(kind: RowProblem.Kind, reason: String)])
    }

    public init(header: [String], mapping: ColumnMapping, nameCase: NameCase, sheet: String?) {
        self.header = header
        self.mapping = mapping
        self.nameCase = nameCase
        self.sheet = sheet
        let normalized = header.map(ColumnMapping.normalizedHeader)
        formatChecks = normalized.indices.compactMap { k in
            switch normalized[k] {
            case "nuptk": return (k, .malformedNUPTK, 16)
            case "nip": return (k, .malformedNIP, 18)
            default: return nil
            }
        }
    }

    /// Checks one row (in file order: the first of two duplicates is the valid one).
    public mutating func check(_ row: [String], line: Int) -> Outcome {
        func value(_ k: Int) -> String { k < row.count ? row[k] : "" }
        var found: [(kind: RowProblem.Kind, reason: String)] = []
        let rawName = value(mapping.name)
        let name = cleanedName(rawName)
        let id = ParticipantList.nfc(value(mapping.id).trimmingCharacters(in: .whitespaces))
        let nameHeader = header[mapping.name], idHeader = header[mapping.id]

        for problem in NameRules.problems(name, raw: rawName) {
            found.append(problem.kind == .emptyName ? (.emptyName, "empty name in column \"\(nameHeader)\"; fill it in or delete the row") : problem)
        }
        if let problem = NameRules.characterProblem(id, label: "ID") { found.append(problem) }
        if id.isEmpty {
            found.append((.emptyID, "empty participant ID in column \"\(idHeader)\"; fill it in"))
        } else if let first = seenIDs[Self.key(id)] {
            found.append((.duplicateID, "participant ID \(id) already used on \(ParticipantList.location(Int(first), sheet)); each participant may appear once"))
        } else {
            seenIDs[Self.key(id)] = Int32(clamping: line)
        }
        for check in formatChecks {
            let text = value(check.column).trimmingCharacters(in: .whitespaces)
            // An empty NUPTK/NIP is fine in an extra column; as the ID it is reported above.
            if text.isEmpty { continue }
            if text.count != check.digits || !text.unicodeScalars.allSatisfy({ $0.value >= 48 && $0.value <= 57 }) {
                let what = check.kind == .malformedNUPTK ? "NUPTK" : "NIP"
                let hint = text.contains("E+") || text.contains("e+") ? " (it looks like Excel turned it into a number; format the column as Text)" : ""
                found.append((check.kind, "\(what) \"\(text)\" in column \"\(header[check.column])\" must be exactly \(check.digits) digits\(hint)"))
            }
        }
        if let e = mapping.email {
            let email = value(e).trimmingCharacters(in: .whitespaces).lowercased()
            if !email.isEmpty {
                if let first = seenEmails[Self.key(email)] {
                    found.append((.duplicateEmail, "email \(email) already used on \(ParticipantList.location(Int(first), sheet)); each participant may appear once"))
                } else {
                    seenEmails[Self.key(email)] = Int32(clamping: line)
                }
            }
        }
        if let k = row.indices.first(where: { Self.excelErrors.contains(row[$0].trimmingCharacters(in: .whitespaces)) }) {
            let column = k < header.count ? "column \"\(header[k])\"" : "field \(k + 1)"
            found.append((.excelError, "\(column) holds the Excel error \(row[k].trimmingCharacters(in: .whitespaces)) (a formula that failed), not a value; fix the formula in the workbook or type the value"))
        }
        if let k = row.indices.first(where: { row[$0].unicodeScalars.contains("\u{FFFD}") }) {
            let column = k < header.count ? "column \"\(header[k])\"" : "field \(k + 1)"
            found.append((.invalidBytes, "\(column) holds bytes that are not valid UTF-8 (shown as \u{FFFD}); retype the value, or save the file again as \"CSV UTF-8\""))
        }
        if row.count > header.count, row[header.count...].contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            found.append((.extraFields, "the row has \(row.count) fields but the header has \(header.count); a value probably holds an unquoted delimiter — put it in quotes"))
        }
        guard found.isEmpty else { return .rejected(found) }
        let participant = participant(row, line: line, name: name, id: id)
        if let printCheck {
            var values = participant.columns
            values["name"] = name
            values["id"] = id
            let printing = printCheck.problems(name: name, values: values)
            if !printing.isEmpty { return .rejected(printing) }
        }
        return .valid(participant)
    }

    /// The participant of a row already found valid (the issuing pass re-reads the list).
    public func participant(_ row: [String], line: Int) -> Participant {
        func value(_ k: Int) -> String { k < row.count ? row[k] : "" }
        return participant(row, line: line, name: cleanedName(value(mapping.name)),
                           id: ParticipantList.nfc(value(mapping.id).trimmingCharacters(in: .whitespaces)))
    }

    private func participant(_ row: [String], line: Int, name: String, id: String) -> Participant {
        var columns: [String: String] = [:]
        for (k, title) in header.enumerated() where !title.isEmpty {
            columns[title] = ParticipantList.nfc(k < row.count ? row[k] : "")
        }
        return Participant(line: line, name: name, id: id, columns: columns)
    }

    private func cleanedName(_ raw: String) -> String {
        let name = ParticipantList.cleanName(raw)
        return nameCase == .title ? NameCasing.titleCaseIfAllCaps(name) : name
    }

    /// What Excel shows (and stores in a `t="e"` cell, or writes to a CSV) when a formula fails.
    static let excelErrors: Set<String> = [
        "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!",
        "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#EXTERNAL!", "#PYTHON!",
    ]

    /// First 8 bytes of SHA-256: a collision (odds ≈ n²/2⁶⁵) would need a crafted list.
    static func key(_ text: String) -> UInt64 {
        var hasher = SHA256()
        hasher.update(data: Array(text.utf8))
        return hasher.finalize().withUnsafeBytes { raw in raw.prefix(8).reduce(0) { $0 << 8 | UInt64($1) } }
    }
}
