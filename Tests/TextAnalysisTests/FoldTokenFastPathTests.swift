import Foundation
import Testing
import TestSupport
@testable import TextAnalysis

/// `LatinNormalizer.foldToken(values:)` (the tokenizer's byte path for all-ASCII words) gives
/// exactly what the general `foldToken` of scalars gives.
@Suite struct FoldTokenFastPathTests {
    func both(_ s: String) -> (fast: String, plain: String) {
        let values = s.unicodeScalars.map(\.value)
        let fast = values.withUnsafeBufferPointer { LatinNormalizer.foldToken(values: $0) }
        return (fast, LatinNormalizer.foldToken(s.unicodeScalars))
    }

    @Test func everyASCIIScalarAloneAndInsideAWord() {
        for v in UInt32(1)...0x7F {
            let c = String(Character(Unicode.Scalar(v)!))
            for s in [c, "Ab" + c + "Cd", c + c] {
                let r = both(s)
                #expect(r.fast == r.plain, "U+\(String(v, radix: 16)) in \(s.debugDescription)")
            }
        }
    }

    @Test func randomASCIIWordsAndNonASCIIFallBack() {
        var rng = SplitMix64(seed: 20261207)
        for _ in 0..<5_000 {
            let n = Int(rng.next() % 12) + 1
            let s = String((0..<n).map { _ in Character(Unicode.Scalar(UInt8(rng.next() % 95 + 32))) })
            let r = both(s)
            #expect(r.fast == r.plain, "\(s.debugDescription)")
        }
        for s in ["Ḩimş", "Dayr az Zūr", "Maarrat al‑Nu'man", "Ma‘arrat", "Düsseldorf", "ÀÉÎÕÜ"] {
            let r = both(s)
            #expect(r.fast == r.plain, "\(s)")
        }
    }
}
