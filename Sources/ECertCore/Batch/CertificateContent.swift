import Foundation

/// Everything a renderer needs for one certificate; built by the core, drawn by ECertRender.
public struct CertificateContent: Sendable {
    /// Values for the template's `{placeholders}`: built-ins and the participant's columns.
    public var values: [String: String]
    /// The exact text of the QR code: `VERIFY_URL#PAYLOAD`.
    public var qrText: String
    public var metadata: PDFMetadata

    public init(values: [String: String], qrText: String, metadata: PDFMetadata) {
        (self.values, self.qrText, self.metadata) = (values, qrText, metadata)
    }
}

/// PDF document information. The creation date is the event date, never "now", so the same
/// inputs give the same bytes.
public struct PDFMetadata: Sendable, Equatable {
    public var title: String
    public var author: String
    public var subject: String
    public var creationDate: String  // ISO 8601, "2025-09-20T00:00:00"

    public init(title: String, author: String, subject: String, creationDate: String) {
        (self.title, self.author, self.subject, self.creationDate) = (title, author, subject, creationDate)
    }
}

/// Draws one certificate as PDF bytes. Implemented by ECertRender with Cairo and Pango.
public protocol CertificateRendering {
    func pdf(for content: CertificateContent) throws -> [UInt8]
}
