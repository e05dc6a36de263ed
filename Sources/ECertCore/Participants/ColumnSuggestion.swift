import Foundation

extension ColumnMapping {
    /// Words that mark a role in a longer question text (Google Forms, Microsoft Forms), checked
    /// when no header is one of `acceptedHeaders`: "Nama Lengkap dan Gelar (untuk sertifikat)" is
    /// the name, "NUPTK / NIP (jika ada)" the ID. Earlier words win.
    static let questionWords: [(role: String, words: [String])] = [
        ("email", ["email", "e-mail", "surel"]),
        ("id", ["nuptk", "nip", "nik", "id peserta"]),
        ("name", ["nama lengkap", "nama peserta", "nama guru", "full name", "nama"]),
        ("school", ["sekolah", "instansi", "unit kerja", "school"]),
        ("district", ["kabupaten", "kab/kota", "kota", "district"]),
        ("province", ["provinsi", "propinsi", "province"]),
    ]

    /// The header each role most likely is (role → header), for a form to propose and the user to
    /// confirm; the result goes to `--column` / `columnOverrides` unchanged. Exact accepted headers
    /// win; then the first header whose words contain a role's word; a header serves one role.
    public static func suggest(header: [String]) -> [String: String] {
        var taken = Set<Int>()
        var out: [String: String] = [:]
        let normalized = header.map(normalizedHeader)
        for role in roles {
            let keys = Set((acceptedHeaders[role] ?? []).map(normalizedHeader))
            if let k = normalized.indices.first(where: { !taken.contains($0) && keys.contains(normalized[$0]) }) {
                out[role] = header[k]
                taken.insert(k)
            }
        }
        let lowered = header.map { " " + $0.lowercased().replacingOccurrences(of: "_", with: " ") + " " }
        for (role, words) in questionWords where out[role] == nil {
            for word in words {
                if let k = lowered.indices.first(where: { !taken.contains($0) && containsWord(lowered[$0], word) }) {
                    out[role] = header[k]
                    taken.insert(k)
                    break
                }
            }
        }
        return out
    }

    /// `word` as a whole word of `text` (so "nip" is not found in "panitia").
    static func containsWord(_ text: String, _ word: String) -> Bool {
        var rest = text[...]
        while let range = rest.range(of: word) {
            let before = text[text.index(before: range.lowerBound)]
            let after = range.upperBound < text.endIndex ? text[range.upperBound] : " "
            if !before.isLetter && !before.isNumber && !after.isLetter && !after.isNumber { return true }
            rest = text[range.upperBound...]
        }
        return false
    }
}
