import Foundation

/// The participant-independent bottom layer of a certificate page (background, fixed texts,
/// lines, logos), drawn by Cairo once per renderer and kept as finished PDF objects: a form
/// XObject and everything it uses (font subsets, images, nested forms).
///
/// Why: Cairo subsets, compresses and writes every font and picture again in every document.
/// With this layer, Cairo draws only the participant's parts (name, serial, QR code) for each
/// certificate, and `splice(into:)` adds the ready-made objects underneath — a fraction of the
/// work per file, and the same bytes every time.
final class StaticPageLayer {
    /// Objects numbered from 1 in this layer: 1 is the content stream that paints the form,
    /// 2 the form itself, then what the form uses. References between them use these numbers.
    private let objects: [(value: PDFValue, stream: [UInt8]?)]
    /// Written objects for a given first object number (the certificate document's size), with
    /// each object's offset inside the block. Few distinct sizes occur in a batch.
    private var blocks: [Int: (bytes: [UInt8], offsets: [Int])] = [:]
    /// For each page after the first (the glyph sample pages of `SharedGlyphs`): the fonts its
    /// resources name, as (resource name, local object number). Cairo keeps one subset per font in
    /// a document, so these are the very font objects the form uses, holding the sampled glyphs too.
    let sampleFonts: [[(name: String, local: Int)]]
    /// The first page's transparency group, which a page written around this layer repeats.
    let pageGroup: PDFValue?
    /// `%PDF-1.x` and the binary comment line of Cairo's document.
    let header: [UInt8]
    /// Number of objects in the layer (local numbers 1...objectCount).
    var objectCount: Int { objects.count }

    /// Resource name of the form in the page's /XObject dictionary; Cairo's own names are `x<N>`.
    static let formName = "EcertStatic"

    /// - Parameter pdf: a document Cairo wrote with only the fixed parts drawn on its first page;
    ///   further pages, if any, only bring glyphs into its font subsets (`sampleFonts`).
    init(pdf: [UInt8], widthPoints: Double, heightPoints: Double) throws {
        let reader = try PDFObjectReader(pdf)
        header = Array(reader.header)
        let pages = try reader.pageObjectNumbers()
        let page = try reader.object(pages[0]).value
        pageGroup = page["Group"].flatMap { $0.references.isEmpty ? $0 : nil }
        guard let resources = try page["Resources"].map(reader.resolve), let contentsNumber = page["Contents"]?.referencedObject
        else { throw RenderError.unexpectedPDF(offset: 0, reason: "the fixed layer's page has no single content stream and resources") }
        let contents = try reader.object(contentsNumber, withStream: true)
        guard let contentBytes = contents.stream else { throw RenderError.unexpectedPDF(offset: 0, reason: "the fixed layer's contents are not a stream") }

        // What the form uses, depth first in the order written; local numbers from 3.
        var local: [Int: Int] = [:]
        var order: [(number: Int, value: PDFValue, stream: [UInt8]?)] = []
        func collect(_ value: PDFValue) throws {
            for n in value.references where local[n] == nil {
                let object = try reader.object(n, withStream: true)
                // Stream lengths become direct numbers, so their length objects are not needed.
                let value = object.stream.map { object.value.setting("Length", to: .atom(String($0.count))) } ?? object.value
                local[n] = order.count + 3
                order.append((n, value, object.stream))
                try collect(value)
            }
        }
        try collect(resources)
        var sampled: [[(String, Int)]] = []
        for number in pages.dropFirst() {
            let resources = try reader.object(number).value["Resources"].map(reader.resolve)
            guard case .dictionary(let fonts)? = try resources?["Font"].map(reader.resolve) else { sampled.append([]); continue }
            try collect(.dictionary(fonts))
            sampled.append(fonts.compactMap { entry in entry.value.referencedObject.map { (entry.key, local[$0]!) } })
        }
        sampleFonts = sampled
        let renumber = { (n: Int) in local[n]! }

        var form: PDFValue = .dictionary([
            ("Type", .name("XObject")), ("Subtype", .name("Form")),
            ("BBox", .array([.atom("0"), .atom("0"), .atom(Self.number(widthPoints)), .atom(Self.number(heightPoints))])),
            ("Resources", resources.renumbered(renumber)),
        ])
        for key in ["Filter", "DecodeParms"] {
            if let value = contents.value[key] { form = form.setting(key, to: value) }
        }
        form = form.setting("Length", to: .atom(String(contentBytes.count)))
        let paint = Array("q /\(Self.formName) Do Q".utf8)
        var objects: [(PDFValue, [UInt8]?)] = [
            (.dictionary([("Length", .atom(String(paint.count)))]), paint),
            (form, contentBytes),
        ]
        for object in order {
            objects.append((object.value.renumbered(renumber), object.stream))
        }
        self.objects = objects
    }

