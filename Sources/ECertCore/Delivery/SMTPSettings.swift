import Foundation
import Yams

/// `smtp.yaml`: where and as whom to send (docs/DELIVERY.md). The password is never in this file
/// nor on the command line: it comes from an environment variable or a file only its owner can read.
public struct SMTPSettings: Sendable, Equatable {
    public enum Security: String, Sendable, CaseIterable {
        /// Port 587: plain connection upgraded with STARTTLS, which must succeed.
        case starttls
        /// Port 465: TLS from the first byte ("SMTPS").
        case tls
    }

    public enum Auth: String, Sendable, CaseIterable { case plain, login }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String
    public var password: String
    public var auth: Auth
    public var caFile: String?
    public var from: EmailAddress
    public var fromName: String
    public var replyTo: EmailAddress?
    public var listUnsubscribe: String?
    public var timeoutSeconds: Int

    public static let keys = ["host", "port", "security", "username", "password_env", "password_file", "auth", "ca_file",
                              "from", "from_name", "reply_to", "list_unsubscribe", "timeout_seconds"]

    /// The URL libcurl connects to: `smtps://` for implicit TLS, `smtp://` with STARTTLS required.
    public var url: String { "\(security == .tls ? "smtps" : "smtp")://\(host):\(port)" }

    /// `requirePassword: false` for a dry run, which only needs the sender's address.
    public static func load(from url: URL, requirePassword: Bool = true, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SMTPSettings {
        let values = try readValues(url)
        func fail(_ reason: String) -> ECertError { .invalidSMTPSettings(path: url.path, reason: reason) }
        for key in ["host", "username", "from"] where (values[key] ?? "").isEmpty { throw fail("missing \"\(key)\"; add a line \"\(key): …\"") }
        guard let security = Security(rawValue: values["security"] ?? "starttls") else { throw fail("security must be starttls (port 587) or tls (port 465)") }
        guard let auth = Auth(rawValue: values["auth"] ?? "plain") else { throw fail("auth must be plain or login") }
        let portText = values["port"] ?? (security == .tls ? "465" : "587")
        guard let port = Int(portText), (1...65535).contains(port) else { throw fail("port \"\(portText)\" is not a port number") }
        guard let from = EmailAddress(values["from"]!) else { throw fail("from: \(EmailAddress.problem(values["from"]!)!)") }
        let replyTo = try values["reply_to"].map { text in
            guard let address = EmailAddress(text) else { throw fail("reply_to: \(EmailAddress.problem(text)!)") }
            return address
        }
        let timeout = Int(values["timeout_seconds"] ?? "60") ?? 0
        guard timeout > 0 else { throw fail("timeout_seconds must be a whole number of seconds") }
        if let host = values["host"], !host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":" }) {
            throw fail("host \"\(host)\" is not a host name")
        }
        let caFile = values["ca_file"].map { relative($0, to: url) }
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) { throw fail("ca_file \(caFile) cannot be read") }
        return SMTPSettings(host: values["host"]!, port: port, security: security, username: values["username"]!,
                            password: requirePassword ? try password(values, settings: url, environment: environment) : "", auth: auth, caFile: caFile,
                            from: from, fromName: values["from_name"] ?? "", replyTo: replyTo,
                            listUnsubscribe: values["list_unsubscribe"], timeoutSeconds: timeout)
    }

    static func readValues(_ url: URL) throws -> [String: String] {
        let text = String(decoding: try BoundedFile.read(url, limit: 1 << 16), as: UTF8.self)
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            throw ECertError.invalidSMTPSettings(path: url.path, reason: "not valid YAML (\(error))")
        }
        guard let mapping = node?.mapping else { throw ECertError.invalidSMTPSettings(path: url.path, reason: "expected key: value lines such as \"host: smtp.example.org\"") }
        var values: [String: String] = [:]
        for (keyNode, valueNode) in mapping {
            let key = keyNode.string ?? "\(keyNode)"
            if key == "password" {
                throw ECertError.invalidSMTPSettings(path: url.path, reason: "a password in smtp.yaml would be copied with it; remove it and use password_env (an environment variable) or password_file (a file with mode 0600)")
            }
            guard keys.contains(key) else { throw ECertError.invalidSMTPSettings(path: url.path, reason: "unknown key \"\(key)\"; the keys are \(keys.joined(separator: ", "))") }
            guard let value = valueNode.scalar?.string else { throw ECertError.invalidSMTPSettings(path: url.path, reason: "\"\(key)\" must be a single value") }
            values[key] = value.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return values
    }

    static func relative(_ path: String, to settings: URL) -> String {
        path.hasPrefix("/") ? path : settings.deletingLastPathComponent().appendingPathComponent(path).path
    }

    /// From `password_env` or `password_file` (exactly one); the file must not be readable by others.
    static func password(_ values: [String: String], settings url: URL, environment: [String: String]) throws -> String {
        func fail(_ reason: String) -> ECertError { .invalidSMTPSettings(path: url.path, reason: reason) }
        switch (values["password_env"], values["password_file"]) {
        case (let name?, nil):
            guard let value = environment[name], !value.isEmpty else { throw fail("password_env names \(name), which is not set; run export \(name)=… first") }
            return value
        case (nil, let file?):
            let path = relative(file, to: url)
            guard let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int else { throw ECertError.fileNotFound(path: path) }
            guard mode & 0o077 == 0 else { throw fail("password_file \(path) can be read by other users (mode \(String(mode & 0o777, radix: 8))); run chmod 600 \(path)") }
            let text = String(decoding: try BoundedFile.read(URL(fileURLWithPath: path), limit: 4096), as: UTF8.self)
            let password = text.trimmingCharacters(in: .newlines)
            guard !password.isEmpty else { throw fail("password_file \(path) is empty") }
            return password
        case (nil, nil): throw fail("no password: add password_env: VARIABLE or password_file: FILE (mode 0600)")
        default: throw fail("give password_env or password_file, not both")
        }
    }
}
