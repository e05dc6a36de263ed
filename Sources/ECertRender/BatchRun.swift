import ECertCore
import Foundation

/// The steps of issuing a planned batch that `ecert issue` and `ecert app` share, so both write the
/// same bytes: one renderer per worker thread, and the `--combined` print PDF.
public enum BatchRun {
    /// Makes a renderer for the plan's template (Cairo and Pango objects are never shared between threads).
    /// `drawing` is the event's drawing inputs (`Event.drawing(assets:)`, pictures read beside the event file).
    public static func rendererFactory(plan: BatchPlan, fontsDirectory: URL, drawing: EventDrawing) -> @Sendable () throws -> CertificateRenderer {
        let template = plan.template
        return { try CertificateRenderer(template: template, fontsDirectory: fontsDirectory, drawing: drawing) }
    }

    /// One PDF of every certificate of the run, in input order, read from the list again; returns
    /// the number of pages. Nothing is left at `url` when it fails.
    @discardableResult
    public static func writeCombined(to url: URL, issuer: BatchIssuer, key: IssuerPrivateKey, renderer: CertificateRenderer) throws -> Int {
        let pages = PageContents(plan: issuer.plan, range: issuer.range, key: key)
        try renderer.writeCombinedPDF(to: url, pageCount: pages.count, metadata: issuer.plan.combinedMetadata) { k in pages.content(at: k) }
        if let error = pages.error {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        return pages.count
    }
}
