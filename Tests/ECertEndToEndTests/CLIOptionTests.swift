import Foundation
import Testing

/// Bad command lines are caught while parsing, before any file is read: ArgumentParser's
/// `Error: …` with the usage and exit code 64 (`ExitCode.validationFailure`), a message that names
/// the option and the fix, and never Foundation's "The operation could not be completed".
@Suite("command-line options")
struct CLIOptionTests {
    /// Paths that do not exist: a check that reads a file would fail differently (exit code 1).
    static let missing = FileManager.default.temporaryDirectory.appendingPathComponent("ecert-cli-\(UUID().uuidString.prefix(8))")
    static var list: String { missing.appendingPathComponent("list.csv").path }
    static var key: String { missing.appendingPathComponent("issuer.key").path }
    static var out: String { missing.appendingPathComponent("out").path }
    static var issue: [String] { ["issue", list, "--event", E2E.exampleEvent.path, "--key", key, "--out", out] }

    static func expectUsageError(_ arguments: [String], mentions expected: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try E2E.ecert(arguments)
        let context = Comment(rawValue: "ecert \(arguments.joined(separator: " ")) →\n\(result.output)")
        #expect(result.status == 64, context, sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("Error: "), context, sourceLocation: sourceLocation)
        #expect(result.stderr.contains("Usage: ecert "), context, sourceLocation: sourceLocation)
        for text in expected {
            #expect(result.stderr.contains(text), "missing \"\(text)\" in: \(result.stderr)", sourceLocation: sourceLocation)
        }
        for generic in ["operation could not be completed", "error 1", "NSCocoaErrorDomain", "ecert: error:"] {
            #expect(!result.output.contains(generic), context, sourceLocation: sourceLocation)
        }
        #expect(!FileManager.default.fileExists(atPath: missing.path), "nothing may be written", sourceLocation: sourceLocation)
    }

    @Test func jobsMustBeOneOrMore() throws {
        try Self.expectUsageError(Self.issue + ["--jobs", "0"], mentions: ["--jobs must be 1 or more", "got 0"])
    }

    @Test func shardOutOfRange() throws {
        try Self.expectUsageError(Self.issue + ["--shard", "9/8"], mentions: ["'9/8'", "--shard takes K/N with 1 ≤ K ≤ N, e.g. 3/8"])
    }

    @Test func shardNotANumberPair() throws {
        try Self.expectUsageError(Self.issue + ["--shard", "x"], mentions: ["'x'", "--shard takes K/N with 1 ≤ K ≤ N, e.g. 3/8"])
    }

    @Test func unknownColumnRoleNamesTheRoles() throws {
        try Self.expectUsageError(Self.issue + ["--column", "bogus=X"],
                                  mentions: ["--column", "\"bogus\"", "name, id, email, school, district, province", "--column name=\"Nama Guru\""])
        try Self.expectUsageError(["check", Self.list, "--column", "name"], mentions: ["--column takes ROLE=HEADER"])
        try Self.expectUsageError(["check", Self.list, "--column", "name="], mentions: ["--column name= needs the header text"])
        try Self.expectUsageError(["check", Self.list, "--column", "name=A", "--column", "Name=B"], mentions: ["--column name is given twice"])
    }

    @Test func revokeAtTakesAUTCTimeOrDate() throws {
        try Self.expectUsageError(["revoke", Self.out, "WEB-AI/2025/000007", "--reason", "Salah nama", "--key", Self.key, "--at", "yesterday"],
                                  mentions: ["'yesterday'", "--at", "2025-10-01T08:30:00Z", "2025-10-01"])
        try Self.expectUsageError(["correct", Self.out, "--serial", "S/1", "--name", "Siti", "--key", Self.key, "--at", "2025-13-01"],
                                  mentions: ["--at takes a UTC time"])
    }

    @Test func revokeChecksItsValues() throws {
        try Self.expectUsageError(["revoke", Self.out, "S/1", "--reason", " ", "--key", Self.key], mentions: ["--reason is empty"])
        try Self.expectUsageError(["revoke", Self.out, "S/1", "--reason", "x", "--replaced-by", "S/1", "--key", Self.key],
                                  mentions: ["--replaced-by S/1 is the serial being revoked"])
    }

    @Test func verifyNeedsAPublicKey() throws {
        try Self.expectUsageError(["verify", Self.out], mentions: ["--pub issuer.pub"])
    }

    @Test func verifyNeedsSomethingToVerify() throws {
        try Self.expectUsageError(["verify", "--pub", "k.pub"], mentions: ["give something to verify", "a batch folder", "a PDF"])
    }

    @Test func otherNumbersAndExclusiveOptions() throws {
        try Self.expectUsageError(["preview", "--template", "classic", "--out", Self.out + ".png", "--dpi", "2000"], mentions: ["--dpi must be between 36 and 600"])
        try Self.expectUsageError(["reconcile", "--registrations", "r.csv", "--attendance", "a.csv", "--quiz", "q.csv", "--out", Self.out, "--min-score", "150"],
                                  mentions: ["--min-score must be between 0 and 100", "got 150"])
        try Self.expectUsageError(["reconcile", "--registrations", "r.csv", "--attendance", "a.csv", "--quiz", "q.csv", "--out", Self.out, "--min-minutes=-5"],
                                  mentions: ["--min-minutes must be 0 or more"])
        try Self.expectUsageError(["reissue", Self.out, "--serial", "S/1", "--name", "Siti", "--out", "x.pdf"], mentions: ["exactly one of --serial, --id or --name"])
        try Self.expectUsageError(Self.issue + ["--combined", Self.out + "/print.pdf"], mentions: ["--combined", "inside --out"])
        try Self.expectUsageError(["site", "--out", Self.out], mentions: ["at least one batch folder"])
        try Self.expectUsageError(["merge", "--key", Self.key, "--out", Self.out], mentions: ["shard folders"])
        try Self.expectUsageError(["bundle", Self.out, "--by", "", "--out", Self.out + "-b", "--pub", Self.key], mentions: ["--by is empty"])
    }

    /// A failure of the work itself (here: a missing file) is `ecert: error: …` and exit code 1.
    @Test func workErrorsGoThroughTheOneErrorPrinter() throws {
        let result = try E2E.ecert(["verify", Self.out, "--pub", Self.key + ".pub"])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.hasPrefix("ecert: error: "), "\(result.stderr)")
        #expect(!result.output.contains("operation could not be completed"), "\(result.output)")
        #expect(!result.output.contains("error 1."), "\(result.output)")
    }
}
