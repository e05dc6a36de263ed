import Foundation

/// `funnel.json`, written by `ecert reconcile`: who registered, attended, passed the quiz and is
/// verified, overall and per district, with the rules that decided it and the files it came from.
/// `ecert issue --funnel` copies it into the signed manifest. Integers and strings only, so its
/// canonical JSON is stable.
public struct Funnel: Codable, Sendable, Equatable {
    public static let format = "ecert-funnel"
    public static let version = 1

    public struct Rules: Codable, Sendable, Equatable {
        public var minMinutes: Int
        public var minScorePercent: Int
        public var attendance: String
        public var quiz: String
        public var join: String
    }

    public struct FileInfo: Codable, Sendable, Equatable {
        public var file: String
        public var sha256: String
        public var rows: Int
    }

    public struct Sources: Codable, Sendable, Equatable {
        public var registrations: FileInfo
        public var attendance: FileInfo
        public var quiz: FileInfo
    }

    public struct Counts: Codable, Sendable, Equatable {
        public var registered: Int
        public var attended: Int
        public var passedQuiz: Int
        public var verified: Int
    }

    public struct District: Codable, Sendable, Equatable {
        public var district: String
        public var counts: Counts
    }

    /// How export rows were joined to registrations.
    public struct Matching: Codable, Sendable, Equatable {
        public var attendanceRowsByEmail: Int
        public var attendanceRowsByName: Int
        public var attendanceRowsUnmatched: Int
        public var quizRowsByEmail: Int
        public var quizRowsByName: Int
        public var quizRowsUnmatched: Int
        /// Verified participants that needed a name match (lower confidence; check them).
        public var verifiedMatchedByName: Int
    }

    public var format: String
    public var version: Int
    public var rules: Rules
    public var sources: Sources
    public var counts: Counts
    public var districts: [District]
    public var matching: Matching
    /// Registrations that qualified but were left out of verified.csv because the row has a problem.
    public var qualifiedButInvalid: Int
    public var output: FileInfo

    public static func load(from url: URL) throws -> Funnel {
        let data = try BoundedFile.read(url, limit: 64 << 20)
        let funnel: Funnel
        do {
            funnel = try StrictJSON.decode(Funnel.self, from: StrictJSON.parse(data, path: url.path), path: url.path)
        } catch {
            throw ECertError.invalidFunnel(path: url.path, reason: "not a funnel written by `ecert reconcile` (\(error.localizedDescription))")
        }
        guard funnel.format == format, funnel.version == version else {
            throw ECertError.invalidFunnel(path: url.path, reason: "format \(funnel.format) version \(funnel.version) is not supported; this ecert reads \(format) version \(version)")
        }
        return funnel
    }
}
