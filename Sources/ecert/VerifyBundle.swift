import ECertCore
import Foundation

/// A district bundle's result (`ecert verify BUNDLE.zip`): the batch header signature, every
/// inclusion proof, every PDF and payload, plus serials on a given revocation list.
struct BundleVerdict: Encodable {
    var item: String
    var status: String
    var column: String
    var value: String
    var certificates: Int
    var batchSize: Int
    var merkleRoot: String
    var findings: [String]
    var revoked: [RevocationEntry]

    init(url: URL, keys: [IssuerPublicKey], lists: [VerifiedRevocations]) throws {
        let report = try BundleVerifier.verify(at: url, trustedKeys: keys)
        let serials = Set(report.serials)
        item = url.path
        column = report.column
        value = report.value
        certificates = report.certificates
        batchSize = report.batchSize
        merkleRoot = report.merkleRoot
        findings = report.findings.map(\.description)
        // The bundle's own list (as of its making) and any list given or found beside it.
        var revoked = report.revoked
        if let key = report.signer, let eventID = report.eventID {
            for entry in lists.flatMap({ $0.entries(eventID: eventID, key: key) }) where serials.contains(entry.serial) && !revoked.contains(entry) {
                revoked.append(entry)
            }
        }
        self.revoked = revoked
        status = !findings.isEmpty ? "INVALID" : revoked.isEmpty ? "VALID" : "REVOKED"
    }

    func printText() {
        for finding in findings { print(finding) }
        for entry in revoked {
            print("REVOKED   \(entry.serial) at \(entry.revokedAt): \(entry.reason)\(entry.replacedBy.map { ", replaced by \($0)" } ?? "")")
        }
        switch status {
        case "VALID":
            print("VALID: \(certificates) certificates for \(column) = \"\(value)\" in \(item); batch header signature, "
                + "\(certificates) inclusion proof(s) against Merkle root \(merkleRoot.prefix(16))… (batch of \(batchSize)) and every PDF check out.")
        case "REVOKED":
            print("REVOKED: \(revoked.count) of \(certificates) certificates in \(item) are revoked; the rest check out.")
        default:
            print("INVALID: \(findings.count) problem(s) in \(item).")
        }
    }
}
