import ECertCore
import Foundation
import Testing

/// One 100-certificate batch, issued once; every test works on its own copy.
struct HundredBatch: Sendable {
    let dir: URL
    let key: URL
    let pub: URL
    let out: URL
    let manifest: VerifiedBatch

    static let shared: HundredBatch = {
        let dir = try! E2E.temporaryDirectory("hundred")
        // About half of the registrations pass the quiz; keep exactly the first 100 that do.
        let generated = try! E2E.run("python3", [E2E.generator.path, "--rows", "240", "--verified-only"])
        precondition(generated.status == 0, generated.stderr)
        let lines = generated.stdout.split(whereSeparator: \.isNewline)
        precondition(lines.count > 101, "generator gave only \(lines.count - 1) rows")
        let list = dir.appendingPathComponent("participants.csv")
        try! Data((lines.prefix(101).joined(separator: "\n") + "\n").utf8).write(to: list)
        let (key, pub) = try! E2E.keyPair(in: dir)
        let out = dir.appendingPathComponent("batch")
        let result = try! E2E.ecert(["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.path, "--out", out.path])
        precondition(result.status == 0, "issue failed: \(result.output)")
        let manifest = try! E2E.loadBatch(out.appendingPathComponent("manifest.json"))
        precondition(manifest.records.count == 100)
        return HundredBatch(dir: dir, key: key, pub: pub, out: out, manifest: manifest)
    }()

    func copy() throws -> URL {
        let target = try E2E.temporaryDirectory("batchcopy")
        try FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: out, to: target)
        return target
    }

    var records: [ManifestRecord] { manifest.records }

    /// A record whose name words match no other record, so a name search finds only it.
    func recordWithUniqueName(excluding: Set<String>) -> ManifestRecord {
        records.first { r in
            !excluding.contains(r.serial) && records.filter { NameSearch.words($0.name).starts(with: NameSearch.words(r.name)) }.count == 1
        }!
    }

    /// A copy of templates/ and fonts/ that a test may change.
    func resourcesCopy() throws -> URL {
        let target = try E2E.temporaryDirectory("resources")
        for sub in ["templates", "fonts"] {
            try FileManager.default.copyItem(at: E2E.packageRoot.appendingPathComponent(sub), to: target.appendingPathComponent(sub))
        }
        return target
    }
}

/// Python's zipfile: an independent reader and writer for the bundle ZIPs.
enum PyZip {
    static func names(_ zip: URL) throws -> [String] {
        let r = try E2E.run("python3", ["-c", "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print('\\n'.join(z.namelist()))", zip.path])
        #expect(r.status == 0, "python zipfile: \(r.stderr)")
        return r.stdout.split(separator: "\n").map(String.init)
    }

    static func extract(_ zip: URL, to dir: URL) throws {
        let r = try E2E.run("python3", ["-c", "import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", zip.path, dir.path])
        #expect(r.status == 0, "python zipfile: \(r.stderr)")
    }

    static func create(_ zip: URL, from dir: URL) throws {
        let script = "import sys,os,zipfile\nz=zipfile.ZipFile(sys.argv[1],'w')\nfor n in sorted(os.listdir(sys.argv[2])): z.write(os.path.join(sys.argv[2],n),n)\nz.close()"
        let r = try E2E.run("python3", ["-c", script, zip.path, dir.path])
        #expect(r.status == 0, "python zipfile: \(r.stderr)")
    }
}

@Suite("reissue without the key, district bundles, corrections")
struct ReissueBundleCorrectTests {
    let batch = HundredBatch.shared

