import Crypto
import Foundation

/// A CSV file read in chunks instead of whole: the same encodings, delimiters, quoting, errors and
/// line numbers as `TextDecoding` + `CSVTable.parseRecords`, with memory bounded by the chunk size.
/// `sniff` makes one pass (SHA-256, encoding, first non-UTF-8 byte); `CSVRecordStream` then yields
/// the records, and can be opened again for a second pass.
public enum CSVStream {
    // 64 KB: a chunk lives as bytes, text and 4-byte scalars at once (≈ 7× its size); bigger chunks
    // only raise the peak that malloc then keeps.
    public static let defaultChunkSize = 1 << 16

    public struct Format: Sendable, Equatable {
        public var encoding: TextDecoding.Encoding
        public var warning: String?
        public var sha256: String
        /// Size and modification time when sniffed: a later pass refuses a file changed meanwhile.
        public var size: Int
        public var modified: Date?
    }

    /// Reads the whole file once, in chunks: hash, byte-order mark, and the UTF-8 evidence (the
    /// encoding applies to the whole file, so it must be known before parsing).
    public static func sniff(url: URL, path: String, chunkSize: Int = defaultChunkSize) throws -> Format {
        let file = try ChunkReader(url: url, path: path, chunkSize: chunkSize)
        var hasher = SHA256()
        var pending: [UInt8] = []  // bytes not yet counted, starting on a character boundary
        var offset = 0             // file offset of pending[0]
        var head: [UInt8] = []
        var bom: Int?              // 2: UTF-16, 3: UTF-8 BOM, 0: none; nil until 3 bytes are seen
        var evidence = UTF8Evidence()
        var sample: [UInt8] = []
        var size = 0

        func count(final: Bool) {
            let keep = final ? 0 : UTF8Chunks.incompleteTail(pending)
            evidence.consume(pending[..<(pending.count - keep)], at: offset)
            offset += pending.count - keep
            pending.removeFirst(pending.count - keep)
        }
        func bomLength(_ head: [UInt8]) -> Int {
            head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) ? 2 : head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        }

        while let chunk = try file.next() {
            hasher.update(data: chunk)
            size += chunk.count
            if sample.count < UTF8Evidence.sampleSize { sample += chunk.prefix(UTF8Evidence.sampleSize - sample.count) }
            if bom == 2 { continue }
            pending += chunk
            if bom == nil {
                guard pending.count >= 3 else { continue }
                head = Array(pending.prefix(3))
                let length = bomLength(head)
                bom = length
                if length == 2 { pending = []; continue }
                pending.removeFirst(length)
                offset = length
            }
            count(final: false)
        }
        if bom == nil {  // fewer than 3 bytes
            head = pending
            bom = bomLength(head)
            if bom == 2 { pending = [] }
        }
        if bom != 2 { count(final: true) }  // a sequence cut off at the end of the file is invalid
        let sha = Array(hasher.finalize()).hexString
        let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
        if bom == 2 {
            guard (size - 2) % 2 == 0 else {
                throw ECertError.invalidEncoding(path: path, reason: "the file starts with a UTF-16 byte-order mark but has an odd number of bytes (it is cut off)")
            }
            return Format(encoding: head[0] == 0xFF ? .utf16LE : .utf16BE, sha256: sha, size: size, modified: modified)
        }
        if bom == 0, let problem = UTF8Evidence.bomlessUTF16(sample[...]) {
            throw ECertError.invalidEncoding(path: path, reason: problem)
        }
        let (encoding, warning) = try evidence.decision(path: path)
        return Format(encoding: encoding == .utf8 && bom == 3 ? .utf8BOM : encoding, warning: warning, sha256: sha, size: size, modified: modified)
    }

    /// The delimiter `CSVTable.detectDelimiter` picks, found by reading only up to the end of the
    /// first line.
    public static func detectDelimiter(url: URL, path: String, format: Format, chunkSize: Int = defaultChunkSize) throws -> Unicode.Scalar {
        var detector = DelimiterDetector()
        var scalars = try ScalarChunks(url: url, path: path, encoding: format.encoding, chunkSize: chunkSize)
        while !detector.isDone, let chunk = try scalars.next() {
            for c in chunk where !detector.isDone { detector.consume(c) }
        }
        return detector.delimiter
    }
}

/// Raw chunks of a file.
final class ChunkReader {
    private let handle: FileHandle
    private let chunkSize: Int
    let path: String

    init(url: URL, path: String, chunkSize: Int) throws {
        // Only a regular file: a FIFO or /dev/zero behind a symlink would hang or never end.
        let fd: Int32
        do {
            fd = try BoundedFile.openRegular(url).fd
        } catch ECertError.unreadableFile(_, let reason) {
            throw ECertError.unreadableFile(path: path, reason: reason)
        } catch {
            throw ECertError.fileNotFound(path: path)
        }
        self.handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        self.chunkSize = max(1, chunkSize)
        self.path = path
    }

    deinit { try? handle.close() }

    func next() throws -> [UInt8]? {
        let data: Data?
        do {
            data = try handle.read(upToCount: chunkSize)
        } catch {
            throw ECertError.unreadableFile(path: path, reason: "cannot read (\(error.localizedDescription))")
        }
        guard let data, !data.isEmpty else { return nil }
        return [UInt8](data)
    }
}

