// The driver both fuzz targets share: under scripts/fuzz.sh (`-DFUZZING`, libFuzzer's no-main
// runtime linked) libFuzzer generates inputs; in a normal build the target replays the files it
// is given (crash reproducers, the regression corpus), one run each.
import Foundation

public enum FuzzDriver {
    /// The target's entry point; libFuzzer's C callback cannot capture it, so it is kept here.
    nonisolated(unsafe) static var target: ([UInt8]) -> Void = { _ in }

    /// Runs `target` on libFuzzer's inputs or on the files named on the command line; never returns.
    public static func main(name: String, _ target: @escaping ([UInt8]) -> Void) -> Never {
        FuzzDriver.target = target
        #if FUZZING
        // libFuzzer's driver (libclang_rt.fuzzer_no_main, linked by scripts/fuzz.sh) takes the
        // command line: corpus folders, -max_total_time=, -runs=, a crash file to reproduce.
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            FuzzDriver.target(size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
            return 0
        })
        #else
        let paths = Array(CommandLine.arguments.dropFirst())
        if paths.isEmpty {
            FileHandle.standardError.write(Data("usage: \(name) FILE... (replays each input once)\n".utf8))
            exit(2)
        }
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("\(path): cannot read\n".utf8))
                exit(2)
            }
            target([UInt8](data))
            print("\(path): ok")
        }
        exit(0)
        #endif
    }
}

#if FUZZING
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
#endif
