import Foundation

/// The one check of a name, used everywhere a name enters: `check` and `issue` (through
/// `RowChecker`), `correct --name`, and the names `reconcile` passes on. Whether a name fits its
/// boxes and every character has a glyph needs the renderer: that is `NamePrintCheck`.
public enum NameRules {
    public static let maxLength = 200
    /// Vietnamese stacks two marks on a letter, Thai and Devanagari three; more is "Zalgo" text,
    /// which no font lays out in a line and which hides what the name is.
    public static let maxCombiningRun = 4

    /// Every problem of a name as it will be printed (`cleaned`); the character checks also look at
    /// the raw value (a bidi control trimmed away still shows the cell was tampered with).
    public static func problems(_ cleaned: String, raw: String? = nil, label: String = "name") -> [(kind: RowProblem.Kind, reason: String)] {
        var found: [(kind: RowProblem.Kind, reason: String)] = []
        if cleaned.isEmpty {
            found.append((.emptyName, "empty \(label)"))
        } else if !cleaned.unicodeScalars.contains(where: isVisible) {
            let points = cleaned.unicodeScalars.prefix(6).map(ParticipantList.codePoint).joined(separator: " ")
            found.append((.invisibleName, "\(label) holds only invisible characters (\(points)), so the certificate would be blank; type the \(label)"))
        }
        if cleaned.count > maxLength {
            found.append((.nameTooLong, "\(label) is \(cleaned.count) characters, longer than \(maxLength); shorten it"))
        }
        if let problem = characterProblem(raw ?? cleaned, label: label) { found.append(problem) }
        if let run = longestCombiningRun(cleaned), run.count > maxCombiningRun {
            found.append((.combiningFlood, "\(label) stacks \(run.count) combining marks on one character (after \"\(run.base)\"); no name needs more than \(maxCombiningRun), retype the \(label)"))
        }
        return found
    }

    /// Bidi controls, then other control or invisible characters: the first found, as a problem.
    public static func characterProblem(_ text: String, label: String) -> (kind: RowProblem.Kind, reason: String)? {
        if let bad = text.unicodeScalars.first(where: ParticipantList.isBidiControl) {
            return (.bidiOverride, "\(label) contains the bidi control character \(ParticipantList.codePoint(bad)), which makes text display differently from what it is; retype the \(label)")
        }
        if let bad = text.unicodeScalars.first(where: ParticipantList.isForbiddenInName) {
            return (.controlCharacter, "\(label) contains the invisible or control character \(ParticipantList.codePoint(bad)); retype the \(label)")
        }
        return nil
    }

    /// Whether a scalar puts ink on the page: not a space or line separator, not a mark or format
    /// character on its own, not one of the blanks that are letters or symbols only in name
    /// (Braille blank, Hangul fillers, Khmer inherent vowels, Mongolian and variation selectors).
    static func isVisible(_ s: Unicode.Scalar) -> Bool {
        if s.properties.isWhitespace || s.properties.isDefaultIgnorableCodePoint { return false }
        switch s.value {
        case 0x2800, 0x034F, 0x17B4, 0x17B5, 0x180B...0x180F, 0xFE00...0xFE0F, 0xE0100...0xE01EF, 0x3164, 0x115F, 0x1160, 0xFFA0: return false
        default: break
        }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control, .spaceSeparator, .lineSeparator, .paragraphSeparator, .unassigned, .surrogate, .privateUse:
            return false
        default:
            return true
        }
    }

    /// The longest run of combining marks and the character it sits on.
    static func longestCombiningRun(_ text: String) -> (count: Int, base: String)? {
        var best: (count: Int, base: String)?
        var run = 0
        var base = ""
        for s in text.unicodeScalars {
            switch s.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .spacingMark:
                run += 1
                if run > best?.count ?? 0 { best = (run, base) }
            default:
                run = 0
                base = String(s)
            }
        }
        return best
    }

    /// A name given on the command line (`correct --name`): cleaned as a list's name, then checked
    /// by the same rules; the first problem is thrown.
    public static func checkedCommandLineName(_ raw: String, option: String) throws -> String {
        let name = ParticipantList.cleanName(raw)
        if let problem = problems(name, raw: raw, label: "the name").first {
            throw ECertError.invalidName(option: option, reason: problem.reason)
        }
        return name
    }
}

/// Whether a name can be printed with the batch's template and bundled fonts: it fits every box
/// that shows it, and every character has a glyph (else Pango draws a hex box). ECertRender
/// implements it; `RowChecker` calls it for each row that passed the other checks, so `check`
/// and `issue` refuse the same rows.
public protocol NamePrintCheck: Sendable {
    func problems(name: String, values: [String: String]) -> [(kind: RowProblem.Kind, reason: String)]
}
