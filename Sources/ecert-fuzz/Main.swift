import Foundation

/// Built two ways. With `-DECERT_FUZZ -sanitize=fuzzer` (make fuzz) libFuzzer supplies `main` and
/// calls `LLVMFuzzerTestOneInput`; the target is chosen by the ECERT_FUZZ_TARGET environment
/// variable. In a normal build this is a replayer: `ecert-fuzz TARGET FILE…` runs each file
/// through the target once (to reproduce a crash file, or to time a large input).
#if ECERT_FUZZ
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzSelection.target(bytes)
    return 0
}

enum FuzzSelection {
    static let target: @Sendable ([UInt8]) -> Void = {
        let name = ProcessInfo.processInfo.environment["ECERT_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTargets.all[name] else {
            fatalError("set ECERT_FUZZ_TARGET to one of: \(FuzzTargets.all.keys.sorted().joined(separator: ", "))")
        }
        return target
    }()
}
#else
@main
enum Replay {
    static func main() throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTargets.all[name] else {
            print("usage: ecert-fuzz TARGET FILE…   (targets: \(FuzzTargets.all.keys.sorted().joined(separator: ", ")))")
            exit(2)
        }
        for file in arguments.dropFirst() {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            let start = Date()
            target(bytes)
            print("\(file): \(bytes.count) bytes in \(String(format: "%.3f", Date().timeIntervalSince(start))) s")
        }
    }
}
#endif
