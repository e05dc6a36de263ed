import ECertCore
import Foundation
import Testing

/// docs/test-vectors.json is generated from fixed keys by `TestVectors.make()`; this test fails when
/// the file and the code disagree. Regenerate with `ECERT_WRITE_VECTORS=1 swift test --filter TestVector`.
@Suite("test vectors")
struct TestVectorTests {
    static let file: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("docs/test-vectors.json")
    }()

    @Test func docsFileMatchesTheGenerator() throws {
        let made = try TestVectors.make()
        if ProcessInfo.processInfo.environment["ECERT_WRITE_VECTORS"] == "1" {
            try made.write(to: Self.file)
        }
        let stored = try #require(FileManager.default.contents(atPath: Self.file.path), "docs/test-vectors.json is missing")
        #expect(stored == made, "docs/test-vectors.json is out of date; regenerate it (see this test's comment)")
    }

    @Test func everyVectorGetsItsVerdictFromTheCoreVerifier() throws {
        let doc = try JSONSerialization.jsonObject(with: try TestVectors.make()) as! [String: Any]
        let keys = try (doc["trustedKeys"] as! [[String: Any]]).map { try IssuerPublicKey(raw: Array(Data(base64Encoded: $0["publicKey"] as! String)!)) }
        let listValue = try StrictJSON.parse(Array(try JSONSerialization.data(withJSONObject: doc["revocations"]!)), path: "vectors")
        let list = try VerifiedRevocations.read(listValue, path: "vectors", trusting: keys)
        let verifier = CertificateVerifier(trustedKeys: keys, revocations: [list])
        let vectors = doc["vectors"] as! [[String: Any]]
        #expect(vectors.filter { ($0["expected"] as! [String: Any])["status"] as! String == "VALID" }.count >= 5)
        #expect(vectors.filter { ($0["expected"] as! [String: Any])["status"] as! String != "VALID" }.count >= 5)
        for vector in vectors {
            let expected = vector["expected"] as! [String: Any]
            let verdict = verifier.verify(text: vector["qr"] as! String, item: vector["description"] as! String)
            #expect(verdict.status.rawValue == expected["status"] as! String, "\(vector["description"]!)")
            #expect(verdict.reasonCode?.rawValue == expected["reason"] as? String, "\(vector["description"]!)")
            if let name = (vector["fields"] as? [String: Any])?["name"] as? String, verdict.status == .valid {
                #expect(verdict.certificate?.name == name)
            }
        }
    }
}

enum TestVectors {
    static func key(_ n: Int) -> IssuerPrivateKey {
        try! IssuerPrivateKey(raw: Digest256.sha256(Array("ecert test vector key \(n)".utf8)))
    }

    static let url = "https://verify.example.org/v"
    static let facts = EventFacts(title: "Webinar Guru Belajar Artificial Intelligence (AI)", date: "2025-09-20",
                                  place: "Palembang", issuer: "Dinas Pendidikan Provinsi Sumatera Selatan")

    static func payload(_ name: String, serial: String, key: IssuerPrivateKey) throws -> SignedPayload {
        try SignedPayload.sign(CertificateClaims(keyID: key.publicKey.keyID, eventID: facts.eventID,
                                                 date: EventDate(iso: facts.date)!,
                                                 participantDigest: CertificateClaims.participantDigest(for: "ID " + serial),
                                                 serial: serial, name: name), with: key)
    }

    /// Facts of a version-2 event (dates, hours, activity) for the payload-version-3 vectors.
    static var creditFacts: EventFacts {
        var f = EventFacts(title: "Pelatihan Pembelajaran Berdiferensiasi", date: "2025-07-16", place: "Palembang", issuer: facts.issuer)
        (f.endDate, f.hours, f.activity, f.mode) = ("2025-07-18", 32, "pelatihan", "luring")
        return f
    }

    static func creditPayload(hours: Int, key: IssuerPrivateKey) throws -> SignedPayload {
        let f = creditFacts
        return try SignedPayload.sign(CertificateClaims(
            keyID: key.publicKey.keyID, eventID: f.eventID, date: EventDate(iso: f.date)!,
            participantDigest: CertificateClaims.participantDigest(for: "ID PEL/2025/0001"), serial: "PEL/2025/0001", name: "Dr. Ahmad Fauzi, M.Pd.",
            credit: .init(endDate: EventDate(iso: f.endDate!)!, hours: hours, role: .narasumber, activity: .pelatihan)), with: key)
    }

