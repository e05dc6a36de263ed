import Foundation

/// A batch checked while its manifest streams by (`ManifestStream`): the header is verified first
/// (signature, consistency), then every record chunk by chunk — its Merkle leaf, its own payload
/// signature and fields (`RecordCheck.problem`) — and `finish()` proves the count and Merkle root
/// and finds duplicate serials. Nothing `next()` returns may be trusted before `finish()` returns.
///
/// Memory: one chunk of records, the Merkle stack, and two sorted sets of 16-byte digests (of each
/// record's serial and file name; `DigestSet`): 32 bytes per record, 32 MB for a million records.
/// That is what duplicate detection and the "unlisted file" check need at the least in memory.
/// Used by one thread; shared read-only once `finish()` returned.
public final class StreamedBatch: @unchecked Sendable {
    public let header: Verified<BatchHeader>
    public let path: String
    private let stream: ManifestStream
    private var merkle = MerkleAccumulator()
    /// SHA-256 (first 16 bytes) of each record's serial (UTF-8) and of its file name.
    private var serials = DigestSet(), files = DigestSet()
    private var finished = false
    public static let chunk = 4096

    /// Opens `manifest.json` and verifies its header against `trustedKeys`.
    public convenience init(manifest url: URL, trusting trustedKeys: [IssuerPublicKey]) throws {
        let stream = try ManifestStream(url: url, format: Manifest.format, version: Manifest.version)
        let header = try SignedDocument<BatchHeader>(value: stream.header, path: url.path + " (header)")
            .verified(trusting: trustedKeys, path: url.path).consistent(path: url.path)
        self.init(stream: stream, header: header)
    }

    init(stream: ManifestStream, header: Verified<BatchHeader>) {
        self.stream = stream
        self.header = header
        path = stream.path
    }

    /// Records read so far.
    public var count: Int { stream.count }

    /// The next chunk of records, each with what is wrong with it on its own (nil: nothing); empty
    /// at the end. Decoding and checking run on all cores.
    public func next() throws -> [(record: ManifestRecord, problem: String?)] {
        let read = try stream.next(upTo: Self.chunk)
        let key = header.signer, eventID = header.body.eventID, event = header.body.event
        let checked = ParallelMap.map(read) { item in
            (leaf: MerkleTree.leafHash(item.canonical), problem: RecordCheck.problem(item.record, key: key, eventID: eventID, event: event),
             serial: DigestSet.Digest(Array(item.record.serial.utf8)), file: DigestSet.Digest(Array(item.record.file.utf8)))
        }
        for c in checked {
            merkle.append(leafHash: c.leaf)
            serials.append(c.serial)
            files.append(c.file)
        }
        return zip(read, checked).map { ($0.record, $1.problem) }
    }

    /// After the last chunk: the records must be exactly the signed ones (count and Merkle root).
    /// Returns a problem for each serial that appears more than once, by serial.
    public func finish() throws -> [String: String] {
        precondition(!finished, "finish() once")
        finished = true
        guard stream.count == header.body.treeSize else {
            throw ECertError.inconsistentSignedFile(path: path, problems: ["holds \(stream.count) records but its signed header says \(header.body.treeSize)"])
        }
        let root = merkle.root.hexString
        guard root == header.body.merkleRoot else {
            throw ECertError.inconsistentSignedFile(path: path, problems: ["the records give Merkle root \(root), not the signed \(header.body.merkleRoot): a record was changed, added, removed or reordered"])
        }
        serials.seal()
        files.seal()
        let repeated = serials.repeated()
        guard !repeated.isEmpty else { return [:] }
        // Rare (the issuer signed a bad batch): one more pass names them.
        var out: [String: String] = [:]
        let again = try ManifestStream(url: URL(fileURLWithPath: path), format: Manifest.format, version: Manifest.version)
        while case let records = try again.next(upTo: Self.chunk), !records.isEmpty {
            for r in records where repeated.contains(DigestSet.Digest(Array(r.record.serial.utf8))) {
                out[r.record.serial] = "serial \(r.record.serial) appears more than once"
            }
        }
        return out
    }

    /// Whether a record has this serial (after `finish()`).
    public func contains(serial: String) -> Bool { serials.contains(DigestSet.Digest(Array(serial.utf8))) }

    /// Whether a record names this file (after `finish()`).
    public func lists(file: String) -> Bool { files.contains(DigestSet.Digest(Array(file.utf8))) }
}

/// 16-byte digests (SHA-256, first half), sorted once all are in: 16 bytes each.
struct DigestSet {
    struct Digest: Hashable, Comparable, Sendable {
        var hi: UInt64, lo: UInt64

        init(_ bytes: [UInt8]) {
            let d = Digest256.sha256(bytes)
            (hi, lo) = (0, 0)
            for k in 0..<8 { hi = hi << 8 | UInt64(d[k]); lo = lo << 8 | UInt64(d[8 + k]) }
        }

        static func < (a: Digest, b: Digest) -> Bool { (a.hi, a.lo) < (b.hi, b.lo) }
    }

    private var items: [Digest] = []
    private var sealed = false

    mutating func append(_ d: Digest) { items.append(d) }

    mutating func seal() {
        items.sort()
        sealed = true
    }

    /// The digests that occur more than once.
    func repeated() -> Set<Digest> {
        var out: Set<Digest> = []
        for k in items.indices.dropFirst() where items[k] == items[k - 1] { out.insert(items[k]) }
        return out
    }

    func contains(_ d: Digest) -> Bool {
        precondition(sealed, "look up after seal()")
        var low = 0, high = items.count
        while low < high {
            let mid = (low + high) / 2
            if items[mid] < d { low = mid + 1 } else { high = mid }
        }
        return low < items.count && items[low] == d
    }
}
