import ArgumentParser
import ECertCore
import Foundation

@main
struct ECert: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecert",
        abstract: "Mass-issue PDF e-certificates with signed, verifiable QR codes.",
        discussion: """
            Exit codes: 0 when everything succeeded and checked out; 1 when a check failed (an invalid \
            certificate, a problem row) or a file could not be used, with the reason after "ecert: error:"; \
            64 for a wrong command line (an unknown option, a missing or malformed value), with the usage.
            """,
        version: "0.3.0",
        subcommands: [
            Keygen.self, Issue.self, Verify.self, Check.self, Reconcile.self, Revoke.self, Site.self,
            Reissue.self, BundleCommand.self, Correct.self, Merge.self, Preview.self, Templates.self,
            Publish.self, Send.self, DeliveryStatus.self, App.self,
        ])
}

/// The one place where an error of a command's work becomes output. ArgumentParser's own errors
/// (`ValidationError`, `CleanExit`, `ExitCode`) are returned unchanged, so ArgumentParser prints
/// them (`Error: …` and the usage, exit code 64) or exits with their code. Any other error is
/// printed as `ecert: error: <description>` on stderr and becomes exit code 1.
///
/// Use: `do { … } catch { throw fail(error) }`.
func fail(_ error: Error) -> Error {
    switch error {
    case is ExitCode, is CleanExit, is ValidationError:
        return error
    default:
        printError("ecert: error: \(describe(error))")
        return ExitCode.failure
    }
}

/// A message for any error: `LocalizedError.errorDescription` (every ECertCore and ECertRender error
/// has one); for Foundation's errors their description with the file named; never the bare
/// "The operation could not be completed. (… error 1.)".
func describe(_ error: Error) -> String {
    // ecert's own errors always name the file and the fix, even when they quote a system message.
    if let own = error as? ECertError, let text = own.errorDescription { return text }
    if let localized = error as? LocalizedError, let text = localized.errorDescription, !isGeneric(text) {
        return text
    }
    let ns = error as NSError
    let path = (ns.userInfo[NSFilePathErrorKey] as? String) ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
    var text = ns.localizedDescription
    if isGeneric(text) {
        let underlying = (ns.userInfo[NSUnderlyingErrorKey] as? NSError).map(\.localizedDescription)
        text = underlying.flatMap { isGeneric($0) ? nil : $0 } ?? "\(String(describing: error))"
    }
    if let path, !text.contains(path) { return "\(path): \(text)" }
    return text
}

private func isGeneric(_ text: String) -> Bool {
    text.contains("operation could not be completed") || text.contains("operation couldn’t be completed")
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

func printWarning(_ text: String) {
    printError("ecert: warning: \(text)")
}

/// 25000 → "25,000".
func grouped(_ n: Int) -> String { grouping(n) }
