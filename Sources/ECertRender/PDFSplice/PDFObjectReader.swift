import Foundation

/// The objects of a one-page PDF that Cairo has just written (classic cross-reference table, no
/// object streams: what Cairo 1.16–1.18 write), found through its cross-reference table.
struct PDFObjectReader {
    struct Object {
        var value: PDFValue
        /// Stream data exactly as stored (still compressed), for stream objects.
        var stream: [UInt8]?
        /// Where the object's bytes start and end (`N 0 obj` … `endobj`), for copying it unchanged.
        var span: Range<Int>
    }

    /// Bytes before the first object: `%PDF-1.x` and the binary comment line.
    let header: [UInt8]
    /// Objects by number, in the file's order.
    let objects: [(number: Int, object: Object)]
    let trailer: PDFValue

    init(_ bytes: [UInt8]) throws {
        (header, objects, trailer) = try bytes.withUnsafeBufferPointer { try Self.read($0) }
    }

    subscript(number: Int) -> Object? {
        objects.first { $0.number == number }?.object
    }

    /// The value of `value`, following a reference.
    func resolve(_ value: PDFValue) -> PDFValue? {
        if case .reference(let n) = value { return self[n]?.value }
        return value
    }

    /// Object number of the document's only page.
    func pageObjectNumber() throws -> Int {
        guard let root = trailer["Root"].flatMap(resolve), let pages = root["Pages"].flatMap(resolve),
              case .array(let kids)? = pages["Kids"], kids.count == 1, let page = kids[0].referencedObject
        else { throw PDFScanner.Malformed(offset: 0, reason: "no single page under /Root /Pages /Kids") }
        return page
    }

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws -> ([UInt8], [(number: Int, object: Object)], PDFValue) {
        let offsets = try crossReference(bytes)
        var objects: [(number: Int, object: Object)] = []
        objects.reserveCapacity(offsets.count)
        // Stream lengths may be indirect and written after the stream, so plain values are read first.
        var parsed: [Int: (value: PDFValue, streamStart: Int?, start: Int, valueEnd: Int)] = [:]
        for (number, offset) in offsets {
            var scanner = PDFScanner(bytes, at: offset)
            try scanner.expect(String(number))
            try scanner.expect("0")
            try scanner.expect("obj")
            let value = try scanner.value()
            let valueEnd = scanner.position
            scanner.skipWhitespaceAndComments()
            var streamStart: Int?
            if bytes.count - scanner.position >= 6, Array(bytes[scanner.position..<scanner.position + 6]) == Array("stream".utf8) {
                var p = scanner.position + 6
                if p < bytes.count, bytes[p] == 0x0D { p += 1 }
                if p < bytes.count, bytes[p] == 0x0A { p += 1 }
                streamStart = p
            }
            parsed[number] = (value, streamStart, offset, valueEnd)
        }
        for (number, offset) in offsets {
            let entry = parsed[number]!
            var stream: [UInt8]?
            var end = entry.valueEnd
            if let start = entry.streamStart {
                let lengthValue = entry.value["Length"]
                let length = lengthValue?.integer ?? lengthValue?.referencedObject.flatMap { parsed[$0]?.value.integer }
                guard let length, length >= 0, start + length <= bytes.count else {
                    throw PDFScanner.Malformed(offset: offset, reason: "stream of object \(number) has no usable /Length")
                }
                stream = Array(bytes[start..<start + length])
                var scanner = PDFScanner(bytes, at: start + length)
                try scanner.expect("endstream")
                end = scanner.position
            }
            var scanner = PDFScanner(bytes, at: end)
            try scanner.expect("endobj")
            if scanner.peek == 0x0D { scanner.position += 1 }
            if scanner.peek == 0x0A { scanner.position += 1 }
            objects.append((number, Object(value: entry.value, stream: stream, span: offset..<scanner.position)))
        }
        let firstObject = offsets.map(\.offset).min() ?? 0
        return (Array(bytes[0..<firstObject]), objects, try trailer(bytes))
    }

    /// `startxref` → the `xref` table → (object number, byte offset) of every object in use,
    /// sorted by offset.
    private static func crossReference(_ bytes: UnsafeBufferPointer<UInt8>) throws -> [(number: Int, offset: Int)] {
        var scanner = PDFScanner(bytes, at: try lastOccurrence(of: "startxref", in: bytes))
        try scanner.expect("startxref")
        scanner.skipWhitespaceAndComments()
        guard let xref = Int(scanner.regularToken()), xref < bytes.count else {
            throw PDFScanner.Malformed(offset: scanner.position, reason: "bad startxref")
        }
        scanner.position = xref
        try scanner.expect("xref")
        var entries: [(Int, Int)] = []
        while true {
            scanner.skipWhitespaceAndComments()
            let save = scanner.position
            let first = scanner.regularToken()
            guard let start = Int(first) else {
                scanner.position = save
                break
            }
            scanner.skipWhitespaceAndComments()
            guard let count = Int(scanner.regularToken()) else { throw PDFScanner.Malformed(offset: scanner.position, reason: "bad xref subsection") }
            for k in 0..<count {
                scanner.skipWhitespaceAndComments()
                let offset = scanner.regularToken()
                scanner.skipWhitespaceAndComments()
                _ = scanner.regularToken()
                scanner.skipWhitespaceAndComments()
                let kind = scanner.regularToken()
                if kind == "n", let offset = Int(offset) { entries.append((start + k, offset)) }
            }
        }
        return entries.sorted { $0.1 < $1.1 }
    }

    private static func trailer(_ bytes: UnsafeBufferPointer<UInt8>) throws -> PDFValue {
        var scanner = PDFScanner(bytes, at: try lastOccurrence(of: "trailer", in: bytes))
        try scanner.expect("trailer")
        return try scanner.value()
    }

    private static func lastOccurrence(of word: String, in bytes: UnsafeBufferPointer<UInt8>) throws -> Int {
        let needle = Array(word.utf8)
        var i = bytes.count - needle.count
        while i >= 0 {
            if bytes[i] == needle[0], Array(bytes[i..<i + needle.count]) == needle { return i }
            i -= 1
        }
        throw PDFScanner.Malformed(offset: bytes.count, reason: "no \(word)")
    }
}
