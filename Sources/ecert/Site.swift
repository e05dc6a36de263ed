import ArgumentParser
import ECertCore
import Foundation

struct Site: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a static verification page for batch folders (no participant list is published).",
        discussion: """
            SITE gets index.html, verify.js, style.css, keys.json (trusted keys), revocations.json (the signed \
            list, if any) and facts.json (event, issuer key, number issued, Merkle root per batch). Open \
            SITE/index.html#PAYLOAD, or point verify_url at the folder on any static host.
            """)

    @Argument(help: "Batch folder(s) written by `ecert issue`.")
    var directories: [String]

    @Option(help: "Output folder for the site.")
    var out: String

    @Option(help: "More trusted public keys (e.g. an older or newer issuer key); repeatable.")
    var pub: [String] = []

    @Option(help: "Signed revocation list to publish (default: revocations.json in the batch folder).")
    var revocations: String?

    func run() throws {
        do {
            let keys = try pub.flatMap { try TrustList.readKeys(at: URL(fileURLWithPath: $0)) }
            let result = try SiteBuilder.build(
                directories: directories.map { URL(fileURLWithPath: $0) }, extraKeys: keys,
                revocationsURL: revocations.map { URL(fileURLWithPath: $0) }, output: URL(fileURLWithPath: out))
            print("Wrote \(out)/index.html: \(result.batches) batch(es), \(result.keys) trusted key(s), \(result.revoked) revoked certificate(s).")
        } catch {
            throw fail(error)
        }
    }
}
