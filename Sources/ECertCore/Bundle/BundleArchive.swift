import Foundation
import ZIPFoundation

/// Writes and reads district bundles: a ZIP (or its unzipped folder) holding `bundle.json` and
/// the district's PDFs.
///
/// ZIPs are deterministic: entries in a fixed order (bundle.json, then PDFs in manifest order),
/// stored without compression (PDFs are compressed already, and deflate output may differ between
/// zlib versions), every timestamp the event date at 00:00 UTC, permissions 0644.
public enum BundleArchive {
    /// Writes `bundle` and its PDFs (read from `pdfDirectory`) as a ZIP at `url`, atomically.
    public static func write(_ bundle: DistrictBundle, date eventDate: EventDate, pdfDirectory: URL, to url: URL) throws {
        var entries: [(String, Data)] = [(DistrictBundle.fileName, try JCS.pretty(bundle.jsonValue))]
        for proven in bundle.records {
            let pdf = pdfDirectory.appendingPathComponent(proven.record.file)
            guard let data = FileManager.default.contents(atPath: pdf.path) else {
                throw ECertError.fileNotFound(path: pdf.path)
            }
            guard Digest256.sha256Hex(data) == proven.record.sha256 else {
                throw ECertError.invalidManifest(
                    path: pdf.path,
                    reason: "SHA-256 differs from the manifest record of \(proven.record.serial); restore it with `ecert reissue` before bundling")
            }
            entries.append((proven.record.file, data))
        }
        try writeZIP(entries, date: eventDate, to: url)
    }

    /// Writes `entries` (name, bytes) as a deterministic ZIP at `url`, atomically: in the given
    /// order, stored, every timestamp `eventDate` at 00:00 UTC, permissions 0644.
    public static func writeZIP(_ entries: [(String, Data)], date eventDate: EventDate, to url: URL) throws {
        let date = Date(timeIntervalSince1970: TimeInterval(eventDate.daysSinceEpoch) * 86_400)
        let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        try? FileManager.default.removeItem(at: tmp)
        do {
            let archive = try Archive(url: tmp, accessMode: .create)
            for (name, data) in entries {
                try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                                     permissions: 0o644, compressionMethod: .none) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw ECertError.cannotWrite(path: url.path, reason: "the ZIP (\(error.localizedDescription))")
        }
        if rename(tmp.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: tmp)
            throw ECertError.cannotWrite(path: url.path, reason: "cannot rename into place: " + reason)
        }
    }

    /// A bundle as found on disk: its partial manifest and every other file it holds, by name.
    public struct Contents: Sendable {
        public var location: String
        public var bundle: DistrictBundle
        public var files: [String: Data]
    }

    public static func isBundle(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else { return false }
        if isDir.boolValue { return FileManager.default.fileExists(atPath: url.appendingPathComponent(DistrictBundle.fileName).path) }
        return url.pathExtension.lowercased() == "zip"
    }

    /// Limits on what a bundle may expand to, checked before and while extracting (a ZIP header's
    /// sizes may lie): a file at most 128 MiB and 32 times its compressed size plus 1 MiB (ecert
    /// stores entries uncompressed; re-zipped JSON shrinks about 10×, a ZIP bomb 1000×), all files
    /// together at most 1 GiB, at most 100,000 entries.
    public static let maxEntryBytes = 128 << 20
    public static let maxTotalBytes = 1 << 30
    public static let maxEntries = 100_000
    static let maxRatio: UInt64 = 32

    /// Reads a bundle ZIP or an unzipped bundle folder.
    public static func read(at url: URL) throws -> Contents {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else { throw ECertError.fileNotFound(path: url.path) }
        var files: [String: Data] = [:]
        if isDir.boolValue {
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path) where !name.hasPrefix(".") {
                let file = url.appendingPathComponent(name)
                var fileIsDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: file.path, isDirectory: &fileIsDir), fileIsDir.boolValue {
                    files[name + "/"] = Data()
                } else {
                    // Regular files only (a FIFO or a symlink to /dev/zero would hang), each bounded.
                    files[name] = Data(try BoundedFile.read(file, limit: maxEntryBytes))
                }
            }
        } else {
            close(try BoundedFile.openRegular(url).fd)  // never open a FIFO or device as a ZIP
            let archive: Archive
            do {
                archive = try Archive(url: url, accessMode: .read)
            } catch {
                throw ECertError.invalidManifest(path: url.path, reason: "not a readable ZIP file (\(error.localizedDescription))")
            }
            files = try extractBounded(archive, path: url.path)
        }
        guard let json = files.removeValue(forKey: DistrictBundle.fileName) else {
            throw ECertError.invalidManifest(path: url.path, reason: "holds no \(DistrictBundle.fileName); pass a bundle written by `ecert bundle`")
        }
        return Contents(location: url.path, bundle: try DistrictBundle.decode(Array(json), path: "\(url.path): \(DistrictBundle.fileName)"), files: files)
    }

    /// Every entry of `archive`, within the limits above; a bomb is refused with a clear error
    /// before memory fills.
    static func extractBounded(_ archive: Archive, path: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        var total = 0
        var count = 0
        for entry in archive {
            count += 1
            guard count <= maxEntries else {
                throw ECertError.invalidManifest(path: path, reason: "holds more than \(maxEntries) entries; it is not a bundle written by `ecert bundle`")
            }
            guard entry.type == .file else {
                files[entry.path] = Data()
                continue
            }
            let limit = Int(min(UInt64(maxEntryBytes), UInt64(maxTotalBytes - total), entry.compressedSize.multipliedReportingOverflow(by: maxRatio).partialValue + (1 << 20)))
            let tooBig = ECertError.invalidManifest(path: "\(path): \(entry.path)", reason: "expands to more than \(limit) bytes (limits: \(maxEntryBytes >> 20) MiB a file, "
                + "\(maxRatio)× its compressed size, \(maxTotalBytes >> 30) GiB in all); it is not a bundle written by `ecert bundle` — ask the issuer for the original")
            guard entry.uncompressedSize <= UInt64(limit) else { throw tooBig }
            var data = Data()
            do {
                _ = try archive.extract(entry) { chunk in
                    guard data.count + chunk.count <= limit else { throw tooBig }
                    data.append(chunk)
                }
            } catch let error as ECertError {
                throw error
            } catch {
                throw ECertError.invalidManifest(path: "\(path): \(entry.path)", reason: "cannot be extracted (\(error.localizedDescription))")
            }
            total += data.count
            files[entry.path] = data
        }
        return files
    }
}
