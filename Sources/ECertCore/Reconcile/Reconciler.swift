import Foundation

/// Joins a registration list, a Zoom participant report and a Google Forms quiz export into the
/// list of participants who really qualify, and the funnel that shows how many dropped out where.
///
/// Join: by e-mail (trimmed, case-folded); when an export row's e-mail is empty or unknown, by
/// normalised name (titles and degrees removed, accents and punctuation folded), and only when
/// exactly one registration has that name. Name matches are counted separately.
public struct Reconciler {
    public struct Options: Sendable {
        public var minMinutes: Int
        public var minScorePercent: Int
        public var columnOverrides: [String: String] = [:]
        public var sheet: String? = nil
        public init(minMinutes: Int, minScorePercent: Int, columnOverrides: [String: String] = [:], sheet: String? = nil) {
            self.minMinutes = minMinutes
            self.minScorePercent = minScorePercent
            self.columnOverrides = columnOverrides
            self.sheet = sheet
        }
    }

    public struct Result: Sendable {
        public var funnel: Funnel
        /// verified.csv bytes (UTF-8 BOM, values exactly as registered: `issue --funnel` reads it).
        public var verifiedCSV: Data
        public var warnings: [String]
        /// Registrants verified through a name match: line and name, for the organiser to check.
        public var nameMatched: [(line: Int, name: String)]
        public var unmatchedAttendance: [(line: Int, name: String, email: String)]
        public var unmatchedQuiz: [(line: Int, email: String)]
    }

    public static func run(registrations: URL, attendance: URL, quiz: URL, options: Options, outputName: String) throws -> Result {
        let loaded = try TableSource.load(from: registrations, sheet: options.sheet)
        let (table, _) = try ParticipantList.headerTable(loaded.table, path: registrations.path, overrides: options.columnOverrides)
        let list = try ParticipantList(table: table, path: registrations.path, columnOverrides: options.columnOverrides, sheet: loaded.source.sheet)
        let mapping = list.mapping!
        let invalidLines = Set(list.rejected.map(\.line))
        var warnings = loaded.warnings
        if mapping.email == nil {
            warnings.append("\(registrations.path): no e-mail column, so exports are joined by name only (lower confidence)")
        }

        let n = table.rows.count
        var byEmail: [String: Int] = [:]
        var byName: [String: [Int]] = [:]
        for (k, row) in table.rows.enumerated() {
            if let e = mapping.email, e < row.count {
                let email = normalizedEmail(row[e])
                if !email.isEmpty, byEmail[email] == nil { byEmail[email] = k }
            }
            let name = normalizedName(mapping.name < row.count ? row[mapping.name] : "")
            if !name.isEmpty { byName[name, default: []].append(k) }
        }
        func match(email: String, names: [String]) -> (Int, viaName: Bool)? {
            let e = normalizedEmail(email)
            if !e.isEmpty, let k = byEmail[e] { return (k, false) }
            for name in names.map(normalizedName) where !name.isEmpty {
                if let ks = byName[name], ks.count == 1 { return (ks[0], true) }
            }
            return nil
        }

        var minutes = [Int](repeating: 0, count: n)
        var best = [(points: Decimal, max: Decimal)?](repeating: nil, count: n)
        var viaName = [Bool](repeating: false, count: n)
        var matching = Funnel.Matching(attendanceRowsByEmail: 0, attendanceRowsByName: 0, attendanceRowsUnmatched: 0,
                                       quizRowsByEmail: 0, quizRowsByName: 0, quizRowsUnmatched: 0, verifiedMatchedByName: 0)
        var unmatchedAttendance: [(Int, String, String)] = []
        var unmatchedQuiz: [(Int, String)] = []

        let zoom = try ZoomReport.read(attendance)
        for row in zoom.rows {
            guard let (k, named) = match(email: row.email, names: row.names) else {
                matching.attendanceRowsUnmatched += 1
                unmatchedAttendance.append((row.line, row.names.first ?? "", row.email))
                continue
            }
            minutes[k] += row.minutes
            if named { matching.attendanceRowsByName += 1; viaName[k] = true } else { matching.attendanceRowsByEmail += 1 }
        }
        let forms = try QuizExport.read(quiz)
        for row in forms.rows {
            guard let (k, named) = match(email: row.email, names: row.name.map { [$0] } ?? []) else {
                matching.quizRowsUnmatched += 1
                unmatchedQuiz.append((row.line, row.email))
                continue
            }
            if let current = best[k] {
                if row.points * current.max > current.points * row.max { best[k] = (row.points, row.max) }
            } else {
                best[k] = (row.points, row.max)
            }
            if named { matching.quizRowsByName += 1; viaName[k] = true } else { matching.quizRowsByEmail += 1 }
        }

        var total = Funnel.Counts(registered: 0, attended: 0, passedQuiz: 0, verified: 0)
        var districts: [String: Funnel.Counts] = [:]
        var qualifiedButInvalid = 0
        var nameMatched: [(Int, String)] = []
        let extraHeader = ["Attended minutes", "Best quiz score", "Matched by"]
        var writer = CSVWriter(header: table.header + extraHeader, for: .ecert)
        var verifiedRows = 0
        let threshold = Decimal(options.minScorePercent)
        for (k, row) in table.rows.enumerated() {
            let line = table.lineNumbers[k]
            let district = mapping.district.flatMap { $0 < row.count ? row[$0].trimmingCharacters(in: .whitespaces) : nil }.flatMap { $0.isEmpty ? nil : $0 } ?? "(no district)"
            var counts = districts[district] ?? Funnel.Counts(registered: 0, attended: 0, passedQuiz: 0, verified: 0)
            let attended = minutes[k] >= options.minMinutes
            let passed = attended && best[k].map { $0.points * 100 >= threshold * $0.max } == true
            let verified = passed && !invalidLines.contains(line)
            counts.registered += 1
            if attended { counts.attended += 1 }
            if passed { counts.passedQuiz += 1 }
            if verified { counts.verified += 1 }
            if passed && !verified { qualifiedButInvalid += 1 }
            districts[district] = counts
            if verified {
                let score = best[k].map { "\(format($0.points)) / \(format($0.max))" } ?? ""
                let fields = Array(row.prefix(table.header.count)) + Array(repeating: "", count: max(0, table.header.count - row.count))
                writer.append(fields + [String(minutes[k]), score, viaName[k] ? "name (check)" : "email"])
                verifiedRows += 1
                if viaName[k] {
                    matching.verifiedMatchedByName += 1
                    nameMatched.append((line, mapping.name < row.count ? row[mapping.name] : ""))
                }
            }
        }
        for c in districts.values {
            total.registered += c.registered; total.attended += c.attended; total.passedQuiz += c.passedQuiz; total.verified += c.verified
        }
        let csv = writer.data
        let funnel = Funnel(
            format: Funnel.format, version: Funnel.version,
            rules: .init(minMinutes: options.minMinutes, minScorePercent: options.minScorePercent,
                         attendance: "sum of all Zoom join durations per person >= minMinutes",
                         quiz: "best attempt, points / maximum >= minScorePercent %, counted among those who attended",
                         join: "e-mail; fallback: normalised name matching exactly one registration"),
            sources: .init(
                registrations: .init(file: registrations.lastPathComponent, sha256: try Digest256.sha256Hex(fileAt: registrations), rows: n),
                attendance: .init(file: attendance.lastPathComponent, sha256: try Digest256.sha256Hex(fileAt: attendance), rows: zoom.rows.count),
                quiz: .init(file: quiz.lastPathComponent, sha256: try Digest256.sha256Hex(fileAt: quiz), rows: forms.rows.count)),
            counts: total,
            districts: districts.keys.sorted().map { Funnel.District(district: $0, counts: districts[$0]!) },
            matching: matching, qualifiedButInvalid: qualifiedButInvalid,
            output: .init(file: outputName, sha256: Digest256.sha256Hex(csv), rows: verifiedRows))
        return Result(funnel: funnel, verifiedCSV: csv, warnings: warnings + zoom.warnings + forms.warnings,
                      nameMatched: nameMatched, unmatchedAttendance: unmatchedAttendance, unmatchedQuiz: unmatchedQuiz)
    }

