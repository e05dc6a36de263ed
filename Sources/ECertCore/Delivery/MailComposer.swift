import Foundation

/// Builds the message for one certificate: headers (RFC 5322, RFC 2047 for non-ASCII), a
/// multipart/alternative plain-text + HTML body, and with `attach` the PDF as a second part of a
/// multipart/mixed. The same inputs and date give the same bytes; the Message-ID and MIME
/// boundaries come from the batch's Merkle root and the serial, so a resend is the same message.
public struct MailComposer: Sendable {
    public var settings: SMTPSettings
    public var template: MailTemplate
    public var event: EventFacts
    public var batchRoot: String
    public var verifyURL: String

    public init(settings: SMTPSettings, template: MailTemplate, event: EventFacts, batchRoot: String, verifyURL: String) {
        (self.settings, self.template, self.event, self.batchRoot, self.verifyURL) = (settings, template, event, batchRoot, verifyURL)
    }

    /// What goes into one message besides the record.
    public enum Delivery: Sendable {
        case link(String)
        /// The PDF's bytes, already checked against the manifest's SHA-256.
        case attachment(file: String, bytes: [UInt8])
    }

    /// `<32 hex digits@sender's domain>`: stable per batch and serial.
    public static func messageID(batchRoot: String, serial: String, domain: String) -> String {
        "<" + Digest256.sha256(Array("ecert-message\n\(batchRoot)\n\(serial)".utf8)).hexString.prefix(32) + "@\(domain)>"
    }

    public func compose(record: ManifestRecord, to address: EmailAddress, delivery: Delivery, date: Date) throws -> OutgoingMail {
        let messageID = Self.messageID(batchRoot: batchRoot, serial: record.serial, domain: settings.from.domain)
        let token = String(Digest256.sha256(Array(messageID.utf8)).hexString.prefix(24))
        let fields = placeholderValues(record: record, address: address, delivery: delivery)
        let body = try alternativePart(fields: fields, delivery: delivery, boundary: "=_ecert_alt_" + token)
        var headers = [
            "From: " + MIMEText.mailbox(name: settings.fromName, address: settings.from),
            "To: " + MIMEText.mailbox(name: record.name, address: address),
            "Subject: " + MIMEText.headerValue(try MailTemplate.fill(template.subject) { fields[$0] ?? "" }),
            "Date: " + MIMEText.date(date),
            "Message-ID: " + messageID,
            "MIME-Version: 1.0",
        ]
        if let replyTo = settings.replyTo { headers.append("Reply-To: <\(replyTo.text)>") }
        if let unsubscribe = settings.listUnsubscribe { headers.append("List-Unsubscribe: <\(unsubscribe)>") }
        var text: String
        if case .attachment(let file, let bytes) = delivery {
            let mixed = "=_ecert_mix_" + token
            headers.append("Content-Type: multipart/mixed; boundary=\"\(mixed)\"")
            text = headers.joined(separator: "\r\n") + "\r\n\r\n"
            text += "--\(mixed)\r\n" + body + "--\(mixed)\r\n"
            text += "Content-Type: application/pdf; " + MIMEText.parameter("name", file) + "\r\n"
            text += "Content-Disposition: attachment; " + MIMEText.parameter("filename", file) + "\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            text += MIMEText.base64Lines(bytes) + "--\(mixed)--\r\n"
        } else {
            text = headers.joined(separator: "\r\n") + "\r\n" + body
        }
        return OutgoingMail(serial: record.serial, messageID: messageID, from: settings.from.text, to: address.text, bytes: Array(text.utf8))
    }

    /// The Content-Type header line(s) and the two bodies, base64 (UTF-8 text of any script).
    func alternativePart(fields: [String: String], delivery: Delivery, boundary: String) throws -> String {
        let link: Bool
        if case .link = delivery { link = true } else { link = false }
        var plain = fields
        plain["delivery"] = try MailTemplate.fill(link ? template.deliveryLink : template.deliveryAttach) { fields[$0] ?? "" }
        var html = fields.mapValues(MIMEText.htmlEscaped)
        html["delivery"] = try MailTemplate.fill(link ? template.htmlDeliveryLink : template.htmlDeliveryAttach) { html[$0] ?? "" }
        let textBody = try MailTemplate.fill(template.text) { plain[$0] ?? "" }
        let htmlBody = try MailTemplate.fill(template.html) { html[$0] ?? "" }
        func part(_ type: String, _ body: String) -> String {
            "--\(boundary)\r\nContent-Type: \(type); charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + MIMEText.base64Lines(Array(crlf(body).utf8))
        }
        return "Content-Type: multipart/alternative; boundary=\"\(boundary)\"\r\n\r\n"
            + part("text/plain", textBody) + part("text/html", htmlBody) + "--\(boundary)--\r\n"
    }

    func crlf(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
    }

    /// Every placeholder's value for this record (`{column:Header}` for each column of the list).
    func placeholderValues(record: ManifestRecord, address: EmailAddress, delivery: Delivery) -> [String: String] {
        var values = [
            "name": record.name, "serial": record.serial, "id": record.participantID, "email": address.text,
            "phone": Contact(record: record).phone, "event": event.title, "date": event.date, "place": event.place,
            "issuer": event.issuer, "verify_url": DownloadLinks.verifyLink(verifyURL: verifyURL, payload: record.payload),
            "sender": settings.fromName, "download_url": "", "file": "",
        ]
        switch delivery {
        case .link(let url): values["download_url"] = url
        case .attachment(let file, _): values["file"] = file
        }
        for (header, value) in record.columns { values["column:" + header] = value }
        return values
    }
}
