import Foundation

/// The highest revocation-list sequence this machine has seen per signer, so that a verifier
/// handed an older list (a rollback that would hide a revocation) says so. Kept in
/// `$ECERT_STATE_DIR`, else `$XDG_STATE_HOME/ecert`, else `~/.local/state/ecert`, as
/// `revocation-sequences.json`; a missing or unreadable file only means nothing was seen yet.
public struct RevocationHistory {
    public let url: URL
    private var seen: [String: Int]

    public static func standard() -> RevocationHistory {
        let env = ProcessInfo.processInfo.environment
        let base = env["ECERT_STATE_DIR"].map { URL(fileURLWithPath: $0) }
            ?? env["XDG_STATE_HOME"].map { URL(fileURLWithPath: $0).appendingPathComponent("ecert") }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/state/ecert")
        return RevocationHistory(url: base.appendingPathComponent("revocation-sequences.json"))
    }

    public init(url: URL) {
        self.url = url
        let bytes = try? BoundedFile.read(url, limit: 1 << 20)
        seen = bytes.flatMap { try? StrictJSON.decode([String: Int].self, from: StrictJSON.parse($0, path: url.path), path: url.path) } ?? [:]
    }

    /// A warning when `list` is older than one seen before; records its sequence otherwise.
    public mutating func note(_ list: VerifiedRevocations) -> String? {
        let keyID = list.signer.keyIDHex
        if let highest = seen[keyID], highest > list.sequence {
            return "warning: \(list.path) is revocation list number \(list.sequence) of key \(keyID), but number \(highest) was seen before on this machine: it is an old copy and may miss revocations. Get the current list from the issuer."
        }
        seen[keyID] = list.sequence
        return nil
    }

    /// Saves what was seen; failing to save only loses the memory, never a verdict.
    public func save() {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let data = try? JCS.pretty(JCS.value(of: seen)) { try? FileOutput.writeAtomically(data, to: url) }
    }
}
