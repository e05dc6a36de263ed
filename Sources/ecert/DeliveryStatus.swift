import ArgumentParser
import ECertCore
import Foundation

struct DeliveryStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delivery",
        abstract: "Print the delivery counts of a batch and write DIR/delivery.csv for the committee.",
        discussion: """
            delivery.csv has one row per certificate: serial, name, email, state (queued, skipped, sent, deferred, \
            failed, uncertain, bounced, or "not queued" before the first `ecert send`), attempts, updated_at, the server's \
            reply or the reason, and the Message-ID. Values a spreadsheet would read as formulas are prefixed with '.
            """)

    @Argument(help: "Batch folder written by `ecert issue` and sent with `ecert send`.")
    var directory: String

    @OptionGroup var signing: KeyOptions

    func validate() throws {
        try requireNonEmpty(directory, "the batch folder", example: "the folder written by `ecert issue`, e.g. out/batch")
    }

    func run() throws {
        do {
            let batch = try signing.verifiedBatch(directory)
            // Before the first `ecert send` there is no ledger, and reading one must not create it.
            let exists = FileManager.default.fileExists(atPath: URL(fileURLWithPath: directory).appendingPathComponent(DeliveryLedger.fileName).path)
            let ledger = exists ? try signing.ledger(directory, batch: batch) : nil
            let counts = ledger?.counts() ?? [:]
            let url = URL(fileURLWithPath: directory).appendingPathComponent(DeliveryFiles.report)
            try FileOutput.writeAtomically(DeliveryLedger.report(batch: batch, statuses: ledger?.statuses ?? [:]).data, to: url)
            let notQueued = batch.records.count - counts.values.reduce(0, +)
            var parts = DeliveryLedger.State.allCases.compactMap { state in counts[state].map { "\(state.rawValue) \(grouping($0))" } }
            if notQueued > 0 { parts.append("not queued \(grouping(notQueued))") }
            print("\(grouping(batch.records.count)) certificate(s): \(parts.joined(separator: ", ")). Wrote \(url.path).")
        } catch {
            throw fail(error)
        }
    }
}
