import ECertCore
import Foundation
import Testing

/// Issue 3: verification of payloads, PDFs and photos, revocation, and the static page in a real browser.
@Suite("verify anywhere: payload, PDF, photo, revocation, static page", .serialized)
struct VerifyAnywhereTests {
    let batch = FiftyBatch.shared

    static func chromium(_ page: URL, payload: String) throws -> String {
        let url = page.absoluteString + "#" + payload
        let result = try E2E.run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000", "--dump-dom", url])
        return result.stdout
    }

    /// `data-status` of the page's result element and the text of the name field.
    static func pageResult(_ dom: String) -> (status: String?, reason: String?, name: String?) {
        func attribute(_ name: String) -> String? {
            guard let main = dom.range(of: "<main id=\"result\""), let attr = dom[main.upperBound...].range(of: "\(name)=\"") else { return nil }
            return String(dom[attr.upperBound...].prefix { $0 != "\"" })
        }
        var name: String?
        for label in ["<dt>Nama</dt><dd>", "<dt>Name</dt><dd>"] {
            if let r = dom.range(of: label) { name = String(dom[r.upperBound...].prefix { $0 != "<" }) }
        }
        return (attribute("data-status"), attribute("data-reason"), name)
    }

    static func unescapeHTML(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test func aPayloadURLAndABarePayloadVerifyAndShowTheFields() throws {
        let record = batch.manifest.records[0]
        let url = "https://verify.example.org/v#" + record.payload.lowercased()
        let result = try E2E.ecert(["verify", url, record.payload, "--pub", batch.pub.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.components(separatedBy: "VALID  payload").count == 3)
        #expect(result.stdout.contains(record.serial) && result.stdout.contains(record.name))
    }

    @Test func aPDFIsCheckedByItsPrintedQRCodeAndAgainstTheManifest() throws {
        let copy = try batch.copy()
        let record = batch.manifest.records[2]
        let pdf = copy.appendingPathComponent(record.file)
        let ok = try E2E.ecert(["verify", pdf.path, "--pub", batch.pub.path, "--manifest", copy.appendingPathComponent("manifest.json").path, "--json"])
        #expect(ok.status == 0, "\(ok.output)")
        let json = try JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as! [String: Any]
        let item = (json["items"] as! [[String: Any]])[0]
        #expect(item["status"] as? String == "VALID")
        #expect((item["certificate"] as? [String: Any])?["name"] as? String == record.name)
        #expect(((item["certificate"] as? [String: Any])?["event"] as? [String: Any])?["title"] as? String == batch.manifest.body.event.title)

        // Same QR, other bytes: a changed PDF is caught by the manifest hash.
        var bytes = Array(try Data(contentsOf: pdf))
        let marker = Array("/Creator".utf8)
        if let at = (0..<(bytes.count - marker.count)).first(where: { Array(bytes[$0..<$0 + marker.count]) == marker }) { bytes[at + 1] = UInt8(ascii: "Q") }
        try Data(bytes).write(to: pdf)
        let bad = try E2E.ecert(["verify", pdf.path, "--pub", batch.pub.path, "--manifest", copy.appendingPathComponent("manifest.json").path])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("INVALID") && bad.stdout.contains("differs from the manifest"), "\(bad.output)")
    }

    @Test func aPhotoAt150DPIWithBlurAndNoiseStillDecodesAndVerifies() throws {
        let dir = try E2E.temporaryDirectory()
        // Several certificates (names of different lengths, so different QR versions), fixed noise seeds.
        for (seed, record) in batch.manifest.records.prefix(6).enumerated() {
            let prefix = dir.appendingPathComponent("scan\(seed)").path
            try E2E.run("pdftoppm", ["-r", "150", "-png", "-singlefile", batch.out.appendingPathComponent(record.file).path, prefix])
            let photo = dir.appendingPathComponent("photo\(seed).jpg")
            // Mild defocus, sensor noise, a slight tilt and JPEG compression, as from a phone camera.
            let convert = try E2E.run("convert", [prefix + ".png", "-seed", String(seed + 1), "-blur", "0x1.0", "-attenuate", "0.4", "+noise", "Gaussian",
                                                   "-background", "white", "-rotate", "2", "-quality", "80", photo.path])
            #expect(convert.status == 0, "\(convert.stderr)")
            let result = try E2E.ecert(["verify", photo.path, "--pub", batch.pub.path])
            #expect(result.status == 0, "\(record.file): \(result.output)")
            #expect(result.stdout.hasPrefix("VALID") && result.stdout.contains(record.serial))
        }

        let blank = dir.appendingPathComponent("blank.png")
        try E2E.run("convert", ["-size", "300x300", "xc:white", blank.path])
        let none = try E2E.ecert(["verify", blank.path, "--pub", batch.pub.path])
        #expect(none.status == 1 && none.stdout.contains("no QR code found"))
    }

    @Test func revokedCertificatesAreNeverValidAnywhere() throws {
        let copy = try batch.copy()
        let record = batch.manifest.records[4]
        let revoke = try E2E.ecert(["revoke", copy.path, record.serial, "--reason", "Nama salah ketik", "--replaced-by", "WEB-AI/2025/000999",
                                    "--key", batch.key.path, "--at", "2025-10-01T08:30:00Z"])
        #expect(revoke.status == 0, "\(revoke.output)")
        let again = try E2E.ecert(["revoke", copy.path, record.serial, "--reason", "x", "--key", batch.key.path])
        #expect(again.status == 1 && again.stderr.contains("already revoked"), "\(again.output)")
        let unknown = try E2E.ecert(["revoke", copy.path, "NO-SUCH/1", "--reason", "x", "--key", batch.key.path])
        #expect(unknown.status == 1 && unknown.stderr.contains("NO-SUCH/1") && unknown.stderr.contains("not in"), "\(unknown.output)")
        let list = try VerifiedRevocations.read(at: copy.appendingPathComponent("revocations.json"), trusting: [batch.manifest.signer]).list
        #expect(list.entries.count == 1 && list.sequence == 1 && list.entries[0].revokedAt == "2025-10-01T08:30:00Z")

        // Folder: revocations.json is a known file (not UNLISTED), and the revoked serial is named.
        let folder = try E2E.ecert(["verify", copy.path, "--pub", batch.pub.path])
        #expect(folder.status == 1)
        #expect(!folder.stdout.contains("UNLISTED"))
        #expect(folder.stdout.contains("REVOKED   \(record.serial)") && folder.stdout.contains("WEB-AI/2025/000999"))
        // PDF beside the list, payload and scan with --revocations.
        let pdf = try E2E.ecert(["verify", copy.appendingPathComponent(record.file).path, "--pub", batch.pub.path])
        #expect(pdf.status == 1 && pdf.stdout.hasPrefix("REVOKED (Nama salah ketik, replaced by WEB-AI/2025/000999)"), "\(pdf.output)")
        let payload = try E2E.ecert(["verify", record.payload, "--pub", batch.pub.path, "--revocations", copy.appendingPathComponent("revocations.json").path, "--json"])
        #expect(payload.status == 1 && payload.stdout.contains("\"status\" : \"REVOKED\"") && payload.stdout.contains("\"replacedBy\" : \"WEB-AI/2025/000999\""))
        // Other certificates stay valid.
        let other = try E2E.ecert(["verify", batch.manifest.records[6].payload, "--pub", batch.pub.path, "--revocations", copy.appendingPathComponent("revocations.json").path])
        #expect(other.status == 0)
        // A tampered list is refused, not ignored.
        let url = copy.appendingPathComponent("revocations.json")
        try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "Nama salah ketik", with: "Nama salah").write(to: url, atomically: true, encoding: .utf8)
        let tampered = try E2E.ecert(["verify", record.payload, "--pub", batch.pub.path, "--revocations", url.path])
        #expect(tampered.status == 1 && tampered.stderr.contains("signature does not verify"))
    }

