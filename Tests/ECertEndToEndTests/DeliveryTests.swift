import ECertCore
import Foundation
import Testing

/// Issue 14: `ecert send` against a real SMTP server (aiosmtpd, STARTTLS + AUTH) on 127.0.0.1;
/// every delivered message read back with Python's `email` package.
@Suite("ecert send")
struct SendTests {
    @Test func linkMessagesArriveOverSTARTTLSWithAuthAndAreNeverSentTwice() throws {
        let fixture = try DeliveryFixture.make()
        let server = try SMTPServer(dir: fixture.dir)
        defer { server.stop() }
        let published = try fixture.publish()
        try #require(published.status == 0, "\(published.output)")
        let smtp = try fixture.smtpYAML(port: server.port, extra: "list_unsubscribe: mailto:berhenti@dinas.example.id\n")
        let sent = try fixture.send(smtp)
        // Two rows have no usable address: listed by line and serial, and the exit code says so.
        #expect(sent.status == 1, "\(sent.output)")
        #expect(sent.stderr.contains("line 5") && sent.stderr.contains("no e-mail address"), "\(sent.stderr)")
        #expect(sent.stderr.contains("line 6") && sent.stderr.contains("budi@@guru.example.id"), "\(sent.stderr)")
        #expect(sent.stdout.contains("Plan: 3 message(s)"), "\(sent.stdout)")
        let mails = try server.messages()
        #expect(mails.count == 3)
        let links = try String(contentsOf: fixture.batch.appendingPathComponent("links.csv"), encoding: .utf8)
        let states = try fixture.ledgerStates()
        for (record, mail) in zip(fixture.records.prefix(3), mails.sorted { $0.toAddress < $1.toAddress }.sortedLike(fixture.records.prefix(3))) {
            #expect(mail.defects.isEmpty, "\(mail.defects)")
            #expect(mail.toName == record.name && mail.toAddress == record.columns["Email"])
            #expect(mail.subject.contains(record.name) && mail.subject.hasPrefix("Sertifikat "))
            #expect(mail.from == "Panitia Webinar Dinas Pendidikan <panitia@dinas.example.id>")
            #expect(mail.listUnsubscribe == "<mailto:berhenti@dinas.example.id>")
            #expect(mail.contentType == "multipart/alternative" && mail.attachments.isEmpty)
            #expect(mail.text.contains("Yth. \(record.name)") && mail.text.contains(record.serial) && mail.html.contains("<a href=\"https://"))
            // The download link is the one in links.csv, and the file behind it is the signed PDF.
            let link = try #require(mail.text.split(whereSeparator: \.isWhitespace).first { $0.contains("/c/") }.map(String.init))
            #expect(links.contains(link))
            let published = fixture.site.appendingPathComponent("c").appendingPathComponent(URL(string: link)!.lastPathComponent)
            #expect(try Digest256.sha256Hex(fileAt: published) == record.sha256)
            #expect(mail.text.contains("https://verify.example.org/v#" + record.payload))
            #expect(mail.messageID.hasSuffix("@dinas.example.id>") && states[record.serial] == "sent")
        }
        for session in try server.sessions() {
            #expect(session["tls"] == .bool(true) && session["auth"] == .bool(true), "\(session)")
        }
        // The same command again sends nothing: the ledger says they were accepted.
        let again = try fixture.send(smtp)
        #expect(again.stdout.contains("Plan: 0 message(s)"), "\(again.output)")
        #expect(try server.messages().count == 3)
        #expect(states.values.filter { $0 == "skipped" }.count == 2)
        // The batch still verifies with the ledger and links.csv beside it.
        let verified = try E2E.ecert(["verify", fixture.batch.path, "--pub", fixture.dir.appendingPathComponent("issuer.pub").path])
        #expect(verified.status == 0, "\(verified.output)")
    }

