import Foundation

/// Opens the app in the user's browser: only when stdout is a terminal (a person started it) and
/// `xdg-open` is installed; scripts and tests read the printed address instead.
package enum AppBrowser {
    package static func open(_ url: String) {
        guard isatty(STDOUT_FILENO) == 1 else { return }
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard let tool = paths.map({ "\($0)/xdg-open" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = [url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}
