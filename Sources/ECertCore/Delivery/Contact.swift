import Foundation

/// Where a certificate goes: the e-mail and phone columns of its manifest record (the list's row
/// as signed), found by the same header names `ecert issue` accepts.
public struct Contact: Sendable, Equatable {
    public var email: String
    public var phone: String

    /// Phone headers, compared like the other roles (case and punctuation ignored).
    public static let phoneHeaders = ["No HP", "Nomor HP", "HP", "No WA", "Nomor WA", "WhatsApp", "No WhatsApp", "Nomor WhatsApp",
                                      "Telepon", "No Telepon", "Nomor Telepon", "Telp", "Phone", "Mobile", "Phone number"]
    static let emailKeys = Set(ColumnMapping.acceptedHeaders["email"]!.map(ColumnMapping.normalizedHeader))
    static let phoneKeys = Set(phoneHeaders.map(ColumnMapping.normalizedHeader))

    public init(record: ManifestRecord) {
        email = Self.column(record.columns, keys: Self.emailKeys)
        phone = Self.column(record.columns, keys: Self.phoneKeys)
    }

    /// The first matching column in header order of the sorted keys, so the choice is stable.
    static func column(_ columns: [String: String], keys: Set<String>) -> String {
        for header in columns.keys.sorted() where keys.contains(ColumnMapping.normalizedHeader(header)) {
            let value = columns[header]!.trimmingCharacters(in: .whitespaces)
            if !value.isEmpty { return value }
        }
        return ""
    }
}

/// Indonesian mobile numbers as WhatsApp wants them: country code 62, no `+`, no leading 0.
/// `0812-3456-7890`, `+62 812 3456 7890`, `62812…` and `812…` all become `6281234567890`.
public enum PhoneNumber {
    /// The normalised number, or the reason it is not an Indonesian mobile number.
    public static func normalized(_ raw: String) -> Result<String, PhoneProblem> {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return .failure(PhoneProblem(text: "no phone number")) }
        let allowed = Set(" -.()+/".unicodeScalars)
        guard text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || allowed.contains($0) }),
              !text.dropFirst().contains("+") else {
            return .failure(PhoneProblem(text: "phone \"\(text.withVisibleControlCharacters)\" has characters a phone number does not have"))
        }
        var digits = String(text.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init))
        if digits.hasPrefix("0062") { digits.removeFirst(4) } else if digits.hasPrefix("62") { digits.removeFirst(2) } else if digits.hasPrefix("0") { digits.removeFirst() }
        // Mobile numbers are 8 + 8…11 digits after the country code (Telkomsel 0812…, XL 0817…, …).
        guard digits.hasPrefix("8"), (9...12).contains(digits.count) else {
            return .failure(PhoneProblem(text: "phone \"\(text)\" is not an Indonesian mobile number (expected 08…, +62 8… or 628…, 10 to 13 digits)"))
        }
        return .success("62" + digits)
    }
}

public struct PhoneProblem: Error, Sendable, Equatable {
    public var text: String
}
