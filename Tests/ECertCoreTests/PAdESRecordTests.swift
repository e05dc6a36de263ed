import Foundation
import Testing

@testable import ECertCore

/// What a PAdES-signed certificate adds to its manifest record and journal line.
struct PAdESRecordTests {
    static let signature = PDFSignatureRecord(bodySHA256: String(repeating: "ab", count: 32), contentsSize: 4096, cms: "MIIB+w==")

    @Test func anUnsignedRecordHasNoPdfSignatureKeySoItsMerkleLeafIsUnchanged() throws {
        var record = ManifestRecord(serial: "S-1", participantID: "1", name: "Siti", file: "S-1.pdf", sha256: String(repeating: "0", count: 64),
                                    payload: "P", line: 2, columns: ["Nama": "Siti"])
        #expect(!String(decoding: try JCS.encode(record), as: UTF8.self).contains("pdfSignature"))
        record.pdfSignature = Self.signature
        let text = String(decoding: try JCS.encode(record), as: UTF8.self)
        #expect(text.contains(#""pdfSignature":{"bodySHA256":"\#(Self.signature.bodySHA256)","cms":"MIIB+w==","contentsSize":4096}"#))
        #expect(try StrictJSON.decode(ManifestRecord.self, from: try StrictJSON.parse(Array(text.utf8), path: "t"), path: "t") == record)
    }

    @Test func aJournalLineKeepsTheSignatureRecord() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pades-journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sha = String(repeating: "c", count: 64)
        let journal = try IssueJournal(directory: dir, batchID: "B", carried: [])
        try journal.append(serial: "S-1", entry: .init(file: "S-1.pdf", sha256: sha, pdfSignature: Self.signature))
        try journal.append(serial: "S-2", entry: .init(file: "S-2.pdf", sha256: sha))
        let read = try #require(IssueJournal.read(at: journal.url))
        #expect(read.entries["S-1"] == .init(file: "S-1.pdf", sha256: sha, pdfSignature: Self.signature))
        #expect(read.entries["S-2"]?.pdfSignature == nil)
    }

    @Test func theSigningTimeIsTheEventDayAtNoonUTC() throws {
        #expect(PAdESSigner.signingTime(try #require(EventDate(iso: "2025-09-20"))) == "D:20250920120000Z")
    }
}
