import Foundation
import Testing
import TestSupport

/// `gazetteer import` of Who's On First's localities of Syria (no country column) gives their
/// rows a country, so that a report's Syrian village is not ranked as a place abroad.
@Suite struct ImportCountryCLITests {
    @Test(.enabled(if: SharedData.file("geodata/sy-localities.tsv") != nil))
    func importedSyrianVillagesAreNotRankedAsForeign() throws {
        let loc = try #require(SharedData.file("geodata/sy-localities.tsv"))
        let store = FileManager.default.temporaryDirectory.appendingPathComponent("cm-import-country-\(getpid())")
        defer { try? FileManager.default.removeItem(at: store) }
        let env = ["CONFLICTMAP_DATA": store.path]
        let imp = try CLIRunner.run(["gazetteer", "import", loc.path], environment: env)
        #expect(imp.status == 0, "\(imp.stderr)")
        let table = try String(contentsOf: store.appendingPathComponent("sy-localities.tsv"), encoding: .utf8)
        let rows = table.split(separator: "\n").dropFirst()
        let syrian = rows.filter { $0.split(separator: "\t", omittingEmptySubsequences: false).dropFirst(16).first == "SY" }
        #expect(Double(syrian.count) >= 0.98 * Double(rows.count), "\(syrian.count) of \(rows.count) rows in SY")
        // Four WOF villages are called Abu Hajar: none of them may be lowered as lying abroad.
        let r = try CLIRunner.run(["map", "-"], stdin: Data("Government forces entered Abu Hajar.".utf8), environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdoutText.contains("outside SY lowered"), "\(r.stdoutText.prefix(2000))")
    }
}
