import ArgumentParser
import ECertCore
import Foundation

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the folders of `issue --shard K/N` runs into one batch with one signed manifest.",
        discussion: "All N shards of one batch must be given, each once; the merged manifest (and its Merkle root) is the one a single-machine run writes.")

    @Argument(help: "Shard folders written by `ecert issue … --shard K/N` (all N of them, any order).")
    var directories: [String]

    @Option(help: "Private key the shards were issued with (`ecert keygen`).")
    var key: String

    @Option(help: "Output folder for the merged batch: new or empty.")
    var out: String

    func run() throws {
        do {
            let signingKey = try KeyFile.readPrivateKey(at: URL(fileURLWithPath: key))
            let result = try BatchMerger.merge(
                directories: directories.map { URL(fileURLWithPath: $0) }, key: signingKey, outputDirectory: URL(fileURLWithPath: out))
            print("Merged \(directories.count) shards: \(result.certificates) certificates, Merkle root \(result.merkleRoot) → \(out)/\(Manifest.fileName)")
        } catch {
            throw fail(error)
        }
    }
}
