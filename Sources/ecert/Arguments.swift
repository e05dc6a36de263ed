import ArgumentParser
import ECertCore
import Foundation

/// A value parsed from one command-line argument, with a message that says what is expected.
///
/// ArgumentParser's `init?(argument:)` can only fail silently ("The value 'x' is invalid"), so each
/// option of such a type is declared with `transform: T.parse`, whose `ValidationError` message is
/// printed after the value: `Error: The value 'x' is invalid for '--shard <k/n>': --shard takes K/N …`.
protocol CheckedArgument: ExpressibleByArgument {
    static func parse(_ text: String) throws -> Self
}


// MARK: - --shard K/N

extension Shard: CheckedArgument {
    static let usage = "--shard takes K/N with 1 ≤ K ≤ N, e.g. 3/8 for the third of eight slices"

    static func parse(_ text: String) throws -> Shard {
        do {
            return try Shard(parsing: text)
        } catch {
            throw ValidationError(usage)
        }
    }

    public init?(argument: String) {
        guard let shard = try? Self.parse(argument) else { return nil }
        self = shard
    }
}

// MARK: - --column ROLE=HEADER

/// `--column name="Nama Guru"`: the participant-list header to use for one role.
struct ColumnOverride: CheckedArgument, Equatable, CustomStringConvertible {
    var role: String
    var header: String

    static var roleList: String { ColumnMapping.roles.joined(separator: ", ") }

    static func parse(_ text: String) throws -> ColumnOverride {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let example = "e.g. --column name=\"Nama Guru\""
        guard parts.count == 2 else {
            throw ValidationError("--column takes ROLE=HEADER with ROLE one of \(roleList), \(example)")
        }
        let role = parts[0].trimmingCharacters(in: .whitespaces).lowercased()
        guard ColumnMapping.roles.contains(role) else {
            throw ValidationError("--column: unknown role \"\(parts[0])\"; ROLE is one of \(roleList), \(example)")
        }
        let header = parts[1].trimmingCharacters(in: .whitespaces)
        guard !header.isEmpty else {
            throw ValidationError("--column \(role)= needs the header text of the \(role) column, \(example)")
        }
        return ColumnOverride(role: role, header: header)
    }

    init(role: String, header: String) {
        self.role = role
        self.header = header
    }

    init?(argument: String) {
        guard let value = try? Self.parse(argument) else { return nil }
        self = value
    }

    var description: String { "\(role)=\(header)" }
}

// MARK: - --at TIME

/// `--at 2025-10-01T08:30:00Z` or `--at 2025-10-01` (midnight UTC), kept in the canonical form.
struct UTCTime: CheckedArgument, Equatable {
    /// Canonical `YYYY-MM-DDTHH:MM:SSZ`.
    var text: String

    static func parse(_ text: String) throws -> UTCTime {
        guard let normalized = Timestamp.normalized(text) else {
            throw ValidationError("--at takes a UTC time like 2025-10-01T08:30:00Z or a date like 2025-10-01 (midnight UTC)")
        }
        return UTCTime(text: normalized)
    }

    init(text: String) {
        self.text = text
    }

    init?(argument: String) {
        guard let value = try? Self.parse(argument) else { return nil }
        self = value
    }
}

// MARK: - --name-case

extension NameCase: ExpressibleByArgument {}
