import ECertCore
import Foundation
import Testing

@Suite("revocation list")
struct RevocationTests {
    let key = try! IssuerPrivateKey(raw: Digest256.sha256(Array("revocation test key".utf8)))

    func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecert-revoke-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func revokeWritesASignedVersionedTimestampedList() throws {
        let dir = try folder()
        let r1 = try Revoker.revoke(directory: dir, serial: "A/1", reason: "Nama salah ketik", replacedBy: "A/9", at: nil, atText: "2025-10-01T08:30:00Z", key: key)
        let r2 = try Revoker.revoke(directory: dir, serial: "A/2", reason: "Tidak hadir", replacedBy: nil, at: nil, atText: "2025-10-02", key: key)
        let list = try RevocationList.load(from: dir.appendingPathComponent("revocations.json"))
        #expect(list.format == "ecert-revocations" && list.version == 1)
        #expect(list.body.sequence == 2 && r1.list.body.sequence == 1 && r2.list == list)
        #expect(list.body.entries.map(\.serial) == ["A/1", "A/2"])
        #expect(list.body.entries[0].replacedBy == "A/9" && list.body.entries[1].replacedBy == nil)
        #expect(list.body.entries[1].revokedAt == "2025-10-02T00:00:00Z" && list.body.updatedAt == "2025-10-02T00:00:00Z")
        #expect(list.isSigned(by: key.publicKey))
        #expect(try list.checked(path: "x", trustedKeys: [key.publicKey]).entry(forSerial: "A/1")?.reason == "Nama salah ketik")
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
        let tampered = try RevocationList.load(from: url)
        #expect(throws: ECertError.self) { try tampered.checked(path: url.path, trustedKeys: [key.publicKey]) }
        // Extending a tampered list is refused, and the file is left as it was.
        #expect(throws: ECertError.self) {
            try Revoker.revoke(directory: dir, serial: "S3", reason: "r", replacedBy: nil, at: nil, atText: "2025-10-01", key: key)
        }
        let other = IssuerPrivateKey()
        let fresh = try folder()
        let list = try Revoker.revoke(directory: fresh, serial: "S1", reason: "r", replacedBy: nil, at: nil, atText: "2025-10-01", key: other).list
        #expect(throws: ECertError.self) { try list.checked(path: "x", trustedKeys: [key.publicKey]) }
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

    @Test func timestampsAreUTCWithSeconds() {
        #expect(Timestamp.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.string(from: Date(timeIntervalSince1970: 1_759_307_400)) == "2025-10-01T08:30:00Z")
        #expect(Timestamp.isValid("2025-10-01T08:30:00Z") && !Timestamp.isValid("2025-10-01T24:00:00Z"))
    }
}
