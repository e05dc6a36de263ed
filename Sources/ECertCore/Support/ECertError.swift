import Foundation

/// Every failure the core can report. Messages name the file, row or value and say how to fix it.
public enum ECertError: LocalizedError, Equatable {
    case fileNotFound(path: String)
    case unreadableFile(path: String, reason: String)
    case invalidEncoding(path: String, reason: String)
    case missingColumn(path: String, role: String, accepted: [String], found: [String])
    case ambiguousColumn(path: String, role: String, candidates: [String])
    case emptyParticipantList(path: String)
    case malformedCSV(path: String, line: Int, reason: String)
    case invalidEvent(path: String, reason: String)
    case unknownEventKey(path: String, key: String, allowed: [String])
    case invalidTemplate(path: String, element: String?, reason: String)
    case invalidKey(path: String, reason: String)
    case keyExists(path: String)
    case invalidPayload(reason: String)
    case invalidManifest(path: String, reason: String)
    case outputNotUsable(path: String, reason: String)
    case resourceNotFound(kind: String, searched: [String])
    case validationFailed(path: String, problemCount: Int)
    case invalidShard(text: String)
    case mergeRefused(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .fileNotFound(let path):
            return "\(path): file not found. Check the path and try again."
        case .unreadableFile(let path, let reason):
            return "\(path): cannot be read (\(reason))."
        case .invalidEncoding(let path, let reason):
            return "\(path): \(reason). Save the file as UTF-8 CSV (Excel: \"CSV UTF-8 (Comma delimited)\")."
        case .missingColumn(let path, let role, let accepted, let found):
            return "\(path): no \(role) column. Accepted headers: \(accepted.joined(separator: ", ")). "
                + "Headers found: \(found.map { "\"\($0)\"" }.joined(separator: ", ")). Rename the column or pass --column \(role)=\"HEADER\"."
        case .ambiguousColumn(let path, let role, let candidates):
            return "\(path): several columns could be the \(role): \(candidates.map { "\"\($0)\"" }.joined(separator: ", ")). "
                + "Pick one with --column \(role)=\"HEADER\"."
        case .emptyParticipantList(let path):
            return "\(path): the file has a header row but no participants."
        case .malformedCSV(let path, let line, let reason):
            return "\(path), line \(line): \(reason)."
        case .invalidEvent(let path, let reason):
            return "\(path): \(reason)."
        case .unknownEventKey(let path, let key, let allowed):
            return "\(path): unknown key \"\(key)\". Allowed keys: \(allowed.joined(separator: ", ")). Remove or rename it."
        case .invalidTemplate(let path, let element, let reason):
            let place = element.map { ", element \($0)" } ?? ""
            return "\(path)\(place): \(reason)."
        case .invalidKey(let path, let reason):
            return "\(path): \(reason)."
        case .keyExists(let path):
            return "\(path) already exists; refusing to overwrite a signing key. Choose another file name or move the old key away first."
        case .invalidPayload(let reason):
            return "invalid certificate payload: \(reason)."
        case .invalidManifest(let path, let reason):
            return "\(path): \(reason)."
        case .outputNotUsable(let path, let reason):
            return "\(path): \(reason)."
        case .resourceNotFound(let kind, let searched):
            return "cannot find the \(kind) folder. Searched: \(searched.joined(separator: ", ")). "
                + "Pass --resources DIR or set ECERT_RESOURCES to the folder that holds templates/ and fonts/."
        case .validationFailed(let path, let count):
            return "\(path): \(count) problem\(count == 1 ? "" : "s") found; nothing was issued. Fix the rows listed above and run again."
        case .invalidShard(let text):
            return "--shard \"\(text)\": give K/N with whole numbers 1 ≤ K ≤ N, e.g. --shard 3/8 for the third of eight slices."
        case .mergeRefused(let path, let reason):
            return "\(path): \(reason)."
        }
    }
}
