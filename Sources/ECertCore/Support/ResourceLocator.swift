import Foundation

/// Finds the folder that holds `templates/` and `fonts/`. `Bundle.module` is not used: on Linux it
/// points into the build folder and traps when the binary is moved.
public struct Resources: Sendable {
    public let root: URL

    public var templatesDirectory: URL { root.appendingPathComponent("templates") }
    public var fontsDirectory: URL { root.appendingPathComponent("fonts") }

    public func templateDirectory(named name: String) throws -> URL {
        if let problem = EventFieldRules.templateNameProblem(name) {
            throw ECertError.invalidTemplate(path: templatesDirectory.appendingPathComponent(name).path, element: nil, reason: problem)
        }
        let dir = templatesDirectory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: dir.appendingPathComponent(Template.fileName).path) else {
            let known = (try? FileManager.default.contentsOfDirectory(atPath: templatesDirectory.path).sorted()) ?? []
            throw ECertError.invalidTemplate(path: dir.path, element: nil, reason: "no such template; bundled templates: \(known.joined(separator: ", "))")
        }
        return dir
    }

    /// The folders of `templates/` holding a template.yaml, sorted by name.
    public func templateNames() throws -> [String] {
        let fm = FileManager.default
        do {
            return try fm.contentsOfDirectory(atPath: templatesDirectory.path).sorted()
                .filter { fm.fileExists(atPath: templatesDirectory.appendingPathComponent($0).appendingPathComponent(Template.fileName).path) }
        } catch {
            throw ECertError.unreadableFile(path: templatesDirectory.path, reason: "cannot list the folder: \(error.localizedDescription)")
        }
    }

    public init(root: URL) { self.root = root }

    /// Search order: the explicit folder, `ECERT_RESOURCES`, beside the executable (and its
    /// `../share/ecert`), the source tree this binary was built from, the current folder.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: URL = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath(),
                              sourceFile: String? = nil) throws -> Resources {
        var candidates: [(URL, Bool)] = []
        if let explicit { candidates.append((URL(fileURLWithPath: explicit), true)) }
        if let env = environment["ECERT_RESOURCES"], !env.isEmpty { candidates.append((URL(fileURLWithPath: env), true)) }
        let exeDir = executable.deletingLastPathComponent()
        candidates.append((exeDir, false))
        candidates.append((exeDir.appendingPathComponent("../share/ecert").standardized, false))
        // Sources/ECertCore/Support/ResourceLocator.swift → the package root, four levels up.
        // #filePath here, not as the default argument: a default is filled in at the call site,
        // which would make this the caller's file (Sources/ecert/…, one level less deep).
        var source = URL(fileURLWithPath: sourceFile ?? #filePath)
        for _ in 0..<4 { source.deleteLastPathComponent() }
        candidates.append((source, false))
        candidates.append((URL(fileURLWithPath: FileManager.default.currentDirectoryPath), false))

        for (dir, mustHold) in candidates {
            if holdsResources(dir) { return Resources(root: dir) }
            // A folder named explicitly that lacks them is an error, not something to skip.
            if mustHold {
                throw ECertError.resourceNotFound(kind: "templates/ and fonts/", searched: [dir.path])
            }
        }
        throw ECertError.resourceNotFound(kind: "templates/ and fonts/", searched: candidates.map(\.0.path))
    }

    static func holdsResources(_ dir: URL) -> Bool {
        var isDir: ObjCBool = false
        let fm = FileManager.default
        return fm.fileExists(atPath: dir.appendingPathComponent("templates").path, isDirectory: &isDir) && isDir.boolValue
            && fm.fileExists(atPath: dir.appendingPathComponent("fonts").path, isDirectory: &isDir) && isDir.boolValue
    }

    /// Font files fontconfig loads: only these shape the PDF bytes (a README or licence edit does not).
    public static let fontExtensions: Set<String> = ["ttf", "otf", "ttc"]

    /// SHA-256 of every regular file in a folder (names relative to it, sorted), for the manifest.
    public static func hashes(ofFilesIn dir: URL, extensions: Set<String>? = nil) throws -> [String: String] {
        let fm = FileManager.default
        guard let enumerator = fm.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw ECertError.fileNotFound(path: dir.path)
        }
        var out: [String: String] = [:]
        let base = dir.standardizedFileURL.path + "/"
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            if let extensions, !extensions.contains(url.pathExtension.lowercased()) { continue }
            let path = url.standardizedFileURL.path
            out[path.hasPrefix(base) ? String(path.dropFirst(base.count)) : url.lastPathComponent] = try Digest256.sha256Hex(fileAt: url)
        }
        return out
    }
}
