import ECertCore
import Foundation
import Testing

/// One 50-certificate batch, issued once and shared by the read-only checks below.
struct FiftyBatch: Sendable {
    let dir: URL
    let key: URL
    let pub: URL
    let out: URL
    let participants: URL
    let manifest: VerifiedBatch

    static let shared: FiftyBatch = {
        let dir = try! E2E.temporaryDirectory("fifty")
        // 105 registrations of which exactly 50 pass the quiz.
        let list = try! E2E.participants(in: dir, arguments: ["--rows", "105", "--verified-only"])
        let (key, pub) = try! E2E.keyPair(in: dir)
        let out = dir.appendingPathComponent("out")
        let result = try! E2E.ecert(["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.path, "--out", out.path])
        precondition(result.status == 0, "issue failed: \(result.output)")
        let manifest = try! E2E.loadBatch(out.appendingPathComponent("manifest.json"))
        return FiftyBatch(dir: dir, key: key, pub: pub, out: out, participants: list, manifest: manifest)
    }()

    /// A fresh copy of the issued folder that a test may damage.
    func copy() throws -> URL {
        let target = try E2E.temporaryDirectory("copy")
        try FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: out, to: target)
        return target
    }
}

@Suite("issue → verify, checked with independent tools")
struct IssueAndVerifyTests {
    let batch = FiftyBatch.shared

    @Test func fiftyParticipantsGiveFiftyPDFsWithTheirNames() throws {
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: batch.out.path).filter { $0.hasSuffix(".pdf") }
        #expect(pdfs.count == 50)
        #expect(batch.manifest.records.count == 50)
        let counts = batch.manifest.body.counts
        #expect(counts.rowsRead == 50 && counts.valid == 50 && counts.rejected == 0 && counts.issued == 50)
        for record in batch.manifest.records {
            let text = E2E.collapseWhitespace(try E2E.text(ofPDF: batch.out.appendingPathComponent(record.file)))
            #expect(text.contains(E2E.collapseWhitespace(record.name)), "\(record.file) lacks \(record.name)")
            #expect(text.contains(record.serial))
        }
    }

    @Test func everyQRCodeScansAndCarriesAPayloadSignedForItsRecord() throws {
        let key = try KeyFile.readPublicKeys(at: batch.pub)[0]
        for record in batch.manifest.records {
            let codes = try E2E.qrCodes(inPDF: batch.out.appendingPathComponent(record.file), dpi: 150)
            #expect(codes.count == 1, "\(record.file): expected one QR code, zbarimg found \(codes.count)")
            guard let code = codes.first else { continue }
            #expect(code.uppercased().hasPrefix("HTTPS://VERIFY.EXAMPLE.ORG/V#"))
            let payload = try SignedPayload(text: code)
            #expect(payload.isSigned(by: key))
            #expect(payload.claims.name == record.name)
            #expect(payload.claims.serial == record.serial)
            #expect(payload.text == record.payload)
        }
    }

