import Crypto
import ECertCore
import Foundation
import Testing

/// Issue 11: the static page in real headless Chromium when the browser lacks WebCrypto Ed25519 or
/// crypto.subtle (http://), when the fallback is missing too, and with signed v2 batch headers and
/// v2 revocation lists made independently in Python (cryptography + rfc8785) exactly per the spec.
@Suite("static page: crypto fallbacks, signed headers, revocation lists v2", .serialized)
struct SitePageTests {
    // Test-only scripts, loaded from files before the page's own scripts (the CSP forbids inline ones).
    static let importRejects = """
        // Like a browser without WebCrypto Ed25519 (Chrome < 137): importKey rejects the algorithm.
        (function () {
          var original = crypto.subtle.importKey.bind(crypto.subtle);
          crypto.subtle.importKey = function (format, key, algorithm) {
            var name = typeof algorithm === 'string' ? algorithm : algorithm && algorithm.name;
            if (String(name).toLowerCase() === 'ed25519') return Promise.reject(new DOMException('Unrecognized name', 'NotSupportedError'));
            return original.apply(null, arguments);
          };
        })();
        """
    static let noSubtle = """
        // Like a page opened over http://: no crypto.subtle at all.
        Object.defineProperty(window.crypto, 'subtle', { value: undefined, configurable: true });
        """

    enum Variant: String, CaseIterable, Sendable {
        case webCrypto, importRejects, noSubtle, noSubtleNoNaCl, importRejectsNoNaCl
        var script: String? {
            switch self {
            case .webCrypto: nil
            case .importRejects, .importRejectsNoNaCl: SitePageTests.importRejects
            case .noSubtle, .noSubtleNoNaCl: SitePageTests.noSubtle
            }
        }
        var hasEd25519: Bool { self != .noSubtleNoNaCl && self != .importRejectsNoNaCl }
        var engine: String { self == .webCrypto ? "webcrypto" : "tweetnacl" }
    }