    @Test func theStaticPageGivesEachVerdictInARealBrowser() throws {
        let dir = try E2E.temporaryDirectory()
        let list = dir.appendingPathComponent("list.csv")
        let xss = "<img src=x onerror=alert(1)>"
        try Data("Nama Lengkap,NUPTK\nSiti Aminah,0012345678901234\n\"\(xss)\",0012345678901235\nBudi Santoso,0012345678901236\n".utf8).write(to: list)
        let (key, pub) = try E2E.keyPair(in: dir)
        let out = dir.appendingPathComponent("out")
        let issued = try E2E.ecert(["issue", list.path, "--event", E2E.exampleEvent.path, "--key", key.path, "--out", out.path])
        try #require(issued.status == 0, "\(issued.output)")
        let records = try E2E.loadBatch(out.appendingPathComponent("manifest.json")).records
        #expect(try E2E.ecert(["revoke", out.path, records[2].serial, "--reason", "Salah nama", "--key", key.path, "--at", "2025-10-01"]).status == 0)
        let site = dir.appendingPathComponent("site")
        let built = try E2E.ecert(["site", out.path, "--out", site.path])
        try #require(built.status == 0, "\(built.output)")
        let files = try FileManager.default.contentsOfDirectory(atPath: site.path).sorted()
        #expect(files == ["facts.json", "index.html", "keys.json", "nacl-fast.min.js", "revocations.json", "style.css", "verify.js"])
        // No participant list: no name and no participant ID appears in any site file.
        for file in files where file != "nacl-fast.min.js" {
            let text = try String(contentsOf: site.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains("Siti Aminah") && !text.contains("0012345678901234"), "\(file) leaks participant data")
        }
        let page = site.appendingPathComponent("index.html")

        let genuineDOM = try Self.chromium(page, payload: records[0].payload)
        let genuine = Self.pageResult(genuineDOM)
        #expect(genuine.status == "valid" && genuine.name == "Siti Aminah", "\(genuine)")
        // Event facts come from the batch's signed header, verified by the page.
        #expect(genuineDOM.contains("<dt>Kegiatan</dt><dd>Webinar Guru Belajar Artificial Intelligence (AI)</dd>"))
        #expect(genuineDOM.contains("<dt>Penerbit</dt><dd>Dinas Pendidikan Provinsi Sumatera Selatan</dd>"))
        var chars = Array(records[0].payload)
        chars[chars.count - 100] = chars[chars.count - 100] == "A" ? "B" : "A"
        let tampered = Self.pageResult(try Self.chromium(page, payload: String(chars)))
        #expect(tampered.status == "invalid" && tampered.reason == "bad-signature", "\(tampered)")
        let revoked = Self.pageResult(try Self.chromium(page, payload: records[2].payload))
        #expect(revoked.status == "revoked" && revoked.name == "Budi Santoso", "\(revoked)")
        let foreign = try JSONSerialization.jsonObject(with: Data(contentsOf: E2E.packageRoot.appendingPathComponent("docs/test-vectors.json"))) as! [String: Any]
        let unknown = (foreign["vectors"] as! [[String: Any]]).first { ($0["expected"] as! [String: Any])["status"] as! String == "UNKNOWN KEY" }!
        let unknownResult = Self.pageResult(try Self.chromium(page, payload: unknown["payload"] as! String))
        #expect(unknownResult.status == "unknown-key", "\(unknownResult)")
        let xssDOM = try Self.chromium(page, payload: records[1].payload)
        let xssResult = Self.pageResult(xssDOM)
        #expect(xssResult.status == "valid")
        #expect(xssResult.name.map(Self.unescapeHTML) == xss, "\(xssResult)")
        // Shown as text: the DOM holds no <img> element, only the escaped characters.
        #expect(!xssDOM.contains("<img"))

        // English on request; the verdict does not depend on the language.
        let english = try E2E.run("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000", "--dump-dom",
                                               page.absoluteString + "?lang=en#" + records[0].payload]).stdout
        #expect(english.contains("GENUINE") && english.contains("<dt>Name</dt><dd>Siti Aminah</dd>") && english.contains("lang=\"en\""))
        #expect(Self.pageResult(english).status == "valid")
        #expect(genuineDOM.contains("ASLI") && genuineDOM.contains("<html lang=\"id\""))

