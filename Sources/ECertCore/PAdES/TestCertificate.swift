import _CryptoExtras
import Crypto
import Foundation
import SwiftASN1
import X509

/// `ecert keygen --x509`: a self-signed certificate and its key for trying PAdES out. PDF readers
/// trust it only once it is imported as trusted; a real office uses a certificate from its CA (BSrE).
public enum TestCertificate {
    /// Writes the key (PKCS #8 PEM, mode 0600, never over an existing file) and the certificate (PEM).
    /// Valid from a year ago (so events already held can be signed) for three years.
    public static func write(keyURL: URL, certificateURL: URL, ec: Bool, commonName: String, now: Date = Date()) throws -> Certificate {
        for url in [keyURL, certificateURL] where FileManager.default.fileExists(atPath: url.path) {
            throw ECertError.keyExists(path: url.path)
        }
        let key: Certificate.PrivateKey = ec ? .init(P256.Signing.PrivateKey()) : .init(try _RSA.Signing.PrivateKey(keySize: .bits2048))
        let name = try DistinguishedName {
            CommonName(commonName)
            OrganizationName("ecert test certificate (not for real use)")
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
            notValidBefore: now.addingTimeInterval(-366 * 86_400), notValidAfter: now.addingTimeInterval(3 * 365 * 86_400),
            issuer: name, subject: name, signatureAlgorithm: ec ? .ecdsaWithSHA256 : .sha256WithRSAEncryption,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, nonRepudiation: true, keyCertSign: true))
                SubjectKeyIdentifier(hash: key.publicKey)
            },
            issuerPrivateKey: key)
        try KeyFile.createExclusively(keyURL, bytes: Array(try key.serializeAsPEM().pemString.utf8), mode: 0o600)
        try KeyFile.createExclusively(certificateURL, bytes: Array((try certificate.serializeAsPEM().pemString + "\n").utf8), mode: 0o644)
        return certificate
    }
}
