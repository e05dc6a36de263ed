import Foundation

/// The sample certificate `ecert preview` draws to iterate on a design: a sample (or given) event,
/// a fixed participant ID and a QR code signed with a fixed throw-away key, so it scans but never
/// verifies, and previews are reproducible.
public enum PreviewContent {
    public static let sampleEventText = """
        title: "Pelatihan Implementasi Kurikulum Merdeka: Pembelajaran Berdiferensiasi"
        date: 2025-09-20
        place: Palembang
        issuer: Dinas Pendidikan Provinsi Sumatera Selatan
        serial: "PRATINJAU/2025/{seq:06}"
        verify_url: https://verify.example.org/v
        """

    public static let participantID = "0012345678901234"

    /// The event file at `path`, or the sample event.
    public static func event(at path: String?) throws -> Event {
        try path.map { try Event.load(from: URL(fileURLWithPath: $0)) } ?? Event.parse(sampleEventText, path: "(sample event)")
    }

    /// Certificate 1 of `event` for `name`. Participant columns are unknown here: each placeholder
    /// naming one shows its own name, e.g. "[Asal Sekolah]".
    public static func make(event: Event, template: Template, name: String) throws -> CertificateContent {
        let serial = event.serial.serial(for: 1)
        // Fixed bytes, so previews are reproducible; this key signs nothing else.
        let key = try IssuerPrivateKey(raw: Array(repeating: 0x5A, count: 32))
        var columns: [String: String] = [:]
        for (_, placeholder) in template.placeholderUses where !Template.isBuiltIn(placeholder) {
            let header = placeholder.hasPrefix("column.") ? String(placeholder.dropFirst(7)) : placeholder
            columns[header] = "[\(header)]"
        }
        let claims = CertificateClaims.make(event: event, keyID: key.publicKey.keyID, participantID: participantID, serial: serial, name: name, columns: [:])
        let payload = try SignedPayload.sign(claims, with: key)
        return CertificateContent.make(
            event: event, serial: serial, name: name, participantID: participantID, columns: columns, payloadText: payload.text)
    }
}
