import Foundation
import Testing

/// templates/ and fonts/ must be found without Bundle.module, also when the binary is moved.
@Suite("finding templates and fonts")
struct ResourceLookupTests {
    @Test func aMovedBinaryFindsResourcesBesideItOrThroughTheEnvironment() throws {
        let dir = try E2E.temporaryDirectory()
        let bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let moved = bin.appendingPathComponent("ecert")
        try FileManager.default.copyItem(at: E2E.ecert, to: moved)
        let list = dir.appendingPathComponent("list.csv")
        try Data("name,id\nSiti Aminah,1\n".utf8).write(to: list)
        let (key, _) = try E2E.keyPair(in: dir)
        let env = ["PATH": "/usr/bin:/bin", "HOME": dir.path]

        // Named explicitly but empty: a clear error naming the folder, nothing issued.
        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let bad = try E2E.run(moved.path, ["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.path,
                                           "--out", dir.appendingPathComponent("o1").path, "--resources", empty.path], in: dir, environment: env)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("cannot find the templates/ and fonts/ folder. Searched: \(empty.path)"))

        // Through ECERT_RESOURCES.
        var withEnv = env
        withEnv["ECERT_RESOURCES"] = E2E.packageRoot.path
        let viaEnv = try E2E.run(moved.path, ["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.path,
                                              "--out", dir.appendingPathComponent("o2").path], in: dir, environment: withEnv)
        #expect(viaEnv.status == 0, "\(viaEnv.output)")

        // Installed layout: resources copied next to the executable.
        for folder in ["templates", "fonts"] {
            try FileManager.default.copyItem(at: E2E.packageRoot.appendingPathComponent(folder), to: bin.appendingPathComponent(folder))
        }
        let beside = try E2E.run(moved.path, ["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.path,
                                              "--out", dir.appendingPathComponent("o3").path], in: dir, environment: env)
        #expect(beside.status == 0, "\(beside.output)")
        let diff = try E2E.run("diff", ["-r", dir.appendingPathComponent("o2").path, dir.appendingPathComponent("o3").path])
        #expect(diff.status == 0)
    }
}
