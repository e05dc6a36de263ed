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

    private func write(_ png: [UInt8], to url: URL) throws {
        do {
            try Data(png).write(to: url, options: .atomic)
        } catch {
            throw ECertError.outputNotUsable(path: url.path, reason: "cannot be written (does its folder exist and is it writable?)")
        }
    }

    func run() throws {
        do {
            let found = try resourceOptions.locate()
            let eventInfo = try PreviewContent.event(at: event)
            let dir = try found.templateDirectory(named: template)
            let design = try Template.load(from: dir)
            let drawing = try eventInfo.drawing(assets: event.map { URL(fileURLWithPath: $0).deletingLastPathComponent() })
            let renderer = try CertificateRenderer(template: design, fontsDirectory: found.fontsDirectory, drawing: drawing)
            let content = try PreviewContent.make(event: eventInfo, template: design, name: name)
            try write(try renderer.png(for: content, dpi: dpi, boxes: boxes), to: output.url)
            print("Preview of \(template) (\(Int(design.page.widthMM))×\(Int(design.page.heightMM)) mm, \(Int(dpi)) dpi) → \(output.out)")
            if renderer.pagesPerCertificate == 2 {
                // Page 2 (Struktur Program) beside it: NAME-2.png.
                let second = output.url.deletingPathExtension().path + "-2." + (output.url.pathExtension.isEmpty ? "png" : output.url.pathExtension)
                try write(try renderer.png(for: content, dpi: dpi, page: 2), to: URL(fileURLWithPath: second))
                print("Page 2 (Struktur Program) → \(second)")
            }
        } catch {
            throw fail(error)
        }
    }
}
