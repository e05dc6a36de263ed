import Foundation

/// A batch checked and ready to issue. Building a plan writes nothing, so bad input never leaves
/// anything behind in the output folder.
public struct BatchPlan: Sendable {
    public struct Item: Sendable {
        public var sequence: Int
        public var serial: String
        public var fileName: String
        public var participant: Participant
    }

    public var event: Event
    public var participantsPath: String
    public var inputSHA256: String
    public var rowsRead: Int
    public var problems: [RowProblem]
    public var items: [Item]
    public var template: Template
    public var templateHashes: Manifest.ResourceHashes
    public var fontHashes: Manifest.ResourceHashes
    /// Rows that will not be issued (only with `--skip-invalid`), their original fields and reasons.
    public var rejected: [RejectedRow] = []
    public var header: [String] = []
    public var source: TableSource? = nil
    public var warnings: [String] = []
    public var nameCase: NameCase = .keep
    /// The eligibility funnel (from `ecert reconcile`) to put in the signed manifest.
    public var funnel: Funnel? = nil

    /// Reads and checks everything. Row problems are collected, not thrown: the caller decides
    /// whether any problem stops the batch.
    public static func make(participantsURL: URL, event: Event, resources: Resources, columnOverrides: [String: String] = [:],
                            sheet: String? = nil, nameCase: NameCase = .keep) throws -> BatchPlan {
        let list = try ParticipantList.load(from: participantsURL, columnOverrides: columnOverrides, sheet: sheet, nameCase: nameCase)
        let templateDir = try resources.templateDirectory(named: event.template)
        let template = try Template.load(from: templateDir)
        try template.checkPlaceholders(columns: list.header, path: templateDir.appendingPathComponent(Template.fileName).path)

        var items: [Item] = []
        items.reserveCapacity(list.participants.count)
        var fileOwners: [String: String] = [:]
        for (k, participant) in list.participants.enumerated() {
            let serial = event.serial.serial(for: k + 1)
            let file = FileOutput.safeFileName(forSerial: serial)
            if let other = fileOwners[file] {
                throw ECertError.invalidEvent(path: "serial", reason: "serials \"\(other)\" and \"\(serial)\" give the same file name \(file); make the serial pattern's fixed part unique")
            }
            fileOwners[file] = serial
            items.append(Item(sequence: k + 1, serial: serial, fileName: file, participant: participant))
        }
        return BatchPlan(
            event: event, participantsPath: participantsURL.path,
            inputSHA256: try Digest256.sha256Hex(fileAt: participantsURL),
            rowsRead: list.rowsRead, problems: list.problems, items: items, template: template,
            templateHashes: .init(name: event.template, files: try Resources.hashes(ofFilesIn: templateDir)),
            fontHashes: .init(name: "fonts", files: try Resources.hashes(ofFilesIn: resources.fontsDirectory, extensions: Resources.fontExtensions)),
            rejected: list.rejected, header: list.header, source: list.source, warnings: list.warnings, nameCase: nameCase)
    }

    /// The claims, payload and drawing instructions of one certificate.
    public func content(for item: Item, key: IssuerPrivateKey) throws -> (CertificateContent, SignedPayload) {
        let facts = event.facts
        let claims = CertificateClaims(
            keyID: key.publicKey.keyID, eventID: facts.eventID, date: event.date,
            participantDigest: CertificateClaims.participantDigest(for: item.participant.id), serial: item.serial, name: item.participant.name)
        let payload = try SignedPayload.sign(claims, with: key)
        return (content(for: item, payloadText: payload.text), payload)
    }

    /// The drawing instructions of a certificate whose payload is already signed (e.g. from its
    /// manifest record), without signing again.
    public func content(for item: Item, payloadText: String) -> CertificateContent {
        CertificateContent.make(
            event: event, serial: item.serial, name: item.participant.name, participantID: item.participant.id,
            columns: item.participant.columns, payloadText: payloadText)
    }

    /// Document information of the `--combined` print PDF.
    public var combinedMetadata: PDFMetadata {
        PDFMetadata(title: "Sertifikat — \(event.title)", author: event.issuer, subject: event.title, creationDate: event.date.iso + "T00:00:00")
    }

    /// Values that are the same on every certificate of the batch.
    public var eventValues: [String: String] {
        event.certificateValues
    }
}
