import ECertCore
import Foundation
import Testing

/// Issue 13: the version-2 event file, date printing, and payload version 3.
@Suite("event file version 2")
struct EventVersion2Tests {
    static let base = """
        version: 2
        title: Pelatihan Guru Penggerak
        place: Palembang
        issuer: Dinas Pendidikan Provinsi Sumatera Selatan
        serial: "PGP/2025/{seq:04}"
        verify_url: https://verify.example.org/v
        """

    static func event(_ extra: String) throws -> Event {
        try Event.parse(base + "\n" + extra, path: "event.yaml")
    }

    @Test(arguments: [
        ("date: 2025-07-16", "16 Juli 2025", "16 July 2025"),
        ("dates: 2025-07-16..2025-07-18", "16–18 Juli 2025", "16–18 July 2025"),
        ("dates: 2025-06-30..2025-07-02", "30 Juni – 2 Juli 2025", "30 June – 2 July 2025"),
        ("dates: 2025-12-30..2026-01-02", "30 Desember 2025 – 2 Januari 2026", "30 December 2025 – 2 January 2026"),
    ])
    func datesPrintAsWritten(line: String, indonesian: String, english: String) throws {
        #expect(try Self.event(line).datesText == indonesian)
        #expect(try Self.event(line + "\nlanguage: en").datesText == english)
    }

    @Test func versionOneFileStillReadsAndKeepsItsEventID() throws {
        let v1 = try Event.parse(Self.base.replacingOccurrences(of: "version: 2\n", with: "") + "\ndate: 2025-09-20", path: "e.yaml")
        #expect(v1.version == nil && v1.endDate == nil)
        #expect(v1.facts == EventFacts(title: v1.title, date: "2025-09-20", place: v1.place, issuer: v1.issuer))
        #expect(String(decoding: try JCS.encode(v1), as: UTF8.self).contains("\"hours\"") == false)
        #expect(throws: ECertError.self) { try Event.parse(Self.base.replacingOccurrences(of: "version: 2\n", with: "") + "\ndate: 2025-09-20\nhours: 32", path: "e.yaml") }
    }

    @Test func unknownKeysAndBadValuesAreRefusedByName() throws {
        func message(_ extra: String) -> String {
            do { _ = try Self.event(extra); return "" } catch { return error.localizedDescription }
        }
        #expect(message("date: 2025-07-16\nhour: 3").contains("unknown key \"hour\""))
        #expect(message("date: 2025-07-16\nsignatories:\n  - name: A\n    jabatan: B").contains("unknown key \"jabatan\""))
        #expect(message("dates: 2025-07-18..2025-07-16").contains("ends before it starts"))
        #expect(message("date: 2025-07-16\nmode: online").contains("daring, luring or hybrid"))
        #expect(message("date: 2025-07-16\nroles:\n  juri: {hours: 2}").contains("not a role ecert knows"))
        #expect(message("date: 2025-07-16\nroles:\n  narasumber: {hours: 2}\n  Narasumber: {hours: 3}").contains("declared twice"))
        #expect(message("date: 2025-07-16\nsignatories:\n  - {name: A, position: B}\n  - {name: C, position: D}\n  - {name: E, position: F}\n  - {name: G, position: H}").contains("one to three"))
        #expect(message("date: 2025-07-16\ntitle2: x").contains("unknown key \"title2\""))
        #expect(message("date: 2025-07-16\nfields:\n  unit: \"a\u{202E}b\"").contains("U+202E"))
        #expect(message("date: 2025-07-16\nlogos: {left: ../../etc/passwd.png}").contains("inside the event file's folder"))
        #expect(message("date: 2025-07-16\nhours: 32\nprogram:\n  - {topic: A, hours: 10}\n  - {topic: B, hours: 20}").contains("add up to 30 JP but hours is 32"))
    }

    @Test func programThatAddsUpIsBoundByItsHash() throws {
        let e = try Self.event("dates: 2025-07-16..2025-07-18\nhours: 30\nactivity: pelatihan\nprogram:\n  - {topic: A, hours: 10}\n  - {topic: B, hours: 20}")
        #expect(e.facts.programSHA256 == EventFacts.programHash(e.program!))
        var changed = e
        changed.program![0].topic = "A2"
        #expect(changed.facts.eventID != e.facts.eventID)
    }

    static let key = IssuerPrivateKey()

    static func credit(hours: Int = 32, role: CertificateRole = .narasumber, end: String = "2025-07-18") -> CertificateClaims {
        CertificateClaims(keyID: key.publicKey.keyID, eventID: [1, 2, 3, 4], date: EventDate(iso: "2025-07-16")!,
                          participantDigest: CertificateClaims.participantDigest(for: "1"), serial: "PGP/2025/0001", name: "Siti",
                          credit: .init(endDate: EventDate(iso: end)!, hours: hours, role: role, activity: .pelatihan))
    }

    @Test func payloadVersion3RoundTripsAndVersion2StillReads() throws {
        let v3 = try SignedPayload.sign(Self.credit(), with: Self.key)
        let back = try SignedPayload(text: v3.text)
        #expect(back.bytes[0] == 3 && back.isSigned(by: Self.key.publicKey))
        #expect(back.claims.credit == Self.credit().credit)
        var plain = Self.credit()
        plain.credit = nil
        let v2 = try SignedPayload(text: try SignedPayload.sign(plain, with: Self.key).text)
        #expect(v2.bytes[0] == 2 && v2.isSigned(by: Self.key.publicKey) && v2.claims.credit == nil)
    }

    /// Hours, last day and role are under the signature: a payload with any of them changed (the
    /// old signature kept) does not verify.
    @Test(arguments: [Self.credit(hours: 64), Self.credit(role: .peserta), Self.credit(end: "2025-07-19")])
    func changingHoursDatesOrRoleBreaksTheSignature(forged: CertificateClaims) throws {
        let genuine = try SignedPayload.sign(Self.credit(), with: Self.key)
        let tampered = try SignedPayload(claims: forged, signature: genuine.signature)
        #expect(!tampered.isSigned(by: Self.key.publicKey))
        #expect(try !SignedPayload(text: tampered.text).isSigned(by: Self.key.publicKey))
    }

    @Test func rolesGiveTheirOwnHoursAndUndeclaredRolesAreRefused() throws {
        let e = try Self.event("date: 2025-07-16\nhours: 32\nroles:\n  narasumber: {hours: 4, text: telah menjadi NARASUMBER pada}")
        #expect(try e.role(columns: ["Peran": "Narasumber"]).get() == .narasumber)
        #expect(try e.role(columns: ["Peran": ""]).get() == .peserta)
        #expect(e.hours(for: .narasumber) == 4 && e.hours(for: .peserta) == 32)
        #expect(e.participantValues(columns: ["Sebagai": "narasumber"])["role_text"] == "telah menjadi NARASUMBER pada")
        guard case .failure(let problem) = e.role(columns: ["Role": "moderator"]) else { Issue.record("moderator accepted"); return }
        #expect(problem.description.contains("not declared"))
    }
}
