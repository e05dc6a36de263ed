import ArgumentParser
import ECertCore
import ECertRender
import Foundation

struct Preview: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render one certificate of a template to PNG with sample data, to iterate on a design.",
        discussion: """
            The QR code is signed with a fixed throw-away preview key: it scans, but never verifies.
            Placeholders naming participant columns show as [column].
            """)

    @Option(help: "Template name (a folder of templates/, see `ecert templates`).")
    var template: String

    @Option(help: "Event file (YAML) for the title, date, place and issuer (default: sample values).")
    var event: String?

    @Option(help: "Participant name to show.")
    var name: String = "Dra. Siti Nurhaliza Kusumawardhani, M.Pd."

    @OptionGroup var output: OutputOptions<PreviewOutput>

    @Flag(help: "Outline and number every element's box.")
    var boxes = false

    @Option(help: "Resolution of the PNG in dots per inch (36–600).")
    var dpi: Double = 100

    @OptionGroup var resourceOptions: ResourceOptions

    func validate() throws {
        try requireNonEmpty(template, "--template", example: "a template name from `ecert templates`, e.g. --template classic")
        try requireNonEmpty(event, "--event", example: "an event file, or leave it out for sample values")
        try requireNonEmpty(name, "--name", example: "a participant name to show, e.g. --name \"Siti Aminah\"")
        guard (36...600).contains(dpi) else {
            throw ValidationError("--dpi must be between 36 and 600; got \(dpi.formatted()). 100 is good on screen, 300 for print")
        }
    }

    func run() throws {
        do {
            let found = try resourceOptions.locate()
            let eventInfo = try PreviewContent.event(at: event)
            let dir = try found.templateDirectory(named: template)
            let design = try Template.load(from: dir)
            let renderer = try CertificateRenderer(template: design, fontsDirectory: found.fontsDirectory, eventValues: eventInfo.certificateValues)
            let content = try PreviewContent.make(event: eventInfo, template: design, name: name)
            let png = try renderer.png(for: content, dpi: dpi, boxes: boxes)
            do {
                try Data(png).write(to: output.url, options: .atomic)
            } catch {
                throw ECertError.outputNotUsable(path: output.out, reason: "cannot be written (does its folder exist and is it writable?)")
            }
            print("Preview of \(template) (\(Int(design.page.widthMM))×\(Int(design.page.heightMM)) mm, \(Int(dpi)) dpi) → \(output.out)")
        } catch {
            throw fail(error)
        }
    }
}
