import ArgumentParser
import ECertCore
import Foundation

struct Revoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Revoke a certificate: add it to the signed revocation list DIR/revocations.json.",
        discussion: """
            Each entry records the serial, the reason, the replacement serial (if a corrected certificate \
            was issued) and the UTC time. The time is the current time unless --at is given; pass --at \
            for byte-identical re-runs. The whole list is re-signed with --key at every change.
            """)

    @Argument(help: "Batch folder written by `ecert issue` (the list is DIR/revocations.json).")
    var directory: String

    @Argument(help: "Serial of the certificate to revoke, e.g. WEB-AI/2025/000007.")
    var serial: String

    @Option(help: "Why it is revoked, shown to everyone who verifies it, e.g. \"Nama salah ketik\".")
    var reason: String

    @Option(help: "Serial of the certificate that replaces it.")
    var replacedBy: String?

    @OptionGroup var signing: KeyOptions
    var key: String { signing.key }

    @OptionGroup var time: TimeOptions
    /// `--at` in canonical form, or nil for now.
    var at: String? { time.at?.text }

    func validate() throws {
        try requireNonEmpty(directory, "the batch folder", example: "the folder written by `ecert issue`, e.g. out/batch")
        try requireNonEmpty(serial, "the serial", example: "the serial of the certificate to revoke, e.g. WEB-AI/2025/000007")
        try requireNonEmpty(reason, "--reason", example: "a short reason everyone who verifies it will see, e.g. --reason \"Nama salah ketik\"")
        try requireNonEmpty(replacedBy, "--replaced-by", example: "the serial of the replacement, or leave it out")
        if let replacedBy, replacedBy.trimmingCharacters(in: .whitespaces) == serial.trimmingCharacters(in: .whitespaces) {
            throw ValidationError("--replaced-by \(replacedBy) is the serial being revoked; give the serial of the certificate that replaces it, or leave --replaced-by out")
        }
    }

    func run() throws {
        do {
            let signingKey = try signing.readPrivateKey()
            let result = try Revoker.revoke(
                directory: URL(fileURLWithPath: directory), serial: serial, reason: reason, replacedBy: replacedBy,
                at: nil, atText: at, key: signingKey)
            for note in result.notes { printError(note) }
            let replacement = result.entry.replacedBy.map { ", replaced by \($0)" } ?? ""
            print("REVOKED \(serial) at \(result.entry.revokedAt) (\(result.entry.reason)\(replacement)) → \(result.url.path), "
                + "\(result.list.entries.count) entr\(result.list.entries.count == 1 ? "y" : "ies"), sequence \(result.list.sequence)")
        } catch {
            throw fail(error)
        }
    }
}
