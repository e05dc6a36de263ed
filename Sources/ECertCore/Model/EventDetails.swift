import Foundation

/// A file an event file names (a signature image, a logo): its name relative to the event file's
/// folder, and the SHA-256 of its bytes, so the signed batch header pins the exact picture and a
/// re-issue can prove it draws the same one.
public struct EventAsset: Codable, Sendable, Equatable, Hashable {
    public var file: String
    public var sha256: String
}

/// Someone who signs the certificate (Kepala Dinas, Ketua Panitia…).
public struct Signatory: Codable, Sendable, Equatable {
    public var name: String
    public var position: String
    public var nip: String?
    public var signature: EventAsset?
    /// The "Palembang, 18 Juli 2025" line above the position; see `EventReader`.
    public var placeDate: String?

    enum CodingKeys: String, CodingKey {
        case name, position, nip, signature
        case placeDate = "place_date"
    }
}

/// `logos: {left: FILE, right: FILE}`.
public struct EventLogos: Codable, Sendable, Equatable {
    public var left: EventAsset?
    public var right: EventAsset?
}

/// One topic of the Struktur Program and its hours (JP).
public struct ProgramTopic: Codable, Sendable, Equatable {
    public var topic: String
    public var hours: Int
}

/// What a role (narasumber, moderator…) gets instead of the event's defaults.
public struct RoleSpec: Codable, Sendable, Equatable {
    public var hours: Int?
    /// Wording for `{role_text}`, e.g. "telah menjadi NARASUMBER pada kegiatan".
    public var text: String?
}

/// The roles a certificate can name. The payload carries the role as one byte (its index here),
/// so the QR code stays small; docs/FORMAT.md lists the same table.
public enum CertificateRole: Int, CaseIterable, Sendable {
    case peserta = 0, narasumber, moderator, panitia, fasilitator, instruktur, pengajar, pembawaAcara

    public var word: String {
        switch self {
        case .pembawaAcara: return "pembawa acara"
        default: return String(describing: self)
        }
    }

    public var englishWord: String {
        ["participant", "speaker", "moderator", "committee", "facilitator", "instructor", "teacher", "master of ceremonies"][rawValue]
    }

    public func word(language: EventLanguage) -> String { language == .en ? englishWord : word }

    /// Case-insensitive; "pembawa_acara" and "pembawa-acara" also name `pembawaAcara`.
    public init?(word: String) {
        let w = word.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        guard let role = Self.allCases.first(where: { $0.word == w || $0.englishWord == w }) else { return nil }
        self = role
    }

    public static var allWords: String { allCases.map(\.word).joined(separator: ", ") }
}

/// The language dates and role words are printed in.
public enum EventLanguage: String, Codable, Sendable {
    case id, en
}

/// Known kinds of activity; the payload carries the index (0 = another kind, named in the event facts).
public enum ActivityKind: Int, CaseIterable, Sendable {
    case other = 0, seminar, lokakarya, pelatihan, bimtek, webinar, workshop, diklat

    public init(text: String?) {
        let t = (text ?? "").lowercased()
        self = Self.allCases.first { $0 != .other && String(describing: $0) == t } ?? .other
    }

    public var word: String { self == .other ? "" : String(describing: self) }
}

/// `mode:` of an event.
public enum EventMode: String, CaseIterable, Sendable {
    case daring, luring, hybrid
}
