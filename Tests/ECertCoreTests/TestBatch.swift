@testable import ECertCore
import Foundation

/// A small signed batch written by the real manifest writer, for tests that need a batch folder.
enum TestBatch {
    static let event = try! Event.parse("""
        title: T
        date: 2025-09-20
        place: P
        issuer: I
        serial: "A/{seq:03}"
        verify_url: https://v.example/v
        """, path: "event.yaml")

    static func record(serial: String, name: String, id: String, line: Int, key: IssuerPrivateKey) throws -> ManifestRecord {
        let claims = CertificateClaims(keyID: key.publicKey.keyID, eventID: event.facts.eventID, date: event.date,
                                       participantDigest: CertificateClaims.participantDigest(for: id), serial: serial, name: name)
        return ManifestRecord(serial: serial, participantID: id, name: name, file: FileOutput.safeFileName(forSerial: serial),
                              sha256: "00", payload: try SignedPayload.sign(claims, with: key).text, line: line, columns: ["Nama": name])
    }

    static func header(_ n: Int) -> BatchHeader {
        BatchHeader(generator: "t", event: event, eventID: event.facts.eventID.hexString,
                    template: .init(name: "classic", files: [:]), fonts: .init(name: "fonts", files: [:]),
                    input: .init(file: "p.csv", sha256: "00"), counts: .init(rowsRead: n, valid: n, rejected: 0, issued: n),
                    merkleRoot: String(repeating: "0", count: 64), treeSize: n)
    }

    /// Writes `dir/manifest.json` for `serials`; returns the verified batch.
    @discardableResult
    static func write(to dir: URL, serials: [String], key: IssuerPrivateKey) throws -> VerifiedBatch {
        let records = try serials.enumerated().map { k, s in try record(serial: s, name: "Nama \(k)", id: "ID\(k)", line: k + 2, key: key) }
        let url = dir.appendingPathComponent(Manifest.fileName)
        try ManifestWriter.write(header: header(records.count), records: records, key: key, to: url)
        return try Manifest.verified(at: url, trusting: [key.publicKey])
    }
}
