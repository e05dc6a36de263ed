import ECertCore
import Foundation
import Testing

/// Issue 14: `ecert publish` puts the PDFs on the site under secret names and writes links.csv.
@Suite("ecert publish")
struct PublishTests {
    @Test func pdfsGetSecretStableNamesAndTheSiteHoldsNothingElseAboutParticipants() throws {
        let fixture = try DeliveryFixture.make()
        let first = try fixture.publish()
        #expect(first.status == 0, "\(first.output)")
        let secret = fixture.dir.appendingPathComponent("issuer.link-secret")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: secret.path)[.posixPermissions] as? Int)
        #expect(mode & 0o777 == 0o600)
        let folder = fixture.site.appendingPathComponent("c")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count == fixture.records.count + 1 && names.contains("index.html"))
        for name in names where name != "index.html" {
            #expect(name.range(of: "^[0-9a-f]{32}\\.pdf$", options: .regularExpression) != nil, "\(name)")
            let record = try #require(fixture.records.first { $0.sha256 == (try? Digest256.sha256Hex(fileAt: folder.appendingPathComponent(name))) })
            for revealing in [record.serial, record.participantID, FileOutput.safeFileName(forSerial: record.serial, extension: "")] {
                #expect(!name.contains(revealing.lowercased()))
            }
        }
        // Nothing else: no list, no names anywhere in the site's files.
        let all = try FileManager.default.subpathsOfDirectory(atPath: fixture.site.path)
        #expect(Set(all) == Set(["c"] + names.map { "c/" + $0 }), "\(all)")
        let csv = try String(contentsOf: fixture.batch.appendingPathComponent("links.csv"), encoding: .utf8)
        // Re-running gives the same names and the same links.csv.
        let again = try fixture.publish()
        #expect(again.status == 0 && again.stdout.contains("0 copied"), "\(again.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == names)
        #expect(try String(contentsOf: fixture.batch.appendingPathComponent("links.csv"), encoding: .utf8) == csv)
        // Rows without an e-mail or with an odd number are listed, not dropped.
        #expect(again.stderr.contains("line 5") && again.stderr.contains("no e-mail address") && again.stderr.contains("\"12345\""), "\(again.stderr)")
    }

    @Test func linksCsvHasWhatsAppLinksWithNormalisedNumbersAndNeutralisedValues() throws {
        let fixture = try DeliveryFixture.make()
        #expect(try fixture.publish().status == 0)
        let rows = try readCSV(fixture.batch.appendingPathComponent("links.csv"))
        #expect(rows.first == ["serial", "name", "email", "phone", "download_url", "verify_url", "whatsapp_url", "problems"])
        let numbers = rows.dropFirst().map { $0[6].isEmpty ? "" : String($0[6].dropFirst("https://wa.me/".count).prefix { $0.isNumber }) }
        #expect(numbers == ["6281234567890", "6281311112222", "6285711112222", "", ""], "\(numbers)")
        #expect(rows.count == fixture.records.count + 1)
        // A name that is a formula is shown as text in a spreadsheet.
        #expect(rows[4][1] == "'=HYPERLINK(\"http://x\")" && rows[2][3] == "'+62 813 1111 2222")
        #expect(rows[4][7].contains("no e-mail address") && rows[4][7].contains("not an Indonesian mobile number"))
        #expect(rows[5][7].contains("no phone number") && rows[5][7].contains("budi@@guru.example.id"))
        let text = try #require(URLComponents(string: rows[1][6])?.queryItems?.first { $0.name == "text" }?.value)
        #expect(text.contains("Siti Aminah, S.Pd.") && text.contains(rows[1][4]))
        #expect(rows[1][5] == "https://verify.example.org/v#" + fixture.records[0].payload)
    }

    @Test func aChangedPdfIsNotPublished() throws {
        let fixture = try DeliveryFixture.make(rows: Array(DeliveryFixture.rows.prefix(2)))
        let pdf = fixture.batch.appendingPathComponent(FileOutput.safeFileName(forSerial: fixture.records[1].serial))
        var bytes = try Data(contentsOf: pdf)
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: pdf)
        let result = try fixture.publish()
        #expect(result.status == 1 && result.stderr.contains(pdf.path) && result.stderr.contains("SHA-256"), "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: fixture.batch.appendingPathComponent("links.csv").path))
        #expect(!FileManager.default.fileExists(atPath: fixture.site.path), "nothing is published when one PDF is wrong")
    }

    /// RFC 4180 with a BOM, as CSVWriter writes it (read by Python's csv module).
    func readCSV(_ url: URL) throws -> [[String]] {
        let result = try E2E.run("python3", ["-c", "import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))))", url.path])
        return try JSONDecoder().decode([[String]].self, from: Data(result.stdout.utf8))
    }
}
