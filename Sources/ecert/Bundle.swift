import ArgumentParser
import ECertCore
import Foundation

struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Split a batch into one ZIP per district, each verifiable on its own.",
        discussion: """
            Each ZIP holds that district's PDFs and bundle.json: its records only, a Merkle inclusion proof for \
            each against the batch's signed root, and the batch's signed header. Check one with \
            `ecert verify BUNDLE.zip --pub issuer.pub`.
            Example: ecert bundle out/batch --by "Kabupaten/Kota" --out out/bundles
            """)

    @Argument(help: "Batch folder written by `ecert issue`.")
    var directory: String

    @Option(help: "Column to split by, as in the participant list header, e.g. \"Kabupaten/Kota\".")
    var by: String

    @OptionGroup var output: OutputOptions<BundlesOutput>
    var out: String { output.out }

    func validate() throws {
        try requireNonEmpty(directory, "the batch folder", example: "the folder written by `ecert issue`, e.g. out/batch")
        try requireNonEmpty(by, "--by", example: "a column of the participant list header, e.g. --by \"Kabupaten/Kota\"")
    }

    /// The manifest is verified with these keys before anything in it is bundled.
    @OptionGroup var trust: TrustOptions
    var pub: [String] { trust.pub }

    func run() throws {
        do {
            let keys = try pub.flatMap { try TrustList.readKeys(at: URL(fileURLWithPath: $0)) }
            let groups = try BundleWriter.writeAll(batchDirectory: URL(fileURLWithPath: directory), keys: keys, column: by, to: URL(fileURLWithPath: out))
            for group in groups {
                print("\(group.fileName): \(group.bundle.records.count) certificate(s) for \(by) = \"\(group.value)\"")
            }
            print("Wrote \(groups.count) bundle(s) with \(groups.reduce(0) { $0 + $1.bundle.records.count }) certificates → \(out)")
        } catch {
            throw fail(error)
        }
    }
}
