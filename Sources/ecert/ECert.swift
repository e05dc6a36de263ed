import ArgumentParser
import Foundation

@main
struct ECert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecert",
        abstract: "Mass-issue PDF e-certificates with signed, verifiable QR codes.",
        version: "0.2.0",
        subcommands: [
            Keygen.self, Issue.self, Verify.self, Check.self, Reconcile.self, Revoke.self, Site.self,
            Reissue.self, BundleCommand.self, Correct.self, Merge.self, Preview.self, Templates.self,
        ])
}

/// Prints an error the way every subcommand does, then fails with exit code 1.
func fail(_ error: Error) -> ExitCode {
    FileHandle.standardError.write(Data("ecert: error: \(error.localizedDescription)\n".utf8))
    return .failure
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
