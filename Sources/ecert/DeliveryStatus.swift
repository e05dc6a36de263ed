import ArgumentParser
import ECertCore
import Foundation

struct DeliveryStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delivery",
        abstract: "Print the delivery counts of a batch and write DIR/delivery.csv for the committee.")

    @Argument(help: "Batch folder written by `ecert issue` and sent with `ecert send`.")
    var directory: String

    @OptionGroup var signing: KeyOptions

    func validate() throws {
        try requireNonEmpty(directory, "the batch folder", example: "the folder written by `ecert issue`, e.g. out/batch")
    }

    func run() throws {
        throw fail(ValidationError("not available yet"))
    }
}
