import ECertCore
import Foundation
import Testing

@testable import ECertRender

/// `ecert verify` reads /ByteRange from files it must not trust: malformed ranges are skipped, never
/// a crash, and a range counts only when its gap is exactly the /Contents hex string.
struct PDFSignatureLocatorTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test(arguments: [
        "/ByteRange", "/ByteRange [", "/ByteRange [0 1", "/ByteRange [0 99999999999999 5 5]",
        "/ByteRange [0 5 3 1]", "/ByteRange [1 2 3 4]", "/ByteRange [0 12 14 999999]", "x/ByteRange [0 12 15 0] <zz>",
        "/ByteRange [-1 2 3 4]", "/ByteRange [0 2 4 0]",
    ])
    func malformedRangesAreSkipped(text: String) {
        #expect(PDFSignatureLocator.signatures(in: Self.bytes(text)).isEmpty)
    }

    @Test func aRangeAroundItsHexStringIsFoundWithWhatFollows() throws {
        let head = "1 0 obj << /SubFilter /ETSI.CAdES.detached /ByteRange [0 100 106 9] /Contents "
        let padded = head + String(repeating: " ", count: 100 - head.utf8.count)
        let signedEnd = padded + "<3000>" + " >> endob"
        let file = signedEnd + "\n5 0 obj << /Type /Page >> endobj\n"
        let found = PDFSignatureLocator.signatures(in: Self.bytes(file))
        let signature = try #require(found.first)
        #expect(found.count == 1)
        #expect(signature.byteRange == [0, 100, 106, 9] && signature.contents == [0x30, 0x00])
        #expect(signature.subFilter == "ETSI.CAdES.detached")
        #expect(signature.appendedBytes == file.utf8.count - signedEnd.utf8.count)
        #expect(signature.appendedChanges.contains { $0.contains("object(s) 5") })
        #expect(signature.appendedChanges.contains { $0.contains("changes a page") })
        // Checking it never crashes either: the CMS is refused as such.
        let report = PAdESVerifier.check(signature, file: Self.bytes(file), trustRoots: nil)
        #expect(!report.isValid && !report.intact)
    }
}
