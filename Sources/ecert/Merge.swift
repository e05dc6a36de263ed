import ArgumentParser
import ECertCore
import Foundation

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the folders of `issue --shard K/N` runs into one batch with one signed manifest.",
        discussion: "All N shards of one batch must be given, each once; the merged manifest (and its Merkle root) is the one a single-machine run writes.")

    @Argument(help: "Shard folders written by `ecert issue … --shard K/N` (all N of them, any order).")
    var directories: [String] = []

    @OptionGroup var signing: KeyOptions
    var key: String { signing.key }

    @OptionGroup var output: OutputOptions<MergedBatchOutput>
    var out: String { output.out }

    func validate() throws {
        guard !directories.isEmpty else {
            throw ValidationError("give the shard folders written by `ecert issue … --shard K/N`, all N of them, e.g. ecert merge shard-1 shard-2 --key issuer.key --out final")
        }
        // A folder given twice is refused by the merge itself ("overlaps"), naming both shards.
        for directory in directories {
            try requireNonEmpty(directory, "a shard folder", example: "a folder written by `ecert issue … --shard K/N`")
        }
    }

    func run() throws {
        do {
            let signingKey = try signing.readPrivateKey()
            let result = try BatchMerger.merge(
                directories: directories.map { URL(fileURLWithPath: $0) }, key: signingKey, outputDirectory: URL(fileURLWithPath: out))
            print("Merged \(directories.count) shards: \(result.certificates) certificates, Merkle root \(result.merkleRoot) → \(out)/\(Manifest.fileName)")
        } catch {
            throw fail(error)
        }
    }
}
