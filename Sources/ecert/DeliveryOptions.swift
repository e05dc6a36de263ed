import ArgumentParser
import ECertCore
import Foundation

/// `--key` and `--base-url` of publish and send: the batch is verified with the key's public half
/// before anything in it is used, and the download names come from the link secret beside the key.
struct LinkOptions: ParsableArguments {
    @OptionGroup var signing: KeyOptions

    @Option(help: "Address of the hosted site folder (default: the event's verify_url); links are BASE/c/NAME.pdf.")
    var baseURL: String?

    func validate() throws {
        try requireNonEmpty(baseURL, "--base-url", example: "the https:// address of the site folder, e.g. --base-url https://verify.example.org/v/")
        if let baseURL, !baseURL.hasPrefix("https://") {
            throw ValidationError("--base-url \(baseURL) must start with https:// (teachers open these links on their phones)")
        }
    }

    var keyURL: URL { URL(fileURLWithPath: signing.key) }

    /// The batch in `directory`, verified with the issuer key's public half.
    func verifiedBatch(_ directory: String) throws -> VerifiedBatch {
        let key = try signing.readPrivateKey()
        return try Manifest.verified(at: URL(fileURLWithPath: directory).appendingPathComponent(Manifest.fileName), trusting: [key.publicKey])
    }

    func links(for batch: VerifiedBatch, create: Bool) throws -> (links: DownloadLinks, created: Bool) {
        let (secret, created) = try LinkSecret.load(besideKey: keyURL, create: create)
        let base = baseURL ?? DownloadLinks.defaultBase(verifyURL: batch.body.event.verifyURL)
        return (DownloadLinks(secret: secret, baseURL: base, eventID: batch.body.eventID), created)
    }
}
