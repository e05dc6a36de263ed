import ECertCore
import Foundation
import Testing

/// Issue 7: worker threads, crash-safe resume, shards + merge, print PDF. Every comparison is byte
/// for byte against an uninterrupted single-worker run of the same batch.
@Suite("speed and scale: jobs, resume, shards, print PDF", .serialized)
struct ScaleTests {
    /// Every file of a folder (hidden ones included) by name.
    static func contents(of dir: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            files[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return files
    }

    static func expectIdentical(_ a: URL, _ b: URL) throws {
        let left = try contents(of: a), right = try contents(of: b)
        #expect(left.keys.sorted() == right.keys.sorted(), "file lists differ: \(Set(left.keys).symmetricDifference(right.keys).sorted().prefix(5))")
        for (name, bytes) in left where right[name] != bytes {
            Issue.record("\(name) differs between \(a.lastPathComponent) and \(b.lastPathComponent)")
        }
    }

    func issue(_ list: URL, key: URL, out: URL, _ extra: [String] = []) throws -> E2E.Result {
        try E2E.ecert(["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.path, "--out", out.path] + extra)
    }

    @Test func twoJobsWriteTheSameBytesAsOne() throws {
        let dir = try E2E.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = try E2E.participants(in: dir, arguments: ["--rows", "60"])
        let (key, _) = try E2E.keyPair(in: dir)
        let one = dir.appendingPathComponent("one"), two = dir.appendingPathComponent("two")
        let r1 = try issue(list, key: key, out: one, ["--jobs", "1", "--quiet"])
        let r2 = try issue(list, key: key, out: two, ["--jobs", "2", "--quiet"])
        #expect(r1.status == 0 && r2.status == 0, "\(r1.output)\(r2.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: two.path).filter { $0.hasSuffix(".pdf") }.count == 60)
        try Self.expectIdentical(one, two)

        // The streamed manifest verifies and its root is that of its records' canonical forms.
        let manifest = try E2E.loadBatch(one.appendingPathComponent("manifest.json"))
        #expect(manifest.body.merkleRoot == MerkleTree.root(leafHashes: try manifest.records.map { MerkleTree.leafHash(try JCS.encode($0)) }).hexString)
    }

    @Test func resumeAfterSIGKILLEqualsAnUninterruptedRun() throws {
        let dir = try E2E.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = try E2E.participants(in: dir, arguments: ["--rows", "400"])
        let (key, pub) = try E2E.keyPair(in: dir)
        let whole = dir.appendingPathComponent("whole"), resumed = dir.appendingPathComponent("resumed")
        #expect(try issue(list, key: key, out: whole, ["--quiet"]).status == 0)

        // Start the same batch and kill it once some certificates are journaled.
        let process = Process()
        process.executableURL = E2E.ecert
        process.arguments = ["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.path, "--out", resumed.path, "--quiet", "--jobs", "2"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let journal = resumed.appendingPathComponent(IssueJournal.fileName)
        let deadline = Date().addingTimeInterval(60)
        var journaled = 0
        while Date() < deadline && process.isRunning {
            journaled = (try? String(contentsOf: journal, encoding: .utf8))?.split(separator: "\n").count ?? 0
            if journaled > 40 { break }
            usleep(2_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the run finished before it could be killed (\(journaled) journal lines)")
        #expect(!FileManager.default.fileExists(atPath: resumed.appendingPathComponent("manifest.json").path), "manifest written before the batch was complete")
        let pdfsBefore = try FileManager.default.contentsOfDirectory(atPath: resumed.path).filter { $0.hasSuffix(".pdf") }.count
        #expect(pdfsBefore > 0 && pdfsBefore < 400)

        // verify refuses the unfinished folder (no manifest).
        #expect(try E2E.ecert(["verify", resumed.path, "--pub", pub.path]).status != 0)

        let rerun = try issue(list, key: key, out: resumed)
        #expect(rerun.status == 0, "\(rerun.output)")
        let resumedCount = rerun.stdout.firstMatch(of: /resumed (\d+)/).flatMap { Int($0.1) } ?? 0
        #expect(resumedCount > 0 && resumedCount <= pdfsBefore, "\(rerun.stdout)")
        try Self.expectIdentical(whole, resumed)
        #expect(try E2E.ecert(["verify", resumed.path, "--pub", pub.path]).status == 0)
    }

    @Test func aFolderWithAnotherBatchsJournalIsRefused() throws {
        let dir = try E2E.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = try E2E.participants(in: dir, arguments: ["--rows", "5"])
        let (key, _) = try E2E.keyPair(in: dir)
        let out = dir.appendingPathComponent("out")
        // An unfinished run of the same rows but another shard is another batch.
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        #expect(try issue(list, key: key, out: out, ["--shard", "1/2", "--quiet"]).status == 0)
        try FileManager.default.removeItem(at: out.appendingPathComponent(ShardManifest.fileName))
        try Data("ecert-journal 1 0000\n".utf8).write(to: out.appendingPathComponent(IssueJournal.fileName))
        let result = try issue(list, key: key, out: out, ["--quiet"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("unfinished different batch"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path))
    }

    @Test func fourShardsMergedGiveTheSingleRunsManifest() throws {
        let dir = try E2E.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = try E2E.participants(in: dir, arguments: ["--rows", "41"])
        let (key, pub) = try E2E.keyPair(in: dir)
        let single = dir.appendingPathComponent("single")
        #expect(try issue(list, key: key, out: single, ["--quiet"]).status == 0)

        // Four separate processes at once, as four machines would run them.
        let shards = (1...4).map { dir.appendingPathComponent("shard\($0)") }
        let processes = try shards.enumerated().map { k, out -> Process in
            let p = Process()
            p.executableURL = E2E.ecert
            p.arguments = ["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.path, "--out", out.path, "--shard", "\(k + 1)/4", "--jobs", "1", "--quiet"]
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            return p
        }
        for p in processes { p.waitUntilExit(); #expect(p.terminationStatus == 0) }
        let counts = try shards.map { try FileManager.default.contentsOfDirectory(atPath: $0.path).filter { $0.hasSuffix(".pdf") }.count }
        #expect(counts == [10, 10, 10, 11])

        // Gaps and overlaps are refused, and nothing is written.
        let gap = try E2E.ecert(["merge", shards[0].path, shards[1].path, shards[3].path, "--key", key.path, "--out", dir.appendingPathComponent("gap").path])
        #expect(gap.status == 1 && gap.stderr.contains("gap: shard 3/4 missing"), "\(gap.stderr)")
        let overlap = try E2E.ecert(["merge", shards[0].path, shards[1].path, shards[1].path, shards[2].path, shards[3].path, "--key", key.path, "--out", dir.appendingPathComponent("overlap").path])
        #expect(overlap.status == 1 && overlap.stderr.contains("overlaps"), "\(overlap.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("gap/manifest.json").path))

        let merged = dir.appendingPathComponent("merged")
        let result = try E2E.ecert(["merge"] + shards.reversed().map(\.path) + ["--key", key.path, "--out", merged.path])
        #expect(result.status == 0, "\(result.output)")
        let one = try E2E.loadBatch(single.appendingPathComponent("manifest.json"))
        let joined = try E2E.loadBatch(merged.appendingPathComponent("manifest.json"))
        #expect(joined.body.merkleRoot == one.body.merkleRoot)
        try Self.expectIdentical(single, merged)
        #expect(try E2E.ecert(["verify", merged.path, "--pub", pub.path]).status == 0)
    }

    /// `script` gives the run a pseudo-terminal: the bar is redrawn in place, at most 10 times a second.
    @Test func onATerminalProgressIsABarWithRateAndETA() throws {
        let dir = try E2E.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = try E2E.participants(in: dir, arguments: ["--rows", "150"])
        let (key, _) = try E2E.keyPair(in: dir)
        let out = dir.appendingPathComponent("out")
        let command = [E2E.ecert.path, "issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.path, "--out", out.path]
            .map { "'\($0)'" }.joined(separator: " ")
        let started = Date()
        let result = try E2E.run("script", ["-qec", command, "/dev/null"])
        let seconds = Date().timeIntervalSince(started)
        #expect(result.status == 0, "\(result.output)")
        let redraws = result.stdout.components(separatedBy: "\r[").count - 1
        #expect(redraws >= 1, "\(result.stdout)")
        #expect(Double(redraws) <= seconds * 10 + 2, "\(redraws) redraws in \(seconds) s")
        #expect(result.stdout.contains("150/150 (100 %)") && result.stdout.contains("ETA"))
        #expect(result.stdout.contains("issued 150, resumed 0"))
    }

    @Test func combinedPrintPDFHasEveryCertificateInInputOrder() throws {
        let dir = try E2E.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = try E2E.participants(in: dir, arguments: ["--rows", "12"])
        let (key, _) = try E2E.keyPair(in: dir)
        let out = dir.appendingPathComponent("out"), print = dir.appendingPathComponent("print.pdf")
        let result = try issue(list, key: key, out: out, ["--combined", print.path])
        #expect(result.status == 0, "\(result.output)")
        // Not a terminal: progress comes as log lines on stderr, and the summary names every count.
        #expect(result.stderr.contains("12/12 (100 %)"), "\(result.stderr)")
        #expect(result.stdout.contains("Rows read 12, valid 12, rejected 0, issued 12, resumed 0"), "\(result.stdout)")
        #expect(try E2E.run("qpdf", ["--check", print.path]).status == 0)
        let info = try E2E.run("pdfinfo", [print.path]).stdout
        #expect(info.contains(/Pages:\s+12\n/))
        // Each font is subset once for the whole document, not once per page: one subset per font and
        // encoding (Cairo puts glyphs outside WinAnsi in a second, CID subset).
        let fonts = try E2E.run("pdffonts", [print.path]).stdout.split(separator: "\n").dropFirst(2).map {
            $0.split(separator: " ", omittingEmptySubsequences: true)
        }
        let kinds = fonts.map { "\($0[0].split(separator: "+").last!) \($0[$0.count - 6])" }
        #expect(Set(fonts.map { $0[0].split(separator: "+").last! }).count == 4, "\(fonts)")
        #expect(kinds.count == Set(kinds).count && kinds.count <= 8, "\(kinds)")
        let manifest = try E2E.loadBatch(out.appendingPathComponent("manifest.json"))
        for (k, record) in manifest.records.enumerated() {
            let page = try E2E.run("pdftotext", ["-f", "\(k + 1)", "-l", "\(k + 1)", "-enc", "UTF-8", print.path, "-"]).stdout
            #expect(page.contains(record.serial), "page \(k + 1) should be \(record.serial)")
        }
        let codes = try E2E.qrCodes(inPDF: print, dpi: 100)
        #expect(Set(codes.map { String($0.split(separator: "#").last!) }) == Set(manifest.records.map(\.payload)))
        let quiet = try issue(list, key: key, out: dir.appendingPathComponent("quiet"), ["--quiet"])
        #expect(quiet.stderr.isEmpty, "--quiet printed: \(quiet.stderr)")
    }
}
