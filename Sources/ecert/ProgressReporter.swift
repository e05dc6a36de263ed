import Foundation

/// Progress of `issue` on stderr: on a terminal a bar with count, rate and ETA redrawn at most ten
/// times a second; otherwise (logs, CI) one line every 5 % or 10 s. Silent with `--quiet`.
/// Called from any worker thread.
final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let quiet: Bool
    private let isTerminal: Bool
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var lastLogPercent = 0
    private var lastLogTime = Date()
    private var drewBar = false

    init(total: Int, quiet: Bool, isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.total = total
        self.quiet = quiet
        self.isTerminal = isTerminal
    }

    func update(done: Int) {
        guard !quiet, total > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        if isTerminal {
            guard now.timeIntervalSince(lastDraw) >= 0.1 || done == total else { return }
            lastDraw = now
            drewBar = true
            write("\r" + bar(done: done, now: now) + "\u{1B}[K")
        } else {
            let percent = done * 100 / total
            guard percent / 5 > lastLogPercent / 5 || now.timeIntervalSince(lastLogTime) >= 10 else { return }
            lastLogPercent = percent
            lastLogTime = now
            write(status(done: done, now: now) + "\n")
        }
    }

    /// Ends the bar's line so the summary starts on a fresh one.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drewBar { write("\n") }
        drewBar = false
    }

    private func bar(done: Int, now: Date) -> String {
        let width = 30
        let filled = done * width / total
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] " + status(done: done, now: now)
    }

    private func status(done: Int, now: Date) -> String {
        let elapsed = now.timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        return "\(done)/\(total) (\(done * 100 / total) %) \(Int(rate))/s ETA \(Self.clock(eta))"
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
