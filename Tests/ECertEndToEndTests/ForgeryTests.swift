@testable import ECertCore
import Foundation
import Testing

/// Issue 11: forged and inconsistent signed files are refused with a reason that names what is
/// wrong, and nothing from an unverified file is shown or used.
@Suite("trust layer: forgeries are refused", .serialized)
struct ForgeryTests {
    let batch = FiftyBatch.shared

    var signingKey: IssuerPrivateKey { get throws { try KeyFile.readPrivateKey(at: batch.key) } }

    /// Rewrites `dir/manifest.json` with the issuer's real key after `change`: what a careless or
    /// compromised issuing tool could sign. The Merkle root is that of the changed records.
    func resign(_ dir: URL, _ change: (inout BatchHeader, inout [ManifestRecord]) throws -> Void) throws {
        let url = dir.appendingPathComponent(Manifest.fileName)
        let verified = try Manifest.verified(at: url, trusting: [batch.manifest.signer])
        var header = verified.body
        var records = verified.records
        try change(&header, &records)
        try ManifestWriter.write(header: header, records: records, key: try signingKey, to: url)
    }

    func replace(_ url: URL, _ old: String, _ new: String) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old), "\(old) not in \(url.lastPathComponent)")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    /// 1. A PDF's event facts come only from a manifest that verifies.
    @Test func aForgedManifestBesideAPDFLendsItNoFacts() throws {
        let copy = try batch.copy()
        let title = batch.manifest.body.event.title
        try replace(copy.appendingPathComponent("manifest.json"), title, "Pelatihan Palsu 40 JP")
        let pdf = copy.appendingPathComponent(batch.manifest.records[0].file)
        let text = try E2E.ecert(["verify", pdf.path, "--pub", batch.pub.path])
        #expect(!text.output.contains("Pelatihan Palsu"), "\(text.output)")
        #expect(text.stdout.contains("event:    (not confirmed)") && text.stdout.contains("manifest.json beside it was not used"), "\(text.output)")
        let json = try E2E.ecert(["verify", pdf.path, "--pub", batch.pub.path, "--json"])
        #expect(!json.stdout.contains("Pelatihan Palsu") && !json.stdout.contains("\"title\""), "\(json.stdout)")
        // With the genuine manifest the facts are shown.
        let genuine = try E2E.ecert(["verify", batch.out.appendingPathComponent(batch.manifest.records[0].file).path, "--pub", batch.pub.path])
        #expect(genuine.status == 0 && genuine.stdout.contains("event:    \(title)"), "\(genuine.output)")
    }

    /// 2. One signature, one reading: duplicate keys are refused wherever they are.
    @Test func duplicateKeysAreRefusedAndNamed() throws {
        let copy = try batch.copy()
        let record = batch.manifest.records[3]
        try replace(copy.appendingPathComponent("manifest.json"), "\"name\":\"\(record.name)\"", "\"name\":\"\(record.name)\",\"name\":\"Orang Lain\"")
        let r = try E2E.ecert(["verify", copy.path, "--pub", batch.pub.path])
        #expect(r.status == 1 && r.stdout.contains("the key `name` appears twice at `records[3].name`"), "\(r.output)")

        let second = try batch.copy()
        try replace(second.appendingPathComponent("manifest.json"), "\"issued\": 50", "\"issued\": 50,\n            \"issued\": 51")
        let h = try E2E.ecert(["verify", second.path, "--pub", batch.pub.path])
        #expect(h.status == 1 && h.stdout.contains("the key `issued` appears twice"), "\(h.output)")
    }

    /// 4. An issuer-signed header whose event no longer hashes to the payloads' event ID.
    @Test func aSignedHeaderWhoseEventWasChangedIsRefused() throws {
        let copy = try batch.copy()
        try resign(copy) { header, _ in header.event.title = "Judul Lain" }
        let r = try E2E.ecert(["verify", copy.path, "--pub", batch.pub.path])
        #expect(r.status == 1 && r.stdout.contains("is not the hash of the event facts"), "\(r.output)")
        let pdf = try E2E.ecert(["verify", copy.appendingPathComponent(batch.manifest.records[0].file).path, "--pub", batch.pub.path])
        #expect(!pdf.stdout.contains("Judul Lain") && pdf.stdout.contains("not confirmed"), "\(pdf.output)")
    }

    /// 4. A record whose payload is dated after the event, and one whose file leaves the folder.
    @Test func inconsistentSignedRecordsAreRefusedAndNeverReissuedOutsideTheFolder() throws {
        let copy = try batch.copy()
        let key = try signingKey
        let late = batch.manifest.records[1], escaping = batch.manifest.records[2]
        try resign(copy) { _, records in
            let p = try SignedPayload(text: late.payload).claims
            var claims = p
            claims.date = EventDate(daysSinceEpoch: p.date.daysSinceEpoch + 1)!
            records[1].payload = try SignedPayload.sign(claims, with: key).text
            records[2].file = "../outside.pdf"
        }
        let r = try E2E.ecert(["verify", copy.path, "--pub", batch.pub.path])
        #expect(r.status == 1, "\(r.output)")
        #expect(r.stdout.contains("RECORD    \(late.serial): its payload is dated"), "\(r.output)")
        #expect(r.stdout.contains("RECORD    \(escaping.serial): file is \"../outside.pdf\""), "\(r.output)")
        let target = try E2E.temporaryDirectory("target")
        let reissue = try E2E.ecert(["reissue", copy.path, "--serial", escaping.serial, "--out", target.path, "--pub", batch.pub.path])
        #expect(reissue.status == 1 && reissue.stderr.contains("not re-issued"), "\(reissue.output)")
        #expect(!FileManager.default.fileExists(atPath: target.deletingLastPathComponent().appendingPathComponent("outside.pdf").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path).isEmpty)
    }

    /// 5. An older revocation list after a newer one was seen is reported; a bundle made after a
    /// revocation carries it.
    @Test func rollbackIsReportedAndBundlesCarryTheirRevocations() throws {
        let copy = try batch.copy()
        let state = try E2E.temporaryDirectory("state")
        var env = ProcessInfo.processInfo.environment
        env["ECERT_STATE_DIR"] = state.path
        let (first, second) = (batch.manifest.records[5], batch.manifest.records[6])
        for record in [first, second] {
            let r = try E2E.ecert(["revoke", copy.path, record.serial, "--reason", "Tidak lulus", "--key", batch.key.path, "--at", "2025-10-01"])
            #expect(r.status == 0, "\(r.output)")
            if record.serial == first.serial {
                try FileManager.default.copyItem(at: copy.appendingPathComponent("revocations.json"), to: state.appendingPathComponent("old.json"))
            }
        }
        let pdf = copy.appendingPathComponent(first.file).path
        let seen = try E2E.run(E2E.ecert.path, ["verify", pdf, "--pub", batch.pub.path], environment: env)
        #expect(seen.status == 1 && seen.stdout.contains("REVOKED") && !seen.stderr.contains("warning"), "\(seen.output)")
        let old = try E2E.run(E2E.ecert.path, ["verify", pdf, "--pub", batch.pub.path, "--revocations", state.appendingPathComponent("old.json").path], environment: env)
        #expect(old.stderr.contains("revocation list number 1") && old.stderr.contains("number 2 was seen before"), "\(old.output)")

        let bundles = try E2E.temporaryDirectory("bundles")
        #expect(try E2E.ecert(["bundle", copy.path, "--by", "Kabupaten/Kota", "--out", bundles.path, "--pub", batch.pub.path]).status == 0)
        let district = first.columns["Kabupaten/Kota"]!
        let zip = bundles.appendingPathComponent(BundlePlanner.safeFileStem(district) + ".zip")
        let v = try E2E.ecert(["verify", zip.path, "--pub", batch.pub.path])
        #expect(v.status == 1 && v.stdout.contains("REVOKED   \(first.serial)"), "\(v.output)")
    }

    /// 5. Revoking with a key other than the list's signer is refused (no laundering), and an
    /// edited amendment log stops `reissue --pub`.
    @Test func foreignListsAreNotExtendedAndEditedAmendmentsStopReissue() throws {
        let copy = try batch.copy()
        let other = try E2E.keyPair(in: try E2E.temporaryDirectory("other"))
        let record = batch.manifest.records[7]
        #expect(try E2E.ecert(["revoke", copy.path, record.serial, "--reason", "x", "--key", batch.key.path, "--at", "2025-10-01"]).status == 0)
        let foreign = try E2E.ecert(["revoke", copy.path, batch.manifest.records[8].serial, "--reason", "x", "--key", other.key.path, "--at", "2025-10-01"])
        #expect(foreign.status == 1, "\(foreign.output)")

        let corrected = try E2E.ecert(["correct", copy.path, "--serial", batch.manifest.records[9].serial, "--name", "Nama Benar", "--key", batch.key.path, "--at", "2025-10-02"])
        #expect(corrected.status == 0, "\(corrected.output)")
        try replace(copy.appendingPathComponent("amendments.json"), "Nama Benar", "Nama Palsu")
        let target = try E2E.temporaryDirectory("target")
        let reissue = try E2E.ecert(["reissue", copy.path, "--serial", batch.manifest.records[0].serial, "--out", target.path, "--pub", batch.pub.path])
        #expect(reissue.status == 1 && reissue.stderr.contains("amendments.json") && reissue.stderr.contains("does not verify"), "\(reissue.output)")
    }
}
