import Foundation
import Testing

/// Bad input must give a message naming the file and the fix, exit 1, and leave no folder that
/// looks like a finished batch.
@Suite("bad input")
struct BadInputTests {
    struct Setup {
        let dir: URL, key: URL, out: URL
        init() throws {
            dir = try E2E.temporaryDirectory("bad")
            key = try E2E.keyPair(in: dir).key
            out = dir.appendingPathComponent("out")
        }

        func write(_ name: String, _ text: String) throws -> URL {
            let url = dir.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url
        }

        func issue(_ list: URL, event: URL = E2E.exampleEvent) throws -> E2E.Result {
            try E2E.ecert(["issue", list.path, "--event", event.path, "--key", key.path, "--out", out.path])
        }

        var outputLooksComplete: Bool {
            FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path)
        }
        var outputIsAbsentOrEmpty: Bool {
            ((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []).isEmpty
        }
    }

    @Test func missingParticipantFile() throws {
        let s = try Setup()
        let result = try s.issue(s.dir.appendingPathComponent("nope.csv"))
        #expect(result.status == 1)
        #expect(result.stderr.contains("nope.csv: file not found"))
        #expect(s.outputIsAbsentOrEmpty)
    }

    @Test func noNameColumnListsTheHeadersFound() throws {
        let s = try Setup()
        let list = try s.write("list.csv", "Guru,NUPTK\nSiti,1234567890123456\n")
        let result = try s.issue(list)
        #expect(result.status == 1)
        #expect(result.stderr.contains("list.csv: no name column"))
        #expect(result.stderr.contains("\"Guru\""))
        #expect(result.stderr.contains("--column name="))
        #expect(s.outputIsAbsentOrEmpty)
    }

    @Test func emptyNameIsReportedWithItsLineAndNothingIsIssued() throws {
        let s = try Setup()
        let list = try s.write("list.csv", "name,id\nSiti Aminah,1\n ,2\nBudi,3\n")
        let result = try s.issue(list)
        #expect(result.status == 1)
        #expect(result.stderr.contains("list.csv, line 3: empty name"))
        #expect(result.stderr.contains("nothing was issued"))
        #expect(s.outputIsAbsentOrEmpty)
    }

    @Test func unknownEventKeyIsNamed() throws {
        let s = try Setup()
        let list = try s.write("list.csv", "name,id\nSiti Aminah,1\n")
        let event = try s.write("event.yaml", try String(contentsOf: E2E.exampleEvent, encoding: .utf8) + "venue: Aula\n")
        let result = try s.issue(list, event: event)
        #expect(result.status == 1)
        #expect(result.stderr.contains("event.yaml: unknown key \"venue\""))
        #expect(s.outputIsAbsentOrEmpty)
    }

    @Test func aFolderHoldingOtherFilesIsRefused() throws {
        let s = try Setup()
        let list = try s.write("list.csv", "name,id\nSiti Aminah,1\n")
        try FileManager.default.createDirectory(at: s.out, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: s.out.appendingPathComponent("notes.txt"))
        let result = try s.issue(list)
        #expect(result.status == 1)
        #expect(result.stderr.contains("notes.txt"))
        #expect(!s.outputLooksComplete)
        #expect(try String(contentsOf: s.out.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep me")
    }

    @Test func keygenRefusesToOverwriteAndWritesMode0600() throws {
        let s = try Setup()
        let attributes = try FileManager.default.attributesOfItem(atPath: s.key.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let before = try Data(contentsOf: s.key)
        let again = try E2E.ecert(["keygen", s.key.path])
        #expect(again.status == 1)
        #expect(again.stderr.contains("refusing to overwrite"))
        #expect(try Data(contentsOf: s.key) == before)
    }
}
