import ECertCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Responses of the app: JSON through JCS, files with a fixed type, errors as `{"error": …}`.
package enum AppResponse {
    static let securityHeaders: [(HTTPField.Name, String)] = [
        (.contentSecurityPolicy, "default-src 'self'; img-src 'self' blob: data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
        (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
        (.cacheControl, "no-store"),
    ]

    package static func bytes(_ bytes: some Collection<UInt8>, type: String, status: HTTPResponse.Status = .ok, download: String? = nil) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        for (name, value) in securityHeaders { headers[name] = value }
        if let download { headers[.contentDisposition] = "attachment; filename=\"\(download)\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    package static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        bytes(JCS.serialize(value), type: "application/json; charset=utf-8", status: status)
    }

    package static func json<T: Encodable>(_ value: T) throws -> Response {
        bytes(try JCS.encode(value), type: "application/json; charset=utf-8")
    }

    package static func error(_ error: AppError) -> Response {
        json(.object([("error", .string(error.errorDescription ?? "error"))]), status: .init(code: error.status))
    }

    /// Runs a route; its errors become JSON error responses (ecert's own messages kept whole).
    package static func run(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as AppError {
            return self.error(error)
        } catch is NIOTooManyBytesError {
            return self.error(.tooLarge(limit: 0))
        } catch {
            return self.error(.unprocessable(message(error)))
        }
    }

    package static func message(_ error: Error) -> String {
        (error as? LocalizedError)?.errorDescription ?? String(describing: error)
    }
}
