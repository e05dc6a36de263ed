import ECertCore
import Foundation

/// The data folder of `ecert app`: the only place it writes. It holds the issuer key (created on
/// first use, mode 0600), the event file, uploads, assets and the issued batches. One app at a
/// time: a lock file held with flock(2) for the life of the process.
package final class AppWorkspace: @unchecked Sendable {
    package let root: URL
    private let lockFD: Int32
    /// True when this run created the key (the page then shows the backup warning first).
    package let keyCreated: Bool

    package static let lockName = ".ecert-app.lock"
    package var keyURL: URL { root.appendingPathComponent("issuer.key") }
    package var publicKeyURL: URL { root.appendingPathComponent("issuer.pub") }
    package var eventURL: URL { root.appendingPathComponent("event.yaml") }
    package var uploads: URL { root.appendingPathComponent("uploads") }
    package var batches: URL { root.appendingPathComponent("batches") }
    /// Signature images and logos; the event file names them as assets/NAME (beside it).
    package var assets: URL { root.appendingPathComponent("assets") }

    package init(root: URL) throws {
        let root = root.standardizedFileURL
        try FileOutput.makeFolder(root)
        let fd = open(root.appendingPathComponent(Self.lockName).path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ECertError.outputNotUsable(path: root.path, reason: "cannot create its lock file (\(String(cString: strerror(errno))))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw AppError.folderInUse(path: root.path)
        }
        self.root = root
        lockFD = fd
        for dir in ["uploads", "batches", "assets"] { try FileOutput.makeFolder(root.appendingPathComponent(dir)) }
        let keyURL = root.appendingPathComponent("issuer.key")
        if FileManager.default.fileExists(atPath: keyURL.path) {
            keyCreated = false
        } else {
            _ = try KeyFile.writeNewKeyPair(IssuerPrivateKey(), privateURL: keyURL)
            keyCreated = true
        }
    }

    deinit { close(lockFD) }

    package func privateKey() throws -> IssuerPrivateKey { try KeyFile.readPrivateKey(at: keyURL) }

    /// The upload `name` inside `uploads/`, after `AppFileName.checked`.
    package func upload(named name: String) throws -> URL {
        uploads.appendingPathComponent(try AppFileName.checked(name))
    }

    /// The picture `name` inside `assets/`: PNG, JPEG or SVG only.
    package func asset(named name: String) throws -> URL {
        let clean = try AppFileName.checked(name)
        guard ["png", "jpg", "jpeg", "svg"].contains((clean as NSString).pathExtension.lowercased()) else {
            throw AppError.badRequest("\(clean): a signature or logo must be a PNG, JPEG or SVG file")
        }
        return assets.appendingPathComponent(clean)
    }

    /// A new, empty batch folder (batches/1, batches/2, …).
    package func newBatchFolder() throws -> URL {
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: batches.path)) ?? []
        let next = (existing.compactMap(Int.init).max() ?? 0) + 1
        let url = batches.appendingPathComponent(String(next))
        try FileOutput.makeFolder(url)
        return url
    }

    /// The batch folder `name` (digits only).
    package func batch(named name: String) throws -> URL {
        guard !name.isEmpty, name.allSatisfy(\.isASCII), name.allSatisfy(\.isNumber) else { throw AppError.badRequest("batch \"\(name)\" is not a batch number") }
        let url = batches.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent(Manifest.fileName).path) else { throw AppError.notFound("batch \(name)") }
        return url
    }
}

/// File names that come from the browser. A name with a path in it ("../x", "a/b", "C:\\x") is
/// refused, not repaired: it is either an attack or a bug. Anything else becomes letters, digits,
/// '.', '-' and '_' only, at most 100 characters, never hidden.
package enum AppFileName {
    package static func checked(_ name: String) throws -> String {
        if name.contains("/") || name.contains("\\") || name.contains("..") {
            throw AppError.badRequest("file name \"\(name)\" contains a path; give a plain file name such as peserta.xlsx")
        }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw AppError.badRequest("file name contains control characters; rename the file")
        }
        var clean = String(name.unicodeScalars.map { s -> Character in
            s.isASCII && (CharacterSet.alphanumerics.contains(s) || s == "." || s == "-" || s == "_") ? Character(s) : "_"
        })
        while clean.hasPrefix(".") { clean.removeFirst() }
        if clean.count > 100 { clean = String(clean.suffix(100)) }
        guard !clean.isEmpty, clean.contains(where: { $0 != "_" && $0 != "." }) else {
            throw AppError.badRequest("file name \"\(name)\" has no usable characters; rename the file, e.g. peserta.xlsx")
        }
        return clean
    }
}
