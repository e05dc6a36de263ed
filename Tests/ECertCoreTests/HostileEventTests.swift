@testable import ECertCore
import Foundation
import Testing

/// Hostile event files (issue 12): every field that ends up signed or printed is checked.
@Suite("hostile event files")
struct HostileEventTests {
    static let good: [String: String] = [
        "title": "Webinar AI", "date": "2025-09-20", "place": "Jakarta", "issuer": "Dinas Pendidikan",
        "serial": "\"WEB/{seq:04}\"", "verify_url": "https://sertifikat.example.go.id/v",
    ]

    func yaml(_ changes: [String: String]) -> String {
        Self.good.merging(changes) { $1 }.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "\n") + "\n"
    }

    func refused(_ changes: [String: String], saying text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            _ = try Event.parse(yaml(changes), path: "event.yaml")
        } throws: { error in
            error.localizedDescription.hasPrefix("event.yaml: ") && error.localizedDescription.contains(text)
        }
    }

    @Test func theGoodFileIsRead() throws {
        #expect(try Event.parse(yaml([:]), path: "event.yaml").title == "Webinar AI")
    }

    @Test func malformedVerifyURLsAreRefused() {
        refused(["verify_url": "http://sertifikat.example.go.id/v"], saying: "is not an https:// address")
        refused(["verify_url": "https:///v"], saying: "has no host name")
        refused(["verify_url": "\"https://exa mple.go.id/v\""], saying: "contains spaces or control characters")
        refused(["verify_url": "\"https://example.go.id/\\nv\""], saying: "contains spaces or control characters")
        refused(["verify_url": "https://user:pw@example.go.id/v"], saying: "user name or password")
        refused(["verify_url": "https://exa_mple..go.id/v"], saying: "is not a domain name")
    }

    @Test func controlBidiAndLineBreaksInTextFieldsAreRefused() {
        for field in ["title", "place", "issuer"] {
            refused([field: "\"Webinar\\0AI\""], saying: "\"\(field)\" contains the invisible or control character U+0000")
            refused([field: "\"Webinar \\u202EIA\""], saying: "\"\(field)\" contains the bidi control character U+202E")
            refused([field: "\"Webinar\\nAI\""], saying: "\"\(field)\" contains a line break")
            refused([field: "\"A\\u200BB\""], saying: "U+200B")
        }
        refused(["serial": "\"WEB\\u202E/{seq:04}\""], saying: "\"serial\" contains the bidi control character U+202E")
    }

    @Test func nullIsRefusedNotPrinted() {
        refused(["title": "null"], saying: "\"title\" is null")
        refused(["place": "~"], saying: "\"place\" is null")
        #expect((try? Event.parse(yaml(["title": "\"null\""]), path: "event.yaml"))?.title == "null", "a quoted \"null\" is text")
    }

    @Test func templatePathsOutsideTemplatesAreRefused() {
        for template in ["../../etc", "/tmp/mine", "a/b", ".hidden", "..", "\"c\\\\d\""] {
            refused(["template": template], saying: "is not the name of a folder in templates/")
        }
    }

    /// A title of 10 MB: refused by size before YAML parsing, in well under a second.
    @Test func hugeFieldsAreRefusedQuickly() throws {
        refused(["title": String(repeating: "A", count: 301)], saying: "\"title\" is 301 characters, more than the 300")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecert-event-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("event.yaml")
        try Data(yaml(["title": String(repeating: "A", count: 10 << 20)]).utf8).write(to: url)
        let start = Date()
        #expect { _ = try Event.load(from: url) } throws: { $0.localizedDescription.contains("more than the 262144 this file may have") }
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test func revocationReasonsFollowTheSameRules() {
        #expect(EventFieldRules.problem("Nama salah ketik", field: "reason") == nil)
        #expect(EventFieldRules.problem("a\u{202E}b", field: "reason")?.contains("U+202E") == true)
        #expect(EventFieldRules.problem("a\nb", field: "reason")?.contains("line break") == true)
    }
}
