import Foundation

/// A checked e-mail address: one `@`, a dot-atom local part and a domain of letter-digit-hyphen
/// labels (RFC 5321/5322, without quoted local parts or address literals, which lists never hold
/// legitimately). Nothing that could break a header or an SMTP command (spaces, CR/LF, `<>`) passes.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    public var description: String { text }
    public var domain: String { String(text[text.index(after: text.lastIndex(of: "@")!)...]) }

    /// nil when `raw` is not a usable address; `problem(_:)` says why.
    public init?(_ raw: String) {
        guard Self.problem(raw) == nil else { return nil }
        text = raw.trimmingCharacters(in: .whitespaces)
    }

    static let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    /// Why `raw` is not an address ecert sends to, or nil.
    public static func problem(_ raw: String) -> String? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return "no e-mail address" }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return "\"\(text.withVisibleControlCharacters)\" is not an e-mail address (it needs exactly one @)" }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, local.utf8.count <= 64, text.utf8.count <= 254,
              !local.hasPrefix("."), !local.hasSuffix("."), !local.contains(".."),
              local.unicodeScalars.allSatisfy({ atext.contains($0) || $0 == "." }) else {
            return "\"\(text.withVisibleControlCharacters)\" is not an e-mail address (the part before @ has a character mail servers refuse)"
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy(isHostLabel), !(labels.last!.allSatisfy(\.isNumber)) else {
            return "\"\(text.withVisibleControlCharacters)\" is not an e-mail address (\"\(domain)\" is not a domain name)"
        }
        return nil
    }

    static func isHostLabel(_ label: Substring) -> Bool {
        !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
            && label.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") }
    }
}
