import Foundation
import Testing
import TestSupport

/// Every command, found from the top-level help, has working `--help` that
/// names its usage; nested commands too.
@Suite struct HelpTests {
    static func subcommands(_ help: String) -> [String] {
        guard let r = help.range(of: "SUBCOMMANDS:") else { return [] }
        return help[r.upperBound...].split(separator: "\n").compactMap { line in
            // Command names start two spaces in; continuation lines start further in.
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            let name = line.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init)
            return name == "See" ? nil : name
        }
    }

    @Test func everyCommandHasHelp() throws {
        let top = try CLIRunner.run(["--help"])
        #expect(top.status == 0)
        let commands = Self.subcommands(top.stdoutText)
        #expect(commands.contains("area") && commands.contains("map") && commands.contains("resolve"))
        for c in commands {
            let r = try CLIRunner.run([c, "--help"])
            #expect(r.status == 0, "\(c) --help exits \(r.status)")
            #expect(r.stdoutText.contains("USAGE: conflictmap \(c)"), "\(c): \(r.stdoutText.prefix(200))")
            for sub in Self.subcommands(r.stdoutText) {
                let s = try CLIRunner.run([c, sub, "--help"])
                #expect(s.status == 0 && s.stdoutText.contains("USAGE: conflictmap \(c) \(sub)"), "\(c) \(sub)")
            }
        }
    }
}
