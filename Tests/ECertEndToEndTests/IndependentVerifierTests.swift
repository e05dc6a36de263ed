import ECertCore
import Foundation
import Testing

/// Issue 11: `Tests/Fixtures/verify_batch.py`, written from docs/FORMAT.md alone (Python, the
/// `cryptography` and `rfc8785` modules), agrees with ecert on genuine and forged batches.
@Suite("independent verifier (Python, from docs/FORMAT.md)", .serialized)
struct IndependentVerifierTests {
    static let script = E2E.packageRoot.appendingPathComponent("Tests/Fixtures/verify_batch.py")

    /// Column headers outside the BMP and full-width; values with combining marks, which JCS keeps
    /// as they are (no Unicode normalisation).
    static let csv = """
        Nama Lengkap,NUPTK,Kabupaten/Kota,😀 Catatan,ｱ Kode
        "Rene\u{301} Agus Saputra",1598423061408237,Kota Palembang,"cafe\u{301} ✓",ｱ-01
        "Siti Nurhaliza",1542155305141050,Kab. Lahat,"n\u{303}o",ｲ-02
        "Nguyê\u{303}n Thi\u{323} Minh",1548844201239011,Kab. Lahat,"",ｳ-03

        """

    struct Issued {
        let dir: URL, out: URL, key: URL, pub: URL
    }

