import Foundation
import Testing
@testable import Claims

/// `CLAIMS_DUMP=file swift test --filter dumpClaims` prints the analysis of a text (development aid).
@Test(.enabled(if: ProcessInfo.processInfo.environment["CLAIMS_DUMP"] != nil)) func dumpClaims() throws {
    let path = ProcessInfo.processInfo.environment["CLAIMS_DUMP"] ?? ""
    let text = try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8)
    guard let r = try analyzeText(text, date: ProcessInfo.processInfo.environment["CLAIMS_DATE"]) else { return }
    for c in r.claims { print(describe(c)) }
    for a in r.axes { print("AXIS \(a.kind) [\(a.text)] \(a.from?.gazetteerID ?? "-") → \(a.to?.gazetteerID ?? "-") len=\(a.lengthKm.map { "\($0)" } ?? "-") reason=\(a.reason ?? "-") actor=\(a.actor ?? "-") event=\(a.event?.rawValue ?? "-")") }
}
