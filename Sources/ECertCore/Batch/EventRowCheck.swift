import Foundation

/// The checks a participant row must pass against the event file and template, beyond the list's
/// own (name, ID…): its role is known and declared, and every `{column.HEADER}` the template
/// prints has a value (an empty one would print a gap on the certificate).
struct EventRowCheck: Sendable {
    let event: Event
    /// Headers named by `{column.HEADER}` placeholders.
    let printedColumns: [String]

    init(event: Event, template: Template) {
        self.event = event
        var seen: Set<String> = []
        printedColumns = template.placeholderUses.compactMap { use in
            use.name.hasPrefix("column.") ? String(use.name.dropFirst(7)) : nil
        }.filter { seen.insert($0).inserted }
    }

    func problems(_ participant: Participant) -> [(kind: RowProblem.Kind, reason: String)] {
        var found: [(kind: RowProblem.Kind, reason: String)] = []
        if event.isVersion2, case .failure(let problem) = event.role(columns: participant.columns) {
            found.append((.undeclaredRole, problem.description))
        }
        for header in printedColumns {
            let value = (participant.columns[header] ?? "").trimmingCharacters(in: .whitespaces)
            if value.isEmpty {
                found.append((.missingValue, "column \"\(header)\" is empty, but the template prints it as {column.\(header)}; fill it in or change the template"))
            } else if let bad = value.unicodeScalars.first(where: ParticipantList.isForbiddenInName) {
                found.append((.controlCharacter, "column \"\(header)\" contains the invisible or control character \(ParticipantList.codePoint(bad)); retype it"))
            }
        }
        return found
    }
}
