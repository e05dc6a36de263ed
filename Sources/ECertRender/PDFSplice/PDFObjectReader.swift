import Foundation

/// The objects of a one-page PDF that Cairo has just written (classic cross-reference table, no
/// object streams: what Cairo 1.16–1.18 write), found through its cross-reference table.
///
/// Objects are read only when asked for: splicing a certificate reads the handful of dictionaries
/// it changes and copies every other object as bytes.
struct PDFObjectReader {
    struct Object {
        var value: PDFValue
        /// Stream data exactly as stored (still compressed), for stream objects.
        var stream: [UInt8]?
    }

    let bytes: [UInt8]
    /// Object numbers in the file's order, and where each one's bytes start and end (up to the
    /// next object, or the cross-reference table for the last one).
    let objectSpans: [(number: Int, span: Range<Int>)]
    private let offsets: [Int: Int]
    let trailer: PDFValue
    /// Where the cross-reference table starts (`startxref`): an incremental update's /Prev.
    let xrefOffset: Int

    /// Bytes before the first object: `%PDF-1.x` and the binary comment line.
    var header: ArraySlice<UInt8> { bytes[0..<(objectSpans.first?.span.lowerBound ?? 0)] }

    init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        let (entries, xref) = try bytes.withUnsafeBufferPointer { try Self.crossReference($0) }
        var spans: [(Int, Range<Int>)] = []
        spans.reserveCapacity(entries.count)
        for (k, entry) in entries.enumerated() {
            let end = k + 1 < entries.count ? entries[k + 1].offset : xref
            guard entry.offset < end else { throw RenderError.unexpectedPDF(offset: entry.offset, reason: "objects overlap") }
            spans.append((entry.number, entry.offset..<end))
        }
        objectSpans = spans
        xrefOffset = xref
        offsets = Dictionary(entries.map { ($0.number, $0.offset) }, uniquingKeysWith: { a, _ in a })
        trailer = try bytes.withUnsafeBufferPointer { buffer in
            var scanner = PDFScanner(buffer, at: xref)
            while !scanner.atEnd {
                scanner.skipWhitespaceAndComments()
                if scanner.regularToken() == "trailer" { return try scanner.value() }
                if !scanner.atEnd { scanner.position += 1 }
            }
            throw RenderError.unexpectedPDF(offset: xref, reason: "no trailer after the cross-reference table")
        }
    }

    /// Object `number` with its value; its stream too if `withStream`.
    func object(_ number: Int, withStream: Bool = false) throws -> Object {
        guard let offset = offsets[number] else { throw RenderError.unexpectedPDF(offset: 0, reason: "object \(number) is referenced but missing") }
        return try bytes.withUnsafeBufferPointer { buffer in
            var scanner = PDFScanner(buffer, at: offset)
            try scanner.expect(String(number))
            try scanner.expect("0")
            try scanner.expect("obj")
            let value = try scanner.value()
            guard withStream else { return Object(value: value, stream: nil) }
            scanner.skipWhitespaceAndComments()
            let start = scanner.position
            guard scanner.regularToken() == "stream" else { return Object(value: value, stream: nil) }
            var p = start + 6
            if p < buffer.count, buffer[p] == 0x0D { p += 1 }
            if p < buffer.count, buffer[p] == 0x0A { p += 1 }
            let lengthValue = value["Length"]
            let length = try lengthValue?.integer ?? lengthValue?.referencedObject.flatMap { try object($0).value.integer }
            guard let length, length >= 0, p + length <= buffer.count else {
                throw RenderError.unexpectedPDF(offset: offset, reason: "stream of object \(number) has no usable /Length")
            }
            scanner.position = p + length
            try scanner.expect("endstream")
            return Object(value: value, stream: Array(buffer[p..<p + length]))
        }
    }

    /// The value of `value`, following a reference.
    func resolve(_ value: PDFValue) throws -> PDFValue {
        if case .reference(let n) = value { return try object(n).value }
        return value
    }

    /// Object number of the document's only page.
    func pageObjectNumber() throws -> Int {
        let pages = try pageObjectNumbers()
        guard pages.count == 1 else { throw RenderError.unexpectedPDF(offset: 0, reason: "no single page under /Root /Pages /Kids") }
        return pages[0]
    }

    /// Object numbers of the pages, in order (Cairo writes one flat /Kids array).
    func pageObjectNumbers() throws -> [Int] {
        guard let root = try trailer["Root"].map(resolve), let pages = try root["Pages"].map(resolve),
              case .array(let kids)? = pages["Kids"], !kids.isEmpty
        else { throw RenderError.unexpectedPDF(offset: 0, reason: "no pages under /Root /Pages /Kids") }
        return try kids.map { kid in
            guard let n = kid.referencedObject else { throw RenderError.unexpectedPDF(offset: 0, reason: "a /Kids entry is not a reference") }
            return n
        }
    }

    /// `startxref` → the `xref` table → (object number, byte offset) of every object in use,
    /// sorted by offset, and the table's own offset.
    private static func crossReference(_ bytes: UnsafeBufferPointer<UInt8>) throws -> ([(number: Int, offset: Int)], Int) {
        var scanner = PDFScanner(bytes, at: try lastOccurrence(of: "startxref", in: bytes))
        try scanner.expect("startxref")
        scanner.skipWhitespaceAndComments()
        guard let xref = Int(scanner.regularToken()), xref < bytes.count else {
            throw RenderError.unexpectedPDF(offset: scanner.position, reason: "bad startxref")
        }
        scanner.position = xref
        try scanner.expect("xref")
        var entries: [(Int, Int)] = []
        while true {
            scanner.skipWhitespaceAndComments()
            let save = scanner.position
            guard let start = Int(scanner.regularToken()) else {
                scanner.position = save
                break
            }
            scanner.skipWhitespaceAndComments()
            guard let count = Int(scanner.regularToken()) else { throw RenderError.unexpectedPDF(offset: scanner.position, reason: "bad xref subsection") }
            for k in 0..<count {
                scanner.skipWhitespaceAndComments()
                let offset = scanner.regularToken()
                scanner.skipWhitespaceAndComments()
                _ = scanner.regularToken()
                scanner.skipWhitespaceAndComments()
                let kind = scanner.regularToken()
                if kind == "n" {
                    guard let offset = Int(offset), offset < xref else { throw RenderError.unexpectedPDF(offset: scanner.position, reason: "bad xref entry") }
                    entries.append((start + k, offset))
                }
            }
        }
        return (entries.sorted { $0.1 < $1.1 }, xref)
    }

    private static func lastOccurrence(of word: String, in bytes: UnsafeBufferPointer<UInt8>) throws -> Int {
        let needle = Array(word.utf8)
        var i = bytes.count - needle.count
        while i >= 0 {
            if bytes[i] == needle[0], bytes[i..<i + needle.count].elementsEqual(needle) { return i }
            i -= 1
        }
        throw RenderError.unexpectedPDF(offset: bytes.count, reason: "no \(word)")
    }
}

/// For the fuzz target (Sources/ecert-fuzz): every object of arbitrary bytes, read and written
/// back, must throw or return, never trap.
package enum PDFObjectReaderFuzzing {
    package static func readAll(_ bytes: [UInt8]) {
        guard let reader = try? PDFObjectReader(bytes) else { return }
        for (number, _) in reader.objectSpans {
            guard let object = try? reader.object(number, withStream: true) else { continue }
            _ = try? reader.resolve(object.value)
            var out: [UInt8] = []
            object.value.write(to: &out)
        }
        _ = try? reader.pageObjectNumber()
    }
}