    static func make() throws -> Data {
        let (k1, k2, k3) = (key(1), key(2), key(3))
        var vectors: [[String: Any]] = []
        func add(_ description: String, _ qr: String, _ status: String, _ reason: String?, fields p: SignedPayload? = nil, extra: [String: Any] = [:]) {
            var v: [String: Any] = ["description": description, "qr": qr, "payload": String(qr.split(separator: "#").last ?? "")]
            var expected: [String: Any] = ["status": status]
            if let reason { expected["reason"] = reason }
            expected.merge(extra) { a, _ in a }
            v["expected"] = expected
            if let p {
                var fields: [String: Any] = ["serial": p.claims.serial, "name": p.claims.name, "date": p.claims.date.iso,
                                             "keyID": p.claims.keyID.hexString, "eventID": p.claims.eventID.hexString]
                if let credit = p.claims.credit {
                    fields["lastDate"] = credit.endDate.iso
                    fields["hours"] = credit.hours
                    fields["role"] = credit.role.word
                    fields["activity"] = credit.activity.word
                }
                v["fields"] = fields
            }
            vectors.append(v)
        }
        let genuine: [(String, String, IssuerPrivateKey, String)] = [
            ("Latin, Indonesian titles", "Dra. Hj. Siti Nurhaliza, S.Pd., M.Pd.", k1, "WEB-AI/2025/000001"),
            ("Vietnamese diacritics", "Nguyễn Thị Minh Khai", k1, "WEB-AI/2025/000002"),
            ("Thai script, second (rotated) key", "สมชาย ใจดี", k2, "WEB-AI/2025/000003"),
            ("Arabic script", "محمد عبد الله", k1, "WEB-AI/2025/000004"),
            ("Chinese characters, second key", "李小龍", k2, "WEB-AI/2025/000005"),
            ("HTML in the name must be shown as text", "<img src=x onerror=alert(1)>", k1, "WEB-AI/2025/000006"),
            ("Javanese script and emoji", "ꦱꦸꦏꦂꦤꦺꦴ 😀 Sukarno Wijaya Kusuma", k1, "WEB-AI/2025/000007"),
        ]
        var first: SignedPayload?
        for (description, name, key, serial) in genuine {
            let p = try payload(name, serial: serial, key: key)
            if first == nil { first = p }
            add("genuine: \(description)", QRContent.text(verifyURL: url, payload: p), "VALID", nil, fields: p)
        }
        // Payload version 3: a three-day pelatihan, a speaker's 4 JP.
        let v3 = try creditPayload(hours: 4, key: k1)
        add("genuine (payload version 3): narasumber, 4 JP, 16–18 July 2025", QRContent.text(verifyURL: url, payload: v3), "VALID", nil, fields: v3)
        var inflated = v3.claims
        inflated.credit?.hours = 40
        let forged = try SignedPayload(claims: inflated, signature: v3.signature)
        add("forged (payload version 3): hours raised from 4 to 40, signature kept", QRContent.text(verifyURL: url, payload: forged), "INVALID", "bad-signature")
        let good = QRContent.text(verifyURL: url, payload: first!)
        // One character of the Base32 text changed (inside the name, so it still decodes).
        var chars = Array(good)
        let i = chars.count - 110
        chars[i] = chars[i] == "A" ? "B" : "A"
        add("tampered: one character of the payload changed", String(chars), "INVALID", "bad-signature")
        add("truncated: last 8 characters missing", String(good.dropLast(8)), "INVALID", "malformed")
        add("not Base32 at all", url + "#THIS-IS-NOT-A-PAYLOAD!", "INVALID", "malformed")
        var v1 = first!.bytes
        v1[0] = 1
        add("unsupported payload version 1", url + "#" + Base32.encode(v1), "INVALID", "unsupported-version")
        let foreign = try payload("Budi Santoso", serial: "WEB-AI/2025/000008", key: k3)
        add("signed by a key that is not trusted", QRContent.text(verifyURL: url, payload: foreign), "UNKNOWN KEY", "unknown-key", fields: foreign)
        let revoked = try payload("Rina Marlina", serial: "WEB-AI/2025/000009", key: k1)
        add("genuine signature, serial revoked and replaced", QRContent.text(verifyURL: url, payload: revoked), "REVOKED", "revoked",
            fields: revoked, extra: ["replacedBy": "WEB-AI/2025/000010", "revocationReason": "Nama salah ketik"])

        let list = try RevocationList.empty.adding(RevocationEntry(
            eventID: facts.eventID.hexString, keyID: k1.publicKey.keyIDHex, serial: "WEB-AI/2025/000009", reason: "Nama salah ketik",
            replacedBy: "WEB-AI/2025/000010", revokedAt: "2025-10-01T08:30:00Z"))
        let signedList = JCS.serialize(try SignedDocument.sign(list, with: k1).jsonValue)
        let doc: [String: Any] = [
            "format": "ecert-test-vectors", "version": 1,
            "creditEvent": ["facts": try JSONSerialization.jsonObject(with: Data(JCS.serialize(creditFacts.jsonValue))), "eventID": creditFacts.eventID.hexString],
            "description": "Payload format versions 2 and 3 (docs/FORMAT.md). Trust trustedKeys, use revocations; each vector's QR text must get expected.status (and expected.reason, a reason code).",
            "event": ["facts": ["title": facts.title, "date": facts.date, "place": facts.place, "issuer": facts.issuer], "eventID": facts.eventID.hexString],
            "trustedKeys": [k1, k2].map { ["keyID": $0.publicKey.keyIDHex, "publicKey": Data($0.publicKey.raw).base64EncodedString(), "pem": KeyFile.publicPEM($0.publicKey)] },
            "untrustedKeys": [["keyID": k3.publicKey.keyIDHex, "publicKey": Data(k3.publicKey.raw).base64EncodedString()]],
            "revocations": try JSONSerialization.jsonObject(with: Data(signedList)),
            "vectors": vectors,
        ]
        return try JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) + Data("\n".utf8)
    }
}
