import ArgumentParser
import ECertCore
import Foundation

struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create an Ed25519 signing key (mode 0600) and its public key beside it.",
        discussion: "`ecert keygen issuer.key` writes issuer.key and issuer.pub. An existing key is never overwritten.")

    @Argument(help: "Path of the private key file to create, e.g. issuer.key.")
    var keyFile: String

    func validate() throws {
        try requireNonEmpty(keyFile, "the key file", example: "the path of the private key to create, e.g. issuer.key")
        if keyFile.hasSuffix(".pub") {
            throw ValidationError("\(keyFile): give the private key's name, e.g. issuer.key; the public key is written beside it as issuer.pub")
        }
    }

    func run() throws {
        do {
            let key = IssuerPrivateKey()
            let publicURL = try KeyFile.writeNewKeyPair(key, privateURL: URL(fileURLWithPath: keyFile))
            print("Wrote private key \(keyFile) (keep it secret) and public key \(publicURL.relativePath)")
            print("Key ID: \(key.publicKey.keyIDHex)")
        } catch {
            throw fail(error)
        }
    }
}
