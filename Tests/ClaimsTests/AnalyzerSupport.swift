import Foundation
import GeoCore
import Geodesy
import Gazetteer
import Resolution
import TestSupport
@testable import Claims

/// The embedded default gazetteer (GeoData only, no user layers), a geoparser and an analyzer
/// over it, built once per test process.
let analyzerFixture: (geoparser: Geoparser, analyzer: ClaimAnalyzer)? = {
    guard let dir = Gazetteer.defaultLayers().first, let g = try? Gazetteer.load(layers: [dir]) else { return nil }
    return (Geoparser(gazetteer: g), ClaimAnalyzer(gazetteer: g))
}()

func analyzeText(_ text: String, date: String? = nil) throws -> ClaimReport? {
    guard let f = analyzerFixture else { return nil }
    let d = try date.map { try CivilDate(iso: $0) }
    return f.analyzer.analyze(text: text, parse: f.geoparser.parse(text), documentDate: d)
}

func seedReportText() -> String? {
    guard let u = SharedData.file("examples/seed-2017-07-11-ar.txt") else { return nil }
    return try? String(contentsOf: u, encoding: .utf8)
}

func describe(_ c: AreaClaimAnalysis) -> String {
    var s = "CLAIM [\(c.claimText)] \(c.claimedKm2.map { "\($0)" } ?? "-") \(c.qualifier) verdict=\(c.verdict.rawValue) range=\(c.rangeKm2.map { "\($0.min)-\($0.max)" } ?? "-") width=\(c.impliedWidthKm.map { "\($0)" } ?? "-") L=\(c.corridorLengthKm.map { "\($0)" } ?? "-")\n"
    s += "  anchors: \(c.anchors.map { "\($0.role.rawValue):\($0.name)=\($0.gazetteerID)" })\n"
    s += "  regions: \(c.regions.map { "\($0.name)/\($0.code)/\($0.source.rawValue)" })\n"
    for m in c.models { s += "  model \(m.name) \(m.areaKm2) km² \(m.params.map { "\($0.key)=\($0.value)" })\n" }
    s += "  why: \(c.why)\n  findings: \(c.findings)\n  actor=\(c.actor ?? "-") event=\(c.event?.rawValue ?? "-") date=\(c.eventDate ?? "-") method=\(c.areaMethod ?? "-")\n"
    return s
}
