import Foundation
import Testing
import Gazetteer
import Resolution
import TestSupport

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

/// The spotting index cached on disk (`Geoparser(cacheDirectory:)`) answers as the one built in
/// memory: same mentions, same exact matches, on the English report and the seed.
@Suite struct SpotIndexCacheTests {
    @Test func cachedIndexSpotsAsTheBuiltOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cm-spot-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: dir) }
        let g = testGeoparser.gazetteer
        let built = Geoparser(gazetteer: g, cacheDirectory: nil)
        let first = Geoparser(gazetteer: g, cacheDirectory: dir)   // builds and writes
        let cached = Geoparser(gazetteer: g, cacheDirectory: dir)  // reads
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        #expect(files.contains { $0.hasPrefix("spotindex-") }, "the index was written: \(files)")
        var texts = [EnglishReportTests.report, "وفي جنيف رحب دبلوماسيون.", "سيطر الجيش على تل دكوة وسد ريشة بريف دمشق."]
        if let u = SharedData.file("examples/seed-2017-07-11-ar.txt"), let s = try? String(contentsOf: u, encoding: .utf8) { texts.append(s) }
        for t in texts {
            let a = built.spot(t).map { "\($0.start)-\($0.end) \($0.key) \($0.exactMatches)" }
            #expect(!a.isEmpty)
            #expect(first.spot(t).map { "\($0.start)-\($0.end) \($0.key) \($0.exactMatches)" } == a)
            #expect(cached.spot(t).map { "\($0.start)-\($0.end) \($0.key) \($0.exactMatches)" } == a)
            #expect(cached.parse(t).mentions.map { $0.place?.id } == built.parse(t).mentions.map { $0.place?.id })
        }
    }
}
