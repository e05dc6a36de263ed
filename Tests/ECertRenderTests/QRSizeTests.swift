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
