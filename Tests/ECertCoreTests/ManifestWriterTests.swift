@testable import ECertCore
import Foundation
import Testing

@Suite("streamed manifest writing and manifest versions")
struct ManifestWriterTests {
    let key = try! IssuerPrivateKey(raw: Digest256.sha256(Array("writer".utf8)))

    func body(_ n: Int) -> Manifest.Body {
        let event = try! Event.parse("""
            title: T
            date: 2025-09-20
            place: P
            issuer: I
            serial: "A/{seq:03}"
            verify_url: https://v.example/v
            """, path: "event.yaml")
        let records = (0..<n).map { k in
            ManifestRecord(serial: "A/\(k + 1)", participantID: "10\(k)", name: "Nama \(k) “Ä” \\ / 😀", file: "A_\(k + 1).pdf",
                           sha256: "00", payload: "P\(k)", line: k + 2, columns: ["Nama": "Nama \(k)", "Kota": "Palembang\nX"])
        }
        return Manifest.Body(
            generator: "t", event: event, eventID: event.facts.eventID.hexString,
            issuer: .init(keyID: key.publicKey.keyIDHex, publicKey: Data(key.publicKey.raw).base64EncodedString()),
            template: .init(name: "classic", files: ["a": "b"]), fonts: .init(name: "fonts", files: [:]),
            input: .init(file: "p.csv", sha256: "00"), counts: .init(rowsRead: n, valid: n, rejected: 0, issued: n),
            merkleRoot: Manifest.merkleRoot(of: records), records: records, rejected: .init(file: "rejected.csv", sha256: "11", rows: 0))
    }

    func temporaryFile() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecert-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("manifest.json")
    }

    @Test func streamedManifestEqualsEncodingTheWholeSignedManifest() throws {
        for n in [0, 1, 2, 7] {
            let whole = body(n)
            let url = try temporaryFile()
            defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
            var head = whole
            head.records = []
            head.merkleRoot = "wrong"
            let written = try ManifestWriter.write(body: head, records: whole.records, key: key, to: url)
            #expect(written.merkleRoot == whole.merkleRoot)
            let reference = try Manifest.signed(whole, with: key)
            #expect(try Data(contentsOf: url) == CanonicalJSON.pretty(reference), "n = \(n)")
            let loaded = try Manifest.load(from: url)
            #expect(loaded.version == 2 && loaded.isSigned(by: key.publicKey))
        }
    }

    @Test func streamedShardManifestEqualsTheWholeSignedShardManifest() throws {
        for n in [0, 3] {
            let whole = body(n)
            let url = try temporaryFile()
            defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
            let slice = ShardManifest.Slice(index: 1, count: 2, first: 0, end: n, total: 2 * n)
            var head = whole
            head.records = []
            var records = EncodedRecordArray(whole.records.map(EncodedRecord.init))
            try ManifestWriter.writeShard(head: head, shard: slice, records: &records, key: key, to: url)
            #expect(try Data(contentsOf: url) == CanonicalJSON.pretty(try ShardManifest.signed(shard: slice, body: whole, with: key)))
            #expect(try ShardManifest.load(from: url).isSigned(by: key.publicKey))
        }
    }

    @Test func spoolGivesBackTheRecordsAndTheirMerkleRoot() throws {
        let whole = body(300)
        let url = try temporaryFile()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let spool = try RecordSpool(directory: url.deletingLastPathComponent())
        for record in whole.records { try spool.append(EncodedRecord(record)) }
        try spool.flush()
        #expect(spool.merkle.root.hexString == whole.merkleRoot)
        var reader = spool.reader()
        var back: [ManifestRecord] = []
        while let record = try reader.next() { back.append(try record.decoded(path: "spool")) }
        #expect(back == whole.records)
    }

    /// Version 1 signed the canonical body itself; such manifests still load and verify.
    @Test func version1ManifestsStillVerify() throws {
        let whole = body(3)
        let v1 = Manifest(format: Manifest.format, version: 1, body: whole,
                          signature: Data(try key.signature(for: CanonicalJSON.encode(whole))).base64EncodedString())
        #expect(v1.isSigned(by: key.publicKey))
        var v2 = try Manifest.signed(whole, with: key)
        #expect(v2.isSigned(by: key.publicKey))
        v2.version = 1
        #expect(!v2.isSigned(by: key.publicKey), "a version-2 signature is not a version-1 signature")
        let url = try temporaryFile()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try CanonicalJSON.pretty(v1).write(to: url)
        #expect(try Manifest.load(from: url).isSigned(by: key.publicKey))
        var v3 = v1
        v3.version = 3
        try CanonicalJSON.pretty(v3).write(to: url)
        #expect(throws: ECertError.self) { try Manifest.load(from: url) }
    }
}
