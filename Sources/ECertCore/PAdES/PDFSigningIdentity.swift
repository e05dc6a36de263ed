import _CryptoExtras
import Crypto
import Foundation
import SwiftASN1
import X509

/// The office's X.509 signing key and certificate chain for PAdES (`--sign-key`, `--sign-cert`).
/// Only what PDF readers validate: RSA (2048 bits or more) with PKCS #1 v1.5 and SHA-256, which is
/// deterministic, and ECDSA P-256 with SHA-256, which is not (each signature differs).
public struct PDFSigningIdentity: Sendable {
    public enum Algorithm: String, Sendable {
        case rsaSHA256 = "RSA PKCS #1 v1.5 SHA-256"
        case ecdsaP256SHA256 = "ECDSA P-256 SHA-256"
    }

    /// Immutable key values; swift-crypto 3 does not mark P256 keys Sendable.
    enum Key: @unchecked Sendable {
        case rsa(_RSA.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
    }

    /// Signer certificate first, then its chain, as given.
    public let certificates: [Certificate]
    let certificatesDER: [[UInt8]]
    let key: Key
    public var algorithm: Algorithm {
        if case .rsa = key { return .rsaSHA256 }
        return .ecdsaP256SHA256
    }
    public var isDeterministic: Bool { algorithm == .rsaSHA256 }
    public var signer: Certificate { certificates[0] }
    /// SHA-256 of the signer certificate's DER, which identifies the signer in a batch's identity.
    public var signerSHA256: String { Digest256.sha256Hex(certificatesDER[0]) }

    init(key: Key, certificatesDER: [[UInt8]], path: String) throws {
        guard !certificatesDER.isEmpty else {
            throw ECertError.invalidPDFSigner(path: path, reason: "no \"-----BEGIN CERTIFICATE-----\" block; give the signer certificate first, then its chain")
        }
        self.key = key
        self.certificatesDER = certificatesDER
        certificates = try certificatesDER.map { try Certificate(derEncoded: $0) }
        let publicKey: Certificate.PublicKey
        switch key {
        case .rsa(let rsa): publicKey = Certificate.PublicKey(rsa.publicKey)
        case .p256(let p256): publicKey = Certificate.PublicKey(p256.publicKey)
        }
        guard certificates[0].publicKey == publicKey else {
            throw ECertError.invalidPDFSigner(path: path, reason: "the first certificate (\(certificates[0].subject)) is not the key's; put the signer certificate first, then its chain")
        }
    }

    /// Reads a PEM private key (PKCS #8, PKCS #1 RSA or SEC 1 EC) and a PEM chain file.
    public static func load(keyURL: URL, chainURL: URL) throws -> PDFSigningIdentity {
        let keyText = try String(decoding: BoundedFile.read(keyURL, limit: 1 << 20), as: UTF8.self)
        let chainText = try String(decoding: BoundedFile.read(chainURL, limit: 8 << 20), as: UTF8.self)
        // Only the key block: openssl writes "Bag Attributes" or an "EC PARAMETERS" block around it.
        let keyBlock = (try? PEMDocument.parseMultiple(pemString: keyText))?
            .first { ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"].contains($0.discriminator) }?.pemString ?? keyText
        let key: Key
        if let p256 = try? P256.Signing.PrivateKey(pemRepresentation: keyBlock) {
            key = .p256(p256)
        } else if let rsa = try? _RSA.Signing.PrivateKey(pemRepresentation: keyBlock) {
            guard rsa.keySizeInBits >= 2048 else {
                throw ECertError.invalidPDFSigner(path: keyURL.path, reason: "an RSA key of \(rsa.keySizeInBits) bits; PDF readers need 2048 bits or more")
            }
            key = .rsa(rsa)
        } else {
            throw ECertError.invalidPDFSigner(path: keyURL.path, reason: "not a PEM RSA or P-256 private key (for an office .p12 file, convert it first: see `ecert issue --help`, --sign-pdf)")
        }
        let blocks: [PEMDocument]
        do {
            blocks = try PEMDocument.parseMultiple(pemString: chainText).filter { $0.discriminator == "CERTIFICATE" }
        } catch {
            throw ECertError.invalidPDFSigner(path: chainURL.path, reason: "not a PEM certificate file (\(error))")
        }
        do {
            return try PDFSigningIdentity(key: key, certificatesDER: blocks.map(\.derBytes), path: chainURL.path)
        } catch let error as ECertError {
            throw error
        } catch {
            throw ECertError.invalidPDFSigner(path: chainURL.path, reason: "a certificate cannot be read (\(error))")
        }
    }

    /// Signs `signedAttributes` (RSA: deterministic; ECDSA: random nonce).
    func sign(_ signedAttributes: [UInt8]) throws -> [UInt8] {
        switch key {
        case .rsa(let rsa):
            return Array(try rsa.signature(for: SHA256.hash(data: signedAttributes), padding: .insecurePKCS1v1_5).rawRepresentation)
        case .p256(let p256):
            return Array(try p256.signature(for: signedAttributes).derRepresentation)
        }
    }

    /// The CMS SignedData over `digest` (SHA-256 of the signed byte range).
    public func cms(messageDigest digest: [UInt8]) throws -> [UInt8] {
        let attributes = try CMSSignedData.signedAttributes(messageDigest: digest, signer: signer, signerDER: certificatesDER[0])
        return try CMSSignedData.contentInfo(signedAttributes: attributes, signature: try sign(attributes), algorithm: algorithm,
                                             signer: signer, chainDER: certificatesDER)
    }

    /// Bytes kept for the CMS in every PDF of a batch: room for the chain, the signed attributes and
    /// the signature, rounded up so the layout is the same for every certificate.
    public var contentsSize: Int {
        let chain = certificatesDER.reduce(0) { $0 + $1.count }
        return (chain + certificatesDER[0].count / 4 + 2048 + 1023) / 1024 * 1024
    }
}