enum UTF8Chunks {
    /// How many bytes at the end of `bytes` begin a UTF-8 sequence the chunk does not complete.
    static func incompleteTail(_ bytes: [UInt8]) -> Int {
        var i = 1
        while i <= min(3, bytes.count) {
            let b = bytes[bytes.count - i]
            if b & 0xC0 == 0x80 { i += 1; continue }  // continuation byte: look further back
            if b >= 0xC0 {
                let needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                return needed > i ? i : 0
            }
            return 0
        }
        return 0
    }
}

/// The file's text as chunks of Unicode scalars, decoded with a known encoding; sequences cut by a
/// chunk boundary are carried over to the next chunk.
struct ScalarChunks {
    let reader: ChunkReader
    let encoding: TextDecoding.Encoding
    let path: String
    private var carry: [UInt8] = []
    private var pendingHigh: UInt16?
    private var started = false

    init(url: URL, path: String, encoding: TextDecoding.Encoding, chunkSize: Int) throws {
        reader = try ChunkReader(url: url, path: path, chunkSize: chunkSize)
        self.encoding = encoding
        self.path = path
    }

    mutating func next() throws -> [Unicode.Scalar]? {
        while true {
            guard let chunk = try reader.next() else {
                if pendingHigh != nil { throw unpaired() }
                if !carry.isEmpty && encoding == .utf8WithErrors {
                    // A sequence cut off at the end: U+FFFD, as the sniff counted it.
                    defer { carry = [] }
                    return Array(String(decoding: carry, as: UTF8.self).unicodeScalars)
                }
                if !carry.isEmpty && encoding != .utf16LE && encoding != .utf16BE {
                    // Sniffed as UTF-8, so this only happens if the file changed since.
                    throw ECertError.invalidEncoding(path: path, reason: "the file ends inside a UTF-8 character; it changed while being read, run again")
                }
                return nil
            }
            carry += chunk
            if !started {
                let bom = encoding == .utf8BOM ? 3 : encoding == .utf16LE || encoding == .utf16BE ? 2 : 0
                guard carry.count >= bom else { continue }
                carry.removeFirst(bom)
                started = true
            }
            let scalars = try decodeCarry()
            if !scalars.isEmpty { return scalars }
        }
    }

    private mutating func decodeCarry() throws -> [Unicode.Scalar] {
        switch encoding {
        case .utf8, .utf8BOM, .utf8WithErrors:
            let keep = UTF8Chunks.incompleteTail(carry)
            let text = String(decoding: carry[..<(carry.count - keep)], as: UTF8.self)
            carry.removeFirst(carry.count - keep)
            return Array(text.unicodeScalars)
        case .windows1252:
            let text = TextDecoding.windows1252(carry)
            carry.removeAll(keepingCapacity: true)
            return Array(text.unicodeScalars)
        case .utf16LE, .utf16BE:
            let little = encoding == .utf16LE
            var out: [Unicode.Scalar] = []
            out.reserveCapacity(carry.count / 2)
            var k = 0
            while k + 1 < carry.count {
                let unit = little ? UInt16(carry[k]) | UInt16(carry[k + 1]) << 8 : UInt16(carry[k]) << 8 | UInt16(carry[k + 1])
                k += 2
                if let high = pendingHigh {
                    guard (0xDC00...0xDFFF).contains(unit) else { throw unpaired() }
                    pendingHigh = nil
                    out.append(Unicode.Scalar(0x10000 + (UInt32(high - 0xD800) << 10 | UInt32(unit - 0xDC00)))!)
                } else if (0xD800...0xDBFF).contains(unit) {
                    pendingHigh = unit
                } else if let scalar = Unicode.Scalar(unit) {
                    out.append(scalar)
                } else {
                    throw unpaired()
                }
            }
            carry.removeFirst(k)
            return out
        }
    }

    private func unpaired() -> ECertError {
        ECertError.invalidEncoding(path: path, reason: "the file is marked UTF-16 but holds unpaired surrogates (it is damaged)")
    }
}

/// RFC 4180 records of a CSV file, streamed: exactly what `CSVTable.parseRecords` returns for the
/// whole text (blank lines skipped, the line each record starts on), one record at a time.
public struct CSVRecordStream {
    private var scalars: ScalarChunks
    private var parser: CSVRecordParser
    private var ready: [(fields: [String], line: Int)] = []
    private var readyIndex = 0
    private var finished = false

    public var delimiter: Unicode.Scalar { parser.delimiter }

    public init(url: URL, path: String, encoding: TextDecoding.Encoding, delimiter: Unicode.Scalar, chunkSize: Int = CSVStream.defaultChunkSize) throws {
        scalars = try ScalarChunks(url: url, path: path, encoding: encoding, chunkSize: chunkSize)
        parser = CSVRecordParser(delimiter: delimiter, path: path)
    }

    public mutating func next() throws -> (fields: [String], line: Int)? {
        while readyIndex == ready.count {
            readyIndex = 0
            ready = []
            if finished { return nil }
            if let chunk = try scalars.next() {
                for c in chunk { try parser.consume(c) }
            } else {
                finished = true
                try parser.finish()
            }
            swap(&ready, &parser.records)
        }
        defer { readyIndex += 1 }
        return ready[readyIndex]
    }
}
