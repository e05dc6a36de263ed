import ArgumentParser
import ECertCore
import ECertRender
import Foundation

// Options shared by several commands, as `@OptionGroup`s. Each checks what it can without reading
// a file in `validate()`, which ArgumentParser calls while parsing, so a bad value is reported as
// `Error: …` with the usage and exit code 64 before any work starts.

/// Throws a `ValidationError` naming `option` when `value` is empty or only spaces.
func requireNonEmpty(_ value: String?, _ option: String, example: String) throws {
    if let value, value.trimmingCharacters(in: .whitespaces).isEmpty {
        throw ValidationError("\(option) is empty; give \(example)")
    }
}

/// `--key`: the issuer's private signing key (issue, revoke, correct, merge).
struct KeyOptions: ParsableArguments {
    @Option(help: "Issuer's private key (made by `ecert keygen`).")
    var key: String

    func validate() throws {
        try requireNonEmpty(key, "--key", example: "the private key file made by `ecert keygen`, e.g. --key issuer.key")
        if key.hasSuffix(".pub") {
            throw ValidationError("--key \(key) looks like a public key; --key takes the private key file (e.g. issuer.key), --pub the public one")
        }
    }

    /// The key, checked against the public key beside it; warns when others may read it.
    func readPrivateKey() throws -> IssuerPrivateKey {
        let url = URL(fileURLWithPath: key)
        let signingKey = try KeyFile.readPrivateKey(at: url)
        if let warning = KeyFile.exposureWarning(at: url) { printError(warning) }
        return signingKey
    }
}

/// `--pub` (repeatable, at least one): the trusted public keys of `verify`.
struct TrustOptions: ParsableArguments {
    @Option(help: "Trusted public key file (issuer.pub, several PEM keys, or a keys.json trust list); repeat for several.")
    var pub: [String] = []

    func validate() throws {
        guard !pub.isEmpty else {
            throw ValidationError("give the issuer's public key with --pub issuer.pub (or a PEM file or keys.json trust list); repeat --pub for several keys")
        }
        for path in pub {
            try requireNonEmpty(path, "--pub", example: "a public key file, e.g. --pub issuer.pub")
        }
    }
}

/// `--resources DIR`: where templates/ and fonts/ are (issue, preview, templates, reissue, correct).
/// Where re-drawing finds the signature and logo pictures a version-2 event file names.
struct AssetOptions: ParsableArguments {
    @Option(help: "Folder holding the signature and logo pictures the event file names (default: the batch's folder); each must be the file issued with.")
    var assets: String?

    func validate() throws {
        try requireNonEmpty(assets, "--assets", example: "the folder with the event file's pictures, e.g. --assets ./event")
    }

    func url(default fallback: URL) -> URL {
        assets.map { URL(fileURLWithPath: $0) } ?? fallback
    }
}

struct ResourceOptions: ParsableArguments {
    @Option(help: "Folder holding templates/ and fonts/ (default: found automatically).")
    var resources: String?

    func validate() throws {
        try requireNonEmpty(resources, "--resources", example: "the folder that holds templates/ and fonts/, or leave it out to find them automatically")
    }

    func locate() throws -> Resources {
        try Resources.locate(explicit: resources)
    }
}

/// What `--out` is for one command; its help text.
protocol OutputKind {
    static var help: String { get }
    static var example: String { get }
}

/// `--out PATH`, with help text of the command's kind of output.
struct OutputOptions<Kind: OutputKind>: ParsableArguments {
    @Option(help: ArgumentHelp(Kind.help))
    var out: String

    func validate() throws {
        try requireNonEmpty(out, "--out", example: Kind.example)
    }

    var url: URL { URL(fileURLWithPath: out) }
}

enum BatchOutput: OutputKind {
    static let help = "Output folder: new, empty, or an earlier run of the same batch."
    static let example = "a folder for the batch, e.g. --out out/batch"
}

enum MergedBatchOutput: OutputKind {
    static let help = "Output folder for the merged batch: new or empty."
    static let example = "a new folder for the merged batch, e.g. --out final"
}

