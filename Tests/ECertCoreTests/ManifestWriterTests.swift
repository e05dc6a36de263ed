@testable import ECertCore
import Foundation
import Testing

@Suite("manifest v3: streamed writing, verification, older versions")
struct ManifestWriterTests {
    let key = try! IssuerPrivateKey(raw: Digest256.sha256(Array("writer".utf8)))

    static let event = TestBatch.event

    /// `n` records with real payloads (so the records pass their consistency checks).
    func records(_ n: Int) throws -> [ManifestRecord] {
        try (0..<n).map { k in
            let name = "Nama \(k) “Ä” \\ / 😀"
            let claims = CertificateClaims(keyID: key.publicKey.keyID, eventID: Self.event.facts.eventID, date: Self.event.date,
                                           participantDigest: CertificateClaims.participantDigest(for: "10\(k)"), serial: "A/\(k + 1)", name: name)
            return ManifestRecord(serial: "A/\(k + 1)", participantID: "10\(k)", name: name, file: "A_\(k + 1).pdf",
                                  sha256: "00", payload: try SignedPayload.sign(claims, with: key).text, line: k + 2,
                                  columns: ["Nama": "Nama \(k)", "Kota": "Palembang\nX", "😀 Catatan": "a", "ｱ Kode": "b"])
        }
    }

    func header(_ n: Int) -> BatchHeader {
        var h = TestBatch.header(n)
        h.template.files = ["a": "b"]
        return h
    }

    func temporaryFile() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecert-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("manifest.json")
    }

    @Test func aWrittenManifestVerifiesAndGivesBackItsRecords() throws {
        for n in [0, 1, 2, 7] {
            let url = try temporaryFile()
            defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
            let all = try records(n)
            let signed = try ManifestWriter.write(header: header(n), records: all, key: key, to: url)
            let batch = try Manifest.verified(at: url, trusting: [key.publicKey])
            #expect(batch.records == all && batch.body.merkleRoot == signed.body.merkleRoot && batch.problems.isEmpty, "n = \(n)")
            #expect(batch.body.merkleRoot == MerkleTree.root(leafHashes: try all.map { MerkleTree.leafHash(try JCS.encode($0)) }).hexString)
            // The file is deterministic: writing again gives the same bytes.
            let first = try Data(contentsOf: url)
            try ManifestWriter.write(header: header(n), records: all, key: key, to: url)
            #expect(try Data(contentsOf: url) == first)
        }
    }

    @Test func aChangedRecordOrCountIsRefusedWithTheReason() throws {
        let url = try temporaryFile()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try ManifestWriter.write(header: header(3), records: try records(3), key: key, to: url)
        let text = try String(contentsOf: url, encoding: .utf8)
        try text.replacingOccurrences(of: "\"line\":3", with: "\"line\":4").write(to: url, atomically: true, encoding: .utf8)
        #expect { try Manifest.verified(at: url, trusting: [key.publicKey]) } throws: { "\($0.localizedDescription)".contains("Merkle root") }
        try text.replacingOccurrences(of: "\"issued\": 3", with: "\"issued\": 2").write(to: url, atomically: true, encoding: .utf8)
        #expect { try Manifest.verified(at: url, trusting: [key.publicKey]) } throws: { "\($0.localizedDescription)".contains("does not verify") }
        let other = try IssuerPrivateKey(raw: Digest256.sha256(Array("other".utf8)))
        try text.write(to: url, atomically: true, encoding: .utf8)
        #expect { try Manifest.verified(at: url, trusting: [other.publicKey]) } throws: { "\($0.localizedDescription)".contains("not a trusted key") }
    }

    @Test func aWrittenShardVerifies() throws {
        for n in [0, 3] {
            let url = try temporaryFile()
            defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
            let all = try records(n)
            var h = header(n)
            h.merkleRoot = MerkleTree.root(leafHashes: try all.map { MerkleTree.leafHash(try JCS.encode($0)) }).hexString
            h.counts.valid = 2 * n
            h.counts.rowsRead = 2 * n
            var source = EncodedRecordArray(try all.map(EncodedRecord.init))
            let slice = ShardHeader.Slice(index: 1, count: 2, first: 0, end: n, total: 2 * n)
            try ManifestWriter.writeShard(header: ShardHeader(batch: h, shard: slice), records: &source, key: key, to: url)
            let shard = try ShardManifest.load(from: url).verified(trusting: [key.publicKey])
            #expect(shard.header.body.shard == slice && shard.batch.records == all)
        }
    }

    @Test func spoolGivesBackTheRecordsAndTheirMerkleRoot() throws {
        let all = try records(300)
        let url = try temporaryFile()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let spool = try RecordSpool(directory: url.deletingLastPathComponent())
        for record in all { try spool.append(EncodedRecord(record)) }
        try spool.flush()
        #expect(spool.merkle.root.hexString == MerkleTree.root(leafHashes: try all.map { MerkleTree.leafHash(try JCS.encode($0)) }).hexString)
        var reader = spool.reader()
        var back: [ManifestRecord] = []
        while let record = try reader.next() {
            back.append(try StrictJSON.decode(ManifestRecord.self, from: StrictJSON.parse(record.canonical, path: "spool"), path: "spool"))
        }
        #expect(back == all)
    }

    /// Manifests of ecert 0.2 (versions 1 and 2) are refused with a message that says what to do.
    @Test func olderManifestVersionsAreRefusedWithAHint() throws {
        let url = try temporaryFile()
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        try Data(#"{"format":"ecert-manifest","version":2,"body":{},"signature":"x"}"#.utf8).write(to: url)
        #expect { try Manifest.load(from: url) } throws: { "\($0.localizedDescription)".contains("ecert 0.2") }
    }
}
