import ECertCore
import Foundation
import Testing

/// Issue 14: `ecert send --bounces` reads RFC 3464 reports (written here by Python's `email`
/// package into a real Maildir and an mbox) and `ecert delivery` reports the states.
@Suite("bounces and delivery.csv")
struct BounceTests {
    static let dsnScript = #"""
        import email, mailbox, sys
        from email.message import Message
        from email.message import EmailMessage
        from email.mime.multipart import MIMEMultipart
        from email.mime.text import MIMEText
        from email.mime.base import MIMEBase

        def dsn(recipient, action, status, original_id):
            report = MIMEMultipart("report", report_type="delivery-status")
            report["From"] = "MAILER-DAEMON@mx.guru.example.id"
            report["To"] = "panitia@dinas.example.id"
            report["Subject"] = "Undelivered Mail Returned to Sender"
            report.attach(MIMEText("Your message could not be delivered.\n"))
            # The email package writes message/delivery-status from a list of header blocks.
            status_part = Message()
            status_part["Content-Type"] = "message/delivery-status"
            status_part.set_payload([
                email.message_from_string("Reporting-MTA: dns; mx.guru.example.id\nArrival-Date: Wed, 2 Dec 2026 14:00:00 +0000\n"),
                email.message_from_string("Final-Recipient: rfc822; %s\nOriginal-Recipient: rfc822;%s\nAction: %s\nStatus: %s\n"
                                          "Diagnostic-Code: smtp; 550 5.1.1 <%s>: Recipient address rejected: User unknown\n" % (recipient, recipient, action, status, recipient)),
            ])
            report.attach(status_part)
            if original_id:
                headers = MIMEBase("text", "rfc822-headers")
                headers.set_payload("From: panitia@dinas.example.id\nTo: %s\nMessage-ID: %s\nSubject: Sertifikat\n" % (recipient, original_id))
                report.attach(headers)
            return report

        kind, path, by_id_address, message_id, by_address = sys.argv[1:6]
        box = mailbox.Maildir(path, create=True) if kind == "maildir" else mailbox.mbox(path, create=True)
        box.add(dsn(by_id_address, "failed", "5.1.1", message_id))
        box.add(dsn(by_address, "failed", "5.2.2", ""))
        box.add(dsn("someone.else@guru.example.id", "failed", "5.1.1", "<unknown@dinas.example.id>"))
        box.add(dsn(by_address, "delayed", "4.4.1", ""))
        plain = EmailMessage(); plain["Subject"] = "Terima kasih"; plain.set_content("bukan laporan"); box.add(plain)
        box.flush()
        """#

    @Test(arguments: ["maildir", "mbox"])
    func reportsMarkTheirMessagesBouncedAndDeliveryCsvSaysSo(kind: String) throws {
        let fixture = try DeliveryFixture.make(rows: Array(DeliveryFixture.rows.prefix(4)))
        let server = try SMTPServer(dir: fixture.dir)
        defer { server.stop() }
        #expect(try fixture.publish().status == 0)
        _ = try fixture.send(try fixture.smtpYAML(port: server.port))
        let sent = try server.messages()
        try #require(sent.count == 3)
        let first = try #require(sent.first { $0.toAddress == "siti.aminah@guru.example.id" })
        let script = fixture.dir.appendingPathComponent("dsn.py"), box = fixture.dir.appendingPathComponent(kind == "mbox" ? "bounces.mbox" : "Bounces")
        try Data(Self.dsnScript.utf8).write(to: script)
        let made = try E2E.run("python3", [script.path, kind, box.path, first.toAddress, first.messageID, "somchai@guru.example.id"])
        try #require(made.status == 0, "\(made.output)")
        let read = try fixture.ecert(["send", fixture.batch.path, "--bounces", box.path, "--key", fixture.key.path])
        #expect(read.status == 0 && read.stdout.contains("5 message(s)") && read.stdout.contains("2 certificate(s) marked bounced"), "\(read.output)")
        #expect(read.stderr.contains("someone.else@guru.example.id"), "unmatched reports are listed: \(read.stderr)")
        let states = try fixture.ledgerStates()
        #expect(states[fixture.records[0].serial] == "bounced" && states[fixture.records[2].serial] == "bounced" && states[fixture.records[1].serial] == "sent")

        let report = try fixture.ecert(["delivery", fixture.batch.path, "--key", fixture.key.path])
        #expect(report.status == 0 && report.stdout.contains("skipped 1, sent 1, bounced 2"), "\(report.output)")
        let csv = try String(contentsOf: fixture.batch.appendingPathComponent("delivery.csv"), encoding: .utf8)
        let bytes = try Data(contentsOf: fixture.batch.appendingPathComponent("delivery.csv"))
        #expect(bytes.starts(with: Data("\u{FEFF}serial,name,email,state,attempts,updated_at,reply,message_id\r\n".utf8)))
        #expect(csv.contains("bounced,1,") && csv.contains("5.1.1 smtp; 550 5.1.1") && csv.contains(first.messageID))
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\",,skipped"), "a formula name is neutralised: \(csv)")
    }
}