    static func format(_ d: Decimal) -> String { NSDecimalNumber(decimal: d).stringValue }

    public static func normalizedEmail(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    static let prefixTitles: Set<String> = ["dr", "dra", "drs", "drg", "hj", "h", "ir", "prof", "kh", "ust", "ustadz", "ustazah", "ns", "apt"]

    /// "Dra. Hj. Siti Aminah, S.Pd., M.Pd." and "SITI AMINAH" both become "siti aminah".
    public static func normalizedName(_ s: String) -> String {
        let beforeDegrees = s.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let ascii = beforeDegrees.utf8.allSatisfy { $0 < 0x80 }
        let folded = ascii ? beforeDegrees.lowercased()
            : beforeDegrees.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
        var words: [String] = []
        for raw in folded.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{A0}" }) {
            let hadDot = raw.hasSuffix(".")
            let word = ascii
                ? String(String.UnicodeScalarView(raw.unicodeScalars.filter { ($0.value >= 0x61 && $0.value <= 0x7A) || ($0.value >= 0x30 && $0.value <= 0x39) }))
                : String(raw.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
            if word.isEmpty { continue }
            if words.isEmpty, prefixTitles.contains(word), hadDot || word.count > 1 { continue }
            words.append(word)
        }
        return words.joined(separator: " ")
    }
}

/// A Zoom participant report: `Name (original name)`, `User Email`, `Join time`, `Leave time`,
/// `Duration (minutes)`, one row per join. A meeting summary above the table is skipped.
struct ZoomReport {
    struct Row { var line: Int; var names: [String]; var email: String; var minutes: Int }
    var rows: [Row]
    var warnings: [String]

