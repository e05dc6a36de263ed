import Foundation

/// `ecert merge`: joins the folders of `--shard K/N` runs into one batch folder whose signed manifest
/// is the one a single-machine run writes (same records, same Merkle root, same bytes).
public enum BatchMerger {
    public struct Result: Sendable {
        public var certificates: Int
        public var merkleRoot: String
    }

    public static func merge(directories: [URL], key: IssuerPrivateKey, outputDirectory: URL) throws -> Result {
        guard !directories.isEmpty else {
            throw ECertError.mergeRefused(path: outputDirectory.path, reason: "no shard folders given; name every folder written by `ecert issue … --shard K/N`")
        }
        let publicKey = key.publicKey
        var parts: [Part] = []
        for dir in directories {
            let url = dir.appendingPathComponent(ShardManifest.fileName)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw ECertError.mergeRefused(path: dir.path, reason: "has no \(ShardManifest.fileName), so its shard is not finished (or it is not a shard folder); run its `ecert issue … --shard K/N` command to the end first")
            }
            // Every part must be signed by this key; nothing in it is used before that is checked.
            let verified: (header: Verified<ShardHeader>, batch: VerifiedBatch)
            do {
                verified = try ShardManifest.load(from: url).verified(trusting: [publicKey])
            } catch ECertError.untrustedSigner(_, let keyID, _) {
                throw ECertError.mergeRefused(path: dir.path, reason: "its \(ShardManifest.fileName) is signed by key \(keyID), not by the key given with --key (key ID \(publicKey.keyIDHex)); merge only shards issued with that key")
            }
            if let problem = verified.batch.problems.values.sorted().first {
                throw ECertError.mergeRefused(path: dir.path, reason: "a record is inconsistent (\(problem)); reissue this shard")
            }
            parts.append(Part(dir: dir, header: verified.header.body, records: verified.batch.records))
        }
        let sorted = try checkCoverage(parts, outputDirectory: outputDirectory)

        // Every PDF must be there with the recorded SHA-256.
        let files = sorted.flatMap { part in part.records.map { (part.dir, $0) } }
        let bad = ParallelMap.map(files) { dir, record -> String? in
            let sha = try? Digest256.sha256Hex(fileAt: dir.appendingPathComponent(record.file))
            return sha == record.sha256 ? nil : dir.appendingPathComponent(record.file).path
        }.compactMap { $0 }
        if !bad.isEmpty {
            throw ECertError.mergeRefused(path: bad[0], reason: "\(bad.count) certificate file(s) are missing or differ from their shard.json record; reissue that shard")
        }

        try prepareEmptyFolder(outputDirectory)
        for (dir, record) in files {
            let target = outputDirectory.appendingPathComponent(record.file)
            guard FileManager.default.fileExists(atPath: target.path) == false else {
                throw ECertError.mergeRefused(path: target.path, reason: "two shards write the same file; merge only the N shards of one batch")
            }
            // Write under a hidden name, then rename, as `issue` does.
            try FileOutput.writeAtomically(try BoundedFile.read(dir.appendingPathComponent(record.file)), to: target)
        }
        let records = files.map(\.1)
        var header = sorted[0].header.batch
        header.counts.issued = records.count
        header.counts.tallyCredit(BatchHeader.CreditTally(records))
        let signed = try ManifestWriter.write(header: header, records: records, key: key, to: outputDirectory.appendingPathComponent(Manifest.fileName))
        return Result(certificates: records.count, merkleRoot: signed.body.merkleRoot)
    }

    struct Part {
        var dir: URL
        var header: ShardHeader
        var records: [ManifestRecord]
    }

    /// The parts must be of one batch and be exactly shards 1…N, each once, covering every position once.
    static func checkCoverage(_ parts: [Part], outputDirectory: URL) throws -> [Part] {
        let first = parts[0].header
        for part in parts {
            let a = part.header.batch, b = first.batch
            let same = a.input == b.input && a.event == b.event && a.template == b.template && a.fonts == b.fonts
                && a.generator == b.generator && part.header.shard.count == first.shard.count && part.header.shard.total == first.shard.total
                && a.counts.rowsRead == b.counts.rowsRead && a.counts.valid == b.counts.valid && a.counts.rejected == b.counts.rejected
                && a.funnel == b.funnel && a.nameCase == b.nameCase
            guard same else {
                throw ECertError.mergeRefused(path: part.dir.path, reason: "belongs to a different batch than \(parts[0].dir.path) (input, event, template, fonts or shard count differ); merge only the N shards of one batch")
            }
        }
        let sorted = parts.sorted { $0.header.shard.index < $1.header.shard.index }
        var seen: [Int: URL] = [:]
        for part in sorted {
            if let other = seen[part.header.shard.index] {
                throw ECertError.mergeRefused(path: part.dir.path, reason: "overlaps \(other.path): both hold shard \(part.header.shard.index)/\(part.header.shard.count); give each shard once")
            }
            seen[part.header.shard.index] = part.dir
        }
        let missing = (1...first.shard.count).filter { seen[$0] == nil }
        guard missing.isEmpty else {
            throw ECertError.mergeRefused(path: outputDirectory.path, reason: "gap: shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(first.shard.count)" }.joined(separator: ", ")) missing; issue \(missing.count == 1 ? "it" : "them") and name every folder")
        }
        var position = 0
        for part in sorted {
            let s = part.header.shard
            guard s.first == position, s.end >= s.first, part.records.count == s.end - s.first else {
                throw ECertError.mergeRefused(path: part.dir.path, reason: "shard \(s.index)/\(s.count) covers rows \(s.first)..<\(s.end) with \(part.records.count) records, which leaves a gap or overlap after row \(position); reissue this shard")
            }
            position = s.end
        }
        guard position == first.shard.total else {
            throw ECertError.mergeRefused(path: outputDirectory.path, reason: "the shards cover \(position) of \(first.shard.total) certificates; reissue the missing ones")
        }
        return sorted
    }

    static func prepareEmptyFolder(_ dir: URL) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: dir.path, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw ECertError.outputNotUsable(path: dir.path, reason: "is a file, not a folder; choose a folder name for --out")
            }
            let entries = try fm.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }
            guard entries.isEmpty else {
                throw ECertError.outputNotUsable(path: dir.path, reason: "is not empty; choose a new or empty folder for --out")
            }
        } else {
            try FileOutput.makeFolder(dir)
        }
    }
}

/// Maps over an array with all cores, keeping the order of results.
public enum ParallelMap {
    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let results = ResultSlots<R>(items.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, items.count))
        let chunk = max(1, (items.count + workers - 1) / workers)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let start = w * chunk, end = min(items.count, start + chunk)
            guard start < end else { return }
            for i in start..<end { results.set(i, transform(items[i])) }
        }
        return results.values.map { $0! }
    }
}

/// One slot per index; each index is written by exactly one worker, under a lock.
final class ResultSlots<R>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [R?]
    init(_ n: Int) { values = Array(repeating: nil, count: n) }
    func set(_ i: Int, _ value: R) {
        lock.lock()
        values[i] = value
        lock.unlock()
    }
}