        // The site's keys.json is a trust list the CLI accepts too.
        let cli = try E2E.ecert(["verify", records[0].payload, records[2].payload, "--pub", site.appendingPathComponent("keys.json").path,
                                 "--revocations", site.appendingPathComponent("revocations.json").path])
        #expect(cli.status == 1 && cli.stdout.hasPrefix("VALID") && cli.stdout.contains("REVOKED (Salah nama)"), "\(cli.output)")
    }

    /// docs/test-vectors.json, its trusted keys as PEM and a site built with them and its
    /// revocation list beside `batch`.
    static func vectorSite(batch: URL) throws -> (doc: [String: Any], keys: URL, site: URL) {
        let dir = try E2E.temporaryDirectory()
        let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: E2E.packageRoot.appendingPathComponent("docs/test-vectors.json"))) as! [String: Any]
        let keys = dir.appendingPathComponent("trusted.pem")
        try Data((doc["trustedKeys"] as! [[String: Any]]).map { $0["pem"] as! String }.joined().utf8).write(to: keys)
        let revocations = dir.appendingPathComponent("revocations.json")
        try JSONSerialization.data(withJSONObject: doc["revocations"]!).write(to: revocations)
        let site = dir.appendingPathComponent("site")
        let built = try E2E.ecert(["site", batch.path, "--out", site.path, "--pub", keys.path, "--revocations", revocations.path])
        #expect(built.status == 0, "\(built.output)")
        return (doc, keys, site)
    }

    @Test func everyTestVectorGetsItsVerdictFromTheCLIAndThePage() throws {
        let (doc, keys, site) = try Self.vectorSite(batch: batch.out)
        let revocations = site.deletingLastPathComponent().appendingPathComponent("revocations.json")
        let pageStatus = ["VALID": "valid", "INVALID": "invalid", "REVOKED": "revoked", "UNKNOWN KEY": "unknown-key"]
        for vector in doc["vectors"] as! [[String: Any]] {
            let expected = vector["expected"] as! [String: Any]
            let status = expected["status"] as! String, reason = expected["reason"] as? String
            let cli = try E2E.ecert(["verify", vector["qr"] as! String, "--pub", keys.path, "--revocations", revocations.path, "--json"])
            #expect(cli.status == (status == "VALID" ? 0 : 1), "\(vector["description"]!): \(cli.output)")
            let item = ((try? JSONSerialization.jsonObject(with: Data(cli.stdout.utf8))) as? [String: Any]).flatMap { ($0["items"] as? [[String: Any]])?.first }
            #expect(item?["status"] as? String == status, "\(vector["description"]!): \(cli.output)")
            #expect(item?["reasonCode"] as? String == reason, "\(vector["description"]!)")

            let page = Self.pageResult(try Self.chromium(site.appendingPathComponent("index.html"), payload: vector["payload"] as! String))
            #expect(page.status == pageStatus[status], "page, \(vector["description"]!): \(page)")
            if let reason { #expect(page.reason == reason, "page, \(vector["description"]!): \(page)") }
            if status == "VALID", let name = (vector["fields"] as? [String: Any])?["name"] as? String {
                #expect(page.name.map(Self.unescapeHTML) == name, "page, \(vector["description"]!)")
            }
        }
    }
}
