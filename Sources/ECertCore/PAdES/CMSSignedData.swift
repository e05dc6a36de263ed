import Crypto
import SwiftASN1
import X509

/// The CMS SignedData (RFC 5652) of a PAdES baseline B-B signature (ETSI EN 319 142-1): detached
/// content, SHA-256, signed attributes content-type, message-digest and signing-certificate-v2
/// (ESS, RFC 5035), the signer's certificate and its chain.
///
/// Written with swift-asn1 by hand because swift-certificates 1.21.1 keeps its CMS types internal,
/// and its `@_spi(CMS) CMS.sign` cannot add signing-certificate-v2 (which PAdES requires) and always
/// adds a CMS signing-time attribute (which PAdES forbids: the claimed time is the signature
/// dictionary's /M). Reading and checking a signature does use swift-certificates (`PAdESVerifier`).
enum CMSSignedData {
    static let signedDataOID: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 7, 2]
    static let dataOID: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 7, 1]
    static let contentTypeOID: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 3]
    static let messageDigestOID: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 4]
    static let signingCertificateV2OID: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 16, 2, 47]
    static let sha256OID: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 1]
    static let sha256WithRSAOID: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 11]
    static let ecdsaWithSHA256OID: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 2]

    /// The DER `SET OF Attribute` the signature is computed over (RFC 5652 §5.4).
    static func signedAttributes(messageDigest: [UInt8], signer: Certificate, signerDER: [UInt8]) throws -> [UInt8] {
        let attributes = try [
            attribute(contentTypeOID) { try $0.serialize(dataOID) },
            attribute(messageDigestOID) { try $0.serialize(ASN1OctetString(contentBytes: messageDigest[...])) },
            attribute(signingCertificateV2OID) { try signingCertificateV2(&$0, signer: signer, signerDER: signerDER) },
        ].sorted { $0.lexicographicallyPrecedes($1) }  // DER orders a SET OF by encoding
        var coder = DER.Serializer()
        coder.appendConstructedNode(identifier: .set) { coder in
            for attribute in attributes { coder.serializeRawBytes(attribute) }
        }
        return coder.serializedBytes
    }

    /// The whole `ContentInfo` holding the SignedData.
    static func contentInfo(signedAttributes: [UInt8], signature: [UInt8], algorithm: PDFSigningIdentity.Algorithm,
                            signer: Certificate, chainDER: [[UInt8]]) throws -> [UInt8] {
        var coder = DER.Serializer()
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(signedDataOID)
            try coder.appendConstructedNode(identifier: .init(tagWithNumber: 0, tagClass: .contextSpecific)) { coder in
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    try coder.serialize(1)
                    try coder.appendConstructedNode(identifier: .set) { try sha256Algorithm(&$0) }
                    try coder.appendConstructedNode(identifier: .sequence) { try $0.serialize(dataOID) }
                    coder.appendConstructedNode(identifier: .init(tagWithNumber: 0, tagClass: .contextSpecific)) { coder in
                        for der in chainDER.sorted(by: { $0.lexicographicallyPrecedes($1) }) { coder.serializeRawBytes(der) }
                    }
                    try coder.appendConstructedNode(identifier: .set) { coder in
                        try signerInfo(&coder, signedAttributes: signedAttributes, signature: signature, algorithm: algorithm, signer: signer)
                    }
                }
            }
        }
        return coder.serializedBytes
    }

    private static func signerInfo(_ coder: inout DER.Serializer, signedAttributes: [UInt8], signature: [UInt8],
                                   algorithm: PDFSigningIdentity.Algorithm, signer: Certificate) throws {
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(1)
            try coder.appendConstructedNode(identifier: .sequence) { coder in  // IssuerAndSerialNumber
                try coder.serialize(signer.issuer)
                try coder.serialize(signer.serialNumber.bytes)
            }
            try sha256Algorithm(&coder)
            // signedAttrs is [0] IMPLICIT: the same bytes with the SET tag (0x31) replaced by 0xA0.
            coder.serializeRawBytes([0xA0] + signedAttributes.dropFirst())
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                switch algorithm {
                case .rsaSHA256:
                    try coder.serialize(sha256WithRSAOID)
                    try coder.serialize(ASN1Null())
                case .ecdsaP256SHA256:
                    try coder.serialize(ecdsaWithSHA256OID)
                }
            }
            try coder.serialize(ASN1OctetString(contentBytes: signature[...]))
        }
    }

    /// SHA-256 with absent parameters, as RFC 5754 §2 asks (and swift-certificates checks).
    private static func sha256Algorithm(_ coder: inout DER.Serializer) throws {
        try coder.appendConstructedNode(identifier: .sequence) { try $0.serialize(sha256OID) }
    }

    private static func attribute(_ type: ASN1ObjectIdentifier, value: (inout DER.Serializer) throws -> Void) throws -> [UInt8] {
        var coder = DER.Serializer()
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(type)
            try coder.appendConstructedNode(identifier: .set, value)
        }
        return coder.serializedBytes
    }

    /// SigningCertificateV2 { certs { ESSCertIDv2 { certHash, issuerSerial } } }; the hash algorithm
    /// is SHA-256, the DEFAULT, so DER leaves it out.
    private static func signingCertificateV2(_ coder: inout DER.Serializer, signer: Certificate, signerDER: [UInt8]) throws {
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    try coder.serialize(ASN1OctetString(contentBytes: Array(SHA256.hash(data: signerDER))[...]))
                    try coder.appendConstructedNode(identifier: .sequence) { coder in  // IssuerSerial
                        try coder.appendConstructedNode(identifier: .sequence) { coder in  // GeneralNames
                            // directoryName [4] is EXPLICIT (Name is a CHOICE).
                            try coder.appendConstructedNode(identifier: .init(tagWithNumber: 4, tagClass: .contextSpecific)) {
                                try $0.serialize(signer.issuer)
                            }
                        }
                        try coder.serialize(signer.serialNumber.bytes)
                    }
                }
            }
        }
    }
}
