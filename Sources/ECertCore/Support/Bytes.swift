import Crypto
import Foundation

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal, the form used for hashes in every file ecert writes.
    public var hexString: String {
        var out = ""
        for byte in self {
            out += String(byte, radix: 16).leftPadded(to: 2)
        }
        return out
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}

public enum Hex {
    public static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(chars.count / 2)
        var index = 0
        while index < chars.count {
            guard let hi = nibble(chars[index]), let lo = nibble(chars[index + 1]) else { return nil }
            bytes.append(hi << 4 | lo)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

public enum Digest256 {
    public static func sha256(_ data: some DataProtocol) -> [UInt8] {
        Array(SHA256.hash(data: data))
    }

    public static func sha256Hex(_ data: some DataProtocol) -> String {
        sha256(data).hexString
    }

    /// SHA-256 of a file, streamed so large inputs never sit whole in memory.
    /// Reads with plain `read(2)` into one stack buffer: `FileHandle.read(upToCount:)` allocates
    /// (and the kernel maps and unmaps) a fresh buffer per call, which dominated verifying
    /// thousands of small PDFs.
    /// SHA-256 of a regular file; a FIFO, device or folder (which could block or never end) is refused.
    public static func sha256Hex(fileAt url: URL) throws -> String {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw ECertError.fileNotFound(path: url.path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw ECertError.unreadableFile(path: url.path, reason: "not a regular file (a folder, pipe or device)")
        }
        var hasher = SHA256()
        try withUnsafeTemporaryAllocation(byteCount: 64 * 1024, alignment: 16) { buffer in
            while true {
                let n = read(fd, buffer.baseAddress, buffer.count)
                if n == 0 { return }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ECertError.unreadableFile(path: url.path, reason: String(cString: strerror(errno)))
                }
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            }
        }
        return Array(hasher.finalize()).hexString
    }
}

extension String {
    /// Exact equality of the UTF-8 bytes. Swift's `==` treats canonically equivalent strings
    /// (`é` and `e` + U+0301) as equal; signed data is compared the way every other verifier
    /// compares it: code point by code point.
    public func isSameText(as other: String) -> Bool {
        utf8.elementsEqual(other.utf8)
    }
}
