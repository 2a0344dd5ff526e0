import ArgumentParser
import Foundation
import Gazetteer

/// `--gazetteer DIR`: an extra layer (or, for imports, the store to write).
struct GazetteerOptions: ParsableArguments {
    @Option(name: .customLong("gazetteer"), help: ArgumentHelp(
        "A gazetteer folder layered over the embedded default and the user data directory; for `gazetteer import`, the folder written to.",
        valueName: "DIR"))
    var directory: String?

    /// Loads the default layers plus `--gazetteer DIR`; exits 66 when DIR is missing, 65 on a bad table.
    func load() throws -> Gazetteer {
        var extra: [URL] = []
        if let d = directory {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: d, isDirectory: &isDir), isDir.boolValue else {
                diagnose("\(d): gazetteer folder not found")
                throw Exit.noInput
            }
            extra.append(URL(fileURLWithPath: d))
        }
        do {
            let g = try Gazetteer.loadDefault(extra: extra)
            if !g.loadIssues.isEmpty {
                diagnose("\(g.loadIssues.count) gazetteer row(s) skipped; first: \(g.loadIssues[0])")
            }
            return g
        } catch let e as GazetteerError {
            diagnose("\(e)")
            throw Exit.dataError
        }
    }
}