    /// A copy of `site` whose index.html loads `script` (as test-hook.js) before the page's scripts;
    /// without tweetnacl when the variant says so (the file is deleted, so its <script> fails to load).
    static func copy(of site: URL, as variant: Variant, in dir: URL) throws -> URL {
        let target = dir.appendingPathComponent("site-\(variant.rawValue)")
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: site, to: target)
        if let script = variant.script {
            try Data(script.utf8).write(to: target.appendingPathComponent("test-hook.js"))
            try insertScript("test-hook.js", before: "nacl-fast.min.js", in: target)
        }
        if !variant.hasEd25519 { try FileManager.default.removeItem(at: target.appendingPathComponent("nacl-fast.min.js")) }
        return target
    }

    static func insertScript(_ file: String, before existing: String, in site: URL) throws {
        let index = site.appendingPathComponent("index.html")
        let html = try String(contentsOf: index, encoding: .utf8)
        let tag = "<script src=\"\(existing)\"></script>"
        try #require(html.contains(tag))
        try html.replacingOccurrences(of: tag, with: "<script src=\"\(file)\"></script>\n" + tag).write(to: index, atomically: true, encoding: .utf8)
    }

    /// Replaces the page data block of `site/index.html` with `json` (as `ecert site` embeds it).
    static func setPageData(_ json: String, in site: URL) throws {
        let index = site.appendingPathComponent("index.html")
        let html = try String(contentsOf: index, encoding: .utf8)
        let open = "<script type=\"application/json\" id=\"ecert-data\">"
        let start = try #require(html.range(of: open)), end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let safe = json.replacingOccurrences(of: "<", with: "\\u003c")
        try (String(html[..<start.upperBound]) + safe + String(html[end.lowerBound...])).write(to: index, atomically: true, encoding: .utf8)
    }

    /// DOM after the page ran; each call gets its own profile unless one is given (rollback memory).
    static func chromium(_ url: String, profile: URL? = nil, extra: [String] = []) throws -> String {
        let profile = profile ?? FileManager.default.temporaryDirectory.appendingPathComponent("ecert-chromium-\(UUID().uuidString)")
        let result = try E2E.run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--no-proxy-server", "--user-data-dir=\(profile.path)"]
                                 + extra + ["--virtual-time-budget=10000", "--dump-dom", url])
        return result.stdout
    }

    static func attribute(_ name: String, in dom: String) -> String? {
        guard let main = dom.range(of: "<main id=\"result\""), let tagEnd = dom[main.upperBound...].firstIndex(of: ">"),
              let attr = dom[main.upperBound..<tagEnd].range(of: " \(name)=\"") else { return nil }
        return String(dom[attr.upperBound...].prefix { $0 != "\"" })
    }

    struct Page: CustomStringConvertible {
        var dom: String
        var status: String? { SitePageTests.attribute("data-status", in: dom) }
        var reason: String? { SitePageTests.attribute("data-reason", in: dom) }
        var facts: String? { SitePageTests.attribute("data-facts", in: dom) }
        var warning: String? { SitePageTests.attribute("data-warning", in: dom) }
        var ed25519: String? { SitePageTests.attribute("data-ed25519", in: dom) }
        var sha256: String? { SitePageTests.attribute("data-sha256", in: dom) }
        /// The result element only (the DOM also holds the embedded page data).
        var main: String {
            guard let start = dom.range(of: "<main"), let end = dom.range(of: "</main>") else { return "" }
            return String(dom[start.lowerBound..<end.upperBound])
        }
        var description: String {
            "status=\(status ?? "-") reason=\(reason ?? "-") facts=\(facts ?? "-") warning=\(warning ?? "-") ed25519=\(ed25519 ?? "-") sha256=\(sha256 ?? "-")"
        }
    }

    static func page(_ site: URL, payload: String, profile: URL? = nil) throws -> Page {
        Page(dom: try chromium(site.appendingPathComponent("index.html").absoluteString + "#" + payload, profile: profile))
    }

    /// Runs `jobs` two at a time (two cores); results in input order.
    static func parallel<T: Sendable>(_ jobs: [@Sendable () throws -> T]) throws -> [T] {
        let box = ResultBox<T>(jobs.count)
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 2
        for (i, job) in jobs.enumerated() {
            queue.addOperation { let r = Result { try job() }; box.lock.lock(); box.results[i] = r; box.lock.unlock() }
        }
        queue.waitUntilAllOperationsAreFinished()
        return try box.results.map { try $0!.get() }
    }

    // MARK: test vectors in every browser variant

    @Test func everyTestVectorGetsItsVerdictWithAndWithoutWebCryptoAndNeverInvalidForAGenuinePayload() throws {
        let (doc, _, site) = try VerifyAnywhereTests.vectorSite(batch: FiftyBatch.shared.out)
        let dir = site.deletingLastPathComponent()
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.path).contains("nacl-fast.min.js"))

        let vectors = doc["vectors"] as! [[String: Any]]
        let pageStatus = ["VALID": "valid", "INVALID": "invalid", "REVOKED": "revoked", "UNKNOWN KEY": "unknown-key"]
        var jobs: [@Sendable () throws -> (Variant, String, String, String?, Page)] = []
        for variant in Variant.allCases {
            let copy = try Self.copy(of: site, as: variant, in: dir)
            for vector in vectors {
                let expected = vector["expected"] as! [String: Any]
                let status = expected["status"] as! String, reason = expected["reason"] as? String
                let description = vector["description"] as! String, payload = vector["payload"] as! String
                jobs.append { (variant, description, status, reason, try Self.page(copy, payload: payload)) }
            }
        }
        for (variant, description, status, reason, page) in try Self.parallel(jobs) {
            let label = "\(variant), \(description): \(page)"
            // A verdict that needs a signature check is "cannot check" when no Ed25519 exists at all.
            let needsSignature = status == "VALID" || status == "REVOKED" || reason == "bad-signature"
            if variant.hasEd25519 || !needsSignature {
                #expect(page.status == pageStatus[status], "\(label)")
                if let reason { #expect(page.reason == reason, "\(label)") }
            } else {
                #expect(page.status == "cannot-check" && page.reason == "cannot-check", "\(label)")
                #expect(page.dom.contains("TIDAK DAPAT DIPERIKSA di peramban ini") && page.dom.contains("ecert verify"), "\(label)")
            }
            if status == "VALID" || status == "REVOKED" {
                #expect(page.status != "invalid", "a genuine payload shown INVALID: \(label)")
                if variant.hasEd25519 { #expect(page.ed25519 == variant.engine, "\(label)") }
            }
        }
    }

    @Test func theFallbackSHA256MatchesKnownDigests() throws {
        let dir = try E2E.temporaryDirectory()
        let site = dir.appendingPathComponent("site")
        try #require(try E2E.ecert(["site", FiftyBatch.shared.out.path, "--out", site.path]).status == 0)
        let copy = try Self.copy(of: site, as: .noSubtle, in: dir)
        // Message lengths around the 55/56/64-byte padding boundaries, several blocks, and FIPS 180-4's "abc".
        let lengths = [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000, 70000]
        try Data("""
            (function () {
              var f = window.ecertSHA256JS, out = [], hex = function (b) { return Array.prototype.map.call(b, function (x) { return (x < 16 ? '0' : '') + x.toString(16); }).join(''); };
              [\(lengths.map(String.init).joined(separator: ","))].forEach(function (n) { var b = new Uint8Array(n); for (var i = 0; i < n; i++) b[i] = (i * 7 + 3) & 255; out.push(hex(f(b))); });
              out.push(hex(f(new TextEncoder().encode('abc'))));
              document.body.setAttribute('data-sha256-check', out.join(','));
            })();
            """.utf8).write(to: copy.appendingPathComponent("sha256-check.js"))
        let index = copy.appendingPathComponent("index.html")
        let html = try String(contentsOf: index, encoding: .utf8)
        try html.replacingOccurrences(of: "<script src=\"verify.js\"></script>", with: "<script src=\"verify.js\"></script>\n<script src=\"sha256-check.js\"></script>")
            .write(to: index, atomically: true, encoding: .utf8)
        let dom = try Self.chromium(index.absoluteString)
        let got = try #require(dom.range(of: "data-sha256-check=\"")).upperBound
        let digests = dom[got...].prefix { $0 != "\"" }.split(separator: ",").map(String.init)
        var expected = lengths.map { n in SHA256.hash(data: (0..<n).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }).map { String(format: "%02x", $0) }.joined() }
        expected.append("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(digests == expected)
    }

    // MARK: over real http://

    @Test func overPlainHTTPAGenuinePayloadIsValidThroughTheFallbackAndAForgedOneInvalid() throws {
        let batch = FiftyBatch.shared
        let dir = try E2E.temporaryDirectory()
        let site = dir.appendingPathComponent("site")
        try #require(try E2E.ecert(["site", batch.out.path, "--out", site.path]).status == 0)
        let server = try HTTPServer(serving: site)
        defer { server.stop() }
        // 127.0.0.1 and localhost count as secure contexts; another host name mapped to 127.0.0.1 does not.
        let base = "http://ecert-site.test:\(server.port)/index.html#"
        let rules = ["--host-resolver-rules=MAP ecert-site.test 127.0.0.1"]
        let record = batch.manifest.records[0]
        let genuine = Page(dom: try Self.chromium(base + record.payload, extra: rules))
        #expect(genuine.status == "valid" && genuine.ed25519 == "tweetnacl" && genuine.facts == "confirmed", "\(genuine)")
        #expect(genuine.dom.contains("<dd>\(record.serial)</dd>") && genuine.dom.contains("<dd>\(batch.manifest.body.event.title)</dd>"))
        var chars = Array(record.payload)
        chars[chars.count - 100] = chars[chars.count - 100] == "A" ? "B" : "A"
        let forged = Page(dom: try Self.chromium(base + String(chars), extra: rules))
        #expect(forged.status == "invalid" && forged.reason == "bad-signature" && forged.ed25519 == "tweetnacl", "\(forged)")
    }

    // MARK: signed v2 headers and v2 revocation lists

    @Test func eventFactsAndRevocationsComeOnlyFromSignedDocumentsThePageVerified() throws {
        let fixture = try V2Fixture.make()
        let records = fixture.records
        func load(_ headers: [String], _ revocations: String?, variant: Variant = .webCrypto, payload: String? = nil, profile: URL? = nil) throws -> Page {
            let copy = try Self.copy(of: fixture.site, as: variant, in: fixture.dir)
            try Self.setPageData(fixture.pageData(headers: headers, revocations: revocations), in: copy)
            return try Self.page(copy, payload: payload ?? records[0].payload, profile: profile)
        }
        let title = fixture.title

        let genuine = try load(["header"], nil)
        #expect(genuine.status == "valid" && genuine.facts == "confirmed" && genuine.sha256 == "webcrypto", "\(genuine)")
        #expect(genuine.dom.contains("<dt>Kegiatan</dt><dd>\(title)</dd>") && genuine.dom.contains("<dt>Tempat</dt><dd>Palembang</dd>"), "\(genuine)")
        // Without crypto.subtle the JCS digest comes from the page's own SHA-256 and Ed25519 from tweetnacl.
        let fallback = try load(["header"], nil, variant: .noSubtle)
        #expect(fallback.status == "valid" && fallback.facts == "confirmed" && fallback.sha256 == "js" && fallback.ed25519 == "tweetnacl", "\(fallback)")
        #expect(fallback.dom.contains("<dd>\(title)</dd>"))

        let edited = try load(["headerEditedTitle"], nil)
        #expect(edited.status == "valid" && edited.facts == "unconfirmed", "\(edited)")
        #expect(edited.dom.contains("<dt>Kegiatan</dt><dd>(data kegiatan tidak dapat dipastikan)</dd>"))
        #expect(!edited.main.contains("Palsu") && !edited.main.contains(title) && !edited.main.contains("<dt>Tempat</dt>"), "\(edited.main)")
        // Signed by another (trusted) key than the payload's: not this batch's facts.
        let otherKey = try load(["headerOtherKey"], nil)
        #expect(otherKey.status == "valid" && otherKey.facts == "unconfirmed" && !otherKey.main.contains(title), "\(otherKey)")

        let otherEvent = try load(["header"], "revokedOtherEvent", payload: records[2].payload)
        #expect(otherEvent.status == "valid" && otherEvent.warning == nil, "\(otherEvent)")
        let otherKeyID = try load(["header"], "revokedOtherKeyID", payload: records[2].payload)
        #expect(otherKeyID.status == "valid", "\(otherKeyID)")
        let revoked = try load(["header"], "revokedAllMatch", payload: records[2].payload)
        #expect(revoked.status == "revoked" && revoked.reason == "revoked", "\(revoked)")
        #expect(revoked.dom.contains("<dt>Alasan pencabutan</dt><dd>Nama salah ketik</dd>") && revoked.dom.contains("<dd>\(records[2].serial)</dd>"))
        let untouched = try load(["header"], "revokedAllMatch", payload: records[1].payload)
        #expect(untouched.status == "valid", "\(untouched)")

        let damaged = try load(["header"], "revocationsDamaged")
        #expect(damaged.status == "invalid" && damaged.reason == "bad-revocation-list", "\(damaged)")
        let damagedNoCrypto = try load(["header"], "revocationsDamaged", variant: .noSubtleNoNaCl)
        #expect(damagedNoCrypto.status == "cannot-check", "\(damagedNoCrypto)")

        // Rollback: one browser profile sees sequence 6, then a page with sequence 4 from the same signer.
        let profile = fixture.dir.appendingPathComponent("profile")
        let newer = try load(["header"], "revokedAllMatch", payload: records[1].payload, profile: profile)
        #expect(newer.status == "valid" && newer.warning == nil, "\(newer)")
        let older = try load(["header"], "olderList", payload: records[1].payload, profile: profile)
        #expect(older.status == "valid" && older.warning == "rollback", "\(older)")
        #expect(older.dom.contains("Daftar pencabutan di halaman ini lebih lama dari yang pernah dilihat"))
        let fresh = try load(["header"], "olderList", payload: records[1].payload)
        #expect(fresh.warning == nil, "a fresh profile has seen no newer list: \(fresh)")
    }
}

/// Results written by concurrent jobs, under a lock.
final class ResultBox<T>: @unchecked Sendable {
    var results: [Result<T, Error>?]
    let lock = NSLock()
    init(_ n: Int) { results = Array(repeating: nil, count: n) }
}

/// A batch issued by `ecert`, and signed v2 documents for it made in Python per docs/spec.
struct V2Fixture {
    var dir: URL
    var site: URL
    var records: [ManifestRecord]
    var title: String
    var trustList: String
    var documents: [String: String]

    /// Page data as the Swift side will emit it: {"headers":[…],"keys":…,"revocations":…|null}.
    func pageData(headers: [String], revocations: String?) -> String {
        "{\"headers\":[\(headers.map { documents[$0]! }.joined(separator: ","))],\"keys\":\(trustList),\"revocations\":\(revocations.map { documents[$0]! } ?? "null")}"
    }

    static let python = #"""
        import base64, hashlib, json, sys
        import rfc8785
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        key_path, other_key_path, manifest_path, out_path = sys.argv[1:5]
        manifest = json.load(open(manifest_path, encoding="utf-8"))
        body = manifest["header"]["signed"]["body"]
        records = manifest["records"]

        def load_key(path):
            return serialization.load_pem_private_key(open(path, "rb").read(), password=None)

