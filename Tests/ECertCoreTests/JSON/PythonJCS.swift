import Foundation
@testable import ECertCore

/// Runs the PyPI package `rfc8785` (installed on first use) as the independent reference for JCS.
enum PythonJCS {
    static let script = """
    import json, sys
    import rfc8785
    for line in sys.stdin.buffer.read().split(b"\\n"):
        if line:
            sys.stdout.buffer.write(rfc8785.dumps(json.loads(line)) + b"\\n")
    """

    /// Canonical bytes python gives for each value, in order.
    static func canonicalize(_ values: [JSONValue]) throws -> [[UInt8]] {
        try ensureInstalled()
        var input: [UInt8] = []
        for value in values { input += inputForm(value) + [0x0A] }
        let out = try run("python3", ["-c", script], stdin: input)
        guard out.status == 0 else { throw ECertError.invalidPayload(reason: "python rfc8785 failed: \(out.stderr)") }
        return out.stdout.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map(Array.init)
    }

    static func ensureInstalled() throws {
        if try run("python3", ["-c", "import rfc8785"]).status == 0 { return }
        if try run("python3", ["-m", "pip", "install", "-q", "rfc8785"]).status == 0 { return }
        _ = try run("python3", ["-m", "pip", "install", "-q", "--break-system-packages", "rfc8785"])
    }

    /// JSON python reads back as the same value: members in their given order (python must sort
    /// them), numbers in Swift's round-trip form with a '.' or 'e' so python makes them floats.
    static func inputForm(_ value: JSONValue) -> [UInt8] {
        switch value {
        case .number(let n): return Array(n.description.utf8)
        case .array(let a): return Array("[".utf8) + Array(a.map(inputForm).joined(separator: Array(",".utf8))) + Array("]".utf8)
        case .object(let m):
            let members = m.map { JCS.serialize(.string($0.0)) + Array(":".utf8) + inputForm($0.1) }
            return Array("{".utf8) + Array(members.joined(separator: Array(",".utf8))) + Array("}".utf8)
        default: return JCS.serialize(value)
        }
    }

    struct Output { var status: Int32; var stdout: [UInt8]; var stderr: String }

    static func run(_ tool: String, _ arguments: [String], stdin: [UInt8] = []) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let inPipe = Pipe(), out = Pipe(), err = Pipe()
        (process.standardInput, process.standardOutput, process.standardError) = (inPipe, out, err)
        try process.run()
        // Feed stdin and drain stderr on other threads so a large exchange never blocks.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        let input = Data(stdin)
        DispatchQueue.global().async(group: group) {
            inPipe.fileHandleForWriting.write(input)
            try? inPipe.fileHandleForWriting.close()
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: Array(data), stderr: String(decoding: errBox.data, as: UTF8.self))
    }
}

/// A seeded generator (SplitMix64), so a failing random case can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