    static func read(_ url: URL) throws -> ZoomReport {
        let (records, lines, _) = try ExportTable.records(url)
        let name = ["nameoriginalname", "name", "nama", "participant"]
        let email = ["useremail", "email", "attendeeemail", "emailaddress"]
        let duration = ["durationminutes", "timeinsessionminutes", "durasimenit", "duration"]
        guard let (h, columns) = ExportTable.findHeader(records, roles: [name, email, duration], required: [true, false, true]) else {
            throw ECertError.invalidExport(path: url.path, reason: "no Zoom participant table found: expected a header row with \"Name (original name)\", \"User Email\", \"Join time\", \"Leave time\", \"Duration (minutes)\"; headers found: \(ExportTable.firstRow(records))")
        }
        var rows: [Row] = []
        var bad: [Int] = []
        for k in (h + 1)..<records.count {
            let r = records[k]
            func v(_ c: Int?) -> String { c.flatMap { $0 < r.count ? r[$0].trimmingCharacters(in: .whitespaces) : nil } ?? "" }
            if r.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard let minutes = Int(v(columns[2])) else { bad.append(lines[k]); continue }
            let display = v(columns[0])
            var names = [display]
            // "Budi Santoso (Budi)": the current name, then the original name in parentheses.
            if display.hasSuffix(")"), let open = display.lastIndex(of: "(") {
                names = [String(display[..<open]).trimmingCharacters(in: .whitespaces), String(display[display.index(after: open)..<display.index(before: display.endIndex)])]
            }
            rows.append(Row(line: lines[k], names: names, email: v(columns[1]), minutes: minutes))
        }
        let warnings = bad.isEmpty ? [] : ["\(url.path): \(bad.count) row(s) without a whole number of minutes were not counted (lines \(bad.prefix(10).map(String.init).joined(separator: ", "))\(bad.count > 10 ? ", …" : ""))"]
        return ZoomReport(rows: rows, warnings: warnings)
    }
}

/// A Google Forms quiz export: `Timestamp`, `Email Address`, `Score` as `8 / 10`; one row per attempt.
struct QuizExport {
    struct Row { var line: Int; var email: String; var name: String?; var points: Decimal; var max: Decimal }
    var rows: [Row]
    var warnings: [String]

    static func read(_ url: URL) throws -> QuizExport {
        let (records, lines, _) = try ExportTable.records(url)
        let email = ["emailaddress", "alamatemail", "email", "surel"]
        let score = ["score", "skor", "totalscore", "nilai"]
        let name = ColumnMapping.nameHeaders
        guard let (h, columns) = ExportTable.findHeader(records, roles: [email, score, name], required: [true, true, false]) else {
            throw ECertError.invalidExport(path: url.path, reason: "no Google Forms quiz table found: expected a header row with \"Timestamp\", \"Email Address\", \"Score\"; headers found: \(ExportTable.firstRow(records))")
        }
        var rows: [Row] = []
        var bad: [Int] = []
        for k in (h + 1)..<records.count {
            let r = records[k]
            func v(_ c: Int?) -> String { c.flatMap { $0 < r.count ? r[$0].trimmingCharacters(in: .whitespaces) : nil } ?? "" }
            if r.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard let (points, max) = parseScore(v(columns[1])) else { bad.append(lines[k]); continue }
            let n = v(columns[2])
            rows.append(Row(line: lines[k], email: v(columns[0]), name: n.isEmpty ? nil : n, points: points, max: max))
        }
        let warnings = bad.isEmpty ? [] : ["\(url.path): \(bad.count) row(s) without a readable score were not counted (lines \(bad.prefix(10).map(String.init).joined(separator: ", "))\(bad.count > 10 ? ", …" : ""))"]
        return QuizExport(rows: rows, warnings: warnings)
    }

    /// "8 / 10" → (8, 10); "7,5 / 10" → (7.5, 10); a bare number is a percentage.
    static func parseScore(_ text: String) -> (Decimal, Decimal)? {
        let parts = text.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".") }
        func number(_ s: String) -> Decimal? {
            guard !s.isEmpty, s.allSatisfy({ $0.isNumber || $0 == "." }), s.filter({ $0 == "." }).count <= 1 else { return nil }
            return Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))
        }
        if parts.count == 2, let p = number(parts[0]), let m = number(parts[1]), m > 0 { return (p, m) }
        if parts.count == 1, let p = number(parts[0]) { return (p, 100) }
        return nil
    }
}

enum ExportTable {
    static func records(_ url: URL) throws -> ([[String]], [Int], Character) {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw ECertError.fileNotFound(path: url.path) }
        let text = try TextDecoding.decodeDetecting(data, path: url.path).text
        return try CSVTable.parseRecords(text, path: url.path)
    }

    /// The first record that holds every required role; returns its index and the column of each role.
    static func findHeader(_ records: [[String]], roles: [[String]], required: [Bool]) -> (Int, [Int?])? {
        for (k, record) in records.enumerated().prefix(50) {
            let normalized = record.map(ColumnMapping.normalizedHeader)
            let columns: [Int?] = roles.map { accepted in
                for candidate in accepted { if let i = normalized.firstIndex(of: candidate) { return i } }
                return nil
            }
            if zip(columns, required).allSatisfy({ $0 != nil || !$1 }) { return (k, columns) }
        }
        return nil
    }

    static func firstRow(_ records: [[String]]) -> String {
        (records.first ?? []).map { "\"\($0)\"" }.joined(separator: ", ")
    }
}
