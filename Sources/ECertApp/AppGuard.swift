import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// The port the server listens on, known only once it runs (`--port 0` picks a free one).
package final class ListeningPort: Sendable {
    private let value = Mutex<Int>(0)
    package init(_ port: Int) { value.withLock { $0 = port } }
    package var port: Int { value.withLock { $0 } }
    package func set(_ port: Int) { value.withLock { $0 = port } }
}

/// Every request passes these checks before any route runs:
/// - `Host` is 127.0.0.1:PORT or localhost:PORT, so a page of another site whose name was made to
///   point at 127.0.0.1 (DNS rebinding) is refused (403);
/// - the session token: `GET /?token=…` sets it as a SameSite=Strict cookie and redirects to `/`;
///   every other request carries that cookie or the `X-ECert-Token` header (401 otherwise);
/// - requests that change something (not GET/HEAD) carry an `Origin` of this server (403), or,
///   without any Origin (not a browser), the header token;
/// - a declared body larger than the route may take is refused before it is read (413).
package struct AppGuard<Context: RequestContext>: RouterMiddleware {
    package let token: String
    package let port: ListeningPort
    package let maxBody: Int

    package static var cookieName: String { "ecert_token" }
    package static var headerName: HTTPField.Name { HTTPField.Name("X-ECert-Token")! }

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let here = ["127.0.0.1:\(port.port)", "localhost:\(port.port)"]
        guard let host = request.head.authority?.lowercased(), here.contains(host) else {
            return AppResponse.error(.forbidden("the Host header must be 127.0.0.1:\(port.port) or localhost:\(port.port); open the address `ecert app` printed"))
        }
        if request.method == .get, request.uri.path == "/", let given = request.uri.queryParameters["token"] {
            guard Self.same(String(given), token) else { return AppResponse.error(.unauthorized) }
            var headers = HTTPFields()
            headers[.location] = "/"
            headers[.setCookie] = "\(Self.cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict"
            headers[.cacheControl] = "no-store"
            return Response(status: .seeOther, headers: headers)
        }
        let headerToken = request.headers[Self.headerName]
        let cookieToken = request.cookies[Self.cookieName]?.value
        guard Self.same(headerToken ?? cookieToken ?? "", token) else { return AppResponse.error(.unauthorized) }
        if request.method != .get && request.method != .head {
            if let origin = request.headers[.origin] {
                guard here.map({ "http://" + $0 }).contains(origin.lowercased()) else {
                    return AppResponse.error(.forbidden("requests from \(origin) are refused; only this app's own page may change anything"))
                }
            } else if headerToken == nil {
                return AppResponse.error(.forbidden("a request without Origin must carry the X-ECert-Token header"))
            }
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBody {
            return AppResponse.error(.tooLarge(limit: maxBody))
        }
        return try await next(request, context)
    }

    /// Compares in time independent of where the strings differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
