import ECertCore
import Foundation
import Testing

/// Issue 15: shards run by real job engines (docs/SCALING.md) — GNU parallel on this machine, and
/// the Kubernetes Indexed Job of docs/k8s/ecert-job.yaml, validated against the Kubernetes schema
/// and its container command run here once per completion index — merge into exactly the batch
/// one run writes.
@Suite("job engines: GNU parallel and a Kubernetes Indexed Job", .serialized)
struct JobEngineTests {
    static let shards = 3

    func singleRun(_ list: URL, key: URL, out: URL) throws {
        let r = try E2E.ecert(["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.path, "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.output)")
    }

    func merge(_ dirs: [URL], key: URL, out: URL) throws {
        let r = try E2E.ecert(["merge"] + dirs.map(\.path) + ["--key", key.path, "--out", out.path])
        #expect(r.status == 0, "\(r.output)")
    }

    /// `parallel --sshlogin 2/: …`: the form docs/SCALING.md gives for several hosts, with `:` (this
    /// machine, no ssh) as the only login, so GNU parallel itself schedules the shards.
    @Test func shardsRunByGNUParallelMergeIntoTheSingleRunBatch() throws {
        let dir = try E2E.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = try E2E.participants(in: dir, arguments: ["--rows", "90"])
        let (key, pub) = try E2E.keyPair(in: dir)
        let command = "\(E2E.ecert.path) issue \(list.path) --event \(E2E.exampleEvent.path) --key \(key.path) "
            + "--shard {}/\(Self.shards) --out \(dir.path)/shard-{} --jobs 1 --quiet"
        let r = try E2E.run("/usr/bin/parallel", ["--will-cite", "--halt", "now,fail=1", "--sshlogin", "2/:", command, ":::"] + (1...Self.shards).map(String.init))
        #expect(r.status == 0, "GNU parallel: \(r.output)")
        let merged = dir.appendingPathComponent("merged"), one = dir.appendingPathComponent("one")
        try merge((1...Self.shards).map { dir.appendingPathComponent("shard-\($0)") }, key: key, out: merged)
        try singleRun(list, key: key, out: one)
        try ScaleTests.expectIdentical(merged, one)
        #expect(try E2E.loadBatch(merged.appendingPathComponent("manifest.json")).body.merkleRoot
            == E2E.loadBatch(one.appendingPathComponent("manifest.json")).body.merkleRoot)
        #expect(try E2E.ecert(["verify", merged.path, "--pub", pub.path]).status == 0)
    }

    static let manifest = E2E.packageRoot.appendingPathComponent("docs/k8s/ecert-job.yaml")

    @Test func theIndexedJobManifestIsValidKubernetes() throws {
        let r = try E2E.run("python3", ["-m", "kubernetes_validate", "--strict", Self.manifest.path])
        #expect(r.status == 0, "kubernetes-validate (make test-deps installs it): \(r.output)")
    }

    /// The manifest's own container command, with /data and /secrets mapped to folders here and
    /// JOB_COMPLETION_INDEX 0…N-1 as Kubernetes sets it, then merged.
    @Test func theJobsContainerCommandRunLocallyPerIndexMergesIntoTheSingleRunBatch() throws {
        let dir = try E2E.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = try String(contentsOf: Self.manifest, encoding: .utf8)
        let script = try #require(Self.foldedArgument(in: yaml), "no `args: - >-` block in \(Self.manifest.path)")
        let completions = try #require(Self.integer("completions", in: yaml))
        let shardsValue = try #require(Self.shardsEnv(in: yaml))
        #expect(completions == shardsValue, "completions and SHARDS must agree")
        let data = dir.appendingPathComponent("data"), secrets = dir.appendingPathComponent("secrets")
        for sub in ["input", "shards"] { try FileManager.default.createDirectory(at: data.appendingPathComponent(sub), withIntermediateDirectories: true) }
        try FileManager.default.createDirectory(at: secrets, withIntermediateDirectories: true)
        let list = try E2E.participants(in: data.appendingPathComponent("input"), arguments: ["--rows", "40"])
        #expect(list.lastPathComponent == "participants.csv")
        try FileManager.default.copyItem(at: E2E.exampleEvent, to: data.appendingPathComponent("input/event.yaml"))
        let (key, _) = try E2E.keyPair(in: secrets)
        #expect(key.lastPathComponent == "issuer.key")
        let local = script.replacingOccurrences(of: "/data/", with: data.path + "/").replacingOccurrences(of: "/secrets/", with: secrets.path + "/")
        for index in 0..<completions {
            var environment = ProcessInfo.processInfo.environment
            environment["JOB_COMPLETION_INDEX"] = String(index)
            environment["SHARDS"] = String(shardsValue)
            environment["PATH"] = E2E.ecert.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
            let r = try E2E.run("/bin/sh", ["-c", local], environment: environment)
            #expect(r.status == 0, "index \(index): \(r.output)")
        }
        let shards = (1...completions).map { data.appendingPathComponent("shards/shard-\($0)") }
        let merged = dir.appendingPathComponent("merged"), one = dir.appendingPathComponent("one")
        try merge(shards, key: secrets.appendingPathComponent("issuer.key"), out: merged)
        try singleRun(data.appendingPathComponent("input/participants.csv"), key: secrets.appendingPathComponent("issuer.key"), out: one)
        try ScaleTests.expectIdentical(merged, one)
    }

    /// The text of the first `args:` folded block scalar (`- >-`), lines joined by spaces.
    static func foldedArgument(in yaml: String) -> String? {
        let lines = yaml.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "- >-" }) else { return nil }
        let indent = lines[start + 1].prefix { $0 == " " }.count
        var parts: [String] = []
        for line in lines[(start + 1)...] {
            guard line.prefix(while: { $0 == " " }).count >= indent, !line.trimmingCharacters(in: .whitespaces).isEmpty else { break }
            parts.append(line.trimmingCharacters(in: .whitespaces))
        }
        return parts.joined(separator: " ")
    }

    static func integer(_ key: String, in yaml: String) -> Int? {
        yaml.components(separatedBy: "\n").lazy.compactMap { line -> Int? in
            let t = line.trimmingCharacters(in: .whitespaces)
            return t.hasPrefix(key + ":") ? Int(t.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)) : nil
        }.first
    }

    static func shardsEnv(in yaml: String) -> Int? {
        let lines = yaml.components(separatedBy: "\n")
        guard let k = lines.firstIndex(where: { $0.contains("name: SHARDS") }), k + 1 < lines.count else { return nil }
        return Int(lines[k + 1].replacingOccurrences(of: "value:", with: "").trimmingCharacters(in: CharacterSet(charactersIn: " \"")))
    }
}
