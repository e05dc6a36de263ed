import ECertCore
import Foundation
import Testing

/// Issue 14: `kill -9` of `ecert send` in the middle of a batch, then the same command again:
/// every message the server accepted arrives exactly once, and the ledger accounts for all.
@Suite("ecert send after kill -9")
struct SendCrashTests {
    @Test func killedMidBatchThenRerunDeliversEachAcceptedMessageExactlyOnce() throws {
        let fixture = try DeliveryFixture.make(extra: 40, rows: [])
        let server = try SMTPServer(dir: fixture.dir)
        defer { server.stop() }
        #expect(try fixture.publish().status == 0)
        let smtp = try fixture.smtpYAML(port: server.port)
        let process = Process()
        process.executableURL = E2E.ecert
        process.arguments = ["send", fixture.batch.path, "--smtp", smtp.path, "--key", fixture.key.path, "--per-minute", "400"]
        var environment = ProcessInfo.processInfo.environment
        environment["ECERT_TEST_SMTP_PASSWORD"] = SMTPServer.password
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill once some, not all, messages are through.
        let deadline = Date().addingTimeInterval(60)
        while try server.messages().count < 8, Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let before = try server.messages().count
        #expect(before >= 8 && before < 40, "\(before) delivered before the kill")
        // A line torn by the crash must not break the ledger.
        let ledger = try FileHandle(forWritingTo: fixture.batch.appendingPathComponent("delivery-ledger.jsonl"))
        try ledger.seekToEnd()
        try ledger.write(contentsOf: Data(#"{"at":"2026-01-0"#.utf8))
        try ledger.close()

        let rerun = try fixture.send(smtp)
        let states = try fixture.ledgerStates()
        let uncertain = states.values.filter { $0 == "uncertain" }.count
        #expect(rerun.status == (uncertain == 0 ? 0 : 1), "\(rerun.output)")
        #expect(states.count == 40 && states.values.filter { $0 == "sent" }.count + uncertain == 40, "\(states)")
        let mails = try server.messages()
        var perID: [String: Int] = [:]
        for mail in mails { perID[mail.messageID, default: 0] += 1 }
        #expect(perID.values.allSatisfy { $0 == 1 }, "delivered twice: \(perID.filter { $0.value > 1 })")
        let sentIDs = try fixture.ledgerLines().filter { $0["state"] == .string("sent") }.compactMap { line -> String? in
            if case .string(let id)? = line["messageID"] { return id } else { return nil }
        }
        #expect(Set(sentIDs).isSubset(of: Set(perID.keys)) && sentIDs.count == 40 - uncertain)
        #expect(mails.count >= 40 - uncertain && mails.count <= 40)
    }
}
