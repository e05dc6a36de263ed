import Foundation

/// `ecert bundle` (and the app's district download): verifies a batch's manifest with `keys`,
/// groups its records by `column` and writes one ZIP per group into `outDir`.
public enum BundleWriter {
    public static func writeAll(batchDirectory dir: URL, keys: [IssuerPublicKey], column: String, to outDir: URL) throws -> [BundlePlanner.Group] {
        let manifestURL = dir.appendingPathComponent(Manifest.fileName)
        let manifest = try Manifest.load(from: manifestURL)
        let batch = try manifest.verified(trusting: keys)
        if let problem = batch.problems.sorted(by: { $0.key < $1.key }).first {
            throw ECertError.inconsistentSignedFile(path: manifestURL.path, problems: ["record \(problem.key): \(problem.value)"])
        }
        // The revocation list of this moment travels with every bundle.
        let listURL = dir.appendingPathComponent(RevocationList.fileName)
        let list = FileManager.default.fileExists(atPath: listURL.path) ? try VerifiedRevocations.read(at: listURL, trusting: keys) : nil
        let groups = try BundlePlanner.groups(batch: batch, header: manifest.header, revocations: list, column: column, manifestPath: manifestURL.path)
        try prepare(outDir, planned: Set(groups.map(\.fileName)))
        for group in groups {
            try BundleArchive.write(group.bundle, date: batch.body.event.date, pdfDirectory: dir, to: outDir.appendingPathComponent(group.fileName))
        }
        return groups
    }

    /// Like `issue --out`: the folder must be new, empty, or hold only the bundles this run writes.
    static func prepare(_ dir: URL, planned: Set<String>) throws {
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
