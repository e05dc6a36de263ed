import Foundation

/// Title case for names exported in ALL CAPS, keeping Indonesian academic and religious titles in
/// their standard spelling: `DRA. HJ. SITI AMINAH, S.PD., M.PD.` → `Dra. Hj. Siti Aminah, S.Pd., M.Pd.`
public enum NameCasing {
    /// Titles whose spelling does not follow the rule "each dot-separated part capitalised".
    static let exceptions: [String: String] = [
        "S.IP.": "S.IP.", "S.KM.": "S.KM.", "S.ST.": "S.ST.", "M.KM.": "M.KM.", "S.H.I.": "S.H.I.",
        "MBA": "MBA", "M.B.A.": "M.B.A.", "MSC": "MSc", "M.SC.": "M.Sc.", "B.SC.": "B.Sc.", "PHD": "PhD",
        "M.TESOL": "M.TESOL", "S.TR.": "S.Tr.", "M.A.": "M.A.", "B.A.": "B.A.", "SE": "SE", "SH": "SH", "MM": "MM",
        "S.PD": "S.Pd", "M.PD": "M.Pd",
    ]
    /// Words written in lower case inside a name.
    static let particles: Set<String> = ["bin", "binti", "van", "der", "de", "von"]

    public static func titleCaseIfAllCaps(_ name: String) -> String {
        let hasLower = name.unicodeScalars.contains { CharacterSet.lowercaseLetters.contains($0) }
        let hasUpper = name.unicodeScalars.contains { CharacterSet.uppercaseLetters.contains($0) }
        guard hasUpper, !hasLower else { return name }
        return titleCase(name)
    }

    public static func titleCase(_ name: String) -> String {
        var out = ""
        var word = ""
        func flush() {
            if !word.isEmpty { out += caseWord(word, first: out.isEmpty) }
            word = ""
        }
        for c in name {
            if c == " " || c == "," { flush(); out.append(c) } else { word.append(c) }
        }
        flush()
        return out
    }

    static func caseWord(_ word: String, first: Bool) -> String {
        let upper = word.uppercased()
        if let fixed = exceptions[upper] { return fixed }
        if !first, particles.contains(word.lowercased()) { return word.lowercased() }
        // Dotted abbreviations (S.PD.I., PH.D., DRA.) and plain words alike: every part after a
        // dot, hyphen or the start is capitalised; letters after an apostrophe stay lower case
        // (NUR'AINI → Nur'aini).
        var result = ""
        var startOfPart = true
        for c in word {
            if c.isLetter {
                result += startOfPart ? c.uppercased() : c.lowercased()
                startOfPart = false
            } else {
                result.append(c)
                if c == "." || c == "-" || c == "(" || c == "/" { startOfPart = true }
            }
        }
        return result
    }
}
