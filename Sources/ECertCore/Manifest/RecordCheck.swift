import Foundation

/// The checks every issued record must pass against the signed header it belongs to: its file name
/// is the one derived from its serial, its serial is unique, and its QR payload is signed by the
/// header's signer and says what the record says (serial, name, participant, event, date).
public enum RecordCheck {
    /// Problems by serial, checked on all cores.
    public static func problems(_ records: [ManifestRecord], header: Verified<BatchHeader>) -> [String: String] {
        var out: [String: String] = [:]
        var seen: Set<[UInt8]> = []
        for record in records where !seen.insert(Array(record.serial.utf8)).inserted {
            out[record.serial] = "serial \(record.serial) appears more than once"
        }
        let eventID = header.body.eventID, event = header.body.event, key = header.signer
        let found = ParallelMap.map(records) { record in
            problem(record, key: key, eventID: eventID, event: event).map { (record.serial, $0) }
        }
        for case let (serial, text)? in found where out[serial] == nil { out[serial] = text }
        return out
    }

    /// What is wrong with one record, or nil.
    public static func problem(_ record: ManifestRecord, key: IssuerPublicKey, eventID: String, event: Event) -> String? {
        let date = event.date
        let expectedFile = FileOutput.safeFileName(forSerial: record.serial)
        if record.file != expectedFile {
            return "file is \"\(record.file)\" but serial \(record.serial) gives \"\(expectedFile)\""
        }
        guard let payload = try? SignedPayload(text: record.payload) else { return "its payload cannot be decoded" }
        guard payload.isSigned(by: key) else { return "its payload's signature does not verify with the batch key \(key.keyIDHex)" }
        let c = payload.claims
        if !c.serial.isSameText(as: record.serial) || !c.name.isSameText(as: record.name) || !c.isIssued(toParticipantID: record.participantID) {
            return "its signed payload (serial \(c.serial), name \"\(c.name)\") differs from the record"
        }
        if c.eventID.hexString != eventID { return "its payload names event \(c.eventID.hexString), not the batch's \(eventID)" }
        if c.date != date { return "its payload is dated \(c.date.iso), not the event date \(date.iso)" }
        return creditProblem(record, claims: c, event: event)
    }

    /// A version-2 event's records carry payload version 3 whose credit facts are the event's
    /// (last day, activity, the role's hours) and the record's own role and hours.
    static func creditProblem(_ record: ManifestRecord, claims c: CertificateClaims, event: Event) -> String? {
        if let problem = creditProblem(c, event: event) { return problem }
        guard let credit = c.credit else {
            return record.role != nil || record.hours != nil ? "its record has a role or hours, but its payload has none" : nil
        }
        if record.role != credit.role.word || record.hours != credit.hours {
            return "its record says role \(record.role ?? "(none)") and \(record.hours.map(String.init) ?? "no") JP, but its payload says \(credit.role.word) and \(credit.hours)"
        }
        return nil
    }

    /// Whether the payload's credit facts are those the signed event gives (nil when they are).
    public static func creditProblem(_ c: CertificateClaims, event: Event) -> String? {
        guard let credit = c.credit else {
            return event.isVersion2 ? "its payload has no hours, role or last day, but the event file is version 2" : nil
        }
        guard event.isVersion2 else { return "its payload carries hours and role, but the event of its batch is version 1" }
        if credit.endDate != event.lastDate { return "its payload's last day \(credit.endDate.iso) is not the event's \(event.lastDate.iso)" }
        if credit.activity != ActivityKind(text: event.activity) { return "its payload's activity code \(credit.activity.rawValue) is not the event's" }
        if credit.role != .peserta && event.roles?[credit.role.word] == nil { return "its payload's role \(credit.role.word) is not declared by the event" }
        if credit.hours != event.hours(for: credit.role) { return "its payload gives \(credit.hours) JP, but the event gives a \(credit.role.word) \(event.hours(for: credit.role))" }
        return nil
    }
}
