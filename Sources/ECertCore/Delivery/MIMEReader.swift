import Foundation

/// Just enough of RFC 5322/2045 to read delivery status notifications: header fields (unfolded),
/// the body, multipart parts by boundary, base64 and quoted-printable bodies. Written here because
/// no maintained Swift MIME parser builds on Linux; it reads, never trusts: every lookup may fail.
public struct MIMEEntity: Sendable {
    public var headers: [(name: String, value: String)]
    public var body: String

    public init(_ text: String) {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        let split = normalized.range(of: "\n\n")
        let head = split.map { String(normalized[..<$0.lowerBound]) } ?? normalized
        body = split.map { String(normalized[$0.upperBound...]) } ?? ""
        headers = Self.fields(head)
    }

    /// `Name: value` lines, continuation lines joined (unfolded).
    static func fields(_ head: String) -> [(name: String, value: String)] {
        var out: [(String, String)] = []
        for line in head.split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first == " " || first == "\t", !out.isEmpty {
                out[out.count - 1].1 += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                out.append((String(line[..<colon]).trimmingCharacters(in: .whitespaces), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
        return out
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// `multipart/report` from `multipart/report; report-type=delivery-status; boundary="x"`.
    public var contentType: String {
        (header("Content-Type") ?? "text/plain").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? "text/plain"
    }

    public func parameter(_ name: String) -> String? {
        for part in (header("Content-Type") ?? "").split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == name { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }

    /// The parts of a multipart entity (empty for any other).
    public var parts: [MIMEEntity] {
        guard contentType.hasPrefix("multipart/"), let boundary = parameter("boundary"), !boundary.isEmpty else { return [] }
        let chunks = ("\n" + body).components(separatedBy: "\n--" + boundary)
        return chunks.dropFirst().prefix { !$0.hasPrefix("--") }.map { chunk in
            MIMEEntity(String(chunk.drop { $0 != "\n" }.dropFirst()))
        }
    }

    /// The body with its transfer encoding undone.
    public var decodedBody: String {
        switch (header("Content-Transfer-Encoding") ?? "").lowercased() {
        case "base64":
            let data = Data(base64Encoded: body.filter { !$0.isWhitespace }) ?? Data()
            return String(decoding: data, as: UTF8.self)
        default:
            return body
        }
    }

    /// Every entity in this one, depth first (nested multiparts, attached messages).
    public var all: [MIMEEntity] {
        var out = [self]
        for part in parts { out += part.all }
        if contentType == "message/rfc822" || contentType == "text/rfc822-headers" { out += MIMEEntity(decodedBody).all }
        return out
    }
}
