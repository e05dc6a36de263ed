import Foundation

/// One row of the participant list that will receive a certificate.
public struct Participant: Sendable, Equatable {
    /// 1-based line in the source file, for messages.
    public var line: Int
    public var name: String
    public var id: String
    /// Every column of the row by header, carried into the manifest record.
    public var columns: [String: String]
}

/// A problem with one row; the run reports all of them, never just the first.
public struct RowProblem: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var reason: String
    public var description: String { "line \(line): \(reason)" }
}

/// How the columns of a list map to what ecert needs.
public struct ColumnMapping: Sendable, Equatable {
    public var name: Int
    public var id: Int

    static let nameHeaders = ["nama", "nama lengkap", "nama peserta", "name", "full name"]
    static let idHeaders = ["nuptk", "nip", "nik", "id", "participant id"]

    /// Headers compare case- and punctuation-insensitively: "NAMA_LENGKAP" matches "Nama Lengkap".
    static func normalizedHeader(_ header: String) -> String {
        let folded = header.lowercased().unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : " " }
        return String(folded).split(separator: " ").joined(separator: " ")
    }

    public static func detect(header: [String], path: String, overrides: [String: String] = [:]) throws -> ColumnMapping {
        func find(role: String, accepted: [String]) throws -> Int {
            if let wanted = overrides[role] {
                guard let i = header.firstIndex(where: { normalizedHeader($0) == normalizedHeader(wanted) }) else {
                    throw ECertError.missingColumn(path: path, role: role, accepted: [wanted], found: header)
                }
                return i
            }
            // Earlier entries in `accepted` are preferred: NUPTK over NIP when both exist.
            for candidate in accepted {
                let matches = header.indices.filter { normalizedHeader(header[$0]) == candidate }
                if matches.count > 1 {
                    throw ECertError.ambiguousColumn(path: path, role: role, candidates: matches.map { header[$0] })
                }
                if let only = matches.first { return only }
            }
            throw ECertError.missingColumn(path: path, role: role, accepted: accepted, found: header)
        }
        return ColumnMapping(name: try find(role: "name", accepted: nameHeaders), id: try find(role: "id", accepted: idHeaders))
    }
}

/// A participant list read, mapped and checked.
public struct ParticipantList: Sendable {
    public var path: String
    public var header: [String]
    public var rowsRead: Int
    public var participants: [Participant]
    public var problems: [RowProblem]

    public static let maxNameLength = 200

    public static func load(from url: URL, columnOverrides: [String: String] = [:]) throws -> ParticipantList {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ECertError.fileNotFound(path: url.path)
        }
        let text = try TextDecoding.decode(data, path: url.path)
        let table = try CSVTable.parse(text, path: url.path)
        return try ParticipantList(table: table, path: url.path, columnOverrides: columnOverrides)
    }

    public init(table: CSVTable, path: String, columnOverrides: [String: String] = [:]) throws {
        let mapping = try ColumnMapping.detect(header: table.header, path: path, overrides: columnOverrides)
        self.path = path
        self.header = table.header
        rowsRead = table.rows.count
        guard rowsRead > 0 else { throw ECertError.emptyParticipantList(path: path) }
        var participants: [Participant] = []
        var problems: [RowProblem] = []
        var seenIDs: [String: Int] = [:]
        participants.reserveCapacity(rowsRead)
        for (row, line) in zip(table.rows, table.lineNumbers) {
            var columns: [String: String] = [:]
            for (k, title) in table.header.enumerated() where !title.isEmpty {
                columns[title] = k < row.count ? row[k].precomposedStringWithCanonicalMapping : ""
            }
            let name = (mapping.name < row.count ? row[mapping.name] : "")
                .trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping
            let id = (mapping.id < row.count ? row[mapping.id] : "").trimmingCharacters(in: .whitespaces)
            let rowProblems = Self.problems(name: name, id: id, line: line, header: table.header, mapping: mapping, seenIDs: seenIDs)
            if rowProblems.isEmpty {
                seenIDs[id] = line
                participants.append(Participant(line: line, name: name, id: id, columns: columns))
            } else {
                problems += rowProblems
            }
        }
        self.participants = participants
        self.problems = problems
    }

    static func problems(name: String, id: String, line: Int, header: [String], mapping: ColumnMapping, seenIDs: [String: Int]) -> [RowProblem] {
        var found: [String] = []
        if name.isEmpty { found.append("empty name in column \"\(header[mapping.name])\"; fill it in or delete the row") }
        if name.count > maxNameLength { found.append("name is \(name.count) characters, longer than \(maxNameLength); shorten it") }
        if let bad = name.unicodeScalars.first(where: isForbiddenInName) {
            found.append("name contains the invisible or control character U+\(String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4)); retype the name")
        }
        if id.isEmpty {
            found.append("empty participant ID in column \"\(header[mapping.id])\"; fill it in")
        } else if let first = seenIDs[id] {
            found.append("participant ID \(id) already used on line \(first); each participant may appear once")
        }
        return found.map { RowProblem(line: line, reason: $0) }
    }

    /// Control characters, bidi overrides/isolates (they make a name display differently from its
    /// bytes) and zero-width characters other than the joiners some scripts need.
    static func isForbiddenInName(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        case 0x200B, 0xFEFF, 0x2060: return true
        default: return false
        }
    }
}
