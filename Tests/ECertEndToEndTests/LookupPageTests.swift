import ECertCore
import Foundation
import Testing

/// Issue 14: the self-service lookup page in headless Chromium, served over http://127.0.0.1
/// (a secure context, so WebCrypto works as on an https:// host).
@Suite("lookup page")
struct LookupPageTests {
    /// The result element's status after the search. Chromium's virtual time can run out while
    /// WebCrypto works on its own thread and the DOM is dumped mid-search; such a run is repeated.
    static func search(_ url: String) throws -> (status: String, dom: String) {
        for _ in 0..<10 {
            let dom = try SitePageTests.chromium(url)
            let status = SitePageTests.attribute("data-status", in: dom) ?? ""
            if status != "searching" && status != "idle" { return (status, dom) }
        }
        return ("timeout", "")
    }

    @Test func rightEmailAndIDFindTheCertificateAndAWrongIDFindsNothing() throws {
        let fixture = try DeliveryFixture.make(rows: Array(DeliveryFixture.rows.prefix(3)))
        let published = try fixture.publish(["--lookup", "--lookup-iterations", "10000"])
        try #require(published.status == 0, "\(published.output)")
        // No participant data in clear: neither e-mail, ID nor name appears in any site file.
        for path in try FileManager.default.subpathsOfDirectory(atPath: fixture.site.path) where !path.hasSuffix(".pdf") {
            guard let text = try? String(contentsOf: fixture.site.appendingPathComponent(path), encoding: .utf8) else { continue }
            for record in fixture.records {
                for secret in [record.columns["Email"]!, record.participantID, record.name, record.serial] {
                    #expect(!text.contains(secret), "\(path) holds \(secret)")
                }
            }
        }
        let server = try HTTPServer(serving: fixture.site)
        defer { server.stop() }
        let base = "http://127.0.0.1:\(server.port)/lookup.html"
        let record = fixture.records[1]
        // Typed as people type: other letter case, spaces around, ID with spaces.
        let email = "  " + record.columns["Email"]!.uppercased()
        let id = record.participantID.prefix(4) + " " + record.participantID.dropFirst(4)
        let query = "#email=\(email.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&id=\(String(id).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
        let found = try Self.search(base + query)
        #expect(found.status == "found", "\(found.dom)")
        let links = try String(contentsOf: fixture.batch.appendingPathComponent("links.csv"), encoding: .utf8)
        let file = try #require(found.dom.range(of: "href=\"c/").map { String(found.dom[$0.upperBound...].prefix(36)) })
        #expect(links.contains("/c/" + file) && found.dom.contains(record.serial))
        #expect(try Digest256.sha256Hex(fileAt: fixture.site.appendingPathComponent("c/" + file)) == record.sha256)
        let wrongID = String(record.participantID.dropLast()) + "9"
        let notFound = try Self.search(base + "#email=\(record.columns["Email"]!)&id=\(wrongID)")
        #expect(notFound.status == "notfound", "\(notFound.dom)")
        #expect(!notFound.dom.contains("href=\"c/"))
        let otherPersonsID = try Self.search(base + "#email=\(record.columns["Email"]!)&id=\(fixture.records[0].participantID)")
        #expect(otherPersonsID.status == "notfound")
        let english = try Self.search(base.replacingOccurrences(of: "lookup.html", with: "lookup.html?lang=en") + "#email=\(record.columns["Email"]!)&id=\(wrongID)")
        #expect(english.dom.contains("No certificate for this e-mail"))
    }
}
