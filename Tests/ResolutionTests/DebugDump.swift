import Foundation
import Testing
import Resolution
import TextAnalysis
import TestSupport

@Test(.enabled(if: ProcessInfo.processInfo.environment["GEOPARSE_DUMP"] != nil)) func dumpSeed() throws {
    let path = ProcessInfo.processInfo.environment["GEOPARSE_DUMP"] ?? ""
    let text = try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
    let r = testGeoparser.parse(text)
    for m in r.mentions {
        let p = m.position.map { String(format: "%.4f,%.4f", $0.lat, $0.lon) } ?? "null"
        print("[\(m.mention.text)] role=\(m.mention.role) head=\(m.mention.headType?.rawValue ?? "-") place=\(m.place?.id ?? "none") \(p) prec=\(m.precision.map(String.init) ?? "-") rel=\(m.mention.relations.map { "\($0.kind)\($0.compass ?? "")\($0.other.map { ":" + $0 } ?? "")" }) reason=\(m.reason ?? "") passes=\(m.passes.map { $0.pass + ":" + $0.decision }) cands=\(m.candidates.prefix(3).map { "\($0.place.id)@\(String(format: "%.2f", $0.score))" })")
    }
}

@Test(.enabled(if: ProcessInfo.processInfo.environment["GEOPARSE_TOKENS"] != nil)) func dumpTokens() throws {
    let text = ProcessInfo.processInfo.environment["GEOPARSE_TOKENS"] ?? ""
    for t in Tokenizer.tokenize(text) { print("TOK \(t.start)-\(t.end) [\(t.text)] [\(t.normalized)] \(t.script)") }
}