enum BundlesOutput: OutputKind {
    static let help = "Output folder for the ZIP files: new, empty, or an earlier run of this command."
    static let example = "a folder for the ZIP files, e.g. --out out/bundles"
}

enum SiteOutput: OutputKind {
    static let help = "Output folder for the site."
    static let example = "a folder for the page, e.g. --out site"
}

enum ReissueOutput: OutputKind {
    static let help = "PDF file to write, or an existing folder (the certificate's own file name is used)."
    static let example = "a PDF file or a folder, e.g. --out lost.pdf"
}

enum PreviewOutput: OutputKind {
    static let help = "PNG file to write."
    static let example = "a PNG file, e.g. --out preview.png"
}

enum VerifiedListOutput: OutputKind {
    static let help = "Where to write the verified participants (CSV), e.g. verified.csv."
    static let example = "a CSV file, e.g. --out verified.csv"
}

/// `--at TIME` of revoke and correct.
struct TimeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Time to record, UTC: 2025-10-01T08:30:00Z or 2025-10-01 (default: now); give it for byte-identical re-runs.", valueName: "time"),
            transform: UTCTime.parse)
    var at: UTCTime?

    /// The canonical time: `--at`, or now.
    var timestamp: String { at?.text ?? Timestamp.string(from: Date()) }
}

/// `--sign-key`/`--sign-cert` (and `--sign-pdf`, which explains the conversion): the office's X.509
/// key and certificate chain for PAdES signatures in every PDF (issue).
struct PDFSignOptions: ParsableArguments {
    @Option(name: .customLong("sign-key"), help: "PEM private key (RSA 2048+ or EC P-256) that signs every PDF with PAdES; needs --sign-cert.")
    var signKey: String?

    @Option(name: .customLong("sign-cert"), help: "PEM certificates for --sign-key: the signer's certificate first, then its chain.")
    var signCert: String?

    @Option(name: .customLong("sign-pdf"), help: "An office .p12/.pfx file: prints the openssl commands that convert it for --sign-key/--sign-cert.")
    var signPDF: String?

    /// ecert reads no PKCS #12 itself (no well-kept Swift library does); openssl converts it.
    static func conversionHelp(_ p12: String) -> String {
        let base = URL(fileURLWithPath: p12).deletingPathExtension().lastPathComponent
        return """
            --sign-pdf \(p12): convert the .p12 once with openssl (it asks for the .p12 password; add -legacy for old RC2 files), then sign with --sign-key/--sign-cert:
              (umask 077; openssl pkcs12 -in \(p12) -nocerts -nodes -out \(base)-key.pem)
              openssl pkcs12 -in \(p12) -clcerts -nokeys -out \(base)-chain.pem
              openssl pkcs12 -in \(p12) -cacerts -nokeys >> \(base)-chain.pem
              ecert issue … --sign-key \(base)-key.pem --sign-cert \(base)-chain.pem
            """
    }

    func validate() throws {
        if let signPDF { throw ValidationError(Self.conversionHelp(signPDF)) }
        try requireNonEmpty(signKey, "--sign-key", example: "a PEM private key, e.g. --sign-key office-key.pem")
        try requireNonEmpty(signCert, "--sign-cert", example: "the PEM certificate chain, e.g. --sign-cert office-chain.pem")
        if (signKey == nil) != (signCert == nil) {
            throw ValidationError("--sign-key and --sign-cert go together: the PEM private key and its certificate chain (signer first), e.g. made by `ecert keygen --x509 office.key`")
        }
    }

    /// The PAdES signer for an event, or nil when no signing key was given.
    func signer(date: EventDate) throws -> PAdESSigner? {
        guard let signKey, let signCert else { return nil }
        let identity = try PDFSigningIdentity.load(keyURL: URL(fileURLWithPath: signKey), chainURL: URL(fileURLWithPath: signCert))
        if let warning = KeyFile.exposureWarning(at: URL(fileURLWithPath: signKey)) { printError(warning) }
        return PAdESSigner(identity: identity, layout: PDFSignatureWriter(), date: date)
    }
}
