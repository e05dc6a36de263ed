import Foundation

/// Turns the composite template elements (`signatories`, `program`, images of the event file)
/// into plain text, line, rect and image elements for one event, so the renderer draws them like
/// any other fixed part. Pure layout arithmetic in millimetres.
public enum TemplateExpansion {
    /// Page 1's elements for `drawing`.
    public static func page1(_ template: Template, drawing: EventDrawing) -> [TemplateElement] {
        expand(template.elements, drawing: drawing)
    }

    /// Page 2 (Struktur Program) when the event has a program: the template's `program_page`, or
    /// a plain default page.
    public static func page2(_ template: Template, drawing: EventDrawing) -> [TemplateElement]? {
        guard drawing.program != nil else { return nil }
        return expand(template.programPage ?? defaultProgramPage(template.page, language: drawing.language), drawing: drawing)
    }

    static func expand(_ elements: [TemplateElement], drawing: EventDrawing) -> [TemplateElement] {
        elements.flatMap { e -> [TemplateElement] in
            switch e.type {
            case .signatories: return signatures(e, drawing.signatures)
            case .program: return table(e, drawing.program ?? [], language: drawing.language)
            case .image where e.source?.hasPrefix("{") == true:
                if drawing.images[imageKey(e.source!)] != nil { return [e] }
                // `{logo.left|logo-kiri.svg}`: the template's own file when the event gives none.
                guard let fallback = imageFallback(e.source!) else { return [] }
                var own = e
                own.source = fallback
                return [own]
            default: return [e]
            }
        }
    }

    /// `{logo.left}` or `{logo.left|logo-kiri.svg}` → `logo.left`.
    public static func imageKey(_ source: String) -> String {
        String(source.dropFirst().dropLast().split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)[0])
    }

    /// `{logo.left|logo-kiri.svg}` → `logo-kiri.svg` (a file of the template folder).
    public static func imageFallback(_ source: String) -> String? {
        let parts = source.dropFirst().dropLast().split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[1].isEmpty ? String(parts[1]) : nil
    }

    static func text(_ text: String, _ box: [Double], like e: TemplateElement, size: Double, bold: Bool = false,
                     align: TemplateElement.Alignment = .center, color: String? = nil, lines: Int = 1) -> TemplateElement {
        var t = TemplateElement(type: .text, box: box)
        (t.text, t.font, t.size, t.minSize, t.maxLines) = (text, e.font, size, size * 0.7, lines)
        (t.weight, t.align, t.color, t.literal) = (bold ? "bold" : e.weight, align, color ?? e.color, true)
        return t
    }

    static func line(_ x: Double, _ y: Double, _ w: Double, stroke: String, width: Double = 0.3) -> TemplateElement {
        var l = TemplateElement(type: .line, box: [x, y, w, 0])
        (l.stroke, l.strokeWidth) = (stroke, width)
        return l
    }

    /// One column per signatory: place/date line, position (two lines), signature picture, name
    /// (bold, underlined) and NIP, spread over the element's box.
    static func signatures(_ e: TemplateElement, _ blocks: [EventDrawing.SignatureBlock]) -> [TemplateElement] {
        guard !blocks.isEmpty else { return [] }
        let size = e.size ?? 10, lh = size * 0.3528 * 1.45
        let cw = e.width / Double(blocks.count)
        let imageHeight = max(6, e.height - 5.15 * lh - 0.9)
        return blocks.enumerated().flatMap { k, b -> [TemplateElement] in
            let x = e.x + cw * Double(k) + 2, w = cw - 4
            var y = e.y
            var out = [text(b.placeDate, [x, y, w, lh], like: e, size: size)]
            y += lh
            out.append(text(b.position, [x, y, w, 2 * lh], like: e, size: size, lines: 2))
            y += 2 * lh
            if let image = b.image {
                var picture = TemplateElement(type: .image, box: [x + w * 0.15, y, w * 0.7, imageHeight])
                picture.source = "{\(image)}"
                out.append(picture)
            }
            y += imageHeight
            out.append(text(b.name, [x, y, w, lh * 1.15], like: e, size: size * 1.05, bold: true))
            y += lh * 1.15 + 0.3
            out.append(line(x + w * 0.12, y, w * 0.76, stroke: e.stroke ?? "#333333"))
            out.append(text(b.nipLine, [x, y + 0.6, w, lh], like: e, size: size * 0.9))
            return out
        }
    }

    /// The Struktur Program table: No, topic, JP; a header row and a total row.
    static func table(_ e: TemplateElement, _ program: [ProgramTopic], language: EventLanguage) -> [TemplateElement] {
        let size = e.size ?? 10
        let rows = program.count + 2
        let rowHeight = min(e.height / Double(rows), size * 0.3528 * 2.6)
        let widths = [e.width * 0.08, e.width * 0.74, e.width * 0.18]
        let xs = [e.x, e.x + widths[0], e.x + widths[0] + widths[1]]
        let head = e.fill ?? "#1F3A5F", rule = e.stroke ?? "#9AA5B1"
        var header = TemplateElement(type: .rect, box: [e.x, e.y, e.width, rowHeight])
        header.fill = head
        var out = [header]
        func cells(_ texts: [String], row: Int, bold: Bool, color: String?) {
            let y = e.y + Double(row) * rowHeight
            for c in 0..<3 {
                out.append(text(texts[c], [xs[c] + 1.5, y + rowHeight * 0.1, widths[c] - 3, rowHeight * 0.8], like: e, size: size, bold: bold,
                                align: c == 1 ? .start : .center, color: color, lines: 2))
            }
        }
        let en = language == .en
        cells(["No", en ? "Topic" : "Materi", "JP"], row: 0, bold: true, color: "#FFFFFF")
        for (k, topic) in program.enumerated() {
            cells([String(k + 1), topic.topic, String(topic.hours)], row: k + 1, bold: false, color: nil)
            out.append(line(e.x, e.y + Double(k + 2) * rowHeight, e.width, stroke: rule))
        }
        cells(["", en ? "Total" : "Jumlah", String(program.reduce(0) { $0 + $1.hours })], row: rows - 1, bold: true, color: nil)
        var frame = TemplateElement(type: .rect, box: [e.x, e.y, e.width, rowHeight * Double(rows)])
        (frame.stroke, frame.strokeWidth) = (head, 0.4)
        return out + [frame]
    }

    /// Page 2 for a template without `program_page`: a title, the event and the table.
    static func defaultProgramPage(_ page: Template.Page, language: EventLanguage) -> [TemplateElement] {
        let w = page.widthMM, h = page.heightMM, margin = 28.0
        var base = TemplateElement(type: .text, box: [0, 0, 0, 0])
        (base.font, base.color) = ("Lato", "#1F3A5F")
        var title = text(language == .en ? "PROGRAM STRUCTURE" : "STRUKTUR PROGRAM", [margin, 27, w - 2 * margin, 12], like: base, size: 22, bold: true)
        title.letterSpacing = 2
        var event = text("{title}", [margin, 41, w - 2 * margin, 14], like: base, size: 13, lines: 2)
        event.literal = false
        var when = text("{date} · {place}", [margin, 56, w - 2 * margin, 7], like: base, size: 10, color: "#444444")
        when.literal = false
        var table = TemplateElement(type: .program, box: [margin, 67, w - 2 * margin, h - 67 - 36])
        (table.font, table.size, table.color) = ("Lato", 10.5, "#222222")
        var footer = text("{issuer}", [margin, h - 30, w - 2 * margin, 8], like: base, size: 9, color: "#555555")
        footer.literal = false
        return [title, event, when, table, footer]
    }
}
