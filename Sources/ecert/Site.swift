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
    var directories: [String] = []

    @OptionGroup var output: OutputOptions<SiteOutput>
    var out: String { output.out }

    @Option(help: "More trusted public keys (e.g. an older or newer issuer key); repeatable.")
    var pub: [String] = []

    @Option(help: "Signed revocation list to publish (default: revocations.json in the batch folder).")
    var revocations: String?

    func validate() throws {
        guard !directories.isEmpty else {
            throw ValidationError("give at least one batch folder written by `ecert issue`, e.g. ecert site out/batch --out site")
        }
        for directory in directories {
            try requireNonEmpty(directory, "a batch folder", example: "a folder written by `ecert issue`, e.g. out/batch")
        }
        for path in pub {
            try requireNonEmpty(path, "--pub", example: "a public key file, e.g. --pub old-issuer.pub")
        }
        try requireNonEmpty(revocations, "--revocations", example: "a signed revocations.json, or leave it out to use the batch's own")
    }

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