    /// A certificate: `dynamicPDF` (one page that Cairo drew with the participant's parts) with
    /// this layer painted first, under everything else on the page.
    func splice(into dynamicPDF: [UInt8]) throws -> [UInt8] {
        let reader = try PDFObjectReader(dynamicPDF)
        let pageNumber = try reader.pageObjectNumber()
        var page = try reader.object(pageNumber).value
        guard let contents = page["Contents"], let size = reader.trailer["Size"]?.integer, let pageResources = page["Resources"]
        else { throw RenderError.unexpectedPDF(offset: 0, reason: "the certificate page has no contents, resources or size") }
        let base = size - 1
        let block = staticBlock(base: base)

        // The page paints the form first, then its own contents; its resources name the form.
        let contentList: [PDFValue] = if case .array(let items) = contents { items } else { [contents] }
        page = page.setting("Contents", to: .array([.reference(base + 1)] + contentList))
        let resourcesNumber = pageResources.referencedObject
        var resources = try reader.resolve(pageResources)
        let xobjects = try resources["XObject"].map(reader.resolve) ?? .dictionary([])
        resources = resources.setting("XObject", to: xobjects.setting(Self.formName, to: .reference(base + 2)))
        if resourcesNumber == nil { page = page.setting("Resources", to: resources) }

        var out: [UInt8] = []
        out.reserveCapacity(dynamicPDF.count + block.bytes.count + 64 * 20 + 256)
        out += reader.header
        var offsets = [Int?](repeating: nil, count: base + block.offsets.count + 1)
        for (number, span) in reader.objectSpans {
            guard number < offsets.count else { throw RenderError.unexpectedPDF(offset: span.lowerBound, reason: "object \(number) beyond /Size") }
            offsets[number] = out.count
            if number == pageNumber {
                Self.write(number: number, value: page, stream: nil, to: &out)
            } else if number == resourcesNumber {
                Self.write(number: number, value: resources, stream: nil, to: &out)
            } else {
                out += dynamicPDF[span]
            }
        }
        let blockStart = out.count
        for (k, offset) in block.offsets.enumerated() { offsets[base + 1 + k] = blockStart + offset }
        out += block.bytes

        let xref = out.count
        out += "xref\n0 \(offsets.count)\n".utf8
        out += "0000000000 65535 f \n".utf8
        for offset in offsets.dropFirst() {
            if let offset { Self.appendPadded(offset, to: &out); out += " 00000 n \n".utf8 } else { out += "0000000000 00000 f \n".utf8 }
        }
        out += "trailer\n".utf8
        reader.trailer.setting("Size", to: .atom(String(offsets.count))).write(to: &out)
        out += "\nstartxref\n\(xref)\n%%EOF\n".utf8
        return out
    }

    /// The layer's object `local` (1...objectCount) as stored, references in local numbers.
    func object(local: Int) -> PDFValue { objects[local - 1].value }

    /// The layer's objects numbered from `base + 1`, written, with each one's offset in the block.
    func staticBlock(base: Int) -> (bytes: [UInt8], offsets: [Int]) {
        if let block = blocks[base] { return block }
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        for (k, object) in objects.enumerated() {
            offsets.append(bytes.count)
            Self.write(number: base + 1 + k, value: object.value.renumbered { base + $0 }, stream: object.stream, to: &bytes)
        }
        blocks[base] = (bytes, offsets)
        return (bytes, offsets)
    }

    static func write(number: Int, value: PDFValue, stream: [UInt8]?, to out: inout [UInt8]) {
        out += "\(number) 0 obj\n".utf8
        value.write(to: &out)
        if let stream {
            out += "\nstream\n".utf8
            out += stream
            out += "\nendstream".utf8
        }
        out += "\nendobj\n".utf8
    }

    static func appendPadded(_ value: Int, to out: inout [UInt8]) {
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: 10)
        var v = value, k = 9
        while v > 0 && k >= 0 {
            digits[k] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            k -= 1
        }
        out += digits
    }

    /// A length in points as PDF writes it: up to 6 decimals, no trailing zeros.
    static func number(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
