import Foundation
import Testing
import TestSupport
@testable import TextAnalysis

/// `Token.segmentations` is built on access from splits packed into the token: pinned against
/// the string-based `ArabicClitics.segmentations(ofFolded:)` and against the token's own text.
@Suite struct PackedSegmentationTests {
    @Test(.enabled(if: TokenizerTests.seedURL != nil))
    func packedSplitsGiveTheFoldedWordsSegmentations() throws {
        let text = try TokenizerTests.seed()
        let tokens = Tokenizer.tokenize(text)
        var arabic = 0, withClitics = 0
        for t in tokens where t.script == .arabic {
            arabic += 1
            let segs = t.segmentations
            // Same splits as the folded word's (the whole word first); a proclitic detached
            // with tatweel has splits of its own (an empty stem).
            if t.text.unicodeScalars.last != "\u{0640}" {
                let reference = ArabicClitics.segmentations(ofFolded: t.normalized)
                #expect(segs.map { [$0.prefix, $0.stem] } == reference.map { [$0.prefix, $0.stem] }, "\(t.text)")
                #expect(segs.map(\.hasArticle) == reference.map(\.hasArticle), "\(t.text)")
            }
            if segs.count > 1 { withClitics += 1 }
            // The stem starts `prefixScalarCount` scalars into the written token: folding the
            // rest of the written word gives the stem.
            let written = Array(t.text.unicodeScalars)
            for s in segs {
                var rest = String.UnicodeScalarView(); rest.append(contentsOf: written[s.prefixScalarCount...])
                #expect(ArabicNormalizer.fold(String(rest)) == s.stem, "\(t.text): \(s.prefix)+\(s.stem)")
            }
            #expect(t.isDetachedProclitic == segs.contains { $0.stem.isEmpty })
        }
        #expect(arabic > 500)
        #expect(withClitics > 100)
        // Other scripts have none.
        #expect(tokens.filter { $0.script != .arabic }.allSatisfy { $0.segmentations.isEmpty })
    }

    /// Harakat between proclitic and stem count in `prefixScalarCount`; a detached proclitic
    /// ("لـ") has a segmentation with an empty stem.
    @Test func prefixScalarCountsIncludeMarksAndDetachedProcliticsHaveEmptyStems() {
        let t = Tokenizer.tokenize("وَبِالرَّقَّةِ")[0]
        let s = t.segmentations.first { $0.prefix == "وبال" }
        #expect(s?.stem == "رقه")
        #expect(s?.prefixScalarCount == 6) // و َ ب ِ ا ل
        let d = Tokenizer.tokenize("لـ الرقة")[0]
        #expect(d.isDetachedProclitic)
        #expect(d.segmentations.contains { $0.prefix == "ل" && $0.stem.isEmpty })
    }
}
