import Foundation

/// One message ready for the wire: the SMTP envelope and the RFC 5322 bytes.
public struct OutgoingMail: Sendable {
    public var serial: String
    public var messageID: String
    public var from: String
    public var to: String
    public var bytes: [UInt8]
}

/// What happened to one message. The distinction between `notSent` and `uncertain` is what
/// keeps a retry from delivering twice: only a failure after the message data went out may
/// have left the server holding it.
public enum SendOutcome: Sendable, Equatable {
    /// The server accepted the message (its final reply, e.g. "250 2.0.0 Ok: queued as …").
    case accepted(reply: String)
    /// The server refused it with a 4xx (try again later) or 5xx (permanent) reply.
    case refused(code: Int, reply: String)
    /// The connection failed before the message data was sent: safe to try again.
    case notSent(reason: String)
    /// The connection failed after the data was sent, before the server's reply: it may have it.
    case uncertain(reason: String)
}

/// Sends messages one at a time (SMTP through libcurl in ECertRender; `.eml` files for a dry
/// run). Throws only for what stops the whole run: a refused login, a server certificate that
/// does not verify.
public protocol MailTransport: AnyObject {
    func send(_ mail: OutgoingMail) throws -> SendOutcome
}

/// `--dry-run`: every message becomes `OUTBOX/<serial>.eml`; nothing is sent.
public final class EMLOutbox: MailTransport {
    public let folder: URL

    public init(folder: URL) throws {
        self.folder = folder
        try FileOutput.makeFolder(folder)
    }

    public func send(_ mail: OutgoingMail) throws -> SendOutcome {
        let url = folder.appendingPathComponent(FileOutput.safeFileName(forSerial: mail.serial, extension: "eml"))
        try FileOutput.writeAtomically(mail.bytes, to: url)
        return .accepted(reply: "written to \(url.lastPathComponent)")
    }
}

/// The files delivery adds to a batch folder (BatchVerifier accepts them there).
public enum DeliveryFiles {
    public static let links = "links.csv"
    public static let report = "delivery.csv"
    public static let preview = "mail-preview"
    public static let all: Set<String> = [DeliveryLedger.fileName, links, report, preview]
}
