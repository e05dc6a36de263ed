import Foundation

/// Reads ecert's own data files: only regular files (never a FIFO, a device or /dev/zero behind a
/// symlink, which would hang or exhaust memory), and no larger than `limit`.
public enum BoundedFile {
    /// 4 GiB: a manifest of a few million records.
    public static let defaultLimit = 4 << 30

    /// Opens a file for reading only if it is a regular file: O_NONBLOCK, so a FIFO cannot make the
    /// open itself wait. The caller closes the descriptor.
    public static func openRegular(_ url: URL) throws -> (fd: Int32, size: Int) {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { throw ECertError.fileNotFound(path: url.path) }
            throw ECertError.unreadableFile(path: url.path, reason: String(cString: strerror(code)))
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw ECertError.unreadableFile(path: url.path, reason: "not a regular file (a folder, pipe or device); give the file itself")
        }
        return (fd, Int(info.st_size))
    }

    public static func read(_ url: URL, limit: Int = defaultLimit) throws -> [UInt8] {
        let (fd, size) = try openRegular(url)
        defer { close(fd) }
        guard size <= limit else {
            throw ECertError.unreadableFile(path: url.path, reason: "\(size) bytes is more than the \(limit) this file may have")
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + done, size - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw ECertError.unreadableFile(path: url.path, reason: n == 0 ? "the file shrank while it was read" : String(cString: strerror(errno))) }
            done += n
        }
        return bytes
    }
}
