import Foundation
import Testing
@testable import ECertCore

@Suite("JCS (RFC 8785)")
struct JCSTests {
    func text(_ v: JSONValue) -> String { String(decoding: JCS.serialize(v), as: UTF8.self) }

    static let rfcSample: JSONValue = .object([
        ("numbers", .array([.number(333333333.33333329), .number(1E30), .number(4.50), .number(2e-3), .number(0.000001)])),
        ("string", .string("\u{20ac}$\u{000F}\u{000a}A'\u{0042}\u{0022}\u{005c}\\\"/")),
        ("literals", .array([.null, .bool(true), .bool(false)])),
    ])

    @Test func rfcSampleObject() {
        #expect(text(Self.rfcSample) == #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,0.000001],"string":"€$\u000f\nA'B\"\\\\\"/"}"#)
    }

    static let sortingSample = #"{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}"#

    @Test func rfcSortingExample() throws {
        let value = try StrictJSON.parse(Array(Self.sortingSample.utf8), path: "sample")
        let keys = try #require(StrictJSON.parse(JCS.serialize(value), path: "out").objectValue).map(\.0)
        #expect(keys == ["\r", "1", "\u{80}", "ö", "€", "😀", "\u{FB33}"])
    }

    @Test func keysSortByUTF16NotByScalar() {
        let value: JSONValue = .object([("ｱ Kode", .number(1)), ("😀 Catatan", .number(2)), ("é", .number(3)), ("e\u{301}", .number(4))])
        #expect(text(value) == #"{"e\#u{301}":4,"é":3,"😀 Catatan":2,"ｱ Kode":1}"#)
    }

    /// RFC 8785 Appendix B, plus the numbers the brief lists.
    static let numberTable: [(UInt64, String)] = [
        (0x0000000000000000, "0"), (0x8000000000000000, "0"), (0x0000000000000001, "5e-324"), (0x8000000000000001, "-5e-324"),
        (0x7fefffffffffffff, "1.7976931348623157e+308"), (0xffefffffffffffff, "-1.7976931348623157e+308"),
        (0x4340000000000000, "9007199254740992"), (0xc340000000000000, "-9007199254740992"),
        (0x4430000000000000, "295147905179352830000"), (0x44b52d02c7e14af5, "9.999999999999997e+22"),
        (0x44b52d02c7e14af6, "1e+23"), (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
        (0x444b1ae4d6e2ef4e, "999999999999999700000"), (0x444b1ae4d6e2ef4f, "999999999999999900000"),
        (0x444b1ae4d6e2ef50, "1e+21"), (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"), (0x3eb0c6f7a0b5ed8d, "0.000001"),
        (0x41b3de4355555553, "333333333.3333332"), (0x41b3de4355555554, "333333333.33333325"),
        (0x41b3de4355555555, "333333333.3333333"), (0x41b3de4355555556, "333333333.3333334"),
        (0x41b3de4355555557, "333333333.33333343"), (0xbecbf647612f3696, "-0.0000033333333333333333"),
        (0x43143ff3c1cb0959, "1424953923781206.2"),
    ]

    @Test func appendixBNumbers() {
        for (bits, expected) in Self.numberTable {
            #expect(text(.number(Double(bitPattern: bits))) == expected, "0x\(String(bits, radix: 16))")
        }
        let listed: [(Double, String)] = [(1e21, "1e+21"), (1e-7, "1e-7"), (4.50, "4.5"), (2e-3, "0.002"), (1E30, "1e+30"),
                                          (123456789012345680000, "123456789012345680000"), (-0.0, "0"), (1e20, "100000000000000000000")]
        for (n, expected) in listed { #expect(text(.number(n)) == expected) }
    }

    @Test func stringEscaping() {
        #expect(text(.string("\u{0}\u{1F}\u{7F}\u{2028}/\u{8}\u{C}\n\r\t\"\\")) == "\"\\u0000\\u001f\u{7F}\u{2028}/\\b\\f\\n\\r\\t\\\"\\\\\"")
    }

    static var fixedValues: [JSONValue] {
        [rfcSample, .object([("😀 Catatan", .string("x")), ("ｱ Kode", .string("y")), ("e\u{301}", .string("é"))]),
         .array([.string("\u{2028}\u{2029}\u{7F}\u{0}\u{1}"), .array([.object([])]), .array([])]),
         .array(numberTable.map { .number(Double(bitPattern: $0.0)) })]
    }

    @Test func matchesPythonRFC8785() throws {
        var random = RandomJSON(rng: SeededGenerator(state: 8785))
        let values = Self.fixedValues + [try StrictJSON.parse(Array(Self.sortingSample.utf8), path: "s")] + (0..<400).map { _ in random.value() }
        let python = try PythonJCS.canonicalize(values)
        try #require(python.count == values.count)
        for (k, value) in values.enumerated() {
            #expect(JCS.serialize(value) == python[k], "value \(k): \(String(decoding: PythonJCS.inputForm(value), as: UTF8.self))")
        }
    }

    @Test func reparseOfCanonicalFormIsEqual() throws {
        var random = RandomJSON(rng: SeededGenerator(state: 42))
        for _ in 0..<300 {
            let value = random.value()
            let bytes = JCS.serialize(value)
            // Whatever JCS writes, the strict reader reads back (found by `make fuzz`: 1e17 is written
            // as 100000000000000000, which an "at most 2^53" rule refused).
            let again = try StrictJSON.parse(bytes, path: "x")
            #expect(JCS.serialize(again) == bytes)
        }
    }
}
