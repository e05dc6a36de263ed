import ECertCore
import Foundation
import Testing

/// The aiosmtpd server of Tests/Fixtures/smtp_server.py on 127.0.0.1: STARTTLS (or implicit TLS)
/// on a test certificate made by openssl, AUTH required, messages into a Maildir. Started by
/// each test and stopped by it.
final class SMTPServer: @unchecked Sendable {
    static let script = E2E.packageRoot.appendingPathComponent("Tests/Fixtures/smtp_server.py")
    static let reader = E2E.packageRoot.appendingPathComponent("Tests/Fixtures/read_maildir.py")
    static let user = "panitia", password = "rahasia-uji"

    let process = Process()
    let port: Int
    let maildir: URL
    let log: URL

    /// `dir` must hold cert.pem and key.pem (`makeCertificate`).
    init(dir: URL, rules: String = "{}", port: Int? = nil, implicitTLS: Bool = false) throws {
        maildir = dir.appendingPathComponent("Maildir")
        log = dir.appendingPathComponent("smtp-log.jsonl")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", Self.script.path, "--maildir", maildir.path, "--cert", dir.appendingPathComponent("cert.pem").path,
                             "--key", dir.appendingPathComponent("key.pem").path, "--user", Self.user, "--password", Self.password,
                             "--rules", rules, "--log", log.path, "--port", String(port ?? 0)] + (implicitTLS ? ["--implicit-tls"] : [])
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = out.fileHandleForReading.firstLine()
        guard text.hasPrefix("READY "), let found = Int(text.dropFirst(6).prefix { $0.isNumber }) else {
            kill(process.processIdentifier, SIGKILL)
            throw ECertError.outputNotUsable(path: dir.path, reason: "smtp_server.py did not start (is aiosmtpd installed? make test-deps): \(text)")
        }
        self.port = found
    }

    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    static func ensureModules() throws {
        if try E2E.run("python3", ["-c", "import aiosmtpd"]).status == 0 { return }
        var pip = try E2E.run("python3", ["-m", "pip", "install", "-q", "aiosmtpd"])
        if pip.status != 0 { pip = try E2E.run("python3", ["-m", "pip", "install", "-q", "--break-system-packages", "aiosmtpd"]) }
        try #require(pip.status == 0, "pip install aiosmtpd: \(pip.output)")
    }

    /// A self-signed certificate for 127.0.0.1 (cert.pem is also the CA file the client trusts).
    static func makeCertificate(in dir: URL) throws {
        let made = try E2E.run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.appendingPathComponent("key.pem").path,
                                           "-out", dir.appendingPathComponent("cert.pem").path, "-days", "2", "-subj", "/CN=127.0.0.1",
                                           "-addext", "subjectAltName=IP:127.0.0.1"])
        try #require(made.status == 0, "openssl: \(made.output)")
    }

    /// Every message delivered so far, read by Python's `email` package.
    func messages() throws -> [Mail] { try Self.read(maildir) }

    static func read(_ folder: URL) throws -> [Mail] {
        let result = try E2E.run("python3", [reader.path, folder.path])
        try #require(result.status == 0, "read_maildir.py: \(result.stderr)")
        return try JSONDecoder().decode([Mail].self, from: Data(result.stdout.utf8))
    }

    /// The server's log: one line per accepted message with whether TLS and AUTH were used.
    func sessions() throws -> [[String: JSONValue]] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { line in
            guard case .object(let members) = try StrictJSON.parse(Array(line.utf8), path: log.path) else { return [:] }
            return Dictionary(members, uniquingKeysWith: { a, _ in a })
        }
    }
}

struct Mail: Decodable {
    struct Attachment: Decodable { var filename: String?; var type: String; var sha256: String }
    var file: String
    var from: String
    var to: String
    var toAddress: String
    var toName: String
    var subject: String
    var messageID: String
    var date: String
    var listUnsubscribe: String
    var contentType: String
    var text: String
    var html: String
    var attachments: [Attachment]
    var defects: [String]
}

/// A small issued batch with e-mail and phone columns, a key, a test certificate and smtp.yaml.
struct DeliveryFixture {
    let dir: URL, batch: URL, key: URL, site: URL
    let records: [ManifestRecord]

