@testable import ECertCore
import Foundation
import Testing

/// The decimal QR form of payload version 3 (docs/FORMAT.md section 8).
@Suite("decimal payload text")
struct DecimalTextTests {
    static let key = try! IssuerPrivateKey(raw: Digest256.sha256(Array("ecert decimal test".utf8)))

    static func creditPayload(name: String) throws -> SignedPayload {
        let start = EventDate(iso: "2025-07-16")!
        let claims = CertificateClaims(
            keyID: key.publicKey.keyID, eventID: [1, 2, 3, 4], date: start,
            participantDigest: CertificateClaims.participantDigest(for: "0012345678901234"), serial: "PELATIHAN/2025/001", name: name,
            credit: .init(endDate: EventDate(daysSinceEpoch: start.daysSinceEpoch + 2)!, hours: 32, role: .narasumber, activity: .pelatihan))
        return try SignedPayload.sign(claims, with: key)
    }

    @Test func everyLengthRoundTripsAndHasOneText() {
        var generator = SystemRandomNumberGenerator()
        for count in 1...60 {
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = DecimalText.encode(bytes)
            #expect(text.count == count / 7 * 17 + DecimalText.digits[count % 7])
            #expect(DecimalText.decode(text) == bytes)
        }
        #expect(DecimalText.encode([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]) == "72057594037927935")
        #expect(DecimalText.encode([0, 1]) == "00001")
    }

    @Test func textsNotWrittenByTheEncoderAreRefused() {
        #expect(DecimalText.decode("72057594037927936") == nil)        // 2^56: too large for 7 bytes
        #expect(DecimalText.decode("256") == nil)                      // too large for 1 byte
        #expect(DecimalText.decode("1234") == nil)                     // no chunk has 4 digits
        #expect(DecimalText.decode("12a") == nil)
        #expect(DecimalText.decode("") == nil)
    }

    @Test func versionThreeQRCodesHoldDecimalAndReadBack() throws {
        let payload = try Self.creditPayload(name: "Dra. Hj. Siti Nurhaliza, S.Pd.")
        let qr = QRContent.text(verifyURL: "https://e.id/verifikasi/sertifikat/guru1", payload: payload)
        let fragment = qr[qr.index(after: qr.lastIndex(of: "#")!)...]
        #expect(fragment.allSatisfy { $0.isNumber } && fragment == Substring(DecimalText.encode(payload.bytes)))
        #expect(qr.hasPrefix("HTTPS://E.ID/verifikasi/sertifikat/guru1#"))
        let read = try SignedPayload(text: qr)
        #expect(read == payload && read.isSigned(by: Self.key.publicKey))
        #expect(try SignedPayload(text: String(fragment)) == payload)
        // One digit changed: another payload (bad signature) or refused, never the same one.
        var digits = Array(fragment)
        digits[40] = digits[40] == "1" ? "2" : "1"
        if let changed = try? SignedPayload(text: String(digits)) { #expect(!changed.isSigned(by: Self.key.publicKey)) }
        #expect(throws: ECertError.self) { try SignedPayload(text: "https://x.id/v#" + String(fragment.dropLast())) }
    }

    @Test func versionTwoQRCodesStayBase32() throws {
        let claims = CertificateClaims(
            keyID: Self.key.publicKey.keyID, eventID: [1, 2, 3, 4], date: EventDate(iso: "2025-09-20")!,
            participantDigest: CertificateClaims.participantDigest(for: "0012345678901234"), serial: "S1", name: "Siti")
        let payload = try SignedPayload.sign(claims, with: Self.key)
        #expect(QRContent.text(verifyURL: "https://v.example.org/v", payload: payload) == "HTTPS://V.EXAMPLE.ORG/v#" + payload.text)
    }
}
