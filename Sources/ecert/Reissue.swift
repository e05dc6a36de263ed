import ArgumentParser
import ECertCore
import ECertRender
import Foundation

struct Reissue: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-issue a lost certificate byte for byte, without the private key.",
        discussion: """
            Finds the record in the batch's manifest.json (or in a district bundle, ZIP or folder), checks that the \
            template and font files are the ones recorded in the manifest, renders the certificate with its stored \
            signed payload and writes it only if its SHA-256 equals the recorded one.
            Examples: ecert reissue out/batch --serial "WEB-AI/2025/000017" --out lost.pdf
                      ecert reissue "Kab. Lahat.zip" --name "siti nur" --out .
            """)

    @Argument(help: "Batch folder (with manifest.json), district bundle ZIP, or unzipped bundle folder.")
    var source: String

    @Option(help: "Certificate serial, e.g. \"WEB-AI/2025/000017\".")
    var serial: String?

    @Option(help: "Participant ID (NUPTK/NIK) of the certificate holder.")
    var id: String?

    @Option(help: "Part of the holder's name; case and accents are ignored. Several matches are listed.")
    var name: String?

    @OptionGroup var output: OutputOptions<ReissueOutput>
    var out: String { output.out }

    @Option(help: "Issuer public key the manifest (or bundle header) must be signed by; without it, the key the file names is used.")
    var pub: [String] = []

    @OptionGroup var resourceOptions: ResourceOptions

    @OptionGroup var assetOptions: AssetOptions
    var resources: String? { resourceOptions.resources }

    func validate() throws {
        try requireNonEmpty(source, "the batch", example: "a batch folder, a bundle ZIP or an unzipped bundle folder")
        let given = [serial, id, name].compactMap { $0 }.count
        guard given == 1 else {
            throw ValidationError("give exactly one of --serial, --id or --name to pick the certificate, e.g. --serial \"WEB-AI/2025/000017\"\(given > 1 ? "; got \(given)" : "")")
        }
        try requireNonEmpty(serial, "--serial", example: "a certificate serial, e.g. --serial \"WEB-AI/2025/000017\"")
        try requireNonEmpty(id, "--id", example: "the holder's participant ID (NUPTK/NIK)")
        try requireNonEmpty(name, "--name", example: "part of the holder's name, e.g. --name \"siti nur\"")
        for path in pub {
            try requireNonEmpty(path, "--pub", example: "a public key file, e.g. --pub issuer.pub")
        }
    }

    func run() throws {
        do {
            try reissue()
        } catch {
            throw fail(error)
        }
    }

    private func reissue() throws {
        let keys = pub.isEmpty ? nil : try pub.flatMap { try KeyFile.readPublicKeys(at: URL(fileURLWithPath: $0)) }
        let issued = try IssuedRecords.load(from: URL(fileURLWithPath: source), trusting: keys)
        if issued.selfSigned {
            printError("note: the signature was checked with the key the file names (\(issued.header.signer.keyIDHex)), which proves it intact, not who signed it; pass --pub issuer.pub to check the issuer too")
        }
        let query: RecordLookup.Query = serial.map { .serial($0) } ?? id.map { .participantID($0) } ?? .name(name ?? "")
        let record = try issued.lookup.record(query)
        let (template, fontsDirectory) = try Reissuer.checkResources(header: issued.header, resources: try Resources.locate(explicit: resources))
        let sourceURL = URL(fileURLWithPath: source)
        var isFolder: ObjCBool = false
        let beside = FileManager.default.fileExists(atPath: sourceURL.path, isDirectory: &isFolder) && isFolder.boolValue ? sourceURL : sourceURL.deletingLastPathComponent()
        let drawing = try issued.header.body.event.drawing(assets: assetOptions.url(default: beside))
        let renderer = try CertificateRenderer(template: template, fontsDirectory: fontsDirectory, drawing: drawing)
        let pdf = try Reissuer.pdf(for: record, event: issued.header.body.event, renderer: renderer, signatureLayout: PDFSignatureWriter())

        var target = URL(fileURLWithPath: out)
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: target.path, isDirectory: &isDir), isDir.boolValue {
            // The name comes from the serial, never from the file's own `file` field.
            target.appendPathComponent(FileOutput.safeFileName(forSerial: record.serial))
        }
        try FileOutput.writeAtomically(pdf, to: target)
        print("Re-issued \(record.serial) (\(record.name)) → \(target.path)")
        print("SHA-256 \(record.sha256) matches the manifest record\(record.pdfSignature == nil ? "" : " (PAdES signature rebuilt from the record, no key used)").")
    }
}
