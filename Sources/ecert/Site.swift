import ArgumentParser
import ECertCore
import Foundation

struct Site: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a static verification page for batch folders (no participant list is published).",
        discussion: """
            SITE gets index.html, verify.js, nacl-fast.min.js (tweetnacl-js, for browsers without WebCrypto Ed25519), style.css, keys.json (trusted keys), revocations.json (the signed \
            list, if any) and facts.json (event, issuer key, number issued, Merkle root per batch). Open \
            SITE/index.html#PAYLOAD (works offline from a file, for testing), or host the folder over https:// at verify_url.
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
            for warning in result.warnings { printWarning(warning) }
            print("Wrote \(out)/index.html: \(result.batches) batch(es), \(result.keys) trusted key(s), \(result.revoked) revoked certificate(s).")
        } catch {
            throw fail(error)
        }
    }
}
