import Foundation
import Testing
@testable import ECertCore

@Suite("Strict JSON reader")
struct StrictJSONTests {
    func parse(_ text: String) throws -> JSONValue { try StrictJSON.parse(Array(text.utf8), path: "m.json") }
    func parse(bytes: [UInt8]) throws -> JSONValue { try StrictJSON.parse(bytes, path: "m.json") }

    /// The error a text gives, as (offset, key path, reason) for `invalidJSON`.
    func failure(_ bytes: [UInt8]) -> (offset: Int, line: Int, keyPath: String, reason: String)? {
        do {
            _ = try parse(bytes: bytes)
        } catch ECertError.invalidJSON(let path, let offset, let line, let keyPath, let reason) {
            #expect(path == "m.json")
            return (offset, line, keyPath, reason)
        } catch {
            Issue.record("unexpected error \(error)")
        }
        return nil
    }

    func failure(_ text: String) -> (offset: Int, line: Int, keyPath: String, reason: String)? { failure(Array(text.utf8)) }

    @Test func readsValuesInFileOrder() throws {
        let v = try parse(#" {"b": [1, -2.5e3, true, false, null], "a": "x\u00e9\ud83d\ude00\n", "c": {}} "#)
        #expect(v.objectValue?.map(\.0) == ["b", "a", "c"])
        #expect(v["b"] == .array([.number(1), .number(-2500), .bool(true), .bool(false), .null]))
        #expect(v["a"]?.stringValue == "xé😀\n")
        #expect(v["c"] == .object([]))
    }

    @Test func duplicateKeyDeepInsideNamesItsPath() {
        #expect(throws: ECertError.duplicateJSONKey(path: "m.json", key: "name", keyPath: "body.records[0].name", offset: 32, line: 1)) {
            try parse(#"{"body":{"records":[{"name":"a","name":"b"}]}}"#)
        }
    }

    @Test func duplicateKeyInLargeObject() {
        let members = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        #expect(throws: ECertError.self) { try parse("{\(members),\"k7\":1}") }
    }

    @Test func errorClassesGiveOffsetsAndPaths() throws {
        #expect(failure("")?.reason.contains("empty") == true)
        #expect(failure(" \n ")?.reason.contains("empty") == true)
        #expect(failure([0xEF, 0xBB, 0xBF] + Array("{}".utf8))?.reason.contains("byte-order mark") == true)
        let trailing = try #require(failure("{\"a\":1}\n{}"))
        #expect((trailing.offset, trailing.line) == (8, 2))
        #expect(trailing.reason.contains("after the JSON value"))
        let utf8 = try #require(failure([UInt8](#"{"a":["ok","x"#.utf8) + [0xC3, 0x28] + Array("\"]}".utf8)))
        #expect((utf8.offset, utf8.keyPath) == (13, "a[1]"))
        #expect(utf8.reason.contains("invalid UTF-8"))
        #expect(failure([0x22, 0xED, 0xA0, 0x80, 0x22])?.reason.contains("UTF-8") == true)  // an encoded surrogate
        #expect(failure([0x22, 0xC0, 0xAF, 0x22])?.reason.contains("UTF-8") == true)        // overlong "/"
        let control = try #require(failure("{\"header\":{\"x\":\"a\tb\"}}"))
        #expect(control.keyPath == "header.x" && control.reason.contains("control character U+0009"))
        #expect(failure(#"["\ud800"]"#)?.reason.contains("lone high surrogate") == true)
        #expect(failure(#"["\udc00x"]"#)?.reason.contains("lone low surrogate") == true)
        #expect(failure(#"["\ud800\u0041"]"#)?.reason.contains("not by a low surrogate") == true)
        #expect(failure(#"["\x"]"#)?.reason.contains("invalid escape") == true)
        #expect(failure(#"["\u12g4"]"#)?.reason.contains("4 hex digits") == true)
    }

    @Test func numbersOutsideIJSONAreRefused() throws {
        let big = try #require(failure(#"{"header":{"signed":{"body":{"counts":{"issued":9007199254740993}}}}}"#))
        #expect(big.keyPath == "header.signed.body.counts.issued" && big.reason.contains("would be read as another number"))
        // Whole numbers a double holds exactly stay readable: JCS writes 1e17 this way.
        #expect(try parse("100000000000000000") == .number(1e17) && parse("-100000000000000000000") == .number(-1e20))
        #expect(JCS.serialize(.number(1e17)) == Array("100000000000000000".utf8))
        #expect(failure("1e400")?.reason.contains("too large for a double") == true)
        #expect(failure("-9007199254740993") != nil)
        // Any finite double written with a fraction or exponent is taken as it is.
        #expect(try parse("-1e300") == .number(-1e300) && parse("1e21") == .number(1e21))
        #expect(try parse("9007199254740992") == .number(9007199254740992))
        #expect(try parse("-0") == .number(0))
        #expect(try parse("5e-324") == .number(5e-324))
        for bad in ["01", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "NaN", "Infinity", "--1"] {
            #expect(failure(bad) != nil, "\(bad)")
        }
    }

    @Test func syntaxErrorsAndDepth() throws {
        for bad in ["{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1 2]", "tru", "nul", "'a'", "[", "\"abc", "{\"a\":}"] {
            #expect(failure(bad) != nil, "\(bad)")
        }
        #expect(try parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)) != .null)
        let deep = try #require(failure(String(repeating: "[", count: 101) + String(repeating: "]", count: 101)))
        #expect(deep.reason.contains("deeper than 100") && deep.offset == 100)
        #expect(deep.keyPath == String(repeating: "[0]", count: 100))
    }

    @Test func messagesNameFileOffsetLineAndPath() {
        let error = ECertError.duplicateJSONKey(path: "m.json", key: "name", keyPath: "body.records[0].name", offset: 34, line: 1)
        let message = error.errorDescription ?? ""
        #expect(message.contains("m.json") && message.contains("byte 34") && message.contains("`body.records[0].name`"))
        let unknown = ECertError.unknownJSONKey(path: "m.json", keyPath: "body.counts", key: "x").errorDescription ?? ""
        #expect(unknown.contains("unknown key `x` at `body.counts`; this file was written by a newer ecert or edited"))
    }
}
