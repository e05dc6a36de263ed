import Foundation
import Testing
@testable import ECertCore

@Suite("delivery values")
struct DeliveryValueTests {
    @Test(arguments: [("0812-3456-7890", "6281234567890"), ("+62 812 3456 7890", "6281234567890"), ("62812 3456 7890", "6281234567890"),
                      ("(0812) 3456.7890", "6281234567890"), ("0062 857 1111 2222", "6285711112222"), ("81234567890", "6281234567890")])
    func indonesianMobileNumbersAreNormalised(raw: String, expected: String) throws {
        #expect(try PhoneNumber.normalized(raw).get() == expected)
    }

    @Test(arguments: ["", "12345", "021 555 1234", "+1 415 555 0100", "0812 3456 7890 1234", "0812-ABCD-7890", "08123+4567890", "=cmd|' /C calc'!A0"])
    func otherNumbersAreRefusedWithAReason(raw: String) {
        guard case .failure(let problem) = PhoneNumber.normalized(raw) else { Issue.record("accepted \(raw)"); return }
        #expect(!problem.text.isEmpty)
    }

    @Test(arguments: ["guru@sekolah.sch.id", "a.b+c@guru.belajar.id", "x_y@d-1.example.org"])
    func plainAddressesAreAccepted(raw: String) {
        #expect(EmailAddress(raw)?.text == raw)
    }

    @Test(arguments: ["", "guru", "a@@b.id", "a@b", "a b@c.id", "a@b.id\r\nBcc: x@y.id", "<a@b.id>", ".a@b.id", "a..b@c.id", "a@-b.id", "a@b.123", "ä@b.id"])
    func addressesThatCouldBreakAHeaderOrCommandAreRefused(raw: String) {
        #expect(EmailAddress(raw) == nil && EmailAddress.problem(raw) != nil)
    }

    @Test func nonASCIIHeadersBecomeShortUTF8EncodedWordsThatDecodeBack() throws {
        let subject = "Sertifikat สมชาย ใจดี — Nguyễn Thị Hà, Çağrı 🎓 " + String(repeating: "é", count: 40)
        let value = MIMEText.headerValue(subject)
        let words = value.components(separatedBy: "\r\n ")
        #expect(words.count > 1 && words.allSatisfy { $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") && $0.count <= 75 })
        let decoded = words.map { word -> String in
            let base64 = word.dropFirst(10).dropLast(2)
            return String(decoding: Data(base64Encoded: String(base64))!, as: UTF8.self)
        }.joined()
        #expect(decoded == subject)
        #expect(MIMEText.headerValue("Plain ASCII subject") == "Plain ASCII subject")
        #expect(!MIMEText.headerValue("Line\r\nBcc: x@y.id").contains("\n"))
    }

    @Test func templatesRefuseUnknownPlaceholdersAndFillKnownOnes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mailtemplate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let keys = MailTemplate.keys.map { "\($0): \"{name} {{literal}}\"" }.joined(separator: "\n")
        let good = dir.appendingPathComponent("good.yaml"), bad = dir.appendingPathComponent("bad.yaml")
        try Data((keys + "\n").utf8).write(to: good)
        try Data(keys.replacingOccurrences(of: "subject: \"{name}", with: "subject: \"{nmae}").utf8).write(to: bad)
        let template = try MailTemplate.load(from: good)
        #expect(try MailTemplate.fill(template.subject) { $0 == "name" ? "Siti" : "?" } == "Siti {literal}")
        #expect(throws: ECertError.self) { try MailTemplate.load(from: bad) }
        do { _ = try MailTemplate.load(from: bad) } catch { #expect("\(error.localizedDescription)".contains("{nmae}")) }
    }
}
