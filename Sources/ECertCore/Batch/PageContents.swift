import Foundation

/// The certificates of a run for the `--combined` print PDF, read from the list as pages are asked
/// for (in order; asking for an earlier page re-reads from the start) instead of all held at once.
/// Payloads are signed again: Ed25519 is deterministic, so they equal the manifest's.
public final class PageContents: @unchecked Sendable {
    private let lock = NSLock()
    private let plan: BatchPlan
    private let range: Range<Int>
    private let key: IssuerPrivateKey
    private var reader: BatchPlan.ItemReader?
    private var position = 0
    /// The first problem met; the page callback cannot throw, so the caller checks it afterwards.
    public private(set) var error: Error?

    public init(plan: BatchPlan, range: Range<Int>, key: IssuerPrivateKey) {
        self.plan = plan
        self.range = range
        self.key = key
    }

    public var count: Int { range.count }

    /// Page `k` (0-based within the run).
    public func content(at k: Int) -> CertificateContent {
        lock.lock()
        defer { lock.unlock() }
        do {
            if reader == nil || k < position {
                reader = try plan.items(in: range)
                position = 0
            }
            while true {
                guard let item = try reader!.next() else {
                    throw ECertError.unreadableFile(path: plan.participantsPath, reason: "page \(k + 1) of the print PDF is past the end of the list; it changed while ecert was reading it, run again")
                }
                position += 1
                if position - 1 == k { return try plan.content(for: item, key: key).0 }
            }
        } catch {
            if self.error == nil { self.error = error }
            return CertificateContent.make(event: plan.event, serial: "", name: "", participantID: "", columns: [:], payloadText: "")
        }
    }
}
