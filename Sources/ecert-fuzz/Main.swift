import Foundation

/// Built two ways. With `-DECERT_FUZZ -sanitize=fuzzer` (make fuzz) it runs libFuzzer's driver; the target is chosen by the ECERT_FUZZ_TARGET environment
/// variable. In a normal build this is a replayer: `ecert-fuzz TARGET FILE…` runs each file
/// through the target once (to reproduce a crash file, or to time a large input).
#if ECERT_FUZZ
// SwiftPM links executables with `main` aliased to the module's own entry point, so libFuzzer's
// `main` cannot be used: ours hands control to libFuzzer's driver instead.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@main
enum Fuzz {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv) { data, size in
            FuzzSelection.target(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
            return 0
        })
    }
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