    @Test func threeDeletedCertificatesComeBackByteIdenticalBySerialIDAndName() throws {
        let copy = try batch.copy()
        let saved = try E2E.temporaryDirectory("saved")
        let bySerial = batch.records[3], byID = batch.records[41]
        let byName = batch.recordWithUniqueName(excluding: [bySerial.serial, byID.serial])
        for record in [bySerial, byID, byName] {
            try FileManager.default.copyItem(at: copy.appendingPathComponent(record.file), to: saved.appendingPathComponent(record.file))
            try FileManager.default.removeItem(at: copy.appendingPathComponent(record.file))
        }
        let broken = try E2E.ecert(["verify", copy.path, "--pub", batch.pub.path])
        #expect(broken.status != 0 && broken.stdout.contains("MISSING"))

        // No private key anywhere in these calls.
        let a = try E2E.ecert(["reissue", copy.path, "--serial", bySerial.serial, "--out", copy.path])
        #expect(a.status == 0, "\(a.output)")
        let b = try E2E.ecert(["reissue", copy.path, "--id", byID.participantID, "--out", copy.appendingPathComponent(byID.file).path])
        #expect(b.status == 0, "\(b.output)")
        // Lower case, accents folded away: the search ignores both.
        let query = NameSearch.words(byName.name).joined(separator: " ").uppercased()
        let c = try E2E.ecert(["reissue", copy.path, "--name", query, "--out", copy.path])
        #expect(c.status == 0, "\(c.output)")

        for record in [bySerial, byID, byName] {
            let same = try E2E.run("cmp", [saved.appendingPathComponent(record.file).path, copy.appendingPathComponent(record.file).path])
            #expect(same.status == 0, "\(record.file) differs from the original: \(same.output)")
        }
        let verified = try E2E.ecert(["verify", copy.path, "--pub", batch.pub.path])
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.stdout.contains("VALID: 100 certificates"))
    }

