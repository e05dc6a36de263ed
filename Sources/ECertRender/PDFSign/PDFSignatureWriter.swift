import ECertCore
import Foundation

/// Writes the incremental update (ISO 32000-1 §7.5.6) that carries a PAdES signature after the
/// bytes Cairo wrote, which stay untouched: the signature dictionary, an invisible signature field
/// (a widget on the page), the catalog with an /AcroForm (/SigFlags 3), the page with the field in
/// its /Annots, and a new cross-reference section whose trailer points back with /Prev.
///
/// The same body, size and time always give the same bytes, so a re-issue rebuilds the signed file
/// from the stored CMS.
public struct PDFSignatureWriter: PDFSignatureLayout {
    /// The field's name, shown by PDF readers in the signature panel.
    static let fieldName = "Tanda tangan elektronik"
    /// `/ByteRange [...]` is padded to this width, so the head's length never depends on its numbers.
    static let byteRangeWidth = 48

    public init() {}

    public func prepare(body: [UInt8], contentsSize: Int, signingTime: String) throws -> PreparedSignature {
        let reader = try PDFObjectReader(body)
        guard let rootNumber = reader.trailer["Root"]?.referencedObject, let size = reader.trailer["Size"]?.integer else {
            throw RenderError.unexpectedPDF(offset: reader.xrefOffset, reason: "the trailer has no /Root or /Size")
        }
        let root = try reader.object(rootNumber).value
        guard root["AcroForm"] == nil else {
            throw RenderError.unexpectedPDF(offset: 0, reason: "the document already has a form (/AcroForm)")
        }
        let pageNumber = try reader.pageObjectNumber()
        let (signatureNumber, fieldNumber) = (size, size + 1)
        let page = try reader.object(pageNumber).value.setting("Annots", to: .array(try annotations(of: pageNumber, in: reader) + [.reference(fieldNumber)]))
        let form = PDFValue.dictionary([("Fields", .array([.reference(fieldNumber)])), ("SigFlags", .atom("3"))])
        let field = PDFValue.dictionary([
            ("Type", .name("Annot")), ("Subtype", .name("Widget")), ("FT", .name("Sig")),
            ("T", .string(Array("(\(Self.fieldName))".utf8))), ("V", .reference(signatureNumber)),
            ("F", .atom("132")), ("Rect", .array([.atom("0"), .atom("0"), .atom("0"), .atom("0")])), ("P", .reference(pageNumber)),
        ])

        let lead: [UInt8] = body.last == 0x0A ? [] : [0x0A]
        func head(_ range: [Int]) -> [UInt8] {
            var byteRange = "[\(range.map(String.init).joined(separator: " "))]"
            byteRange += String(repeating: " ", count: max(0, Self.byteRangeWidth - byteRange.count))
            return lead + Array(("\(signatureNumber) 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
                + "/M (\(signingTime)) /ByteRange \(byteRange) /Contents ").utf8)
        }
        let contentsStart = body.count + head([0, 0, 0, 0]).count
        let contentsEnd = contentsStart + 2 + 2 * contentsSize
        var tail = Array(" >>\nendobj\n".utf8)
        var offsets: [(Int, Int)] = [(signatureNumber, body.count + lead.count)]
        for (number, value) in [(fieldNumber, field), (pageNumber, page), (rootNumber, root.setting("AcroForm", to: form))] {
            offsets.append((number, contentsEnd + tail.count))
            tail += "\(number) 0 obj\n".utf8
            value.write(to: &tail)
            tail += "\nendobj\n".utf8
        }
        let xref = contentsEnd + tail.count
        tail += Self.crossReference(offsets)
        tail += "trailer\n".utf8
        reader.trailer.setting("Size", to: .atom(String(size + 2))).setting("Prev", to: .atom(String(reader.xrefOffset))).write(to: &tail)
        tail += "\nstartxref\n\(xref)\n%%EOF\n".utf8
        let finalHead = head([0, contentsStart, contentsEnd, tail.count])
        guard finalHead.count == contentsStart - body.count else {
            throw RenderError.unexpectedPDF(offset: body.count, reason: "the /ByteRange does not fit its padding")
        }
        return PreparedSignature(head: finalHead, tail: tail)
    }

    /// The page's existing annotations (an inline array, or one in its own object), if any.
    private func annotations(of pageNumber: Int, in reader: PDFObjectReader) throws -> [PDFValue] {
        guard let annots = try reader.object(pageNumber).value["Annots"] else { return [] }
        guard case .array(let items) = try reader.resolve(annots) else {
            throw RenderError.unexpectedPDF(offset: 0, reason: "the page's /Annots is not an array")
        }
        return items
    }

    /// `xref` with the free head of the list and one subsection per run of consecutive numbers;
    /// every entry is exactly 20 bytes.
    static func crossReference(_ offsets: [(number: Int, offset: Int)]) -> [UInt8] {
        var out = Array("xref\n0 1\n0000000000 65535 f \n".utf8)
        let sorted = offsets.sorted { $0.number < $1.number }
        var k = 0
        while k < sorted.count {
            var end = k + 1
            while end < sorted.count, sorted[end].number == sorted[end - 1].number + 1 { end += 1 }
            out += "\(sorted[k].number) \(end - k)\n".utf8
            for entry in sorted[k..<end] {
                let digits = String(entry.offset)
                out += (String(repeating: "0", count: max(0, 10 - digits.count)) + digits + " 00000 n \n").utf8
            }
            k = end
        }
        return out
    }
}
