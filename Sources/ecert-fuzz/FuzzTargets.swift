import ECertCore
import ECertRender
import Foundation

/// The fuzz targets, by name. A new target (CSV reader, XLSX reader, PDF object reader) is one
/// more entry here; `make fuzz FUZZ_TARGETS="…"` picks which run. Each closure must trap on a
/// broken invariant and may throw or return on input it rightly refuses.
enum FuzzTargets {
    static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "json": json,
        "payload": payload,
        "csv": csv,
        "xlsx": xlsx,
        "pdf": pdf,
    ]

    /// Strict parse; whatever parses must serialise to JCS, re-parse, and give an equal value.
    static func json(_ data: [UInt8]) {
        guard let value = try? StrictJSON.parse(data, path: "fuzz") else { return }
        let canonical = JCS.serialize(value)
        guard let again = try? StrictJSON.parse(canonical, path: "canonical") else {
            fatalError("JCS output does not parse: \(String(decoding: canonical, as: UTF8.self))")
        }
        precondition(again == inCanonicalOrder(value), "re-parse of JCS output differs")
        precondition(JCS.serialize(again) == canonical, "JCS is not idempotent")
        _ = JCS.pretty(value)
    }

    /// `value` with every object's members in JCS order (UTF-16 code units), as a re-parse of JCS gives them.
    static func inCanonicalOrder(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let elements): return .array(elements.map(inCanonicalOrder))
        case .object(let members):
            return .object(members.map { ($0.0, inCanonicalOrder($0.1)) }.sorted { $0.0.utf16.lexicographicallyPrecedes($1.0.utf16) })
        default: return value
        }
    }

    /// The QR payload decoder, from bytes and from text; a decoded payload must re-encode to its bytes.
    static func payload(_ data: [UInt8]) {
        if let payload = try? SignedPayload(bytes: data) {
            precondition(payload.bytes == data, "payload does not re-encode to its bytes")
        }
        _ = try? SignedPayload(text: String(decoding: data, as: UTF8.self))
    }

    /// The list reader: encoding by evidence, RFC 4180 records, row checks. The whole-file and the
    /// streamed reader (3-byte chunks, so boundaries fall everywhere) must agree on every row.
    static func csv(_ data: [UInt8]) {
        let url = scratch.appendingPathComponent("list.csv")
        try? Data(data).write(to: url)
        let whole = Result { try ParticipantList.load(from: url) }
        let streamed = Result { () throws -> (rows: Int, problems: [String]) in
            let source = try ListSource.open(url: url, chunkSize: 3)
            var rows = try ParticipantRows(source: source, columnOverrides: [:])
            var checker = RowChecker(header: rows.header, mapping: rows.mapping, nameCase: .keep, sheet: nil)
            var count = 0, problems: [String] = []
            while let row = try rows.next() {
                count += 1
                if case .rejected(let found) = checker.check(row.fields, line: row.line) {
                    problems += found.map { "\(row.line): \($0.reason)" }
                }
            }
            return (count, problems)
        }
        if case .success(let list) = whole, case .success(let rows) = streamed {
            precondition(list.rowsRead == rows.rows && list.problems.map { "\($0.line): \($0.reason)" } == rows.problems, "whole-file and streamed CSV readers disagree")
        }
    }

    /// The workbook reader: must throw or return within Excel's limits, never trap.
    static func xlsx(_ data: [UInt8]) {
        let url = scratch.appendingPathComponent("list.xlsx")
        try? Data(data).write(to: url)
        guard let sheet = try? XLSXReader.read(url: url, path: "fuzz.xlsx", sheet: nil) else { return }
        for row in sheet.rows {
            precondition((1...XLSXReader.maxRows).contains(row.number) && row.cells.count <= XLSXReader.maxColumns, "a row beyond Excel's limits")
        }
    }

    /// The PDF object reader of the fixed-layer splicer.
    static func pdf(_ data: [UInt8]) {
        PDFObjectReaderFuzzing.readAll(data)
    }

    /// One folder per fuzzing process for the files the readers need.
    static let scratch: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ecert-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()
}
