import Foundation

extension JCS {
    /// The readable file layout: JCS key order, escaping and numbers, 2-space indentation,
    /// `"key": value`, empty containers as `[]` and `{}`, and a newline at the end. Verifiers
    /// re-canonicalise, so only determinism matters for signatures.
    public static func pretty(_ value: JSONValue) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        writePretty(value, indent: 0, to: &out)
        out.append(0x0A)
        return Data(out)
    }

    public static func pretty<T: Encodable>(_ value: T) throws -> Data {
        pretty(try JSONValueEncoder.encode(value))
    }

    static func writePretty(_ value: JSONValue, indent: Int, to out: inout [UInt8]) {
        switch value {
        case .array(let elements):
            writeContainer(open: "[", close: "]", count: elements.count, indent: indent, to: &out) { k, out in
                writePretty(elements[k], indent: indent + 2, to: &out)
            }
        case .object(let members):
            let sorted = sortedMembers(members)
            writeContainer(open: "{", close: "}", count: sorted.count, indent: indent, to: &out) { k, out in
                JCSString.write(sorted[k].0, to: &out)
                out += [UInt8(ascii: ":"), 0x20]
                writePretty(sorted[k].1, indent: indent + 2, to: &out)
            }
        default:
            write(value, to: &out)
        }
    }

    static func writeContainer(open: Unicode.Scalar, close: Unicode.Scalar, count: Int, indent: Int,
                               to out: inout [UInt8], element: (Int, inout [UInt8]) -> Void) {
        out.append(UInt8(ascii: open))
        guard count > 0 else { return out.append(UInt8(ascii: close)) }
        out.append(0x0A)
        for k in 0..<count {
            out += [UInt8](repeating: 0x20, count: indent + 2)
            element(k, &out)
            if k + 1 < count { out.append(UInt8(ascii: ",")) }
            out.append(0x0A)
        }
        out += [UInt8](repeating: 0x20, count: indent)
        out.append(UInt8(ascii: close))
    }
}
