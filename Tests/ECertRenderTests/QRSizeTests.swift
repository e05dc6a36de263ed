import ECertCore
import ECertRender
import Foundation
import Testing

/// The size goal of issue 3: with a 60-byte name and a 40-character verify_url, the QR code of
/// `verify_url#PAYLOAD` fits version 10 or lower at ECC level M.
@Suite("QR size")
struct QRSizeTests {
    static let key = try! IssuerPrivateKey(raw: Digest256.sha256(Array("ecert qr size test".utf8)))

    /// 40-character verify URLs: mostly host, and one with a long lower-case path (the worst case,
    /// since lower-case letters leave QR alphanumeric mode).
    static let urls = [
        "https://verifikasi.disdik.sumsel.go.id/v",
        "https://sertifikat.example.org/cek/guru1",
        "http://e.id/verifikasi/sertifikat/guru/q",
    ]

    /// Names of exactly 60 UTF-8 bytes in several scripts.
    static let names: [String] = [
        String(repeating: "A", count: 60),
        "Dra. Hj. Siti Nurhaliza Kusumawardhani Purnamasari, S.Pd. MM",
        String(repeating: "Ế", count: 20),           // 3 bytes each
        String(repeating: "ศ", count: 20),
        String(repeating: "م", count: 30),           // 2 bytes each
        String(repeating: "😀", count: 15),          // 4 bytes each
    ]

    @Test(arguments: urls)
    func sixtyByteNamesFitVersionTenAtLevelM(url: String) throws {
        #expect(url.count == 40)
        var worst = 0
        for name in Self.names {
            #expect(name.utf8.count == 60)
            let claims = CertificateClaims(
                keyID: Self.key.publicKey.keyID, eventID: [0xA1, 0xB2, 0xC3, 0xD4], date: EventDate(iso: "2025-09-20")!,
                participantDigest: CertificateClaims.participantDigest(for: "0012345678901234"), serial: "WEB-AI/2025/000001", name: name)
            let text = QRContent.text(verifyURL: url, payload: try SignedPayload.sign(claims, with: Self.key))
            let code = try QRCode(text: text, level: .M)
            worst = max(worst, code.version)
            #expect(code.version <= 10, "\(url) + \(name): version \(code.version), \(text.count) characters")
        }
        print("QR size: \(url) with 60-byte names → version \(worst) at ECC M")
    }
}

/// Payload version 3 (issue 13) adds the last day, hours, role and activity: the same limit holds
/// with the longest of them (a 255-day span, 9999 JP in two LEB128 bytes, the last role code).
@Suite("QR size, payload v3")
struct CreditQRSizeTests {
    /// The https:// ones of `QRSizeTests.urls` (an event's verify_url must be https://) and the
    /// https:// worst case: a long lower-case path (its 28 path characters leave QR alphanumeric
    /// mode). Version 3 goes into the QR code in decimal (numeric mode), so all give version 10 or
    /// lower; in Base32 the last one needed version 11.
    static let urls = QRSizeTests.urls.filter { $0.hasPrefix("https://") } + [lowerCasePath]
    static let lowerCasePath = "https://e.id/verifikasi/sertifikat/guru1"

    @Test(arguments: urls)
    func creditPayloadsStillFitVersionTen(url: String) throws {
        #expect(url.count == 40 && Event.verifyURLProblem(url) == nil)
        let start = EventDate(iso: "2025-07-16")!
        let credit = CertificateClaims.Credit(endDate: EventDate(daysSinceEpoch: start.daysSinceEpoch + 255)!, hours: 9999,
                                              role: CertificateRole.allCases.last!, activity: .diklat)
        var worst = 0
        for name in QRSizeTests.names {
            let claims = CertificateClaims(
                keyID: QRSizeTests.key.publicKey.keyID, eventID: [0xA1, 0xB2, 0xC3, 0xD4], date: start,
                participantDigest: CertificateClaims.participantDigest(for: "0012345678901234"), serial: "PELATIHAN/2025/001", name: name, credit: credit)
            #expect(claims.serial.count == 18)
            let payload = try SignedPayload.sign(claims, with: QRSizeTests.key)
            #expect(payload.bytes[0] == 3)
            let code = try QRCode(text: QRContent.text(verifyURL: url, payload: payload), level: .M)
            worst = max(worst, code.version)
            #expect(code.version <= 10, "\(url) + \(name): version \(code.version)")
        }
        print("QR size (payload v3): \(url) with 60-byte names → version \(worst) at ECC M")
    }
}
