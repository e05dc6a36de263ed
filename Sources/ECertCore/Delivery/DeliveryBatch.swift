import Foundation

/// The certificates of a batch folder that may reach teachers: the signed records and the
/// corrected certificates of amendments.json, all verified with the issuer key; a revoked one
/// (revocations.json, verified with the same key) or one whose record contradicts its payload is
/// kept with the reason, so it is listed and never published or sent.
public struct DeliveryBatch: Sendable {
    public let verified: VerifiedBatch
    public let records: [ManifestRecord]
    /// Why a certificate is not delivered, by serial.
    public let problems: [String: String]
    public var body: BatchHeader { verified.body }
    public var serials: Set<String> { Set(records.map(\.serial)) }

    public init(directory: URL, trusting key: IssuerPublicKey) throws {
        let batch = try Manifest.verified(at: directory.appendingPathComponent(Manifest.fileName), trusting: [key]).withAmendments(from: directory)
        verified = batch
        records = batch.records + batch.amended
        var problems = batch.problems.mapValues { "the record does not match its signed payload (\($0))" }
        let listURL = directory.appendingPathComponent(RevocationList.fileName)
        if FileManager.default.fileExists(atPath: listURL.path) {
            let list = try VerifiedRevocations.read(at: listURL, trusting: [key])
            for entry in list.entries(eventID: batch.body.eventID, key: key) {
                problems[entry.serial] = "revoked (\(entry.reason))" + (entry.replacedBy.map { ", replaced by \($0)" } ?? "")
            }
        }
        self.problems = problems
    }
}
