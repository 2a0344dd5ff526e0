import Foundation
import Testing
@testable import Resolution

/// `decimal3` replaces `String(format: "%.3f")` in decision texts; C's printf is the reference.
@Suite struct Decimal3Tests {
    @Test func sameTextAsPrintfOnTiesAndRandomScores() {
        var values: [Double] = [0, 1, 0.12, 0.0005, 0.0015, 0.0025, 0.0125, 0.1235, 0.1245, 0.9995, 1.0005, 2.5e-4,
                                0.6, 0.517, 0.328, 123456.7895, 1e11, 0.30000000000000004, 0.1 + 0.2, 1 / 3, 2 / 3]
        // Every thousandth and half-thousandth near 0…3 (decimal ties that are not exact in binary).
        for k in 0...6000 { values.append(Double(k) / 2000); values.append(Double(k) * 0.0005) }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 { values.append(Double.random(in: 0..<2, using: &rng)) }
        for _ in 0..<2_000 { values.append(Double.random(in: 0..<1e9, using: &rng)) }
        var mismatches: [String] = []
        for v in values where decimal3(v) != String(format: "%.3f", v) {
            mismatches.append("\(v): \(decimal3(v)) vs \(String(format: "%.3f", v))")
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(decimal3(-0.25) == String(format: "%.3f", -0.25))
        #expect(decimal3(.nan) == String(format: "%.3f", Double.nan))
    }
}
