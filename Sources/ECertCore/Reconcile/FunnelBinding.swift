import Foundation

public enum FunnelBinding {
    /// A funnel belongs to the verified list `ecert reconcile` wrote with it: same SHA-256 and rows.
    public static func check(funnelURL: URL, plan: BatchPlan) throws -> Funnel {
        let funnel = try Funnel.load(from: funnelURL)
        guard funnel.output.sha256 == plan.inputSHA256 else {
            throw ECertError.invalidFunnel(
                path: funnelURL.path,
                reason: "it describes \(funnel.output.file) with SHA-256 \(funnel.output.sha256.prefix(16))…, but \(plan.participantsPath) has \(plan.inputSHA256.prefix(16))…; issue from the verified list `ecert reconcile` wrote together with this funnel.json (unchanged)")
        }
        guard funnel.output.rows == plan.rowsRead else {
            throw ECertError.invalidFunnel(path: funnelURL.path, reason: "it counts \(funnel.output.rows) verified rows but the list has \(plan.rowsRead)")
        }
        return funnel
    }
}
