import Foundation
import Testing
import Gazetteer
import Resolution
import TextAnalysis
import TestSupport

/// Regression tests for the spotter's fast paths: mention texts cut from UTF-8 by the tokens'
/// byte offsets, and the per-geoparser memo of word analyses (an open-addressing table that
/// grows while documents are read).
@Suite(.enabled(if: SharedData.file("fixtures/anercorp-dev.txt") != nil))
struct SpotterFastPathTests {
    /// `Mention` documents that the text's scalars `start..<end` equal `text`: checked on every
    /// mention of the ANERcorp development documents and the seed report, against the scalars
    /// of the text itself.
    @Test func mentionTextsAreTheirScalarSpansOfTheText() {
        var texts = ANERcorpTests.documents().map(\.text)
        if let s = seedText() { texts.append(s) }
        #expect(texts.count > 50)
        var checked = 0
        for t in texts {
            let scalars = Array(t.unicodeScalars)
            for m in testGeoparser.spot(t) {
                var v = String.UnicodeScalarView(); v.append(contentsOf: scalars[m.start..<m.end])
                #expect(String(v) == m.text, "mention at \(m.start)..<\(m.end)")
                checked += 1
            }
        }
        #expect(checked > 1000)
    }

    /// A document spotted by a fresh geoparser (empty memo of word analyses) and again after the
    /// same geoparser has read the whole development set (thousands of distinct words: its memo
    /// table has grown and been rehashed several times) gives the same mentions.
    @Test func wordMemoGrowingDoesNotChangeSpotting() throws {
        let docs = ANERcorpTests.documents().map(\.text)
        let probe = try #require(docs.first)
        let fresh = Geoparser(gazetteer: testGeoparser.gazetteer)
        let cold = fresh.spot(probe)
        for d in docs { _ = fresh.spot(d) }
        let warm = fresh.spot(probe)
        #expect(!cold.isEmpty)
        #expect(cold == warm)
        // And each document as an independent fresh geoparser spots it.
        for d in docs.prefix(10) {
            #expect(Geoparser(gazetteer: testGeoparser.gazetteer).spot(d) == fresh.spot(d))
        }
    }
}
