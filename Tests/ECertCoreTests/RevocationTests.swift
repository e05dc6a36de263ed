import ECertCore
import Foundation
import Testing

@Suite("revocation list")
struct RevocationTests {
    let key = try! IssuerPrivateKey(raw: Digest256.sha256(Array("revocation test key".utf8)))

    /// A batch folder with a signed manifest of the serials the tests revoke.
    func folder(key: IssuerPrivateKey? = nil) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecert-revoke-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try TestBatch.write(to: dir, serials: ["A/1", "A/2", "A/9", "S1", "S2", "S3"], key: key ?? self.key)
        return dir
    }

    func read(_ dir: URL, trusting keys: [IssuerPublicKey]? = nil) throws -> VerifiedRevocations {
        try VerifiedRevocations.read(at: dir.appendingPathComponent("revocations.json"), trusting: keys ?? [key.publicKey])
    }

    @Test func revokeWritesASignedVersionedTimestampedList() throws {
        let dir = try folder()
        let r1 = try Revoker.revoke(directory: dir, serial: "A/1", reason: "Nama salah ketik", replacedBy: "A/9", at: nil, atText: "2025-10-01T08:30:00Z", key: key)
        let r2 = try Revoker.revoke(directory: dir, serial: "A/2", reason: "Tidak hadir", replacedBy: nil, at: nil, atText: "2025-10-02", key: key)
        let verified = try read(dir)
        let list = verified.list
        #expect(verified.version == 2 && verified.signer == key.publicKey)
        #expect(list.sequence == 2 && r1.list.sequence == 1 && r2.list == list)
        #expect(list.entries.map(\.serial) == ["A/1", "A/2"])
        #expect(list.entries[0].replacedBy == "A/9" && list.entries[1].replacedBy == nil)
        #expect(list.entries[1].revokedAt == "2025-10-02T00:00:00Z" && list.updatedAt == "2025-10-02T00:00:00Z")
        let eventID = TestBatch.event.facts.eventID.hexString
        #expect(verified.entry(serial: "A/1", eventID: eventID, key: key.publicKey)?.reason == "Nama salah ketik")
        // Bound to the batch: the same serial of another event, or of another key, is not revoked.
        #expect(verified.entry(serial: "A/1", eventID: "00000000", key: key.publicKey) == nil)
        #expect(verified.entry(serial: "A/1", eventID: eventID, key: IssuerPrivateKey().publicKey) == nil)
    }

    @Test func sameInputsGiveTheSameBytes() throws {
        let a = try folder(), b = try folder()
        for dir in [a, b] {
            _ = try Revoker.revoke(directory: dir, serial: "S1", reason: "r", replacedBy: nil, at: nil, atText: "2025-10-01T00:00:00Z", key: key)
        }
        #expect(FileManager.default.contents(atPath: a.appendingPathComponent("revocations.json").path)
            == FileManager.default.contents(atPath: b.appendingPathComponent("revocations.json").path))
    }

    @Test func tamperedOrForeignListsAreRejected() throws {
        let dir = try folder()
        let url = try Revoker.revoke(directory: dir, serial: "S1", reason: "r", replacedBy: nil, at: nil, atText: "2025-10-01", key: key).url
        let text = String(decoding: FileManager.default.contents(atPath: url.path)!, as: UTF8.self)
        try Data(text.replacingOccurrences(of: "\"S1\"", with: "\"S2\"").utf8).write(to: url)
        #expect { try read(dir) } throws: { "\($0.localizedDescription)".contains("does not verify") }
        // Extending a tampered list is refused, and the file is left as it was.
        #expect(throws: ECertError.self) {
            try Revoker.revoke(directory: dir, serial: "S3", reason: "r", replacedBy: nil, at: nil, atText: "2025-10-01", key: key)
        }
        // A list signed by another key is neither trusted nor extended (no laundering).
        let other = IssuerPrivateKey()
        let fresh = try folder(key: other)
        _ = try Revoker.revoke(directory: fresh, serial: "S1", reason: "r", replacedBy: nil, at: nil, atText: "2025-10-01", key: other)
        #expect { try read(fresh) } throws: { "\($0.localizedDescription)".contains("not a trusted key") }
        #expect {
            try Revoker.revoke(directory: fresh, serial: "S2", reason: "r", replacedBy: nil, at: nil, atText: "2025-10-01", key: key, batchKeys: [other.publicKey])
        } throws: { "\($0.localizedDescription)".contains("only that key may extend it") }
    }

    @Test func badEntriesAreRefused() throws {
        let dir = try folder()
        _ = try Revoker.revoke(directory: dir, serial: "S1", reason: "r", replacedBy: nil, at: nil, atText: "2025-10-01", key: key)
        #expect(throws: ECertError.alreadyRevoked(serial: "S1", at: "2025-10-01T00:00:00Z", reason: "r")) {
            try Revoker.revoke(directory: dir, serial: "S1", reason: "again", replacedBy: nil, at: nil, atText: "2025-10-02", key: key)
        }
        #expect(throws: ECertError.self) { try Revoker.revoke(directory: dir, serial: "S2", reason: " ", replacedBy: nil, at: nil, key: key) }
        #expect(throws: ECertError.self) { try Revoker.revoke(directory: dir, serial: "S2", reason: "a\nb", replacedBy: nil, at: nil, key: key) }
        #expect(throws: ECertError.self) { try Revoker.revoke(directory: dir, serial: "S2", reason: "r", replacedBy: "S2", at: nil, key: key) }
        #expect(throws: ECertError.self) { try Revoker.revoke(directory: dir, serial: "S2", reason: "r", replacedBy: nil, at: nil, atText: "yesterday", key: key) }
    }

    @Test func anOlderListIsReportedAfterANewerOneWasSeen() throws {
        let dir = try folder()
        let url = dir.appendingPathComponent("revocations.json")
        _ = try Revoker.revoke(directory: dir, serial: "S1", reason: "r", replacedBy: nil, at: nil, atText: "2025-10-01", key: key)
        let old = try Data(contentsOf: url)
        _ = try Revoker.revoke(directory: dir, serial: "S2", reason: "r", replacedBy: nil, at: nil, atText: "2025-10-02", key: key)
        var history = RevocationHistory(url: dir.appendingPathComponent("state/seen.json"))
        #expect(history.note(try read(dir)) == nil)
        history.save()
        try old.write(to: url)
        var again = RevocationHistory(url: dir.appendingPathComponent("state/seen.json"))
        let warning = again.note(try read(dir))
        #expect(warning?.contains("number 1") == true && warning?.contains("number 2 was seen before") == true)
    }

    @Test func timestampsAreUTCWithSeconds() {
        #expect(Timestamp.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.string(from: Date(timeIntervalSince1970: 1_759_307_400)) == "2025-10-01T08:30:00Z")
        #expect(Timestamp.isValid("2025-10-01T08:30:00Z") && !Timestamp.isValid("2025-10-01T24:00:00Z"))
    }
}
