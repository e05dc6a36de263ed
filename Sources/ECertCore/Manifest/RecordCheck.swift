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
        let eventID = header.body.eventID, date = header.body.event.date, key = header.signer
        let found = ParallelMap.map(records) { record in
            problem(record, key: key, eventID: eventID, date: date).map { (record.serial, $0) }
        }
        for case let (serial, text)? in found where out[serial] == nil { out[serial] = text }
        return out
    }

    /// What is wrong with one record, or nil.
    public static func problem(_ record: ManifestRecord, key: IssuerPublicKey, eventID: String, date: EventDate) -> String? {
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
        return nil
    }
}