    static func issue() throws -> Issued {
        let dir = try E2E.temporaryDirectory("independent")
        let list = dir.appendingPathComponent("participants.csv")
        try Data(csv.utf8).write(to: list)
        let (key, pub) = try E2E.keyPair(in: dir)
        let out = dir.appendingPathComponent("out")
        let r = try E2E.ecert(["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.path, "--out", out.path])
        #expect(r.status == 0, "issue failed: \(r.output)")
        return Issued(dir: dir, out: out, key: key, pub: pub)
    }

    /// Runs the Python verifier; returns its status and the text of its findings.
    static func pythonVerdict(_ target: URL, pub: URL) throws -> (status: String, findings: String) {
        let r = try E2E.run("python3", [script.path, target.path, "--pub", pub.path])
        let json = try #require(try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "no JSON verdict: \(r.output)")
        let findings = (json["findings"] as? [[String: Any]] ?? []).map { "\($0["code"]!): \($0["text"]!)" }
        return (json["status"] as? String ?? "?", findings.joined(separator: "\n"))
    }

    func copy(_ issued: Issued) throws -> URL {
        let target = try E2E.temporaryDirectory("forged")
        try FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: issued.out, to: target)
        return target
    }

    func replace(in url: URL, _ old: String, _ new: String) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old), "\(old) not in \(url.lastPathComponent)")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func aGenuineBatchAndItsBundlesAreValid() throws {
        let issued = try Self.issue()
        let manifest = try Manifest.load(from: issued.out.appendingPathComponent(Manifest.fileName))
        let columns = Set(manifest.records.flatMap(\.record.columns.keys))
        #expect(columns.contains("😀 Catatan") && columns.contains("ｱ Kode"), "\(columns)")
        let verdict = try Self.pythonVerdict(issued.out, pub: issued.pub)
        #expect(verdict.status == "VALID", "\(verdict.findings)")

        let bundles = issued.dir.appendingPathComponent("bundles")
        let b = try E2E.ecert(["bundle", issued.out.path, "--by", "Kabupaten/Kota", "--out", bundles.path, "--pub", issued.pub.path])
        #expect(b.status == 0, "\(b.output)")
        for zip in ["Kab. Lahat.zip", "Kota Palembang.zip"] {
            let v = try Self.pythonVerdict(bundles.appendingPathComponent(zip), pub: issued.pub)
            #expect(v.status == "VALID", "\(zip): \(v.findings)")
        }
    }

    /// The bytes ecert signed are exactly `rfc8785.dumps` of the `signed` object as Python reads
    /// it, and the header signature verifies with `cryptography`.
    @Test func pythonRecomputesTheSignedBytesAndTheSignatureVerifies() throws {
        let issued = try Self.issue()
        let url = issued.out.appendingPathComponent(Manifest.fileName)
        let signed = JCS.serialize(try Manifest.load(from: url).header.signedValue)
        let check = """
            import base64, hashlib, json, sys, rfc8785
            from cryptography.hazmat.primitives.serialization import load_pem_public_key
            header = json.load(open(sys.argv[1], encoding="utf-8"))["header"]
            ours = rfc8785.dumps(header["signed"])
            assert ours.hex() == sys.argv[2], "rfc8785 bytes differ from ecert's"
            message = b"ecert-batch-header-v2\\x00" + hashlib.sha256(ours).digest()
            load_pem_public_key(open(sys.argv[3], "rb").read()).verify(base64.b64decode(header["signature"]["value"]), message)
            print("ok")
            """
        let r = try E2E.run("python3", ["-c", check, url.path, signed.hexString, issued.pub.path])
        #expect(r.status == 0 && r.stdout.contains("ok"), "\(r.output)")
    }

    /// docs/vectors/trust-layer.json, checked by Python alone: canonical JSON with rfc8785, strict
    /// reading, Merkle proofs and every signed document's verdict and reason.
    @Test func pythonAgreesWithEveryTrustLayerVector() throws {
        let vectors = E2E.packageRoot.appendingPathComponent("docs/vectors/trust-layer.json")
        let checker = E2E.packageRoot.appendingPathComponent("Tests/Fixtures/check_vectors.py")
        let r = try E2E.run("python3", [checker.path, vectors.path])
        #expect(r.status == 0 && r.stdout.contains("\"failures\": []"), "\(r.output)")
        #expect(r.stdout.contains("\"checked\": ") && !r.stdout.contains("\"checked\": 0"), "\(r.output)")
    }

    @Test func forgeriesGetTheExpectedVerdictAndANamedFinding() throws {
        let issued = try Self.issue()
        let batch = try E2E.loadBatch(issued.out.appendingPathComponent(Manifest.fileName))
        let record = batch.records[0]

        let renamed = try copy(issued)
        try replace(in: renamed.appendingPathComponent(Manifest.fileName), "\"name\":\"\(record.name)\"", "\"name\":\"Orang Lain\"")
        try expect(renamed, issued, "INVALID", finding: "Merkle root")

        let retitled = try copy(issued)
        try replace(in: retitled.appendingPathComponent(Manifest.fileName), batch.body.event.title, "Pelatihan Palsu")
        try expect(retitled, issued, "INVALID", finding: "bad-signature")

        let duplicated = try copy(issued)
        try replace(in: duplicated.appendingPathComponent(Manifest.fileName), "\"name\":\"\(record.name)\"",
                    "\"name\":\"\(record.name)\",\"name\":\"Orang Lain\"")
        try expect(duplicated, issued, "INVALID", finding: "duplicate key \"name\"")

        let late = try copy(issued)
        try resignWithLatePayload(late, issued: issued, index: 1)
        try expect(late, issued, "INVALID", finding: "RECORD \(batch.records[1].serial): its payload is dated")

        let revoked = try copy(issued)
        let r = try E2E.ecert(["revoke", revoked.path, record.serial, "--reason", "Tidak hadir", "--key", issued.key.path, "--at", "2025-10-01"])
        #expect(r.status == 0, "\(r.output)")
        try expect(revoked, issued, "REVOKED", finding: "REVOKED \(record.serial)")
    }

    func expect(_ folder: URL, _ issued: Issued, _ status: String, finding: String) throws {
        let verdict = try Self.pythonVerdict(folder, pub: issued.pub)
        #expect(verdict.status == status, "\(finding): \(verdict.findings)")
        #expect(verdict.findings.contains(finding), "expected a finding naming \(finding): \(verdict.findings)")
    }

    /// Re-signs the manifest with the issuer's key after giving record `index` a payload dated
    /// one day after the event: signed, but inconsistent with its header.
    func resignWithLatePayload(_ dir: URL, issued: Issued, index: Int) throws {
        let url = dir.appendingPathComponent(Manifest.fileName)
        let key = try KeyFile.readPrivateKey(at: issued.key)
        let verified = try Manifest.verified(at: url, trusting: [key.publicKey])
        var records = verified.records
        var claims = try SignedPayload(text: records[index].payload).claims
        claims.date = EventDate(daysSinceEpoch: claims.date.daysSinceEpoch + 1)!
        records[index].payload = try SignedPayload.sign(claims, with: key).text
        try ManifestWriter.write(header: verified.body, records: records, key: key, to: url)
    }
}
