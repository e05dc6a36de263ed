import Foundation

public enum FileOutput {
    /// A file name derived from a serial, safe on every OS: letters, digits, `-` and `_` only;
    /// everything else (`/`, `:`, spaces, non-ASCII) becomes `_`.
    public static func safeFileName(forSerial serial: String, extension ext: String = "pdf") -> String {
        var name = String(serial.unicodeScalars.map { s -> Character in
            let v = s.value
            let ok = (0x30...0x39).contains(v) || (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v) || v == 0x2D || v == 0x5F
            return ok ? Character(s) : "_"
        })
        if name.isEmpty || name.allSatisfy({ $0 == "_" }) { name = "certificate" + name }
        if isWindowsDeviceName(name) { name = "_" + name }
        return String(name.prefix(150)) + "." + ext
    }

    /// Windows reserves these device names whatever follows the first dot: `aux`, `AUX.txt` and
    /// `aux.txt.zip` all name the device, so such a file cannot be unzipped or saved there.
    public static func isWindowsDeviceName(_ name: String) -> Bool {
        let base = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? name
        let trimmed = base.trimmingCharacters(in: .whitespaces).uppercased()
        return windowsDeviceNames.contains(trimmed)
    }

    static let windowsDeviceNames: Set<String> = Set(["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
        + (Array(1...9).map(String.init) + ["¹", "²", "³"]).flatMap { ["COM\($0)", "LPT\($0)"] })

    /// Writes to a hidden temporary name in the same folder, then renames: a reader never sees
    /// a half-written file under its final name.
    public static func writeAtomically(_ bytes: some DataProtocol, to url: URL) throws {
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        do {
            try writeFile(bytes, to: tmp)
            if rename(tmp.path, url.path) != 0 {
                throw ECertError.cannotWrite(path: url.path, reason: "cannot rename into place: " + String(cString: strerror(errno)))
            }
        } catch let error as ECertError {
            try? FileManager.default.removeItem(at: tmp)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw ECertError.cannotWrite(path: url.path, reason: "\(error.localizedDescription)")
        }
    }

    /// Plain open/write/close: no intermediate copy of the bytes.
    private static func writeFile(_ bytes: some DataProtocol, to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ECertError.cannotWrite(path: url.path, reason: "cannot create it: \(String(cString: strerror(errno)))") }
        var failure: Int32 = 0
        for region in bytes.regions where failure == 0 {
            failure = region.withUnsafeBytes { writeAll($0, to: fd) }
        }
        if close(fd) != 0 && failure == 0 { failure = errno }
        guard failure == 0 else { throw ECertError.cannotWrite(path: url.path, reason: "\(String(cString: strerror(failure)))") }
    }

    /// Writes every byte to `fd`, retrying short and interrupted writes; returns 0 or the errno.
    static func writeAll(_ raw: UnsafeRawBufferPointer, to fd: Int32) -> Int32 {
        var offset = 0
        while offset < raw.count {
            let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return 0
    }
}

extension FileOutput {
    /// Creates `url` and any missing parents, with an error that says which part is in the way
    /// (Foundation's says only "The operation could not be completed").
    public static func makeFolder(_ url: URL) throws {
        var path = ""
        for component in url.standardizedFileURL.pathComponents {
            path = component == "/" ? "/" : (path == "/" ? "/" : path + "/") + component
            var info = stat()
            if stat(path, &info) == 0 {
                guard (info.st_mode & S_IFMT) == S_IFDIR else {
                    throw ECertError.outputNotUsable(path: url.path, reason: "\(path) is a file, not a folder; choose another place for --out")
                }
                continue
            }
            guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
                throw ECertError.outputNotUsable(path: url.path, reason: "cannot create the folder \(path) (\(String(cString: strerror(errno))))")
            }
        }
    }
}
