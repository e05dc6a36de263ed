import ECertCore
import Foundation

/// What a request of the app did wrong, with its HTTP status and a message for the page.
package enum AppError: Error, LocalizedError, Equatable {
    case badRequest(String)
    case unauthorized
    case forbidden(String)
    case tooLarge(limit: Int)
    case notFound(String)
    case unprocessable(String)
    case busy(String)
    case folderInUse(path: String)

    package var status: Int {
        switch self {
        case .badRequest: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .tooLarge: 413
        case .notFound: 404
        case .unprocessable: 422
        case .busy: 409
        case .folderInUse: 409
        }
    }

    package var errorDescription: String? {
        switch self {
        case .badRequest(let why): why
        case .unauthorized: "this request has no valid session token; open the address `ecert app` printed (with ?token=…)"
        case .forbidden(let why): why
        case .tooLarge(let limit): "the upload is larger than \(limit / (1 << 20)) MiB; split the list or make the picture smaller"
        case .notFound(let what): "\(what) not found"
        case .unprocessable(let why): why
        case .busy(let why): why
        case .folderInUse(let path): "another `ecert app` is already using the data folder \(path); use that one (its address is in its terminal) or give another folder with --data"
        }
    }
}