    @Test func aNameWithSeveralMatchesListsThemAndAsksForASerial() throws {
        // The first word that starts at least two names.
        let firstWords = batch.records.compactMap { NameSearch.words($0.name).first }
        let shared = firstWords.first { w in batch.records.filter { NameSearch.words($0.name).contains { $0.hasPrefix(w) } }.count >= 2 }!
        let target = try E2E.temporaryDirectory().appendingPathComponent("x.pdf")
        let r = try E2E.ecert(["reissue", batch.out.path, "--name", shared, "--out", target.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("certificates match") && r.stderr.contains("--serial SERIAL"), "\(r.stderr)")
        let expected = batch.records.filter { NameSearch.words($0.name).contains { $0.hasPrefix(shared) } }
        for record in expected { #expect(r.stderr.contains(record.serial)) }
        #expect(!FileManager.default.fileExists(atPath: target.path))
        let none = try E2E.ecert(["reissue", batch.out.path, "--serial", "NOPE/1", "--out", target.path])
        #expect(none.status == 1 && none.stderr.contains("no certificate with serial \"NOPE/1\""))
    }

    @Test(arguments: ["fonts/Lato-Regular.ttf", "templates/classic/template.yaml"])
    func oneChangedByteInAFontOrTemplateIsRefusedNamingTheFile(file: String) throws {
        let resources = try batch.resourcesCopy()
        let record = batch.records[7]
        let target = try E2E.temporaryDirectory().appendingPathComponent("lost.pdf")
        // The untouched copy works, so the refusal below is caused by the one byte.
        let ok = try E2E.ecert(["reissue", batch.out.path, "--serial", record.serial, "--out", target.path, "--resources", resources.path])
        #expect(ok.status == 0, "\(ok.output)")
        try FileManager.default.removeItem(at: target)

        let url = resources.appendingPathComponent(file)
        var bytes = Array(try Data(contentsOf: url))
        // The template's byte sits in its first comment line, so the YAML still parses; only the hash tells.
        bytes[file.hasSuffix(".yaml") ? 3 : bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: url)
        let r = try E2E.ecert(["reissue", batch.out.path, "--serial", record.serial, "--out", target.path, "--resources", resources.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("refusing to re-issue") && r.stderr.contains("CHANGED") && r.stderr.contains(url.lastPathComponent), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }

    @Test func everyRecordIsInExactlyOneBundleAndEveryBundleVerifies() throws {
        let bundles = try E2E.temporaryDirectory().appendingPathComponent("bundles")
        let r = try E2E.ecert(["bundle", batch.out.path, "--by", "Kabupaten/Kota", "--out", bundles.path, "--pub", batch.pub.path])
        #expect(r.status == 0, "\(r.output)")
        let zips = try FileManager.default.contentsOfDirectory(atPath: bundles.path).filter { $0.hasSuffix(".zip") }.sorted()
        let districts = Set(batch.records.map { $0.columns["Kabupaten/Kota"]! })
        #expect(zips.count == districts.count && districts.count > 3)

        var seen: [String: String] = [:]
        let root = try #require(Hex.decode(batch.manifest.body.merkleRoot))
        let leaves = batch.manifest.leafHashes
        for zip in zips {
            let url = bundles.appendingPathComponent(zip)
            let contents = try BundleArchive.read(at: url)
            #expect(zip == BundlePlanner.safeFileStem(contents.bundle.value) + ".zip")
            // Independent ZIP reader: bundle.json plus exactly this district's PDFs.
            let names = try PyZip.names(url)
            #expect(names == ["bundle.json"] + contents.bundle.records.map(\.record.file))
            for proven in contents.bundle.records {
                #expect(seen.updateValue(zip, forKey: proven.record.serial) == nil, "\(proven.record.serial) in two bundles")
                #expect(proven.record.columns["Kabupaten/Kota"] == contents.bundle.value, "another district's data in \(zip)")
                #expect(batch.records[proven.leafIndex] == proven.record)
                let path = proven.auditPath.compactMap(Hex.decode)
                #expect(MerkleTree.verifyInclusion(leafHash: leaves[proven.leafIndex], index: proven.leafIndex, treeSize: 100, path: path, root: root))
            }
            #expect(try contents.bundle.header.verified(trusting: [batch.manifest.signer], path: zip).body.merkleRoot == batch.manifest.body.merkleRoot)
            let v = try E2E.ecert(["verify", url.path, "--pub", batch.pub.path])
            #expect(v.status == 0, "\(zip): \(v.output)")
            #expect(v.stdout.contains("VALID: \(contents.bundle.records.count) certificates"))
        }
        #expect(Set(seen.keys) == Set(batch.records.map(\.serial)) && seen.count == 100)

        // Same batch, same bundles, byte for byte.
        let again = try E2E.temporaryDirectory().appendingPathComponent("again")
        #expect(try E2E.ecert(["bundle", batch.out.path, "--by", "Kabupaten/Kota", "--out", again.path, "--pub", batch.pub.path]).status == 0)
        for zip in zips {
            #expect(try E2E.run("cmp", [bundles.appendingPathComponent(zip).path, again.appendingPathComponent(zip).path]).status == 0, "\(zip) differs between runs")
        }
    }

    @Test func aBundleWithAnotherDistrictsPDFSwappedInIsRejected() throws {
        let bundles = try E2E.temporaryDirectory().appendingPathComponent("bundles")
        #expect(try E2E.ecert(["bundle", batch.out.path, "--by", "Kabupaten/Kota", "--out", bundles.path, "--pub", batch.pub.path]).status == 0)
        let zips = try FileManager.default.contentsOfDirectory(atPath: bundles.path).filter { $0.hasSuffix(".zip") }.sorted()
        let a = try BundleArchive.read(at: bundles.appendingPathComponent(zips[0])).bundle
        let b = try BundleArchive.read(at: bundles.appendingPathComponent(zips[1])).bundle
        let victim = a.records[0].record.file, intruder = b.records[0].record.file

        let folder = try E2E.temporaryDirectory("unzipped")
        try PyZip.extract(bundles.appendingPathComponent(zips[0]), to: folder)
        #expect(try E2E.ecert(["verify", folder.path, "--pub", batch.pub.path]).status == 0)
        try FileManager.default.removeItem(at: folder.appendingPathComponent(victim))
        try FileManager.default.copyItem(at: batch.out.appendingPathComponent(intruder), to: folder.appendingPathComponent(victim))
        let swappedZip = folder.deletingLastPathComponent().appendingPathComponent("swapped-\(UUID().uuidString.prefix(6)).zip")
        try PyZip.create(swappedZip, from: folder)

        for target in [folder, swappedZip] {
            let r = try E2E.ecert(["verify", target.path, "--pub", batch.pub.path])
            #expect(r.status == 1, "\(target.lastPathComponent): \(r.output)")
            #expect(r.stdout.contains("MODIFIED  \(victim)") && r.stdout.contains("INVALID"), "\(r.output)")
        }

        // A record edited inside bundle.json no longer matches its inclusion proof.
        let json = folder.appendingPathComponent("bundle.json")
        try FileManager.default.removeItem(at: folder.appendingPathComponent(victim))
        try FileManager.default.copyItem(at: batch.out.appendingPathComponent(victim), to: folder.appendingPathComponent(victim))
        let text = try String(contentsOf: json, encoding: .utf8)
        try text.replacingOccurrences(of: "\"line\": \(a.records[0].record.line),", with: "\"line\": 9999,").write(to: json, atomically: true, encoding: .utf8)
        let edited = try E2E.ecert(["verify", folder.path, "--pub", batch.pub.path])
        #expect(edited.status == 1 && edited.stdout.contains("PROOF     \(a.records[0].record.serial)"), "\(edited.output)")
    }

    @Test func reissueWorksFromABundleAlone() throws {
        let bundles = try E2E.temporaryDirectory().appendingPathComponent("bundles")
        #expect(try E2E.ecert(["bundle", batch.out.path, "--by", "Kabupaten/Kota", "--out", bundles.path, "--pub", batch.pub.path]).status == 0)
        let zip = bundles.appendingPathComponent(try FileManager.default.contentsOfDirectory(atPath: bundles.path).sorted()[0])
        let record = try BundleArchive.read(at: zip).bundle.records.last!.record
        let target = try E2E.temporaryDirectory().appendingPathComponent("again.pdf")
        let r = try E2E.ecert(["reissue", zip.path, "--serial", record.serial, "--out", target.path, "--pub", batch.pub.path])
        #expect(r.status == 0, "\(r.output)")
        #expect(try E2E.run("cmp", [target.path, batch.out.appendingPathComponent(record.file).path]).status == 0)
    }

    @Test func aCorrectionRevokesTheOldSerialAndTheNewOneIsValid() throws {
        let copy = try batch.copy()
        let old = batch.records[12]
        let r = try E2E.ecert(["correct", copy.path, "--serial", old.serial, "--name", "Ratna Sari Dewi, S.Pd.", "--key", batch.key.path, "--at", "2025-10-01T08:30:00Z"])
        #expect(r.status == 0, "\(r.output)")
        let newSerial = old.serial + "-R1"
        let newPDF = copy.appendingPathComponent(FileOutput.safeFileName(forSerial: newSerial))
        #expect(E2E.collapseWhitespace(try E2E.text(ofPDF: newPDF)).contains("Ratna Sari Dewi, S.Pd."))

        // Verified from the PDFs' QR codes, with the revocation list beside them.
        let oldVerdict = try E2E.ecert(["verify", copy.appendingPathComponent(old.file).path, "--pub", batch.pub.path])
        #expect(oldVerdict.status == 1)
        #expect(oldVerdict.stdout.contains("REVOKED (corrected, replaced by \(newSerial))"), "\(oldVerdict.output)")
        let newVerdict = try E2E.ecert(["verify", newPDF.path, "--pub", batch.pub.path])
        #expect(newVerdict.status == 0, "\(newVerdict.output)")
        #expect(newVerdict.stdout.hasPrefix("VALID") && newVerdict.stdout.contains(newSerial))

        // The signed amendment record holds both halves and chains to the manifest.
        let log = try #require(try AmendmentLog.verified(besideManifestIn: copy, batch: batch.manifest))
        #expect(log.entries.count == 1)
        #expect(log.entries[0].revoked.serial == old.serial && log.entries[0].revoked.reason == "corrected")
        #expect(log.entries[0].issued.serial == newSerial && log.entries[0].replacedName == old.name)

        // The folder still checks out: nothing unlisted, only the one revocation.
        let folder = try E2E.ecert(["verify", copy.path, "--pub", batch.pub.path])
        #expect(!folder.stdout.contains("UNLISTED") && !folder.stdout.contains("INVALID"), "\(folder.output)")
        #expect(folder.stdout.contains("REVOKED: 1 of 100"))

        // The corrected certificate can itself be re-issued without the key.
        let again = try E2E.temporaryDirectory().appendingPathComponent("r1.pdf")
        #expect(try E2E.ecert(["reissue", copy.path, "--serial", newSerial, "--out", again.path]).status == 0)
        #expect(try E2E.run("cmp", [again.path, newPDF.path]).status == 0)

        // Correcting the same serial twice is refused; an edited amendment record is caught.
        let twice = try E2E.ecert(["correct", copy.path, "--serial", old.serial, "--name", "X", "--key", batch.key.path])
        #expect(twice.status == 1 && twice.stderr.contains("already revoked"))
        let url = copy.appendingPathComponent("amendments.json")
        try (try String(contentsOf: url, encoding: .utf8)).replacingOccurrences(of: "Ratna Sari Dewi", with: "Ratna Sari Devi").write(to: url, atomically: true, encoding: .utf8)
        let tampered = try E2E.ecert(["verify", copy.path, "--pub", batch.pub.path])
        #expect(tampered.status == 1 && tampered.stdout.contains("amendments.json: signature does not verify"), "\(tampered.output)")
    }
}
