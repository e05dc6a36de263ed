import Crypto
import Dispatch
import Foundation
import SwiftASN1
@_spi(CMS) import X509

/// What `ecert verify` found about a PDF's PAdES signature.
public struct PDFSignatureReport: Codable, Sendable, Equatable {
    /// The signer certificate's subject, when the CMS names one.
    public var signer: String?
    public var subFilter: String?
    /// The signed byte range hashes to the CMS message digest and the signature over it verifies.
    public var intact: Bool
    /// The chain leads to a certificate of --pdf-trust; nil when no trust store was given.
    public var trusted: Bool?
    /// Bytes after the end of the signed range (an incremental update nobody signed).
    public var appendedBytes: Int
    public var problems: [String]

    public var isValid: Bool { problems.isEmpty }
}

/// A signature as found in a PDF by ECertRender's `PDFSignatureLocator`.
public struct LocatedPDFSignature: Sendable {
    public var byteRange: [Int]
    /// The /Contents hex string decoded (CMS DER, padded with zeros).
    public var contents: [UInt8]
    public var subFilter: String?
    /// Bytes after the signed range, and what the PDF layer says they change.
    public var appendedBytes: Int
    public var appendedChanges: [String]

    public init(byteRange: [Int], contents: [UInt8], subFilter: String?, appendedBytes: Int, appendedChanges: [String]) {
        (self.byteRange, self.contents, self.subFilter) = (byteRange, contents, subFilter)
        (self.appendedBytes, self.appendedChanges) = (appendedBytes, appendedChanges)
    }
}

/// Checks a PAdES signature with swift-certificates' CMS verifier (`@_spi(CMS)`): message digest,
/// signature, and the chain to `trustRoots` under RFC 5280 at the current time.
public enum PAdESVerifier {
    public static func readTrustRoots(at url: URL) throws -> [Certificate] {
        let text = String(decoding: try BoundedFile.read(url, limit: 8 << 20), as: UTF8.self)
        do {
            let roots = try PEMDocument.parseMultiple(pemString: text).filter { $0.discriminator == "CERTIFICATE" }.map { try Certificate(pemDocument: $0) }
            guard !roots.isEmpty else { throw ECertError.invalidPDFSigner(path: url.path, reason: "no PEM certificate in the --pdf-trust file") }
            return roots
        } catch let error as ECertError {
            throw error
        } catch {
            throw ECertError.invalidPDFSigner(path: url.path, reason: "not a PEM certificate file (\(error))")
        }
    }

    /// `file` is the whole PDF; `trustRoots` nil checks integrity only.
    public static func check(_ signature: LocatedPDFSignature, file: [UInt8], trustRoots: [Certificate]?) -> PDFSignatureReport {
        var report = PDFSignatureReport(signer: nil, subFilter: signature.subFilter, intact: false, trusted: nil,
                                        appendedBytes: signature.appendedBytes, problems: [])
        if signature.subFilter != "ETSI.CAdES.detached" {
            report.problems.append("/SubFilter is \(signature.subFilter.map { "/" + $0 } ?? "missing"), not /ETSI.CAdES.detached (PAdES)")
        }
        let r = signature.byteRange
        guard r.count == 4, r.allSatisfy({ $0 >= 0 }), r[0] == 0, r[1] < r[2], r[2] <= file.count, r[3] <= file.count - r[2] else {
            report.problems.append("/ByteRange \(r) does not lie inside the file")
            return report
        }
        let signed = Array(file[r[0]..<r[0] + r[1]]) + Array(file[r[2]..<r[2] + r[3]])
        guard let cms = trimmedDER(signature.contents) else {
            report.problems.append("/Contents does not hold a DER CMS signature")
            return report
        }
        let roots = CertificateStore(trustRoots ?? [])
        let result = blocking { await CMS.isValidSignature(dataBytes: signed, signatureBytes: cms, trustRoots: roots) { RFC5280Policy() } }
        switch result {
        case .success(let valid):
            (report.intact, report.signer) = (true, valid.signer.subject.description)
            if trustRoots != nil { report.trusted = true }
        case .failure(.unableToValidateSigner(let failure)):
            (report.intact, report.signer) = (true, failure.signer.subject.description)
            if trustRoots != nil {
                report.trusted = false
                let details = failure.policyFailures.map { String(describing: $0) }.joined(separator: "; ")
                report.problems.append("the signer's certificate does not chain to a certificate of --pdf-trust\(details.isEmpty ? "" : " (\(details))")")
            }
        case .failure(.invalidCMSBlock(let invalid)):
            report.problems.append(invalid.reason.hasPrefix("Message digest mismatch")
                ? "the signed bytes were changed after signing (the message digest does not match)"
                : "the signature does not verify (\(invalid.reason.prefix(200)))")
        }
        if signature.appendedBytes > 0 {
            let changes = signature.appendedChanges.isEmpty ? "" : ": " + signature.appendedChanges.joined(separator: "; ")
            report.problems.append("\(signature.appendedBytes) bytes were added after the signed range, not covered by the signature\(changes)")
        }
        return report
    }

    /// The DER value at the start of `bytes` (the hex string is padded with zeros after it).
    static func trimmedDER(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 2, bytes[0] == 0x30 else { return nil }
        var length = Int(bytes[1]), start = 2
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard count >= 1, count <= 4, bytes.count >= 2 + count else { return nil }
            length = bytes[2..<2 + count].reduce(0) { $0 << 8 | Int($1) }
            start += count
        }
        guard start + length <= bytes.count else { return nil }
        return Array(bytes[0..<start + length])
    }

    /// Runs swift-certificates' async verifier to completion from synchronous code (it does not
    /// suspend for anything but its policies, which here are local).
    static func blocking<T: Sendable>(_ operation: @escaping @Sendable () async -> T) -> T {
        let box = BlockingResult<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.value = await operation()
            done.signal()
        }
        done.wait()
        return box.value!
    }
}

/// Hands the result of `PAdESVerifier.blocking` back to the waiting thread (written once, then read
/// after the semaphore).
private final class BlockingResult<T>: @unchecked Sendable {
    var value: T?
}
