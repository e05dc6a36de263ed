import ArgumentParser
import ECertCore
import Foundation

struct Publish: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put a batch's PDFs on the verification site under secret names and write DIR/links.csv.",
        discussion: """
            Each PDF is checked against the signed manifest, then copied to SITE/c/NAME.pdf, NAME being an HMAC of the \
            serial under the link secret beside the issuer key (issuer.link-secret, made on first use with mode 0600; \
            keep it with the key: without it the links cannot be made again). DIR/links.csv lists serial, name, e-mail, \
            phone, download URL, verify URL and a WhatsApp click-to-chat link per teacher, and the problems of each row \
            (no e-mail, a number that is not an Indonesian mobile number). Re-running gives the same names.
            """)

    @Argument(help: "Batch folder written by `ecert issue`.")
    var directory: String

    @Option(help: "The site folder (as written by `ecert site`).")
    var site: String

    @OptionGroup var linkOptions: LinkOptions

    func validate() throws {
        try requireNonEmpty(directory, "the batch folder", example: "the folder written by `ecert issue`, e.g. out/batch")
        try requireNonEmpty(site, "--site", example: "the site folder written by `ecert site`, e.g. --site site")
    }

    func run() throws {
        do {
            let batch = try linkOptions.verifiedBatch(directory)
            let (links, created) = try linkOptions.links(for: batch, create: true)
            if created { printError("Created \(LinkSecret.url(besideKey: linkOptions.keyURL).path) (mode 0600): back it up with the key; the download links depend on it.") }
            let dir = URL(fileURLWithPath: directory)
            let result = try Publisher.publish(batch: batch, directory: dir, site: URL(fileURLWithPath: site), links: links)
            let problems = result.rows.filter { !$0.problems.isEmpty }
            for row in problems { printWarning("line \(row.line), \(row.serial) (\(row.name)): \(row.problems.joined(separator: "; "))") }
            print("Published \(grouped(result.rows.count)) certificate(s) to \(site)/\(DownloadLinks.folder)/ (\(result.copied) copied, \(result.unchanged) already there); "
                + "wrote \(dir.appendingPathComponent(DeliveryFiles.links).path); \(problems.count) row(s) with problems listed above and in its problems column.")
        } catch {
            throw fail(error)
        }
    }
}
