import ECertCore
import Foundation
import Testing

/// PAdES signatures (issue 16) judged by independent validators: poppler's `pdfsig` (NSS, with the
/// test root imported as trusted) and pyHanko (`pyhanko sign validate --trust root.pem`), plus
/// qpdf for the file structure. The test CA comes from Python's `cryptography` (pades_ca.py).
@Suite(.serialized) struct PAdESTests {
    static let fixtures = E2E.packageRoot.appendingPathComponent("Tests/Fixtures")

    /// A small batch issued twice from the same list: signed and unsigned.
    struct Batch {
        let dir: URL, list: URL, key: URL, pub: URL, ca: URL
        let signed: URL, unsigned: URL
        var root: URL { ca.appendingPathComponent("root.pem") }
        var signKey: URL { ca.appendingPathComponent("signer.key") }
        var chain: URL { ca.appendingPathComponent("chain.pem") }
        func pdfs(in folder: URL) throws -> [URL] {
            try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".pdf") }.sorted().map { folder.appendingPathComponent($0) }
        }
    }

    static func batch(_ kind: String) throws -> Batch {
        let dir = try E2E.temporaryDirectory("pades\(kind)")
        let ca = dir.appendingPathComponent("ca")
        try FileManager.default.createDirectory(at: ca, withIntermediateDirectories: true)
        let made = try E2E.run("python3", [fixtures.appendingPathComponent("pades_ca.py").path, ca.path, kind])
        #expect(made.status == 0, "pades_ca.py: \(made.output)")
        chmod(ca.appendingPathComponent("signer.key").path, 0o600)
        let list = try E2E.participants(in: dir, arguments: ["--rows", "10", "--verified-only"])
        let (key, pub) = try E2E.keyPair(in: dir)
        let b = Batch(dir: dir, list: list, key: key, pub: pub, ca: ca,
                      signed: dir.appendingPathComponent("signed"), unsigned: dir.appendingPathComponent("unsigned"))
        try issue(b, out: b.signed, signing: true)
        try issue(b, out: b.unsigned, signing: false)
        return b
    }

    @discardableResult
    static func issue(_ b: Batch, out: URL, signing: Bool) throws -> E2E.Result {
        var args = ["issue", b.list.path, "--event", E2E.exampleEvent.path, "--key", b.key.path, "--out", out.path, "--quiet", "--jobs", "2"]
        if signing { args += ["--sign-key", b.signKey.path, "--sign-cert", b.chain.path] }
        let result = try E2E.ecert(args)
        #expect(result.status == 0, "issue: \(result.output)")
        return result
    }

    /// pdfsig with an NSS database that trusts `root`.
    static func pdfsig(_ pdf: URL, root: URL) throws -> String {
        let db = try E2E.temporaryDirectory("nss")
        defer { try? FileManager.default.removeItem(at: db) }
        #expect(try E2E.run("certutil", ["-N", "-d", "sql:\(db.path)", "--empty-password"]).status == 0)
        let added = try E2E.run("certutil", ["-A", "-d", "sql:\(db.path)", "-n", "ecert-test-root", "-t", "CT,C,C", "-i", root.path])
        #expect(added.status == 0, "certutil: \(added.output)")
        return try E2E.run("pdfsig", ["-nssdir", "sql:\(db.path)", pdf.path]).output
    }

    static func pyhanko(_ pdf: URL, root: URL) throws -> E2E.Result {
        try E2E.run("pyhanko", ["sign", "validate", "--trust", root.path, "--trust-replace", pdf.path])
    }

    static func ecertVerify(_ pdf: URL, _ b: Batch) throws -> E2E.Result {
        try E2E.ecert(["verify", pdf.path, "--pub", b.pub.path, "--pdf-trust", b.root.path])
    }

    @Test(arguments: ["rsa", "ec"])
    func validatorsAcceptTheSignature(kind: String) throws {
        let b = try Self.batch(kind)
        defer { try? FileManager.default.removeItem(at: b.dir) }
        let batch = try E2E.loadBatch(b.signed.appendingPathComponent("manifest.json"))
        let pdfs = try b.pdfs(in: b.signed)
        #expect(pdfs.count == batch.records.count && pdfs.count >= 3)
        for (pdf, body) in zip(pdfs, try b.pdfs(in: b.unsigned)).prefix(2) {
            let signedBytes = try Data(contentsOf: pdf), bodyBytes = try Data(contentsOf: body)
            #expect(signedBytes.count > bodyBytes.count && signedBytes.prefix(bodyBytes.count) == bodyBytes, "the Cairo-written PDF is a prefix of the signed one")
            let record = try #require(batch.records.first { $0.file == pdf.lastPathComponent })
            #expect(record.sha256 == Digest256.sha256Hex(signedBytes))
            #expect(record.pdfSignature?.bodySHA256 == Digest256.sha256Hex(bodyBytes))
            #expect(try E2E.run("qpdf", ["--check", pdf.path]).status == 0)

            let poppler = try Self.pdfsig(pdf, root: b.root)
            #expect(poppler.contains("Signature Validation: Signature is Valid."), "\(poppler)")
            #expect(poppler.contains("Certificate Validation: Certificate is Trusted."), "\(poppler)")
            #expect(poppler.contains("Total document signed") && poppler.contains("ETSI.CAdES.detached"), "\(poppler)")
            let hanko = try Self.pyhanko(pdf, root: b.root)
            #expect(hanko.status == 0 && hanko.stdout.contains("INTACT:TRUSTED,UNTOUCHED"), "\(hanko.output)")
            let ours = try Self.ecertVerify(pdf, b)
            #expect(ours.status == 0 && ours.stdout.contains("PDF signature: VALID"), "\(ours.output)")
        }
        // The independent batch verifier (written from docs/FORMAT.md) accepts the signed records.
        let independent = try E2E.run("python3", [Self.fixtures.appendingPathComponent("verify_batch.py").path, b.signed.path, "--pub", b.pub.path])
        #expect(independent.status == 0, "\(independent.output)")
        // Another root: all three say the signer is not trusted.
        let other = b.dir.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        #expect(try E2E.run("python3", [Self.fixtures.appendingPathComponent("pades_ca.py").path, other.path, kind]).status == 0)
        let untrusted = try Self.pdfsig(pdfs[0], root: other.appendingPathComponent("root.pem"))
        #expect(!untrusted.contains("Certificate is Trusted."), "\(untrusted)")
        #expect(try Self.pyhanko(pdfs[0], root: other.appendingPathComponent("root.pem")).stdout.contains("UNTRUSTED"))
        let ours = try E2E.ecert(["verify", pdfs[0].path, "--pub", b.pub.path, "--pdf-trust", other.appendingPathComponent("root.pem").path])
        #expect(ours.status != 0 && ours.stdout.contains("does not chain"), "\(ours.output)")
    }

    @Test(arguments: ["rsa", "ec"])
    func changedByteAndAppendedUpdateAreReported(kind: String) throws {
        let b = try Self.batch(kind)
        defer { try? FileManager.default.removeItem(at: b.dir) }
        let pdf = try b.pdfs(in: b.signed)[0]
        // One byte inside the signed range (the binary comment after %PDF-1.x, so the file still parses).
        var bytes = try Data(contentsOf: pdf)
        bytes[10] ^= 0x01
        let changed = b.dir.appendingPathComponent("changed.pdf")
        try bytes.write(to: changed)
        #expect(try Self.pdfsig(changed, root: b.root).contains("Digest Mismatch"))
        let hanko = try Self.pyhanko(changed, root: b.root)
        #expect(hanko.status != 0 && hanko.stdout.contains("INVALID"), "\(hanko.output)")
        let ours = try Self.ecertVerify(changed, b)
        #expect(ours.status != 0 && ours.stdout.contains("changed after signing"), "\(ours.output)")

        // An incremental update written by pyHanko that rotates the page.
        let appended = b.dir.appendingPathComponent("appended.pdf")
        try FileManager.default.copyItem(at: pdf, to: appended)
        let script = """
            import sys
            from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
            from pyhanko.pdf_utils import generic
            with open(sys.argv[1], 'rb+') as f:
                w = IncrementalPdfFileWriter(f)
                page = w.root['/Pages']['/Kids'][0].get_object()
                page['/Rotate'] = generic.NumberObject(90)
                w.update_container(page)
                w.write_in_place()
            """
        #expect(try E2E.run("python3", ["-c", script, appended.path]).status == 0)
        #expect(try Self.pdfsig(appended, root: b.root).contains("Not total document signed"))
        let hankoAppended = try Self.pyhanko(appended, root: b.root)
        #expect(hankoAppended.status != 0 && hankoAppended.stdout.contains("ILLEGAL_MODIFICATIONS"), "\(hankoAppended.output)")
        let oursAppended = try Self.ecertVerify(appended, b)
        #expect(oursAppended.status != 0, "\(oursAppended.output)")
        #expect(oursAppended.stdout.contains("bytes were added after the signed range") && oursAppended.stdout.contains("changes a page"), "\(oursAppended.output)")
    }

    @Test(arguments: ["rsa", "ec"])
    func reissueWithoutKeyGivesTheSameSignedFile(kind: String) throws {
        let b = try Self.batch(kind)
        defer { try? FileManager.default.removeItem(at: b.dir) }
        let batch = try E2E.loadBatch(b.signed.appendingPathComponent("manifest.json"))
        let record = batch.records[1]
        let pdf = b.signed.appendingPathComponent(record.file)
        let original = b.dir.appendingPathComponent("original.pdf")
        try FileManager.default.copyItem(at: pdf, to: original)
        try FileManager.default.removeItem(at: pdf)
        let reissued = try E2E.ecert(["reissue", b.signed.path, "--serial", record.serial, "--out", pdf.path])
        #expect(reissued.status == 0, "\(reissued.output)")
        #expect(try E2E.run("cmp", [original.path, pdf.path]).status == 0, "re-issued signed PDF differs")

        // A rerun over the finished folder keeps every signed file (ECDSA could not make it again).
        let before = try b.pdfs(in: b.signed).map { try Data(contentsOf: $0) }
        let rerun = try Self.issue(b, out: b.signed, signing: true)
        #expect(rerun.stdout.contains("resumed \(before.count)"), "\(rerun.output)")
        #expect(try b.pdfs(in: b.signed).map { try Data(contentsOf: $0) } == before)
        // A correction of a signed batch is signed too, and re-issues without a key.
        let correctArgs = ["correct", b.signed.path, "--serial", record.serial, "--name", "Nama Diperbaiki", "--key", b.key.path]
        let unsignedCorrection = try E2E.ecert(correctArgs)
        #expect(unsignedCorrection.status != 0 && unsignedCorrection.output.contains("PAdES"), "\(unsignedCorrection.output)")
        let corrected = try E2E.ecert(correctArgs + ["--sign-key", b.signKey.path, "--sign-cert", b.chain.path])
        #expect(corrected.status == 0, "\(corrected.output)")
        let newPDF = b.signed.appendingPathComponent(FileOutput.safeFileName(forSerial: record.serial + "-R1"))
        #expect(try Self.pyhanko(newPDF, root: b.root).stdout.contains("INTACT:TRUSTED,UNTOUCHED"))
        let correctedCopy = b.dir.appendingPathComponent("corrected.pdf")
        try FileManager.default.moveItem(at: newPDF, to: correctedCopy)
        #expect(try E2E.ecert(["reissue", b.signed.path, "--serial", record.serial + "-R1", "--out", newPDF.path]).status == 0)
        #expect(try E2E.run("cmp", [correctedCopy.path, newPDF.path]).status == 0, "re-issued corrected PDF differs")
        if kind == "rsa" {
            // RSA PKCS #1 v1.5 is deterministic: a fresh run gives the same bytes.
            let again = b.dir.appendingPathComponent("again")
            try Self.issue(b, out: again, signing: true)
            #expect(try b.pdfs(in: again).map { try Data(contentsOf: $0) } == before)
        }
    }

    /// ECDSA signatures cannot be made again, so a run killed mid-batch must keep every file it
    /// journaled (with its CMS) and the finished manifest must rebuild each of them.
    @Test func killedECDSARunResumesWithItsSignedFiles() throws {
        let b = try Self.batch("ec")
        defer { try? FileManager.default.removeItem(at: b.dir) }
        let list = try E2E.participants(in: b.dir, arguments: ["--rows", "300"])
        let out = b.dir.appendingPathComponent("killed")
        let process = Process()
        process.executableURL = E2E.ecert
        process.arguments = ["issue", list.path, "--event", E2E.exampleEvent.path, "--key", b.key.path, "--out", out.path, "--quiet", "--jobs", "2",
                             "--sign-key", b.signKey.path, "--sign-cert", b.chain.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let journal = out.appendingPathComponent(IssueJournal.fileName)
        let deadline = Date().addingTimeInterval(60)
        var lines: [Substring] = []
        while Date() < deadline && process.isRunning {
            lines = (try? String(contentsOf: journal, encoding: .utf8))?.split(separator: "\n") ?? []
            if lines.count > 20 { break }
            usleep(2_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the run finished before it could be killed")
        // Journaled files as they were at the kill (each line: serial, file, sha256, signature record).
        let journaled = lines.dropFirst().map { $0.split(separator: "\t") }.filter { $0.count == 4 }
        #expect(journaled.count >= 10)
        let before = try journaled.map { fields in (String(fields[1]), try Data(contentsOf: out.appendingPathComponent(String(fields[1])))) }

        let rerun = try E2E.ecert(Array(process.arguments!))
        #expect(rerun.status == 0, "\(rerun.output)")
        let resumed = rerun.stdout.firstMatch(of: /resumed (\d+)/).flatMap { Int($0.1) } ?? 0
        #expect(resumed >= before.count, "\(rerun.stdout)")
        for (file, bytes) in before {
            #expect(try Data(contentsOf: out.appendingPathComponent(file)) == bytes, "\(file) was signed again")
        }
        #expect(try E2E.ecert(["verify", out.path, "--pub", b.pub.path]).status == 0)
        let batch = try E2E.loadBatch(out.appendingPathComponent("manifest.json"))
        #expect(batch.records.allSatisfy { $0.pdfSignature != nil })
        let (file, bytes) = try #require(before.first)
        let record = try #require(batch.records.first { $0.file == file })
        #expect(try Self.pyhanko(out.appendingPathComponent(file), root: b.root).stdout.contains("INTACT:TRUSTED,UNTOUCHED"))
        try FileManager.default.removeItem(at: out.appendingPathComponent(file))
        #expect(try E2E.ecert(["reissue", out.path, "--serial", record.serial, "--out", out.appendingPathComponent(file).path]).status == 0)
        #expect(try Data(contentsOf: out.appendingPathComponent(file)) == bytes, "the resumed file re-issues byte for byte")
    }

    @Test func keygenX509MakesAUsableSelfSignedCertificate() throws {
        let dir = try E2E.temporaryDirectory("x509")
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, extra) in [("office", [String]()), ("office-ec", ["--ec"])] {
            let key = dir.appendingPathComponent("\(name).key"), cert = dir.appendingPathComponent("\(name).crt")
            let made = try E2E.ecert(["keygen", "--x509", key.path, "--name", "Dinas Pendidikan Kota Uji"] + extra)
            #expect(made.status == 0, "\(made.output)")
            let mode = try FileManager.default.attributesOfItem(atPath: key.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(try E2E.ecert(["keygen", "--x509", key.path]).status != 0, "an existing key is never overwritten")
            let parsed = try E2E.run("openssl", ["x509", "-in", cert.path, "-noout", "-subject", "-text"])
            #expect(parsed.stdout.contains("Dinas Pendidikan Kota Uji") && parsed.stdout.contains(extra.isEmpty ? "rsaEncryption" : "id-ecPublicKey"))
            let list = try E2E.participants(in: dir, arguments: ["--rows", "4", "--verified-only"])
            let (issuer, _) = try E2E.keyPair(in: dir, name: "issuer-\(name)")
            let out = dir.appendingPathComponent("out-\(name)")
            let issued = try E2E.ecert(["issue", list.path, "--event", E2E.exampleEvent.path, "--key", issuer.path, "--out", out.path,
                                        "--quiet", "--sign-key", key.path, "--sign-cert", cert.path])
            #expect(issued.status == 0, "\(issued.output)")
            let pdf = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasSuffix(".pdf") })
            let hanko = try Self.pyhanko(out.appendingPathComponent(pdf), root: cert)
            #expect(hanko.status == 0 && hanko.stdout.contains("INTACT:TRUSTED"), "\(hanko.output)")
        }
    }

    /// `--sign-pdf office.p12` prints openssl commands; run as printed (with the password given on
    /// stdin's behalf by -passin), their output signs.
    @Test func p12ConversionCommandsWork() throws {
        let b = try Self.batch("rsa")
        defer { try? FileManager.default.removeItem(at: b.dir) }
        let p12 = b.dir.appendingPathComponent("office.p12")
        let export = try E2E.run("openssl", ["pkcs12", "-export", "-inkey", b.signKey.path, "-in", b.chain.path, "-out", p12.path, "-passout", "pass:rahasia"])
        #expect(export.status == 0, "\(export.output)")
        let help = try E2E.ecert(["issue", b.list.path, "--event", E2E.exampleEvent.path, "--key", b.key.path, "--out", b.dir.appendingPathComponent("x").path, "--sign-pdf", p12.path], in: b.dir)
        #expect(help.status != 0)
        let commands = help.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.contains("openssl pkcs12") }
        #expect(commands.count == 3, "\(help.output)")
        for command in commands {
            let withPassword = command.replacingOccurrences(of: "openssl pkcs12", with: "openssl pkcs12 -passin pass:rahasia")
            #expect(try E2E.run("bash", ["-c", withPassword], in: b.dir).status == 0, "\(withPassword)")
        }
        let out = b.dir.appendingPathComponent("from-p12")
        let issued = try E2E.ecert(["issue", b.list.path, "--event", E2E.exampleEvent.path, "--key", b.key.path, "--out", out.path, "--quiet",
                                    "--sign-key", "office-key.pem", "--sign-cert", "office-chain.pem"], in: b.dir)
        #expect(issued.status == 0, "\(issued.output)")
        // Same key and chain as the PEM files: RSA gives the very same signed files.
        #expect(try b.pdfs(in: out).map { try Data(contentsOf: $0) } == (try b.pdfs(in: b.signed).map { try Data(contentsOf: $0) }))
    }
}
