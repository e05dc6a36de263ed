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
        // Windows reserves these device names regardless of extension.
        let reserved = ["CON", "PRN", "AUX", "NUL"] + (1...9).flatMap { ["COM\($0)", "LPT\($0)"] }
        if reserved.contains(name.uppercased()) { name = "_" + name }
        return String(name.prefix(150)) + "." + ext
    }

    /// Writes to a hidden temporary name in the same folder, then renames: a reader never sees
    /// a half-written file under its final name.
    public static func writeAtomically(_ bytes: some DataProtocol, to url: URL) throws {
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        do {
            try Data(bytes).write(to: tmp)
            if rename(tmp.path, url.path) != 0 {
                throw ECertError.unreadableFile(path: url.path, reason: String(cString: strerror(errno)))
            }
        } catch let error as ECertError {
            try? FileManager.default.removeItem(at: tmp)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw ECertError.unreadableFile(path: url.path, reason: "cannot write: \(error.localizedDescription)")
        }
    }
}
