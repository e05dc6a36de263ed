import Foundation

/// Finished records of a running batch, in input order, on disk instead of in memory: a hidden
/// `.records.tmp` in the output folder (removed when the manifest is written; a killed run's copy
/// is simply overwritten). Each record is stored as a length-prefixed blob of its canonical JSON.
/// The Merkle root is accumulated as records arrive.
public final class RecordSpool {
    public static let fileName = ".records.tmp"

    public let url: URL
    private let fd: Int32
    private var buffer: [UInt8] = []
    public private(set) var merkle = MerkleAccumulator()
    public var count: Int { merkle.count }

    public init(directory: URL) throws {
        url = directory.appendingPathComponent(Self.fileName)
        fd = open(url.path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ECertError.outputNotUsable(path: url.path, reason: "cannot create the record spool (\(String(cString: strerror(errno)))); check the folder's permissions and free space")
        }
        buffer.reserveCapacity(Self.flushSize + 65536)
    }

    deinit { close(fd) }

    static let flushSize = 1 << 20

    public func append(_ record: EncodedRecord) throws {
        merkle.append(leafHash: record.leafHash)
        Self.appendLength(record.canonical.count, to: &buffer)
        buffer += record.canonical
        if buffer.count >= Self.flushSize { try flush() }
    }

    public func flush() throws {
        let failure = buffer.withUnsafeBytes { FileOutput.writeAll($0, to: fd) }
        guard failure == 0 else {
            throw ECertError.outputNotUsable(path: url.path, reason: "cannot write the record spool (\(String(cString: strerror(failure)))); free some disk space and run again")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Reads the records back from the start (after `flush`).
    public func reader() -> Reader { Reader(fd: fd, path: url.path) }

    public func remove() { unlink(url.path) }

    static func appendLength(_ n: Int, to out: inout [UInt8]) {
        let v = UInt32(n)
        out += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
    }

    /// Sequential reader with a 1 MB window (`pread`, so the writer's offset is untouched).
    public struct Reader: EncodedRecordSource {
        let fd: Int32
        let path: String
        var fileOffset: off_t = 0
        var window: [UInt8] = []
        var position = 0

        mutating func bytes(_ n: Int) throws -> [UInt8]? {
            while window.count - position < n {
                window.removeSubrange(0..<position)
                position = 0
                var chunk = [UInt8](repeating: 0, count: max(RecordSpool.flushSize, n))
                let got = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, fileOffset) }
                if got < 0 {
                    if errno == EINTR { continue }
                    throw ECertError.outputNotUsable(path: path, reason: "cannot read the record spool (\(String(cString: strerror(errno))))")
                }
                if got == 0 {
                    guard window.isEmpty else {
                        throw ECertError.outputNotUsable(path: path, reason: "the record spool ends inside a record; run the same command again")
                    }
                    return nil
                }
                fileOffset += off_t(got)
                window += chunk[0..<got]
            }
            defer { position += n }
            return Array(window[position..<position + n])
        }

        mutating func blob() throws -> [UInt8]? {
            guard let length = try bytes(4) else { return nil }
            let n = Int(length[0]) | Int(length[1]) << 8 | Int(length[2]) << 16 | Int(length[3]) << 24
            guard let data = try bytes(n) else {
                throw ECertError.outputNotUsable(path: path, reason: "the record spool ends inside a record; run the same command again")
            }
            return data
        }

        public mutating func next() throws -> EncodedRecord? {
            guard let canonical = try blob() else { return nil }
            return EncodedRecord(canonical: canonical)
        }
    }
}
