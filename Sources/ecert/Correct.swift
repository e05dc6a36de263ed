import ArgumentParser
import ECertCore
import ECertRender
import Foundation

struct Correct: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Correct a misspelt name: issue a new certificate and revoke the old one.",
        discussion: """
            Issues a new certificate with the corrected name under a new serial (SERIAL-R1, then -R2…), writes it \
            into the batch folder, revokes the old serial in revocations.json with reason "corrected" and a link to \
            the new serial, and appends both to the signed amendment record amendments.json. The manifest itself is \
            never rewritten. Needs the issuer's private key, and the template and fonts recorded in the manifest.
            Example: ecert correct out/batch --serial "WEB-AI/2025/000017" --name "Siti Nurhaliza" --key issuer.key
            """)

    @Argument(help: "Batch folder written by `ecert issue`.")
    var directory: String

    @OptionGroup var assetOptions: AssetOptions

    @Option(help: "Serial of the certificate to correct.")
    var serial: String

    @Option(help: "The corrected name, exactly as it should be printed.")
    var name: String

    @OptionGroup var signing: KeyOptions
    var key: String { signing.key }

    @OptionGroup var pdfSigning: PDFSignOptions

    @OptionGroup var time: TimeOptions

    @OptionGroup var resourceOptions: ResourceOptions
    var resources: String? { resourceOptions.resources }

    func validate() throws {
        try requireNonEmpty(directory, "the batch folder", example: "the folder written by `ecert issue`, e.g. out/batch")
        try requireNonEmpty(serial, "--serial", example: "the serial of the certificate to correct, e.g. --serial \"WEB-AI/2025/000017\"")
        try requireNonEmpty(name, "--name", example: "the corrected name exactly as it should be printed, e.g. --name \"Siti Nurhaliza\"")
    }

    func run() throws {
        do {
            let dir = URL(fileURLWithPath: directory)
            let signingKey = try signing.readPrivateKey()
            let time = self.time.timestamp
            // Verified once; the correction draws with the batch's own template and fonts.
            let batch = try Corrector.batch(in: dir, key: signingKey)
            let (template, fontsDirectory) = try Reissuer.checkResources(header: batch.header, resources: try Resources.locate(explicit: resources))
            let drawing = try batch.body.event.drawing(assets: assetOptions.url(default: dir))
            let renderer = try CertificateRenderer(template: template, fontsDirectory: fontsDirectory, drawing: drawing)
            // The fit and glyph checks `issue` applies to a list's names (the other rules are in Corrector).
            let printCheck = try NamePrintChecker(template: template, fontsDirectory: fontsDirectory, eventValues: batch.body.event.certificateValues)
            if let problem = printCheck.problems(name: try NameRules.checkedCommandLineName(name, option: "--name"), values: [:]).first {
                throw ECertError.invalidName(option: "--name", reason: problem.reason)
            }
            let result = try Corrector.correct(batch: batch, directory: dir, serial: serial, newName: name, key: signingKey, at: time, renderer: renderer,
                                                pdfSigner: try pdfSigning.signer(date: batch.body.event.date))
            print("Issued \(result.new.serial) for \"\(result.new.name)\" → \(result.pdfURL.path)")
            print("Revoked \(result.old.serial) (\"\(result.old.name)\"): corrected, replaced by \(result.new.serial)")
            print("Recorded in \(directory)/\(AmendmentLog.fileName) and \(directory)/\(RevocationList.fileName)")
        } catch {
            throw fail(error)
        }
    }
}
