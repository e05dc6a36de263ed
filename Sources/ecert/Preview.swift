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

    static let sampleEvent = """
        title: "Pelatihan Implementasi Kurikulum Merdeka: Pembelajaran Berdiferensiasi"
        date: 2025-09-20
        place: Palembang
        issuer: Dinas Pendidikan Provinsi Sumatera Selatan
        serial: "PRATINJAU/2025/{seq:06}"
        verify_url: https://verify.example.org/v
        """

    func run() throws {
        do {
            let found = try resourceOptions.locate()
            let eventInfo = try event.map { try Event.load(from: URL(fileURLWithPath: $0)) }
                ?? Event.parse(Self.sampleEvent, path: "(sample event)")
            let dir = try found.templateDirectory(named: template)
            let design = try Template.load(from: dir)
            let renderer = try CertificateRenderer(template: design, fontsDirectory: found.fontsDirectory, eventValues: eventInfo.certificateValues)

            let serial = eventInfo.serial.serial(for: 1)
            let participantID = "0012345678901234"
            // Fixed bytes, so previews are reproducible; this key signs nothing else.
            let key = try IssuerPrivateKey(raw: Array(repeating: 0x5A, count: 32))
            let claims = CertificateClaims(
                keyID: key.publicKey.keyID, eventID: eventInfo.facts.eventID, date: eventInfo.date,
                participantDigest: CertificateClaims.participantDigest(for: participantID), serial: serial, name: name)
            let payload = try SignedPayload.sign(claims, with: key)
            // Participant columns are unknown here: each shows its own name, e.g. "[Asal Sekolah]".
            var columns: [String: String] = [:]
            for element in design.elements {
                for placeholder in Placeholders.names(in: element.text ?? "") { columns[placeholder] = "[\(placeholder)]" }
            }
            let content = CertificateContent.make(
                event: eventInfo, serial: serial, name: name, participantID: participantID, columns: columns, payloadText: payload.text)
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