    @Test func attachModeSendsTheSignedPDFInEnglishOverImplicitTLS() throws {
        let fixture = try DeliveryFixture.make(rows: Array(DeliveryFixture.rows.prefix(3)))
        let server = try SMTPServer(dir: fixture.dir, implicitTLS: true)
        defer { server.stop() }
        let sent = try fixture.send(try fixture.smtpYAML(port: server.port, security: "tls"), ["--attach", "--language", "en"])
        #expect(sent.status == 0, "\(sent.output)")
        let mails = try server.messages()
        #expect(mails.count == 3)
        for mail in mails {
            let record = try #require(fixture.records.first { $0.columns["Email"] == mail.toAddress })
            #expect(mail.defects.isEmpty && mail.contentType == "multipart/mixed")
            #expect(mail.subject == "Certificate for Webinar Guru Belajar Artificial Intelligence (AI): \(record.name)")
            #expect(mail.text.contains("Dear \(record.name)") && mail.text.contains("attached") && !mail.text.contains("/c/"))
            #expect(mail.attachments.count == 1)
            #expect(mail.attachments.first?.type == "application/pdf" && mail.attachments.first?.sha256 == record.sha256)
            #expect(mail.attachments.first?.filename == FileOutput.safeFileName(forSerial: record.serial))
        }
    }

    @Test func greylistingAndDroppedConnectionsAreRetriedAndA550IsReported() throws {
        let fixture = try DeliveryFixture.make(extra: 8, rows: Array(DeliveryFixture.rows.prefix(3)))
        let rules = #"{"defer": {"guru1@guru.example.id": 2}, "close421": {"guru3@guru.example.id": 1}, "reject": ["guru5@guru.example.id"], "drop_after": 4}"#
        let server = try SMTPServer(dir: fixture.dir, rules: rules)
        defer { server.stop() }
        let sent = try fixture.send(try fixture.smtpYAML(port: server.port), ["--attach", "--retry-delay", "1"])
        #expect(sent.status == 1, "\(sent.output)")
        #expect(sent.stderr.contains("failed: ") && sent.stderr.contains("guru5@guru.example.id") && sent.stderr.contains("550"), "\(sent.stderr)")
        let mails = try server.messages()
        #expect(mails.count == 10, "\(mails.map(\.toAddress))")
        #expect(Set(mails.map(\.messageID)).count == mails.count, "a message arrived twice")
        #expect(!mails.contains { $0.toAddress == "guru5@guru.example.id" })
        let states = try fixture.ledgerStates()
        #expect(states.values.filter { $0 == "sent" }.count == 10 && states.values.filter { $0 == "failed" }.count == 1, "\(states)")
        let attempts = try fixture.ledgerLines().filter { $0["state"] == .string("sending") && $0["email"] == .string("guru1@guru.example.id") }
        #expect(attempts.count == 3)
        let deferred = try fixture.ledgerLines().filter { $0["state"] == .string("deferred") }
        #expect(deferred.contains { $0["reply"] == .string("451 4.7.1 <guru1@guru.example.id>: Greylisted, try again later") })
    }

    @Test func aServerThatIsDownDefersEverythingAndTheNextRunSendsIt() throws {
        let fixture = try DeliveryFixture.make(rows: Array(DeliveryFixture.rows.prefix(3)))
        let probe = try SMTPServer(dir: fixture.dir)
        let port = probe.port
        probe.stop()
        let smtp = try fixture.smtpYAML(port: port)
        #expect(try fixture.publish().status == 0)
        let down = try fixture.send(smtp, ["--max-attempts", "2", "--retry-delay", "0"])
        #expect(down.status == 1 && down.stdout.contains("deferred 3"), "\(down.output)")
        let server = try SMTPServer(dir: fixture.dir, port: port)
        defer { server.stop() }
        let up = try fixture.send(smtp, ["--max-attempts", "4"])
        #expect(up.status == 0 && up.stdout.contains("sent 3"), "\(up.output)")
        let mails = try server.messages()
        #expect(mails.count == 3 && Set(mails.map(\.messageID)).count == 3)
    }

