import Foundation
import Testing
import Gazetteer
import Resolution

/// Spotting bugs reported in issue 6; the sentences are our own.
@Suite struct SpottingChainTests {
    /// Regression: "وفي جنيف" spotted nothing. Geneva is a one-word foreign name, kept only after a
    /// locative; the locative في was hidden behind the conjunction و ("وفي" is not split by the
    /// clitic segmenter, whose stems have ≥ 3 letters).
    @Test func locativeBehindConjunctionWawIsSeen() {
        let ms = testGeoparser.spot("وفي جنيف رحب دبلوماسيون.")
        #expect(ms.map(\.text) == ["جنيف"])
        // The same word after a non-locative is still not a place (the check is not lifted).
        let none = testGeoparser.spot("وقال جنيف رحب دبلوماسيون.")
        #expect(!none.map(\.text).contains("جنيف"))
    }

    /// Regression: in "between Uqayribat, Ithriya and the Thawra oil field" the English article
    /// after "and" broke the coordination chain, so the third place lost the `between` relation.
    @Test func englishArticleAfterAndKeepsTheBetweenChain() {
        let t = "The army took more than 400 square kilometres between Uqayribat, Ithriya and the Thawra oil field."
        let ms = testGeoparser.spot(t)
        func rel(_ name: String) -> Bool? {
            ms.first { $0.text.hasPrefix(name) }?.relations.contains { $0.kind == "between" }
        }
        #expect(rel("Uqayribat") == true)
        #expect(rel("Ithriya") == true)
        #expect(rel("Thawra") == true, "spotted: \(ms.map { ($0.text, $0.relations.map(\.kind)) })")
        // ", the" continues a list too.
        let t2 = "The army took more than 400 square kilometres between Uqayribat, the Thawra oil field and Ithriya."
        let ms2 = testGeoparser.spot(t2)
        #expect(ms2.first { $0.text.hasPrefix("Thawra") }?.relations.contains { $0.kind == "between" } == true)
    }
}