        def signer(key):
            raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            return {"keyID": hashlib.sha256(raw).digest()[:8].hex(), "publicKey": base64.b64encode(raw).decode()}

        # Spec: message = ASCII(format "-v" version) || 0x00 || SHA-256(JCS(signed)).
        def sign(key, fmt, version, document_body):
            signed = {"format": fmt, "version": version, "signer": signer(key), "body": document_body}
            message = f"{fmt}-v{version}".encode() + b"\x00" + hashlib.sha256(rfc8785.dumps(signed)).digest()
            return {"signed": signed, "signature": {"scheme": "ed25519-jcs-sha256", "value": base64.b64encode(key.sign(message)).decode()}}

        key, other = load_key(key_path), load_key(other_key_path)
        key_id = signer(key)["keyID"]
        header_body = {
            "generator": "ecert test", "event": body["event"], "eventID": body["eventID"],
            "template": {"name": "classic", "files": []}, "fonts": {"name": "default", "files": []},
            "input": {"file": "list.csv", "sha256": "00" * 32},
            "counts": {"rowsRead": len(records), "valid": len(records), "rejected": 0, "issued": len(records)},
            "merkleRoot": body["merkleRoot"], "treeSize": len(records), "funnel": None, "nameCase": "keep",
        }
        docs = {}
        docs["header"] = sign(key, "ecert-batch-header", 2, header_body)
        edited = json.loads(json.dumps(docs["header"]))
        edited["signed"]["body"]["event"]["title"] = "Palsu: Webinar Lain"
        docs["headerEditedTitle"] = edited
        docs["headerOtherKey"] = sign(other, "ecert-batch-header", 2, header_body)

