import Foundation

/// `ecert publish`: copies a verified batch's PDFs into the site folder under their secret
/// names (DownloadLinks) and writes `DIR/links.csv` for the committee. The site gets nothing else
/// about the participants: no list, no names, no index of the folder.
public enum Publisher {
    public static let linksHeader = ["serial", "name", "email", "phone", "download_url", "verify_url", "whatsapp_url", "problems"]

    public struct Row: Sendable, Equatable {
        public var serial, name, email, phone, downloadURL, verifyURL, whatsappURL: String
        /// Why a column is empty (no e-mail, a number that is not a mobile number, a bad record).
        public var problems: [String]
        public var line: Int
    }

    public struct Result: Sendable {
        public var rows: [Row]
        public var copied: Int
        public var unchanged: Int
    }

    public static func publish(batch: DeliveryBatch, directory: URL, site: URL, links: DownloadLinks) throws -> Result {
        // Every PDF is checked before the first is copied, so a changed file leaves the site untouched.
        for record in batch.records where batch.problems[record.serial] == nil {
            let source = directory.appendingPathComponent(FileOutput.safeFileName(forSerial: record.serial))
            guard (try? Digest256.sha256Hex(fileAt: source)) == record.sha256 else { throw changedPDF(source) }
        }
        let folder = site.appendingPathComponent(DownloadLinks.folder)
        try FileOutput.makeFolder(folder)
        // Hosts that list folders without an index page would otherwise list every file name.
        try FileOutput.writeAtomically(Array("<!DOCTYPE html><title>404</title>\n".utf8), to: folder.appendingPathComponent("index.html"))
        var result = Result(rows: [], copied: 0, unchanged: 0)
        for record in batch.records {
            var row = linkRow(record, links: links, verifyURL: batch.body.event.verifyURL, event: batch.body.event.facts.title)
            if let problem = batch.problems[record.serial] {
                row.problems.insert("not published: \(problem)", at: 0)
                (row.downloadURL, row.whatsappURL) = ("", "")
                // A certificate revoked after an earlier publish is taken off the site.
                try? FileManager.default.removeItem(at: folder.appendingPathComponent(links.fileName(serial: record.serial)))
            } else if try copy(record, from: directory, to: folder.appendingPathComponent(links.fileName(serial: record.serial))) {
                result.copied += 1
            } else {
                result.unchanged += 1
            }
            result.rows.append(row)
        }
        var csv = CSVWriter(header: linksHeader, for: .spreadsheet)
        for row in result.rows {
            csv.append([row.serial, row.name, row.email, row.phone, row.downloadURL, row.verifyURL, row.whatsappURL, row.problems.joined(separator: "; ")])
        }
        try FileOutput.writeAtomically(csv.data, to: directory.appendingPathComponent(DeliveryFiles.links))
        return result
    }

    /// Copies the PDF after checking it against the manifest; false when the site already has it.
    static func copy(_ record: ManifestRecord, from directory: URL, to target: URL) throws -> Bool {
        if (try? Digest256.sha256Hex(fileAt: target)) == record.sha256 { return false }
        let source = directory.appendingPathComponent(FileOutput.safeFileName(forSerial: record.serial))
        let bytes = try BoundedFile.read(source, limit: 64 << 20)
        guard Digest256.sha256Hex(bytes) == record.sha256 else { throw changedPDF(source) }
        try FileOutput.writeAtomically(bytes, to: target)
        return true
    }

    static func changedPDF(_ url: URL) -> ECertError {
        .outputNotUsable(path: url.path, reason: "missing, or its SHA-256 differs from the manifest's: the PDF was changed after issuing; run `ecert verify` and re-issue it (nothing was published)")
    }

    static func linkRow(_ record: ManifestRecord, links: DownloadLinks, verifyURL: String, event: String) -> Row {
        let contact = Contact(record: record)
        var problems: [String] = []
        if let problem = EmailAddress.problem(contact.email) { problems.append(problem) }
        let download = links.url(serial: record.serial)
        var whatsapp = ""
        switch PhoneNumber.normalized(contact.phone) {
        case .success(let number): whatsapp = WhatsApp.link(number: number, name: record.name, event: event, download: download)
        case .failure(let problem): problems.append(problem.text)
        }
        return Row(serial: record.serial, name: record.name, email: contact.email, phone: contact.phone, downloadURL: download,
                   verifyURL: DownloadLinks.verifyLink(verifyURL: verifyURL, payload: record.payload), whatsappURL: whatsapp,
                   problems: problems, line: record.line)
    }
}

/// Click-to-chat links (`https://wa.me/<number>?text=…`): the committee opens one per teacher and
/// sends the prefilled message, instead of posting every certificate into a group.
public enum WhatsApp {
    public static func link(number: String, name: String, event: String, download: String) -> String {
        let text = "Yth. \(name), sertifikat \(event) Anda dapat diunduh di \(download)"
        let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return "https://wa.me/\(number)?text=" + (text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")
    }
}
