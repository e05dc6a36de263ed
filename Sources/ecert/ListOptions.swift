import ArgumentParser
import ECertCore
import Foundation

/// `--sheet` and `--column` of the commands that read a participant list (issue, check, reconcile).
struct ListOptions: ParsableArguments {
    @Option(help: "Worksheet of an .xlsx workbook (default: the first).")
    var sheet: String?

    @Option(name: .customLong("column"),
            help: ArgumentHelp("Map a role to a header, e.g. --column name=\"Nama Guru\" (roles: name, id, email, school, district, province).", valueName: "role=header"),
            transform: ColumnOverride.parse)
    var columns: [ColumnOverride] = []

    func validate() throws {
        try requireNonEmpty(sheet, "--sheet", example: "the name of a worksheet, or leave it out for the first")
        var seen: [String: String] = [:]
        for column in columns {
            if let earlier = seen[column.role], earlier != column.header {
                throw ValidationError("--column \(column.role) is given twice (\"\(earlier)\" and \"\(column.header)\"); give each role once")
            }
            seen[column.role] = column.header
        }
    }

    /// `--column` values as a map from role to header.
    var columnOverrides: [String: String] {
        Dictionary(columns.map { ($0.role, $0.header) }, uniquingKeysWith: { _, last in last })
    }
}

/// `--name-case` of issue and check.
struct NameCaseOptions: ParsableArguments {
    @Option(name: .customLong("name-case"), help: "keep: names as written; title: ALL-CAPS names in title case, academic titles kept right.")
    var nameCase: NameCase = .keep
}
