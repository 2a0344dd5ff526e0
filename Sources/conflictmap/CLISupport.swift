import ArgumentParser
import Foundation

/// Exit codes from sysexits(3), as DESIGN.md asks.
enum Exit {
    static let usage = ExitCode(64)
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    static let failure = ExitCode(1)
}

/// Writes a diagnostic line to stderr.
func diagnose(_ message: String) {
    FileHandle.standardError.write(Data(("conflictmap: " + message + "\n").utf8))
}

/// Writes data to stdout without buffering surprises.
func emit(_ bytes: [UInt8]) {
    FileHandle.standardOutput.write(Data(bytes))
}

func emit(_ text: String) { emit(Array(text.utf8)) }

/// Reads the named file, or stdin for nil or "-".
/// - Throws: `ExitCode` 66 when the file does not exist or cannot be read.
func readInput(_ path: String?) throws -> (bytes: [UInt8], name: String) {
    guard let path, path != "-" else {
        return (Array(FileHandle.standardInput.readDataToEndOfFile()), "<stdin>")
    }
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
        diagnose("\(path): no such file")
        throw Exit.noInput
    }
    guard !isDir.boolValue else {
        diagnose("\(path): is a directory, expected a file")
        throw Exit.noInput
    }
    guard let d = FileManager.default.contents(atPath: path) else {
        diagnose("\(path): cannot be read")
        throw Exit.noInput
    }
    return (Array(d), path)
}

/// True when the stream is a terminal (for defaults such as table output).
func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }
