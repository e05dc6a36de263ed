import Foundation

/// The small pieces of RFC 5322 / 2045 / 2047 that ecert's messages need. Written here rather than
/// taken from a library: no maintained pure-Swift MIME writer builds on Linux, and libcurl's MIME
/// API (in ECertRender) would put message building behind C where the tests and the dry run
/// cannot see the same bytes.
public enum MIMEText {
    /// A header value: plain when it is printable ASCII, else RFC 2047 encoded words (UTF-8,
    /// base64), each at most 75 characters, folded onto continuation lines.
    public static func headerValue(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if clean.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) && !clean.contains("=?") { return clean }
        return encodedWords(clean).joined(separator: "\r\n ")
    }

    /// Splits on character boundaries so no word cuts a UTF-8 sequence (RFC 2047 §5).
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = [], chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words
    }

    static func word(_ bytes: [UInt8]) -> String { "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?=" }

    /// `Name <address>`: the name as a quoted string when it is plain ASCII, else encoded words.
    public static func mailbox(name: String, address: EmailAddress) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return "<\(address.text)>" }
        let ascii = trimmed.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
        let display = ascii && !trimmed.contains("=?")
            ? "\"" + trimmed.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            : headerValue(trimmed)
        return display + " <\(address.text)>"
    }

    /// Base64 in lines of 76 characters (RFC 2045 §6.8), CRLF-terminated.
    public static func base64Lines(_ bytes: some DataProtocol) -> String {
        let encoded = Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return encoded.isEmpty ? "" : encoded + "\r\n"
    }

    /// RFC 5322 date in UTC: `Wed, 02 Dec 2026 14:13:28 +0000`.
    public static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// A MIME parameter value: quoted, or RFC 2231 `name*=UTF-8''…` for non-ASCII file names.
    public static func parameter(_ name: String, _ value: String) -> String {
        if value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "\\" }) {
            return "\(name)=\"\(value)\""
        }
        let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return "\(name)*=UTF-8''" + (value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")
    }

    /// `&`, `<`, `>`, `"` and `'` as entities, for values placed into the HTML body.
    public static func htmlEscaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