    @Test func theServerCertificateAndTheLoginAreChecked() throws {
        let fixture = try DeliveryFixture.make(rows: Array(DeliveryFixture.rows.prefix(1)))
        let server = try SMTPServer(dir: fixture.dir)
        defer { server.stop() }
        #expect(try fixture.publish().status == 0)
        let untrusted = try fixture.send(try fixture.smtpYAML(port: server.port, caFile: false))
        #expect(untrusted.status == 1 && untrusted.stderr.contains("no trusted TLS connection") && untrusted.stderr.contains("ca_file"), "\(untrusted.output)")
        let smtp = try fixture.smtpYAML(port: server.port)
        let wrong = try fixture.ecert(["send", fixture.batch.path, "--smtp", smtp.path, "--key", fixture.key.path], password: "salah")
        #expect(wrong.status == 1 && wrong.stderr.contains("refused the login"), "\(wrong.output)")
        #expect(try server.messages().isEmpty)
        let right = try fixture.send(smtp)
        #expect(right.status == 0 && right.stdout.contains("sent 1"), "\(right.output)")
    }

    @Test func aPasswordNeverComesFromSmtpYamlOrAFileOthersCanRead() throws {
        let fixture = try DeliveryFixture.make(rows: Array(DeliveryFixture.rows.prefix(1)))
        let inline = try fixture.smtpYAML(port: 2525, extra: "password: rahasia\n")
        let refused = try fixture.send(inline)
        #expect(refused.status == 1 && refused.stderr.contains("password_env") && refused.stderr.contains(inline.path), "\(refused.output)")
        let file = fixture.dir.appendingPathComponent("smtp.password")
        try Data("rahasia\n".utf8).write(to: file)
        chmod(file.path, 0o644)
        let yaml = fixture.dir.appendingPathComponent("smtp.yaml")
        try Data("host: 127.0.0.1\nusername: u\npassword_file: smtp.password\nfrom: a@dinas.example.id\n".utf8).write(to: yaml)
        let exposed = try fixture.send(yaml)
        #expect(exposed.status == 1 && exposed.stderr.contains("chmod 600"), "\(exposed.output)")
        let onCommandLine = try fixture.ecert(["send", fixture.batch.path, "--smtp", yaml.path, "--key", fixture.key.path, "--password", "x"])
        #expect(onCommandLine.status == 64, "\(onCommandLine.output)")
    }

    @Test func dryRunWritesTheSameEmlFilesAndSendsNothing() throws {
        let fixture = try DeliveryFixture.make()
        let smtp = try fixture.smtpYAML(port: 2525)
        #expect(try fixture.publish().status == 0)
        let outbox = fixture.dir.appendingPathComponent("outbox")
        let first = try fixture.ecert(["send", fixture.batch.path, "--smtp", smtp.path, "--key", fixture.key.path, "--dry-run", "--outbox", outbox.path, "--at", "2025-10-01T08:00:00Z"])
        #expect(first.status == 1 && first.stdout.contains("wrote 3 message(s)"), "\(first.output)")
        let files = try FileManager.default.contentsOfDirectory(atPath: outbox.path).sorted()
        let bytes = try files.map { try Data(contentsOf: outbox.appendingPathComponent($0)) }
        _ = try fixture.ecert(["send", fixture.batch.path, "--smtp", smtp.path, "--key", fixture.key.path, "--dry-run", "--outbox", outbox.path, "--at", "2025-10-01T08:00:00Z"])
        #expect(try files.map { try Data(contentsOf: outbox.appendingPathComponent($0)) } == bytes)
        #expect(!FileManager.default.fileExists(atPath: fixture.batch.appendingPathComponent("delivery-ledger.jsonl").path))
        let mails = try SMTPServer.read(outbox)
        #expect(mails.count == 3 && mails.allSatisfy { $0.defects.isEmpty && $0.date == "Wed, 01 Oct 2025 08:00:00 +0000" })
        #expect(mails.contains { $0.toName == "สมชาย ใจดี" && $0.subject.hasSuffix("สมชาย ใจดี") })
    }
}

extension Array where Element == Mail {
    /// The mails in the order of `records` (by e-mail column).
    func sortedLike(_ records: ArraySlice<ManifestRecord>) -> [Mail] {
        records.compactMap { record in first { $0.toAddress == record.columns["Email"] } }
    }
}
