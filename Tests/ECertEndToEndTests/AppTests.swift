import Foundation
import Testing

/// `ecert app` over real HTTP on 127.0.0.1 and in headless Chromium driven by Selenium
/// (Tests/Fixtures/app_http.py, app_flow.py). The scripts start the built binary on a free port
/// and stop it afterwards; they exit non-zero with the failed check.
@Suite("ecert app", .serialized)
struct AppTests {
    static let fixtures = E2E.packageRoot.appendingPathComponent("Tests/Fixtures")

    func runScript(_ name: String, extra: [String] = []) throws -> E2E.Result {
        let work = try E2E.temporaryDirectory(name)
        defer { try? FileManager.default.removeItem(at: work) }
        let script = Self.fixtures.appendingPathComponent(name)
        return try E2E.run("python3", [script.path, E2E.ecert.path, work.path] + extra)
    }

    @Test("no token, a foreign Host or Origin, an oversized upload, a path in a file name, a second app: refused")
    func refusesUnsafeRequests() throws {
        let result = try runScript("app_http.py")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("all checks passed"))
    }

    @Test("event, 200-row Google Forms XLSX, mapping, two invalid rows, issue, ZIP: verifies and equals ecert issue")
    func wholeFlowInChromium() throws {
        // `make app-screenshots` sets this to docs/app.
        let shots = ProcessInfo.processInfo.environment["ECERT_APP_SCREENSHOTS"].map { [$0] } ?? []
        let result = try runScript("app_flow.py", extra: shots)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("byte-identical to ecert issue, verified"))
    }
}
