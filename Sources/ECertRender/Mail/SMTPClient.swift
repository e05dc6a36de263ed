import CCurl
import ECertCore
import Foundation

/// SMTP through libcurl: implicit TLS (`smtps://`, 465) or STARTTLS required (`smtp://`, 587),
/// AUTH PLAIN or LOGIN, the server certificate verified against the system CAs or `ca_file`.
/// One easy handle for the whole run, so libcurl keeps the connection open between messages and
/// reconnects by itself when the server has closed it.
public final class SMTPClient: MailTransport {
    private let handle: UnsafeMutableRawPointer
    private var recipients: UnsafeMutablePointer<curl_slist>?
    private let settings: SMTPSettings

    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    public init(settings: SMTPSettings) throws {
        guard Self.globalInit == CURLE_OK else { throw RenderError.smtp(server: settings.url, reason: "libcurl could not start: \(Self.text(Self.globalInit))") }
        guard let handle = curl_easy_init() else { throw RenderError.smtp(server: settings.url, reason: "libcurl could not make a handle (out of memory?)") }
        self.handle = handle
        self.settings = settings
        try configure()
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(recipients)
    }

    private func configure() throws {
        try set(CURLOPT_URL, settings.url)
        try set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = settings.caFile { try set(CURLOPT_CAINFO, caFile) }
        try set(CURLOPT_USERNAME, settings.username)
        try set(CURLOPT_PASSWORD, settings.password)
        try set(CURLOPT_LOGIN_OPTIONS, "AUTH=" + settings.auth.rawValue.uppercased())
        try set(CURLOPT_MAIL_FROM, "<\(settings.from.text)>")
        try set(CURLOPT_UPLOAD, 1)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_CONNECTTIMEOUT, settings.timeoutSeconds)
        try set(CURLOPT_TIMEOUT, settings.timeoutSeconds * 4)
        try check(ecert_curl_setopt_callback(handle, CURLOPT_READFUNCTION, uploadCallback), "CURLOPT_READFUNCTION")
        try check(ecert_curl_setopt_callback(handle, CURLOPT_HEADERFUNCTION, replyCallback), "CURLOPT_HEADERFUNCTION")
    }

    public func send(_ mail: OutgoingMail) throws -> SendOutcome {
        let upload = Upload(bytes: mail.bytes)
        let replies = Replies()
        try setRecipient(mail.to)
        let code: CURLcode = try withExtendedLifetime((upload, replies)) {
            try check(ecert_curl_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(upload).toOpaque()), "CURLOPT_READDATA")
            try check(ecert_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, Unmanaged.passUnretained(replies).toOpaque()), "CURLOPT_HEADERDATA")
            defer {
                _ = ecert_curl_setopt_pointer(handle, CURLOPT_READDATA, nil)
                _ = ecert_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, nil)
            }
            return curl_easy_perform(handle)
        }
        return try outcome(code, replies: replies)
    }

    /// Sorts libcurl's result into what the ledger needs to know (see SendOutcome).
    func outcome(_ code: CURLcode, replies: Replies) throws -> SendOutcome {
        let last = replies.lines.last ?? ""
        if code == CURLE_OK { return .accepted(reply: last) }
        let reason = "\(Self.text(code))" + (last.isEmpty ? "" : " (last reply: \(last))")
        switch code {
        case CURLE_LOGIN_DENIED:
            throw RenderError.smtp(server: settings.url, reason: "the server refused the login for \(settings.username): \(reason). Check username and the password in password_env/password_file")
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CONNECT_ERROR, CURLE_USE_SSL_FAILED, CURLE_SSL_ISSUER_ERROR:
            throw RenderError.smtp(server: settings.url, reason: "no trusted TLS connection: \(reason). For a private server give its CA certificate as ca_file in smtp.yaml")
        default: break
        }
        // libcurl answers a refusal with QUIT, so the refusal is the last 4xx/5xx line, not the last line (221).
        if let refusal = replies.lines.last(where: { Int($0.prefix(3)).map { (400..<600).contains($0) } ?? false }) {
            return .refused(code: Int(refusal.prefix(3))!, reply: refusal)
        }
        return replies.dataSent ? .uncertain(reason: reason) : .notSent(reason: reason)
    }

    private func setRecipient(_ address: String) throws {
        curl_slist_free_all(recipients)
        recipients = nil
        guard let list = curl_slist_append(nil, "<\(address)>") else { throw RenderError.smtp(server: settings.url, reason: "out of memory") }
        recipients = list
        try check(ecert_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, list), "CURLOPT_MAIL_RCPT")
    }

    private func set(_ option: CURLoption, _ value: String) throws {
        try check(ecert_curl_setopt_string(handle, option, value), "option \(option.rawValue)")
    }

    private func set(_ option: CURLoption, _ value: Int) throws {
        try check(ecert_curl_setopt_long(handle, option, value), "option \(option.rawValue)")
    }

    private func check(_ code: CURLcode, _ what: String) throws {
        guard code == CURLE_OK else { throw RenderError.smtp(server: settings.url, reason: "libcurl refused \(what): \(Self.text(code)); this libcurl may lack SMTP or TLS support") }
    }

    static func text(_ code: CURLcode) -> String {
        "\(String(cString: curl_easy_strerror(code))) (libcurl error \(code.rawValue))"
    }
}

/// The message bytes libcurl reads while sending DATA.
final class Upload {
    let bytes: [UInt8]
    var offset = 0
    init(bytes: [UInt8]) { self.bytes = bytes }
}

/// Every server reply line of one transaction (libcurl hands SMTP replies to the header callback).
final class Replies {
    var lines: [String] = []
    /// The server answered DATA with 354: from here on a lost connection may have delivered it.
    var dataSent: Bool { lines.contains { $0.hasPrefix("354") } }

}

private let uploadCallback: ecert_curl_data_callback = { buffer, size, count, user in
    guard let buffer, let user else { return 0 }
    let upload = Unmanaged<Upload>.fromOpaque(user).takeUnretainedValue()
    let n = min(size * count, upload.bytes.count - upload.offset)
    upload.bytes.withUnsafeBytes { raw in
        UnsafeMutableRawPointer(buffer).copyMemory(from: raw.baseAddress! + upload.offset, byteCount: n)
    }
    upload.offset += n
    return n
}

private let replyCallback: ecert_curl_data_callback = { buffer, size, count, user in
    guard let buffer, let user else { return 0 }
    let n = size * count
    let replies = Unmanaged<Replies>.fromOpaque(user).takeUnretainedValue()
    let line = String(decoding: UnsafeRawBufferPointer(start: buffer, count: n), as: UTF8.self)
    replies.lines.append(line.trimmingCharacters(in: .whitespacesAndNewlines))
    return n
}
