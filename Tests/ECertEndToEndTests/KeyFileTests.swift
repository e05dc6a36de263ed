import Foundation
import Testing

/// Issue 12 (keys): a key file is created 0600 from the first byte and never overwritten; a key
/// that no longer matches the public key beside it is refused; a readable key is warned about;
/// `--skip-invalid` with no valid row signs nothing.
@Suite("key files and empty batches")
struct KeyFileTests {
    @Test func keygenCreatesAPrivateKeyOnlyTheOwnerCanReadAndNeverOverwrites() throws {
        let dir = try E2E.temporaryDirectory()
        let (key, pub) = try E2E.keyPair(in: dir)
        let mode = try FileManager.default.attributesOfItem(atPath: key.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let before = try Data(contentsOf: key)
        let again = try E2E.ecert(["keygen", key.path])
        #expect(again.status == 1 && again.stderr.contains(key.path), "\(again.output)")
        #expect(try Data(contentsOf: key) == before && FileManager.default.fileExists(atPath: pub.path))
    }

    @Test func aChangedKeyFileIsRefusedAndAReadableOneIsWarnedAbout() throws {
        let dir = try E2E.temporaryDirectory()
        let (key, _) = try E2E.keyPair(in: dir)
        let list = try E2E.participants(in: dir, arguments: ["--rows", "3", "--verified-only"])
        var text = try String(contentsOf: key, encoding: .utf8)
        // One Base64 character of the secret half changed: still a valid Ed25519 key, but another one.
        let lines = text.split(separator: "\n").map(String.init)
        var secret = Array(lines[1])
        let k = secret.count - 6
        secret[k] = secret[k] == "A" ? "B" : "A"
        text = [lines[0], String(secret), lines[2]].joined(separator: "\n") + "\n"
        let changed = dir.appendingPathComponent("issuer.key")
        try text.write(to: changed, atomically: true, encoding: .utf8)
        let refused = try E2E.ecert(["issue", list.path, "--event", E2E.exampleEvent.path, "--key", changed.path, "--out", dir.appendingPathComponent("out").path])
        #expect(refused.status == 1 && refused.stderr.contains("does not match issuer.pub"), "\(refused.output)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/manifest.json").path))

        let other = try E2E.temporaryDirectory("readable")
        let (readable, _) = try E2E.keyPair(in: other)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: readable.path)
        let warned = try E2E.ecert(["issue", list.path, "--event", E2E.exampleEvent.path, "--key", readable.path, "--out", other.appendingPathComponent("out").path, "--quiet"])
        #expect(warned.status == 0 && warned.stderr.contains("can be read by other users") && warned.stderr.contains("chmod 600"), "\(warned.output)")
    }

    @Test func skipInvalidWithNoValidRowSignsNothing() throws {
        let dir = try E2E.temporaryDirectory()
        let (key, _) = try E2E.keyPair(in: dir)
        let list = dir.appendingPathComponent("list.csv")
        try Data("Nama Lengkap,NUPTK\n,111\n   ,222\n".utf8).write(to: list)
        let out = dir.appendingPathComponent("out")
        let r = try E2E.ecert(["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.path, "--out", out.path, "--skip-invalid"])
        #expect(r.status == 1 && r.stderr.contains("a signed batch of zero certificates is refused"), "\(r.output)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.json").path))
    }
}

/// Issue 12 (messages): a missing file given to verify is named as missing, and a write failure
/// says it could not be written, never "cannot be read".
@Suite("honest messages")
struct HonestMessageTests {
    @Test func aMissingFileIsNotAPayload() throws {
        let dir = try E2E.temporaryDirectory()
        let (_, pub) = try E2E.keyPair(in: dir)
        let r = try E2E.ecert(["verify", "missing.pdf", "--pub", pub.path])
        #expect(r.status == 1 && r.stdout.contains("missing.pdf: file or folder not found") && !r.output.contains("Base32"), "\(r.output)")
    }

    @Test func anOutputFolderBehindAFileSaysWhichPartIsInTheWay() throws {
        let dir = try E2E.temporaryDirectory()
        let (key, _) = try E2E.keyPair(in: dir)
        let list = try E2E.participants(in: dir, arguments: ["--rows", "2", "--verified-only"])
        let file = dir.appendingPathComponent("afile")
        try Data().write(to: file)
        let r = try E2E.ecert(["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.path, "--out", file.appendingPathComponent("sub").path])
        #expect(r.status == 1 && r.stderr.contains("\(file.path) is a file, not a folder"), "\(r.output)")
        #expect(!r.stderr.contains("NSCocoaErrorDomain") && !r.stderr.contains("could not be completed"), "\(r.output)")
    }
}
