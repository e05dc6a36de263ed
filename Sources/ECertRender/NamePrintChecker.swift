import ECertCore
import Foundation

/// `NamePrintCheck` with the real template and fonts: a name must fit every text box that shows
/// it (laid out by Pango exactly as `issue` will), and every character must have a glyph in the
/// bundled fonts (otherwise Pango prints a box with its hex code, e.g. for emoji). Used by `check`
/// and `issue` for each row, so both refuse the same rows, and by `correct --name`.
///
/// One checker is used by one thread at a time (like `CertificateRenderer`); `@unchecked
/// Sendable` only lets the row checker, which is passed between functions, hold it.
public final class NamePrintChecker: NamePrintCheck, @unchecked Sendable {
    private let fonts: FontSet
    private let nameElements: [(number: Int, element: TemplateElement)]
    private let eventValues: [String: String]
    private let templatePath: String

    public init(template: Template, fontsDirectory: URL, eventValues: [String: String]) throws {
        fonts = try FontSet(directory: fontsDirectory)
        nameElements = template.elements.enumerated().compactMap { k, element in
            element.type == .text && Placeholders.names(in: element.text ?? "").contains("name") ? (k + 1, element) : nil
        }
        self.eventValues = eventValues
        templatePath = template.filePath
    }

    /// What `BatchPlan.make` calls once it knows the batch's template and event values.
    public static func maker(fontsDirectory: URL) -> (Template, [String: String]) throws -> any NamePrintCheck {
        { template, values in try NamePrintChecker(template: template, fontsDirectory: fontsDirectory, eventValues: values) }
    }

    public func problems(name: String, values: [String: String]) -> [(kind: RowProblem.Kind, reason: String)] {
        if let bad = name.unicodeScalars.first(where: { needsGlyph($0) && !fonts.hasGlyph($0) }) {
            return [(.undrawableCharacter, "name contains \"\(bad)\" (\(ParticipantList.codePoint(bad))), which none of the bundled fonts can draw, so it would print as a box; remove it or replace it with a letter")]
        }
        let filled = values.merging(eventValues) { _, event in event }
        for (number, element) in nameElements {
            do {
                _ = try TextLayout(text: Placeholders.fill(element.text ?? "", values: filled), element: element, fonts: fonts)
            } catch RenderError.textDoesNotFit {
                return [(.nameDoesNotFit, "name (\(name.count) characters) cannot fit box #\(number) of the template \(templatePath) even at its smallest size; shorten it (e.g. abbreviate middle names) or enlarge the box")]
            } catch {
                continue  // a template problem (a missing font): the renderer reports it in its own words
            }
        }
        return []
    }

    /// Spaces and invisible format characters draw nothing, so they need no glyph.
    private func needsGlyph(_ s: Unicode.Scalar) -> Bool {
        !(s.properties.isWhitespace || s.properties.isDefaultIgnorableCodePoint)
    }
}
