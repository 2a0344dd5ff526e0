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

    /// `fixedDecimals` with 0, 1 and 2 digits replaces `String(format: "%.0f")`, `"%.1f"` and
    /// `"%.2f"` in `VerdictRules.format` (areas, widths and lengths of claims).
    @Test func fixedDecimalsSameTextAsPrintf() {
        var values: [Double] = [0, 0.5, 1.5, 2.5, 0.05, 0.15, 0.25, 0.005, 0.015, 0.125, 9.995, 10.05, 99.95, 100.5,
                                101.5, 1234.5, 0.30000000000000004, 1 / 3, 2 / 3, 1e11 + 0.5, 4.35, 2.675, 1.005]
        for k in 0...20_000 { values.append(Double(k) / 200); values.append(Double(k) * 0.005); values.append(Double(k) * 0.05) }
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 { values.append(Double.random(in: 0..<200, using: &rng)) }
        for _ in 0..<2_000 { values.append(Double.random(in: 0..<1e9, using: &rng)) }
        var mismatches: [String] = []
        for digits in 0...3 {
            for v in values where fixedDecimals(v, digits) != String(format: "%.\(digits)f", v) {
                mismatches.append("\(v) %.\(digits)f: \(fixedDecimals(v, digits)) vs \(String(format: "%.\(digits)f", v))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(fixedDecimals(-12.25, 1) == String(format: "%.1f", -12.25))
        #expect(fixedDecimals(.infinity, 2) == String(format: "%.2f", Double.infinity))
    }
}
