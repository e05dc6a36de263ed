import Foundation

/// One row of the participant list that will receive a certificate.
public struct Participant: Sendable, Equatable {
    /// 1-based line in the source file (sheet row for a workbook), for messages.
    public var line: Int
    public var name: String
    public var id: String
    /// Every column of the row by header, carried into the manifest record.
    public var columns: [String: String]
}

/// A problem with one row; the run reports all of them, never just the first.
public struct RowProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case emptyName = "empty name"
        case emptyID = "empty ID"
        case duplicateID = "duplicate ID"
        case duplicateEmail = "duplicate email"
        case malformedNUPTK = "malformed NUPTK"
        case malformedNIP = "malformed NIP"
        case controlCharacter = "control or invisible character"
        case bidiOverride = "bidi override character"
        case nameTooLong = "name too long"
        case extraFields = "more fields than headers"
        case invalidBytes = "bytes that are not valid UTF-8"
        case excelError = "Excel error value"
        case invisibleName = "invisible name"
        case combiningFlood = "combining-mark flood"
        case nameDoesNotFit = "name does not fit"
        case undrawableCharacter = "character without a glyph"
        case undeclaredRole = "role not declared"
        case missingValue = "missing template value"
        case other
    }

    public var line: Int
    public var reason: String
    public var kind: Kind = .other
    /// Set for workbooks: `line` is then the sheet row.
    public var sheet: String? = nil

    public var location: String {
        sheet.map { "sheet \"\($0)\" row \(line)" } ?? "line \(line)"
    }
    public var description: String { "\(location): \(reason)" }
}

/// A row that will not get a certificate: its original fields and every reason.
public struct RejectedRow: Sendable, Equatable {
    public var line: Int
    public var fields: [String]
    public var reasons: [String]
}

/// How the columns of a list map to what ecert needs. `name` and `id` are required; the other
/// roles are used when present (duplicate e-mail check, funnel per district).
public struct ColumnMapping: Sendable, Equatable {
    public var name: Int
    public var id: Int
    public var email: Int?
    public var school: Int?
    public var district: Int?
    public var province: Int?

    public static let roles = ["name", "id", "email", "school", "district", "province"]

    /// Accepted headers per role, compared case- and punctuation-insensitively. For the ID, earlier
    /// entries win when several are present (NUPTK over NIP over NIK); for other roles two
    /// matching columns are ambiguous.
    public static let acceptedHeaders: [String: [String]] = [
        "name": ["Nama", "Nama Lengkap", "Nama Peserta", "Nama Guru", "Name", "Full name", "Participant name"],
        "id": ["NUPTK", "NIP", "NIK", "ID", "Participant ID", "ID Peserta"],
        "email": ["Email", "E-mail", "Alamat Email", "Alamat E-mail", "Email Address", "Surel", "User Email"],
        "school": ["Asal Sekolah", "Sekolah", "Instansi", "Asal Instansi", "Nama Sekolah", "Unit Kerja", "School"],
        "district": ["Kabupaten/Kota", "Kab/Kota", "Kabupaten", "Kota/Kabupaten", "District", "Regency/City"],
        "province": ["Provinsi", "Propinsi", "Province"],
    ]
    static let nameHeaders = acceptedHeaders["name"]!.map(normalizedHeader)
    static let idHeaders = acceptedHeaders["id"]!.map(normalizedHeader)

