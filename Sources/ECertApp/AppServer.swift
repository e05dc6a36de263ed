import Crypto
import ECertCore
import Foundation
import Hummingbird
import Logging
import NIOCore

/// `ecert app`: the server on 127.0.0.1 over one data folder.
package struct AppServer {
    package var port: Int
    package var dataFolder: URL
    package var resources: Resources
    /// Called once with the address (with the token) when the server listens.
    package var onReady: @Sendable (String) -> Void

    package init(port: Int, dataFolder: URL, resources: Resources, onReady: @escaping @Sendable (String) -> Void) {
        self.port = port
        self.dataFolder = dataFolder
        self.resources = resources
        self.onReady = onReady
    }

    /// 32 bytes from the system CSPRNG (swift-crypto's SymmetricKey), as 64 hex digits.
    package static func newToken() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }.map { String(format: "%02x", $0) }.joined()
    }

    package func run() async throws {
        let workspace = try AppWorkspace(root: dataFolder)
        let session = AppSession(workspace: workspace, resources: resources)
        let token = Self.newToken()
        let listening = ListeningPort(port)
        let router = AppRoutes.build(session: session, token: token, port: listening)
        var logger = Logger(label: "ecert-app")
        logger.logLevel = .warning
        let onReady = self.onReady
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in
                let actual = channel.localAddress?.port ?? 0
                listening.set(actual)
                onReady("http://127.0.0.1:\(actual)/?token=\(token)")
            },
            logger: logger)
        if workspace.keyCreated {
            FileHandle.standardError.write(Data("ecert: a new issuer key was created in \(workspace.keyURL.path); back it up (the page offers a download): without it no certificate of this folder can be corrected or re-issued.\n".utf8))
        }
        try await app.runService()
    }
}
