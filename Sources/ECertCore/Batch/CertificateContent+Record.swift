import Foundation

extension CertificateContent {
    /// The drawing instructions of one certificate from what the manifest keeps of it. Issuing and
    /// re-issuing both go through here, so a re-issue draws exactly what was issued; it needs the
    /// already-signed payload, never the private key.
    public static func make(event: Event, serial: String, name: String, participantID: String,
                            columns: [String: String], payloadText: String) -> CertificateContent {
        var values = columns
        values.merge(event.participantValues(columns: columns)) { column, _ in column }
        values["name"] = name
        values["id"] = participantID
        values["serial"] = serial
        values.merge(event.certificateValues) { _, event in event }
        let metadata = PDFMetadata(
            title: "Sertifikat \(serial) — \(name)", author: event.issuer,
            subject: event.title, creationDate: event.date.iso + "T00:00:00")
        return CertificateContent(values: values, qrText: QRContent.text(verifyURL: event.verifyURL, payloadText: payloadText), metadata: metadata)
    }

    /// The content of an issued certificate, rebuilt from its manifest record and the batch's event.
    public static func make(record: ManifestRecord, event: Event) throws -> CertificateContent {
        // Decoding checks the stored payload is well-formed before it is printed again.
        _ = try SignedPayload(text: record.payload)
        return make(event: event, serial: record.serial, name: record.name, participantID: record.participantID,
                    columns: record.columns, payloadText: record.payload)
    }
}
