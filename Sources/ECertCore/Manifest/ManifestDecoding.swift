import Foundation

/// Decodes `manifest.json` with its records decoded on all cores.
///
/// Why: Foundation's `JSONDecoder` reads one manifest on one core, about a second for 25,000
/// records — a fifth of `ecert verify`'s whole budget. The records array is found with a small
/// structural scan (strings and nesting only), the rest of the file is decoded as usual with an
/// empty array in its place, and every record is decoded alone, in parallel. Anything unexpected
/// falls back to decoding the file in one piece, which also gives the usual error messages.
enum ManifestDecoding {
    static func decode(_ data: Data) throws -> Manifest {
        guard let split = data.withUnsafeBytes({ splitRecords($0.bindMemory(to: UInt8.self)) }),
              split.elements.count >= 256
        else { return try JSONDecoder().decode(Manifest.self, from: data) }
        var shell = Data(data[..<split.array.lowerBound])
        shell.append(contentsOf: Array("[]".utf8))
        shell.append(data[split.array.upperBound...])
        var manifest = try JSONDecoder().decode(Manifest.self, from: shell)
        let records = ParallelMap.map(split.elements) { range in
            Result { try JSONDecoder().decode(ManifestRecord.self, from: data[range]) }
        }
        var decoded: [ManifestRecord] = []
        decoded.reserveCapacity(records.count)
        for record in records {
            guard case .success(let value) = record else { return try JSONDecoder().decode(Manifest.self, from: data) }
            decoded.append(value)
        }
        manifest.body.records = decoded
        return manifest
    }

    /// Byte ranges of the array at `body.records` (brackets included) and of each of its elements,
    /// or nil when there is no such array of objects.
    static func splitRecords(_ bytes: UnsafeBufferPointer<UInt8>) -> (array: Range<Int>, elements: [Range<Int>])? {
        struct Container { var isObject: Bool; var key: ArraySlice<UInt8>? }
        let body = Array("body".utf8)[...], records = Array("records".utf8)[...]
        var stack: [Container] = []
        var key: ArraySlice<UInt8>?
        var expectingKey = false
        var arrayStart: Int?, arrayDepth = 0
        var elementStart = 0
        var elements: [Range<Int>] = []
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""):
                var j = i + 1
                while j < bytes.count && bytes[j] != UInt8(ascii: "\"") { j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1 }
                guard j < bytes.count else { return nil }
                if stack.last?.isObject == true && expectingKey {
                    key = Array(bytes[(i + 1)..<j])[...]
                    expectingKey = false
                }
                i = j
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = bytes[i] == UInt8(ascii: "{")
                let parentKey = stack.last?.isObject == true ? key : nil
                if arrayStart != nil && stack.count == arrayDepth {
                    guard isObject else { return nil }
                    elementStart = i
                }
                stack.append(Container(isObject: isObject, key: parentKey))
                if !isObject && arrayStart == nil && stack.count == 3 && stack[1].key == body && parentKey == records {
                    arrayStart = i
                    arrayDepth = stack.count
                }
                expectingKey = isObject
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard !stack.isEmpty else { return nil }
                if let start = arrayStart {
                    if stack.count == arrayDepth + 1 {
                        elements.append(elementStart..<(i + 1))
                    } else if stack.count == arrayDepth {
                        return (start..<(i + 1), elements)
                    }
                }
                stack.removeLast()
            case UInt8(ascii: ","):
                expectingKey = stack.last?.isObject == true
            default:
                break
            }
            i += 1
        }
        return nil
    }
}