    /// Headers compare case- and punctuation-insensitively: "NAMA_LENGKAP" matches "Nama Lengkap",
    /// "E-mail" matches "Email".
    static func normalizedHeader(_ header: String) -> String {
        String(header.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    public static func detect(header: [String], path: String, overrides: [String: String] = [:]) throws -> ColumnMapping {
        try refuseDuplicateTitles(header, path: path)
        let normalized = header.map(normalizedHeader)
        func find(role: String, required: Bool) throws -> Int? {
            let accepted = acceptedHeaders[role] ?? []
            if let wanted = overrides[role] {
                let matches = normalized.indices.filter { normalized[$0] == normalizedHeader(wanted) }
                guard let first = matches.first else {
                    throw ECertError.missingColumn(path: path, role: role, accepted: [wanted], found: header)
                }
                guard matches.count == 1 else {
                    throw ECertError.ambiguousColumn(path: path, role: role, candidates: matches.map { header[$0] }, found: header)
                }
                return first
            }
            if role == "id" {
                for candidate in accepted.map(normalizedHeader) {
                    let matches = normalized.indices.filter { normalized[$0] == candidate }
                    if matches.count > 1 {
                        throw ECertError.ambiguousColumn(path: path, role: role, candidates: matches.map { header[$0] }, found: header)
                    }
                    if let only = matches.first { return only }
                }
            } else {
                let keys = Set(accepted.map(normalizedHeader))
                let matches = normalized.indices.filter { keys.contains(normalized[$0]) }
                if matches.count > 1 {
                    throw ECertError.ambiguousColumn(path: path, role: role, candidates: matches.map { header[$0] }, found: header)
                }
                if let only = matches.first { return only }
            }
            if required { throw ECertError.missingColumn(path: path, role: role, accepted: accepted, found: header) }
            return nil
        }
        return ColumnMapping(
            name: try find(role: "name", required: true)!, id: try find(role: "id", required: true)!,
            email: try find(role: "email", required: false), school: try find(role: "school", required: false),
            district: try find(role: "district", required: false), province: try find(role: "province", required: false))
    }

    /// A record keeps one value per header title, so two columns with one title would lose a value.
    static func refuseDuplicateTitles(_ header: [String], path: String) throws {
        var first: [String: Int] = [:]
        for (k, title) in header.enumerated() where !title.isEmpty {
            if let earlier = first[title] { throw ECertError.duplicateHeader(path: path, header: title, columns: [earlier + 1, k + 1]) }
            first[title] = k
        }
    }

    /// `name → "Nama Lengkap"` for every mapped role, in role order.
    public func described(header: [String]) -> [(role: String, header: String)] {
        let pairs: [(String, Int?)] = [("name", name), ("id", id), ("email", email), ("school", school), ("district", district), ("province", province)]
        return pairs.compactMap { role, index in index.map { (role, header[$0]) } }
    }
}

/// How ALL-CAPS names are written on certificates.
public enum NameCase: String, Sendable, CaseIterable {
    /// As written in the list.
    case keep
    /// ALL-CAPS names become title case, academic titles in their standard form.
    case title
}

/// A participant list read, mapped and checked.
public struct ParticipantList: Sendable {
    public var path: String
    public var header: [String]
    public var rowsRead: Int
    public var participants: [Participant]
    public var problems: [RowProblem]
    public var rejected: [RejectedRow] = []
    public var mapping: ColumnMapping? = nil
    public var source: TableSource? = nil
    public var warnings: [String] = []

    public static let maxNameLength = NameRules.maxLength

    /// - Parameter printCheck: fit and glyph checks with a template (`check` passes the same as `issue`).
    public static func load(from url: URL, columnOverrides: [String: String] = [:], sheet: String? = nil, nameCase: NameCase = .keep,
                            printCheck: (any NamePrintCheck)? = nil) throws -> ParticipantList {
        let loaded = try TableSource.load(from: url, sheet: sheet)
        let (table, skipped) = try headerTable(loaded.table, path: url.path, overrides: columnOverrides)
        var list = try ParticipantList(table: table, path: url.path, columnOverrides: columnOverrides, nameCase: nameCase, sheet: loaded.source.sheet,
                                       printCheck: printCheck)
        list.source = loaded.source
        list.warnings = loaded.warnings + list.warnings
        if let skipped {
            let place = loaded.source.sheet == nil ? "line" : "sheet row"
            list.warnings.append("\(url.path): the header is on \(place) \(skipped.header); the \(skipped.above) line(s) above it (a title, notes) were not read as participants")
        }
        return list
    }

    /// Exports from school systems often put a title and notes above the header. When the first
    /// row has no name/ID columns, the first of the next 10 rows that has them is the header.
    static func headerTable(_ table: CSVTable, path: String, overrides: [String: String]) throws -> (CSVTable, (header: Int, above: Int)?) {
        do {
            _ = try ColumnMapping.detect(header: table.header, path: path, overrides: overrides)
            return (table, nil)
        } catch let first as ECertError {
            guard case .missingColumn = first else { throw first }
            for k in table.rows.indices.prefix(10) {
                let candidate = table.rows[k].map { $0.trimmingCharacters(in: .whitespaces) }
                guard (try? ColumnMapping.detect(header: candidate, path: path, overrides: overrides)) != nil else { continue }
                var header = candidate
                while header.count > 1, header.last == "" { header.removeLast() }
                let rebuilt = CSVTable(header: header, rows: Array(table.rows[(k + 1)...]), lineNumbers: Array(table.lineNumbers[(k + 1)...]), delimiter: table.delimiter)
                return (rebuilt, (table.lineNumbers[k], k + 1))
            }
            throw first
        }
    }

    public init(table: CSVTable, path: String, columnOverrides: [String: String] = [:], nameCase: NameCase = .keep, sheet: String? = nil,
                printCheck: (any NamePrintCheck)? = nil) throws {
        let mapping = try ColumnMapping.detect(header: table.header, path: path, overrides: columnOverrides)
        self.mapping = mapping
        self.path = path
        self.header = table.header
        rowsRead = table.rows.count
        guard rowsRead > 0 else { throw ECertError.emptyParticipantList(path: path) }
        var checker = RowChecker(header: table.header, mapping: mapping, nameCase: nameCase, sheet: sheet)
        checker.printCheck = printCheck
        var participants: [Participant] = []
        var problems: [RowProblem] = []
        var rejected: [RejectedRow] = []
        participants.reserveCapacity(rowsRead)
        for (row, line) in zip(table.rows, table.lineNumbers) {
            switch checker.check(row, line: line) {
            case .valid(let participant):
                participants.append(participant)
            case .rejected(let found):
                problems += found.map { RowProblem(line: line, reason: $0.reason, kind: $0.kind, sheet: sheet) }
                rejected.append(RejectedRow(line: line, fields: row, reasons: found.map(\.reason)))
            }
        }
        self.participants = participants
        self.problems = problems
        self.rejected = rejected
    }

    /// Trimmed, runs of spaces collapsed, NFC.
    static func cleanName(_ raw: String) -> String {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        var out = ""
        out.reserveCapacity(trimmed.utf8.count)
        var lastWasSpace = false
        for c in trimmed {
            let space = c == " " || c == "\u{A0}"
            if space { if !lastWasSpace { out.append(" ") } } else { out.append(c) }
            lastWasSpace = space
        }
        return nfc(out)
    }

    /// NFC; ASCII text (most of a list) is already NFC and skips the Foundation call.
    static func nfc(_ s: String) -> String {
        s.utf8.allSatisfy({ $0 < 0x80 }) ? s : s.precomposedStringWithCanonicalMapping
    }

    static func location(_ line: Int, _ sheet: String?) -> String {
        sheet == nil ? "line \(line)" : "row \(line)"
    }

    public static func codePoint(_ s: Unicode.Scalar) -> String {
        "U+\(String(s.value, radix: 16, uppercase: true).leftPadded(to: 4))"
    }

    /// Bidi embeddings, overrides and isolates: U+202A–U+202E, U+2066–U+2069.
    static func isBidiControl(_ s: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
    }

    /// Control characters, bidi marks and controls (they make a name display differently from its
    /// bytes), and zero-width or invisible characters other than the joiners some scripts need.
    static func isForbiddenInName(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: return true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        case 0x200B, 0xFEFF, 0x2060...0x2064, 0x00AD, 0x180E, 0x115F, 0x1160, 0x3164, 0xFFA0: return true
        case 0xFFF9...0xFFFB, 0xE0000...0xE007F: return true
        default: return false
        }
    }
}