    static let rows = [
        ("Siti Aminah, S.Pd.", "0012345678901234", "siti.aminah@guru.example.id", "0812-3456-7890"),
        ("Nguyễn Thị Hà", "0012345678901235", "ha.nguyen@guru.example.id", "+62 813 1111 2222"),
        ("สมชาย ใจดี", "0012345678901236", "somchai@guru.example.id", "6285711112222"),
        ("=HYPERLINK(\"http://x\")", "0012345678901237", "", "12345"),
        ("Budi Santoso", "0012345678901238", "budi@@guru.example.id", ""),
    ]

    /// `extra` more rows, all with valid addresses, for the fault and crash tests.
    static func make(_ label: String = #function, extra: Int = 0, rows: [(String, String, String, String)] = Self.rows) throws -> DeliveryFixture {
        try SMTPServer.ensureModules()
        let dir = try E2E.temporaryDirectory(label)
        var csv = "Nama Lengkap,NUPTK,Email,No HP\n"
        for (name, id, email, phone) in rows { csv += "\"\(name.replacingOccurrences(of: "\"", with: "\"\""))\",\(id),\(email),\(phone)\n" }
        for k in 0..<extra { csv += "Guru Nomor \(k),\(String(1_000_000_000_000_000 + k)),guru\(k)@guru.example.id,08123\(String(k).leftPaddedZeros(6))\n" }
        let list = dir.appendingPathComponent("list.csv")
        try Data(csv.utf8).write(to: list)
        let (key, _) = try E2E.keyPair(in: dir)
        let batch = dir.appendingPathComponent("batch")
        let issued = try E2E.ecert(["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.path, "--out", batch.path])
        try #require(issued.status == 0, "\(issued.output)")
        try SMTPServer.makeCertificate(in: dir)
        let records = try E2E.loadBatch(batch.appendingPathComponent("manifest.json")).records
        return DeliveryFixture(dir: dir, batch: batch, key: key, site: dir.appendingPathComponent("site"), records: records)
    }

    /// smtp.yaml for `server` (or a port nobody listens on); `extra` lines are appended.
    func smtpYAML(port: Int, caFile: Bool = true, security: String = "starttls", extra: String = "") throws -> URL {
        let url = dir.appendingPathComponent("smtp.yaml")
        var text = "host: 127.0.0.1\nport: \(port)\nsecurity: \(security)\nusername: \(SMTPServer.user)\npassword_env: ECERT_TEST_SMTP_PASSWORD\n"
            + "from: panitia@dinas.example.id\nfrom_name: Panitia Webinar Dinas Pendidikan\nauth: plain\n"
        if caFile { text += "ca_file: cert.pem\n" }
        try Data((text + extra).utf8).write(to: url)
        return url
    }

    /// Runs `ecert ARGS` with the SMTP password in the environment.
    func ecert(_ arguments: [String], password: String = SMTPServer.password) throws -> E2E.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["ECERT_TEST_SMTP_PASSWORD"] = password
        return try E2E.run(E2E.ecert.path, arguments, environment: environment)
    }

    func send(_ smtp: URL, _ more: [String] = []) throws -> E2E.Result {
        try ecert(["send", batch.path, "--smtp", smtp.path, "--key", key.path] + more)
    }

    func publish(_ more: [String] = []) throws -> E2E.Result {
        try ecert(["publish", batch.path, "--site", site.path, "--key", key.path] + more)
    }

    func ledgerLines() throws -> [[String: JSONValue]] {
        let text = try String(contentsOf: batch.appendingPathComponent("delivery-ledger.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").dropFirst().map { line in
            guard case .object(let members) = try StrictJSON.parse(Array(line.utf8), path: "ledger") else { return [:] }
            return Dictionary(members, uniquingKeysWith: { a, _ in a })
        }
    }

    /// The latest state per serial, as the ledger says.
    func ledgerStates() throws -> [String: String] {
        var states: [String: String] = [:]
        for line in try ledgerLines() {
            // A last line `sending` is a message in flight at a crash: uncertain (docs/DELIVERY.md).
            if case .string(let serial)? = line["serial"], case .string(let state)? = line["state"] {
                states[serial] = state == "sending" ? "uncertain" : state
            }
        }
        return states
    }
}

extension String {
    func leftPaddedZeros(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
