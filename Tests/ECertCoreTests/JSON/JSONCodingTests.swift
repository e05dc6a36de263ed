import Foundation
import Testing
@testable import ECertCore

@Suite("JSON encoder and decoder")
struct JSONCodingTests {
    struct Counts: Codable, Equatable { var issued: Int; var rejected: UInt8 }
    struct Model: Codable, Equatable {
        var name: String
        var note: String?
        var sheet: String?
        var counts: Counts
        var columns: [String: String]
        var ratio: Double
        var flags: [Bool]
        var nested: [[Int]]
    }

    static let model = Model(name: "Siti \"Nur\" 😀", note: nil, sheet: "Sheet1", counts: .init(issued: 3, rejected: 0),
                             columns: ["ｱ Kode": "7", "😀 Catatan": "ok", "Nama": "x"], ratio: 0.5, flags: [true, false], nested: [[1], []])

    @Test func roundTripWithOptionalsAndDictionary() throws {
        let bytes = try JCS.encode(Self.model)
        #expect(!String(decoding: bytes, as: UTF8.self).contains("note"))  // nil is left out, as JSONEncoder does
        #expect(try StrictJSON.decode(Model.self, fromBytes: bytes, path: "m.json") == Self.model)
        #expect(try StrictJSON.decode(Model.self, fromBytes: Array(try JCS.pretty(Self.model)), path: "m.json") == Self.model)
    }

    @Test func unknownKeyIsRefused() throws {
        var value = try JSONValueEncoder.encode(Self.model)
        guard case .object(var members) = value else { Issue.record("not an object"); return }
        let k = try #require(members.firstIndex { $0.0 == "counts" })
        members[k].1 = .object([("issued", .number(1)), ("rejected", .number(0)), ("x", .null)])
        value = .object(members)
        #expect(throws: ECertError.unknownJSONKey(path: "m.json", keyPath: "counts", key: "x")) {
            try StrictJSON.decode(Model.self, from: value, path: "m.json")
        }
    }

    @Test func typeMismatchAndMissingKeyMessages() throws {
        let base = #"{"name":"a","counts":{"issued":3.5,"rejected":0},"columns":{},"ratio":1,"flags":[],"nested":[]}"#
        #expect(throws: ECertError.jsonTypeMismatch(path: "m.json", keyPath: "counts.issued", expected: "a whole number (Int, \(Int.min)…\(Int.max))", found: "the number 3.5")) {
            try StrictJSON.decode(Model.self, fromBytes: Array(base.utf8), path: "m.json")
        }
        let wrongType = base.replacingOccurrences(of: #""flags":[]"#, with: #""flags":[true,"yes"]"#).replacingOccurrences(of: "3.5", with: "3")
        #expect(throws: ECertError.jsonTypeMismatch(path: "m.json", keyPath: "flags[1]", expected: "true or false", found: "the string \"yes\"")) {
            try StrictJSON.decode(Model.self, fromBytes: Array(wrongType.utf8), path: "m.json")
        }
        let tooBig = base.replacingOccurrences(of: #""rejected":0"#, with: #""rejected":300"#).replacingOccurrences(of: "3.5", with: "3")
        #expect(throws: ECertError.self) { try StrictJSON.decode(Model.self, fromBytes: Array(tooBig.utf8), path: "m.json") }
        let missing = base.replacingOccurrences(of: #""ratio":1,"#, with: "").replacingOccurrences(of: "3.5", with: "3")
        #expect(throws: ECertError.missingJSONKey(path: "m.json", keyPath: "", key: "ratio")) {
            try StrictJSON.decode(Model.self, fromBytes: Array(missing.utf8), path: "m.json")
        }
        let message = ECertError.jsonTypeMismatch(path: "m.json", keyPath: "counts.issued", expected: "a whole number", found: "the number 3.5").errorDescription ?? ""
        #expect(message.contains("m.json") && message.contains("`counts.issued`") && message.contains("a whole number"))
    }

    @Test func encoderRefusesWhatJCSCannotHold() {
        #expect(throws: ECertError.self) { try JCS.encode([Double.nan]) }
        #expect(throws: ECertError.self) { try JCS.encode(["n": Double.infinity]) }
        #expect(throws: ECertError.self) { try JCS.encode([Int64.max]) }
        #expect((try? JCS.encode([UInt64(1) << 53])) == Array("[9007199254740992]".utf8))
    }

    class Base: Codable {
        var id = 1
        init() {}
    }
    final class Derived: Base {
        var extra = "e"
        enum Keys: String, CodingKey { case extra }
        override init() { super.init() }
        required init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            extra = try c.decode(String.self, forKey: .extra)
            try super.init(from: c.superDecoder())
        }
        override func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(extra, forKey: .extra)
            try super.encode(to: c.superEncoder())
        }
    }

    @Test func superEncodersAndNestedContainers() throws {
        let bytes = try JCS.encode(Derived())
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"extra":"e","super":{"id":1}}"#)
        #expect(try StrictJSON.decode(Derived.self, fromBytes: bytes, path: "d").extra == "e")
        let extra = #"{"extra":"e","super":{"id":1,"more":2}}"#
        #expect(throws: ECertError.unknownJSONKey(path: "d", keyPath: "super", key: "more")) {
            try StrictJSON.decode(Derived.self, fromBytes: Array(extra.utf8), path: "d")
        }
    }

    /// The file layout: JCS order and escaping, two spaces, `"key": value`, `[]`/`{}` for empties.
    @Test func prettyLayoutIsFixed() throws {
        struct Plain: Codable { var b = [Int](); var a = ["x": [String]()]; var c = [[1, 2]]; var d = "é/\u{7F}"; var e: [String: Int] = [:] }
        let expected = "{\n  \"a\": {\n    \"x\": []\n  },\n  \"b\": [],\n  \"c\": [\n    [\n      1,\n      2\n    ]\n  ],\n  \"d\": \"é/\u{7F}\",\n  \"e\": {}\n}\n"
        #expect(String(decoding: try JCS.pretty(Plain()), as: UTF8.self) == expected)
        // Pretty and canonical forms are the same value.
        #expect(JCS.serialize(try StrictJSON.parse(Array(JCS.pretty(Self.model)), path: "p")) == (try JCS.encode(Self.model)))
    }
}