    /// The payload signature checks out with OpenSSL too, so the format really is plain Ed25519.
    @Test func opensslVerifiesAPayloadSignature() throws {
        let record = batch.manifest.records[0]
        let bytes = Base32.decode(record.payload)!
        let dir = try E2E.temporaryDirectory()
        let message = dir.appendingPathComponent("msg"), signature = dir.appendingPathComponent("sig")
        try Data(Array("ecert-payload-v2".utf8) + bytes.dropLast(64)).write(to: message)
        try Data(bytes.suffix(64)).write(to: signature)
        let ok = try E2E.run("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", batch.pub.path, "-rawin", "-in", message.path, "-sigfile", signature.path])
        #expect(ok.status == 0, "openssl: \(ok.output)")
        var tampered = Array(try Data(contentsOf: message))
        tampered[tampered.count - 1] ^= 1
        try Data(tampered).write(to: message)
        let bad = try E2E.run("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", batch.pub.path, "-rawin", "-in", message.path, "-sigfile", signature.path])
        #expect(bad.status != 0)
    }

    @Test func verifyPassesOnTheUntouchedBatch() throws {
        let result = try E2E.ecert(["verify", batch.out.path, "--pub", batch.pub.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("VALID: 50 certificates"))
    }

    @Test func flippingOneByteOfOnePDFFailsAndNamesTheFile() throws {
        let copy = try batch.copy()
        let victim = batch.manifest.records[7].file
        let url = copy.appendingPathComponent(victim)
        var bytes = Array(try Data(contentsOf: url))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: url)
        let result = try E2E.ecert(["verify", copy.path, "--pub", batch.pub.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("MODIFIED  \(victim)"))
    }

    @Test func missingAndUnlistedFilesAreNamed() throws {
        let copy = try batch.copy()
        let gone = batch.manifest.records[3].file
        try FileManager.default.removeItem(at: copy.appendingPathComponent(gone))
        try Data("x".utf8).write(to: copy.appendingPathComponent("extra.pdf"))
        let result = try E2E.ecert(["verify", copy.path, "--pub", batch.pub.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("MISSING   \(gone)"))
        #expect(result.stdout.contains("UNLISTED  extra.pdf"))
    }

    /// A record is proven by the signed Merkle root: editing it breaks the root, never passes.
    @Test func editingANameInTheManifestBreaksItsSignature() throws {
        let copy = try batch.copy()
        let url = copy.appendingPathComponent("manifest.json")
        let name = batch.manifest.records[0].name
        let text = try String(contentsOf: url, encoding: .utf8)
        try text.replacingOccurrences(of: "\"\(name)\"", with: "\"\(name)X\"").write(to: url, atomically: true, encoding: .utf8)
        let result = try E2E.ecert(["verify", copy.path, "--pub", batch.pub.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("the records give Merkle root") && result.stdout.contains("a record was changed"), "\(result.output)")
    }

    @Test func anotherKeyIsRefused() throws {
        let dir = try E2E.temporaryDirectory()
        let (_, otherPub) = try E2E.keyPair(in: dir, name: "other")
        let result = try E2E.ecert(["verify", batch.out.path, "--pub", otherPub.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("not a trusted key"))
    }

    @Test func twoRunsAreByteIdentical() throws {
        let second = batch.dir.appendingPathComponent("second")
        let result = try E2E.ecert(["issue", batch.participants.path, "--event", E2E.exampleEvent.path, "--key", batch.key.path, "--out", second.path])
        #expect(result.status == 0, "\(result.output)")
        let diff = try E2E.run("diff", ["-r", batch.out.path, second.path])
        #expect(diff.status == 0, "outputs differ: \(diff.output.prefix(500))")
    }

    @Test func pdfsAreWellFormedWithAllFontsEmbeddedAndSubset() throws {
        for record in batch.manifest.records.prefix(10) {
            let pdf = batch.out.appendingPathComponent(record.file).path
            let check = try E2E.run("qpdf", ["--check", pdf])
            #expect(check.status == 0, "qpdf --check \(record.file): \(check.output)")
            let fonts = try E2E.run("pdffonts", [pdf]).stdout.split(separator: "\n").dropFirst(2)
            #expect(!fonts.isEmpty)
            for line in fonts {
                let columns = line.split(separator: " ", omittingEmptySubsequences: true)
                // Columns from the right: object ID (2), uni, sub, emb.
                #expect(columns.count >= 6 && columns[columns.count - 5] == "yes" && columns[columns.count - 4] == "yes",
                        "\(record.file): font not embedded and subset: \(line)")
            }
        }
    }

    @Test func pdfMetadataCarriesEventAndIssuer() throws {
        let info = try E2E.run("pdfinfo", [batch.out.appendingPathComponent(batch.manifest.records[0].file).path]).stdout
        #expect(info.contains("Webinar Guru Belajar Artificial Intelligence (AI)"))
        #expect(info.contains("Dinas Pendidikan Provinsi Sumatera Selatan"))
        #expect(info.contains("2025"))
        #expect(info.contains("841.89 x 595.276 pts (A4)"))
    }
}
