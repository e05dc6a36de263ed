import Crypto
import Foundation

/// The incremental update around a PDF signature's `/Contents`, as the PDF layer writes it
/// (ECertRender's `PDFSignatureWriter`): `head` ends just before the `<` of the hex string and
/// `tail` starts just after its `>`. The signed byte range is body ‖ head ‖ tail.
public struct PreparedSignature: Sendable {
    public var head: [UInt8]
    public var tail: [UInt8]
    public init(head: [UInt8], tail: [UInt8]) {
        self.head = head
        self.tail = tail
    }
}

/// Writes the incremental update that holds a signature (ECertRender knows the PDF syntax).
public protocol PDFSignatureLayout: Sendable {
    /// `contentsSize` bytes are kept for the CMS; `signingTime` is the PDF date for /M.
    func prepare(body: [UInt8], contentsSize: Int, signingTime: String) throws -> PreparedSignature
}

/// What a manifest record keeps of a PAdES-signed certificate (docs/FORMAT.md, "pdfSignature"):
/// enough to rebuild the signed file byte for byte from the re-rendered body, without any key.
public struct PDFSignatureRecord: Codable, Sendable, Equatable {
    /// SHA-256 (hex) of the Cairo-written PDF, the prefix of the signed file.
    public var bodySHA256: String
    /// Bytes kept for the CMS in /Contents (the hex string holds twice as many digits).
    public var contentsSize: Int
    /// The CMS SignedData, DER, in standard Base64.
    public var cms: String

    public init(bodySHA256: String, contentsSize: Int, cms: String) {
        (self.bodySHA256, self.contentsSize, self.cms) = (bodySHA256, contentsSize, cms)
    }
}

/// Signs Cairo-written PDFs with PAdES baseline B-B, and puts signed files back together.
public struct PAdESSigner: Sendable {
    public let identity: PDFSigningIdentity
    public let layout: any PDFSignatureLayout
    /// The PDF date in /M: the event's date (noon UTC, the same calendar day in every Indonesian
    /// time zone), so the same inputs give the same bytes.
    public let signingTime: String

    public init(identity: PDFSigningIdentity, layout: any PDFSignatureLayout, date: EventDate) {
        self.identity = identity
        self.layout = layout
        self.signingTime = Self.signingTime(date)
    }

    public static func signingTime(_ date: EventDate) -> String {
        "D:" + date.iso.replacingOccurrences(of: "-", with: "") + "120000Z"
    }

    /// The signed PDF (body is its prefix) and the record that rebuilds it.
    public func sign(_ body: [UInt8]) throws -> (pdf: [UInt8], record: PDFSignatureRecord) {
        let size = identity.contentsSize
        let prepared = try layout.prepare(body: body, contentsSize: size, signingTime: signingTime)
        var hasher = SHA256()
        hasher.update(data: body)
        hasher.update(data: prepared.head)
        hasher.update(data: prepared.tail)
        let cms = try identity.cms(messageDigest: Array(hasher.finalize()))
        let pdf = try Self.assemble(body: body, prepared: prepared, cms: cms, contentsSize: size)
        return (pdf, PDFSignatureRecord(bodySHA256: Digest256.sha256Hex(body), contentsSize: size, cms: Data(cms).base64EncodedString()))
    }

    /// Whether `record`'s CMS carries this signer's certificate (resuming must not keep files
    /// signed with another certificate).
    public func madeBySigner(_ record: PDFSignatureRecord) -> Bool {
        guard let cms = Data(base64Encoded: record.cms) else { return false }
        let der = identity.certificatesDER[0]
        return Array(cms).withUnsafeBufferPointer { bytes in
            guard bytes.count >= der.count else { return false }
            return (0...(bytes.count - der.count)).contains { bytes[$0] == der[0] && bytes[$0..<$0 + der.count].elementsEqual(der) }
        }
    }

    /// The signed file again from its body and record (re-issue: no key needed).
    public static func rebuild(body: [UInt8], record: PDFSignatureRecord, layout: any PDFSignatureLayout, date: EventDate, serial: String) throws -> [UInt8] {
        let digest = Digest256.sha256Hex(body)
        guard digest == record.bodySHA256 else {
            throw ECertError.reissueMismatch(serial: serial, recorded: record.bodySHA256, rendered: digest)
        }
        guard let cms = Data(base64Encoded: record.cms), record.contentsSize > 0, record.contentsSize <= 1 << 20 else {
            throw ECertError.invalidManifest(path: serial, reason: "pdfSignature of \(serial) has no usable cms or contentsSize")
        }
        let prepared = try layout.prepare(body: body, contentsSize: record.contentsSize, signingTime: signingTime(date))
        return try assemble(body: body, prepared: prepared, cms: Array(cms), contentsSize: record.contentsSize)
    }

    static func assemble(body: [UInt8], prepared: PreparedSignature, cms: [UInt8], contentsSize: Int) throws -> [UInt8] {
        guard cms.count <= contentsSize else {
            throw ECertError.pdfSigningFailed(reason: "the CMS signature (\(cms.count) bytes) does not fit the \(contentsSize) bytes kept for it")
        }
        var out = body
        out.reserveCapacity(body.count + prepared.head.count + 2 + 2 * contentsSize + prepared.tail.count)
        out += prepared.head
        out.append(UInt8(ascii: "<"))
        let digits = Array("0123456789ABCDEF".utf8)
        for byte in cms {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        out += repeatElement(UInt8(ascii: "0"), count: 2 * (contentsSize - cms.count))
        out.append(UInt8(ascii: ">"))
        out += prepared.tail
        return out
    }
}
