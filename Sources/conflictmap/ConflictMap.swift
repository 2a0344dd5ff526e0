import ArgumentParser
import ConflictMapKit
import Foundation

@main
struct ConflictMap: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflictmap",
        abstract: "Turn conflict reporting (Arabic and English) into verified map data.",
        discussion: """
        Resolves the places a report names, turns its geography into shapes, measures them on the
        WGS84 ellipsoid and checks the area claims it makes. Data goes to stdout, diagnostics to
        stderr. Exit codes: 0 success, 64 bad usage, 65 bad input data, 66 input not found,
        1 runtime failure.
        """,
        version: MapPipeline.version,
        subcommands: [AreaCommand.self, ResolveCommand.self, GazetteerCommand.self, MapCommand.self, VerifyCommand.self, BatchCommand.self]
    )
}
