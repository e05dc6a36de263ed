import ECertCore
import ECertRender
import Foundation
import Synchronization

/// Everything the app does, as plain functions over the data folder: each one is a call into
/// ECertCore/ECertRender that a command also makes, so the app writes what the commands write.
package final class AppSession: Sendable {
    package let workspace: AppWorkspace
    package let resources: Resources
    package let jobs: Int
    let progress = Mutex(IssueProgress())

    package init(workspace: AppWorkspace, resources: Resources, jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.workspace = workspace
        self.resources = resources
        self.jobs = jobs
    }

    // MARK: Kegiatan

    /// Checks the form as `ecert issue --event` would read it, then writes event.yaml.
    package func saveEvent(_ form: EventForm) throws -> Event {
        let event = try form.event(path: workspace.eventURL.path, directory: workspace.root)
        try FileOutput.writeAtomically(Array(form.eventFileText().utf8), to: workspace.eventURL)
        try FileOutput.writeAtomically(try JCS.encode(form), to: workspace.root.appendingPathComponent("event-form.json"))
        return event
    }

    package func savedForm() -> EventForm? {
        let url = workspace.root.appendingPathComponent("event-form.json")
        guard let bytes = try? BoundedFile.read(url, limit: 1 << 20) else { return nil }
        return try? StrictJSON.decode(EventForm.self, fromBytes: bytes, path: url.path)
    }

    package func event() throws -> Event {
        guard FileManager.default.fileExists(atPath: workspace.eventURL.path) else {
            throw AppError.unprocessable("save the event first (step Kegiatan)")
        }
        return try Event.load(from: workspace.eventURL)
    }

    // MARK: Desain

    /// The certificate as `ecert preview --template T --event event.yaml --name NAME` draws it.
    package func preview(template: String, name: String, dpi: Double = 60) throws -> [UInt8] {
        let saved = try? self.event()
        var event = try saved ?? PreviewContent.event(at: nil)
        if !template.isEmpty { event.template = template }
        let design = try Template.load(from: try resources.templateDirectory(named: event.template))
        let drawing = try event.drawing(assets: saved == nil ? nil : workspace.root)
        let renderer = try CertificateRenderer(template: design, fontsDirectory: resources.fontsDirectory, drawing: drawing)
        return try renderer.png(for: try PreviewContent.make(event: event, template: design, name: name), dpi: dpi)
    }

    // MARK: Peserta

    /// `ecert check LIST --event event.yaml --column …` as data for the page, with the mapping
    /// suggested from the headers when none is given, and the longest name (for the preview).
    package func check(list: String, columns: [String: String]?) throws -> CheckReport {
        let url = try workspace.upload(named: list)
        guard FileManager.default.fileExists(atPath: url.path) else { throw AppError.notFound("upload \(list)") }
        let header = try ListHeader.read(url)
        let mapping = columns ?? ColumnMapping.suggest(header: header)
        let plan = try BatchPlan.make(participantsURL: url, event: try event(), resources: resources, columnOverrides: mapping)
        var longest = "", reader = try plan.items(in: 0..<plan.validCount)
        while let item = try reader.next() {
            if item.participant.name.count > longest.count { longest = item.participant.name }
        }
        return CheckReport(
            header: header, columns: mapping, rowsRead: plan.rowsRead, valid: plan.validCount,
            problems: plan.problems.map { .init(line: $0.line, kind: $0.kind == .other ? "" : $0.kind.rawValue, reason: $0.reason) },
            warnings: plan.warnings, longestName: longest)
    }
}

/// What the Peserta step shows.
package struct CheckReport: Codable, Sendable {
    package struct Problem: Codable, Sendable {
        package var line: Int
        /// `RowProblem.Kind` (e.g. "empty name"), which the page names in its language.
        package var kind: String
        package var reason: String
    }
    package var header: [String]
    package var columns: [String: String]
    package var rowsRead: Int
    package var valid: Int
    package var problems: [Problem]
    package var warnings: [String]
    package var longestName: String
}

/// The headers of a list, read as `ecert check` reads them (also below a title).
enum ListHeader {
    static func read(_ url: URL) throws -> [String] {
        let loaded = try TableSource.load(from: url, sheet: nil)
        return loaded.table.header.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