        target = records[2]
        def entry(event_id, entry_key_id):
            return {"eventID": event_id, "keyID": entry_key_id, "serial": target["serial"], "reason": "Nama salah ketik",
                    "replacedBy": "WEB-AI/2025/000999", "revokedAt": "2025-10-01T08:30:00Z"}
        def revocations(sequence, entries):
            return sign(key, "ecert-revocations", 2, {"sequence": sequence, "updatedAt": "2025-10-01T08:30:00Z", "entries": entries})
        other_event = "%08x" % (int(body["eventID"], 16) ^ 1)
        docs["revokedOtherEvent"] = revocations(5, [entry(other_event, key_id)])
        docs["revokedOtherKeyID"] = revocations(5, [entry(body["eventID"], signer(other)["keyID"])])
        docs["revokedAllMatch"] = revocations(6, [entry(body["eventID"], key_id)])
        docs["olderList"] = revocations(4, [])
        damaged = json.loads(json.dumps(docs["revokedAllMatch"]))
        damaged["signed"]["body"]["entries"][0]["reason"] = "Diubah"
        docs["revocationsDamaged"] = damaged
        json.dump({name: json.dumps(doc, ensure_ascii=False) for name, doc in docs.items()}, open(out_path, "w", encoding="utf-8"))
        """#

    static func ensurePythonModules() throws {
        if try E2E.run("python3", ["-c", "import rfc8785, cryptography"]).status == 0 { return }
        var pip = try E2E.run("python3", ["-m", "pip", "install", "-q", "rfc8785", "cryptography"])
        if pip.status != 0 { pip = try E2E.run("python3", ["-m", "pip", "install", "-q", "--break-system-packages", "rfc8785", "cryptography"]) }
        try #require(pip.status == 0, "pip install rfc8785 cryptography: \(pip.output)")
    }

    static func make() throws -> V2Fixture {
        try ensurePythonModules()
        let dir = try E2E.temporaryDirectory("v2fixture")
        let list = dir.appendingPathComponent("list.csv")
        try Data("Nama Lengkap,NUPTK\nSiti Aminah,0012345678901234\nBudi Santoso,0012345678901235\nRina Wati,0012345678901236\n".utf8).write(to: list)
        let (key, _) = try E2E.keyPair(in: dir)
        let (other, otherPub) = try E2E.keyPair(in: dir, name: "other")
        let out = dir.appendingPathComponent("out")
        let issued = try E2E.ecert(["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.path, "--out", out.path])
        try #require(issued.status == 0, "\(issued.output)")
        let site = dir.appendingPathComponent("site")
        let built = try E2E.ecert(["site", out.path, "--out", site.path, "--pub", otherPub.path])
        try #require(built.status == 0, "\(built.output)")
        let script = dir.appendingPathComponent("sign.py"), docs = dir.appendingPathComponent("docs.json")
        try Data(python.utf8).write(to: script)
        let signed = try E2E.run("python3", [script.path, key.path, other.path, out.appendingPathComponent("manifest.json").path, docs.path])
        try #require(signed.status == 0, "\(signed.output)")
        let manifest = try E2E.loadBatch(out.appendingPathComponent("manifest.json"))
        return V2Fixture(dir: dir, site: site, records: manifest.records, title: manifest.body.event.title,
                         trustList: try String(contentsOf: site.appendingPathComponent("keys.json"), encoding: .utf8),
                         documents: try JSONDecoder().decode([String: String].self, from: Data(contentsOf: docs)))
    }
}

/// `python3 -m http.server` on a free port of 127.0.0.1, for the lifetime of a test.
final class HTTPServer: @unchecked Sendable {
    let process = Process()
    let port: Int

    init(serving directory: URL) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Port 0: the system picks a free port; the server prints it ("Serving HTTP on … port N").
        process.arguments = ["python3", "-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory", directory.path, "0"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = out.fileHandleForReading.firstLine()
        guard let range = text.range(of: "port "), let port = Int(text[range.upperBound...].prefix { $0.isNumber }) else {
            kill(process.processIdentifier, SIGKILL)
            throw ECertError.outputNotUsable(path: directory.path, reason: "http.server did not start: \(text)")
        }
        self.port = port
    }

    /// SIGKILL: the child inherits the test thread's signal mask, where SIGTERM can be blocked.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// Issue 11, item 7: a QR code must never point at a page served insecurely.
@Suite("verify_url must be https")
struct VerifyURLTests {
    @Test(arguments: ["http://verify.example.org/v", "ftp://verify.example.org/v", "https://", "https:///v",
                      "https://verify.example.org/a b", "\"https://verify.example.org/v\\nx\"", "verify.example.org/v"])
    func issueRefusesAVerifyURLThatIsNotAPlainHTTPSAddress(url: String) throws {
        let dir = try E2E.temporaryDirectory()
        let event = dir.appendingPathComponent("event.yaml")
        let text = try String(contentsOf: E2E.exampleEvent, encoding: .utf8)
            .replacingOccurrences(of: "verify_url: https://verify.example.org/v", with: "verify_url: \(url)")
        try Data(text.utf8).write(to: event)
        let list = dir.appendingPathComponent("list.csv")
        try Data("Nama Lengkap,NUPTK\nSiti Aminah,0012345678901234\n".utf8).write(to: list)
        let (key, _) = try E2E.keyPair(in: dir)
        let result = try E2E.ecert(["issue", list.path, "--event", event.path, "--key", key.path, "--out", dir.appendingPathComponent("out").path])
        #expect(result.status != 0, "\(url): \(result.output)")
        #expect(result.stderr.contains(event.path) && result.stderr.contains("verify_url") && result.stderr.contains("https://")
                && result.stderr.contains("Fix:"), "\(url): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/manifest.json").path))
    }
}
