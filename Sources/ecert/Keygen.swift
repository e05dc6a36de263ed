import ArgumentParser
import ECertCore
import Foundation

struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create an Ed25519 signing key (mode 0600) and its public key beside it; or, with --x509, a test PAdES certificate.",
        discussion: """
            `ecert keygen issuer.key` writes issuer.key and issuer.pub. `ecert keygen --x509 office.key` writes an RSA 2048 key \
            (--ec: P-256) and a self-signed certificate office.crt for `ecert issue --sign-key office.key --sign-cert office.crt`. \
            An existing key is never overwritten.
            """)

    @Argument(help: "Path of the private key file to create, e.g. issuer.key.")
    var keyFile: String

    @Flag(help: "Make an X.509 key and self-signed test certificate (NAME.crt) for PAdES PDF signatures instead.")
    var x509 = false

    @Flag(help: "With --x509: an EC P-256 key instead of RSA 2048 (ECDSA signatures are not deterministic).")
    var ec = false

    @Option(help: "With --x509: the certificate's common name (the signer PDF readers show).")
    var name = "ecert test signer"

    func validate() throws {
        try requireNonEmpty(keyFile, "the key file", example: "the path of the private key to create, e.g. issuer.key")
        if keyFile.hasSuffix(".pub") || keyFile.hasSuffix(".crt") {
            throw ValidationError("\(keyFile): give the private key's name, e.g. issuer.key; the public key or certificate is written beside it")
        }
        if ec && !x509 { throw ValidationError("--ec makes an X.509 P-256 key; use it with --x509") }
        try requireNonEmpty(name, "--name", example: "the signer's name, e.g. --name \"Dinas Pendidikan Kota Bandung\"")
    }

    func run() throws {
        do {
            let keyURL = URL(fileURLWithPath: keyFile)
            if x509 {
                let certificateURL = keyURL.deletingPathExtension().appendingPathExtension("crt")
                let certificate = try TestCertificate.write(keyURL: keyURL, certificateURL: certificateURL, ec: ec, commonName: name)
                print("Wrote private key \(keyFile) (keep it secret) and self-signed test certificate \(certificateURL.relativePath)")
                print("Subject: \(certificate.subject); valid until \(certificate.notValidAfter)")
                print("Sign PDFs with: ecert issue … --sign-key \(keyFile) --sign-cert \(certificateURL.relativePath)")
                return
            }
            let key = IssuerPrivateKey()
            let publicURL = try KeyFile.writeNewKeyPair(key, privateURL: keyURL)
            print("Wrote private key \(keyFile) (keep it secret) and public key \(publicURL.relativePath)")
            print("Key ID: \(key.publicKey.keyIDHex)")
        } catch {
            throw fail(error)
        }
    }
}
