import ArgumentParser
import ECertApp
import ECertCore
import Foundation

struct App: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start the local web app (Indonesian, English switch) on 127.0.0.1 over a data folder.",
        discussion: """
            Prints the address with a one-time session token and opens it in the browser when one is \
            available. The issuer key is created in the data folder on first use (mode 0600): back it up. \
            Only one app may use a data folder at a time. Stop it with Ctrl-C.
            """)

    @Option(help: "Port on 127.0.0.1 (0: any free port).")
    var port: Int = 8377

    @Option(help: "Data folder: the key, the event, the uploads and the issued batches.")
    var data: String = "ecert-data"

    @OptionGroup var resourceOptions: ResourceOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535; got \(port)") }
        try requireNonEmpty(data, "--data", example: "a folder for the app's files, e.g. --data ecert-data")
    }

    func run() async throws {
        do {
            let server = AppServer(port: port, dataFolder: URL(fileURLWithPath: data), resources: try resourceOptions.locate()) { url in
                // Unbuffered, so a script reading the address gets it at once.
                FileHandle.standardOutput.write(Data("ecert app: open \(url)\n".utf8))
                AppBrowser.open(url)
            }
            try await server.run()
        } catch {
            throw fail(error)
        }
    }
}
