import ECertCore
import Foundation
import Testing

/// Paths and processes shared by the end-to-end tests.
enum E2E {
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// The `ecert` binary SwiftPM built beside the test bundle (or `ECERT_BIN`).
    static let ecert: URL = {
        if let explicit = ProcessInfo.processInfo.environment["ECERT_BIN"] { return URL(fileURLWithPath: explicit) }
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ecert")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return packageRoot.appendingPathComponent(".build/debug/ecert")
    }()

    static let exampleEvent = packageRoot.appendingPathComponent("examples/event.yaml")
    static let generator = packageRoot.appendingPathComponent("../shared/data/gen_participants.py").standardized

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var output: String { stdout + stderr }
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        if let environment { process.environment = environment }
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
        process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain stderr on another thread while reading stdout here, so a chatty child never blocks.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    static func ecert(_ arguments: [String], in directory: URL? = nil) throws -> Result {
        try run(ecert.path, arguments, in: directory)
    }

    static func temporaryDirectory(_ label: String = #function) throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("ecert-e2e-\(label.filter(\.isLetter))-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes a participant list made by the shared generator and returns its path.
    static func participants(in dir: URL, arguments: [String]) throws -> URL {
        let result = try run("python3", [generator.path] + arguments)
        #expect(result.status == 0, "gen_participants.py failed: \(result.stderr)")
        let url = dir.appendingPathComponent("participants.csv")
        try Data(result.stdout.utf8).write(to: url)
        return url
    }

    /// A key pair in `dir`: issuer.key and issuer.pub.
    static func keyPair(in dir: URL, name: String = "issuer") throws -> (key: URL, pub: URL) {
        let key = dir.appendingPathComponent("\(name).key")
        let result = try ecert(["keygen", key.path])
        #expect(result.status == 0, "keygen failed: \(result.output)")
        return (key, dir.appendingPathComponent("\(name).pub"))
    }

    static func text(ofPDF pdf: URL) throws -> String {
        try run("pdftotext", ["-enc", "UTF-8", pdf.path, "-"]).stdout
    }

    /// Decodes every QR code on the PDF's page, rendered at `dpi` like a scan.
    static func qrCodes(inPDF pdf: URL, dpi: Int = 150) throws -> [String] {
        let dir = try temporaryDirectory("qr")
        defer { try? FileManager.default.removeItem(at: dir) }
        let prefix = dir.appendingPathComponent("page").path
        try run("pdftoppm", ["-r", String(dpi), "-png", pdf.path, prefix])
        let pages = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".png") }
        return try pages.flatMap { page -> [String] in
            let scan = try run("zbarimg", ["-q", "--raw", dir.appendingPathComponent(page).path])
            return scan.stdout.split(separator: "\n").map(String.init)
        }
    }

    static func collapseWhitespace(_ s: String) -> String {
        s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

extension E2E {
    /// Reads a manifest ecert wrote, verified with the key it names (tests check the issuer key
    /// separately by running `ecert verify --pub`).
    static func loadBatch(_ url: URL) throws -> VerifiedBatch {
        let manifest = try Manifest.load(from: url)
        return try manifest.verified(trusting: [try manifest.header.claimedSignerKey(path: url.path)])
    }
}

extension FileHandle {
    /// What a just-started server printed up to its first line end (or until it closed the pipe).
    func firstLine() -> String {
        var text = ""
        while !text.contains("\n") {
            let chunk = availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        return text
    }
}
