import ECertCore
import ECertRender
import Foundation
import Testing

@Suite("QR reader")
struct QRReaderTests {
    @Test func unreadableFilesGiveErrorsNotCrashes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecert-qrreader-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let junk = dir.appendingPathComponent("junk.png")
        try Data("not an image".utf8).write(to: junk)
        #expect(throws: RenderError.self) { try QRReader.texts(inImageAt: junk) }
        let pdf = dir.appendingPathComponent("junk.pdf")
        try Data("%PDF-1.4 broken".utf8).write(to: pdf)
        #expect(throws: RenderError.self) { try QRReader.texts(inPDFAt: pdf) }
        #expect(throws: RenderError.self) { try QRReader.texts(inPDFAt: dir.appendingPathComponent("missing.pdf")) }
    }
}
