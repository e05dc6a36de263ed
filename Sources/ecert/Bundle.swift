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
            let dir = URL(fileURLWithPath: directory)
            let manifestURL = dir.appendingPathComponent(Manifest.fileName)
            let keys = try pub.flatMap { try TrustList.readKeys(at: URL(fileURLWithPath: $0)) }
            let manifest = try Manifest.load(from: manifestURL)
            let batch = try manifest.verified(trusting: keys)
            if let problem = batch.problems.sorted(by: { $0.key < $1.key }).first {
                throw ECertError.inconsistentSignedFile(path: manifestURL.path, problems: ["record \(problem.key): \(problem.value)"])
            }
            // The revocation list of this moment travels with every bundle.
            let listURL = dir.appendingPathComponent(RevocationList.fileName)
            let list = FileManager.default.fileExists(atPath: listURL.path) ? try VerifiedRevocations.read(at: listURL, trusting: keys) : nil
            let groups = try BundlePlanner.groups(batch: batch, header: manifest.header, revocations: list, column: by, manifestPath: manifestURL.path)
            let outDir = URL(fileURLWithPath: out)
            try prepare(outDir, planned: Set(groups.map(\.fileName)))
            for group in groups {
                try BundleArchive.write(group.bundle, date: batch.body.event.date, pdfDirectory: dir, to: outDir.appendingPathComponent(group.fileName))
                print("\(group.fileName): \(group.bundle.records.count) certificate(s) for \(by) = \"\(group.value)\"")
            }
            print("Wrote \(groups.count) bundle(s) with \(batch.records.count) certificates → \(out)")
        } catch {
            throw fail(error)
        }
    }

    /// Like `issue --out`: the folder must be new, empty, or hold only the bundles this run writes.
    private func prepare(_ dir: URL, planned: Set<String>) throws {
        var isDir: ObjCBool = false
        let fm = FileManager.default
        if fm.fileExists(atPath: dir.path, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw ECertError.outputNotUsable(path: dir.path, reason: "is a file, not a folder; choose a folder name for --out")
            }
            let foreign = try fm.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") && !planned.contains($0) }.sorted()
            guard foreign.isEmpty else {
                throw ECertError.outputNotUsable(
                    path: dir.path,
                    reason: "already holds files this run would not write (\(foreign.prefix(3).joined(separator: ", "))\(foreign.count > 3 ? ", …" : "")); choose a new or empty folder for --out")
            }
        } else {
            try FileOutput.makeFolder(dir)
        }
    }
}
