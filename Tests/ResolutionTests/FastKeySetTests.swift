import Foundation
import Testing
import Gazetteer
import TextAnalysis
@testable import Resolution

/// `FastKeySet` (open addressing on FNV-1a hashes) replaces `Set<FastKey>` for the spotter's
/// fixed word sets; it must answer `contains` exactly as the `Set` does.
@Suite struct FastKeySetTests {
    /// Folded words of real text: the example reports (Arabic and English) with every clitic
    /// stem, and the word lists' own entries.
    static let words: [String] = {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("GeoData/examples")
        var out: [String] = []
        for name in ["report-ar.txt", "report-en.txt"] {
            guard let s = try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) else { continue }
            for t in Tokenizer.tokenize(s) {
                out.append(t.normalized)
                out += t.segmentations.map(\.stem)
            }
        }
        let l = WordLists.shared
        out += Array(l.ambiguousNames) + Array(l.demonyms.entries.keys)
        return out
    }()

    @Test func containsEqualsSetContains() {
        let g = testGeoparser.gazetteer
        // Sets of several sizes: the word lists', and gazetteer names (thousands: long probes).
        var names: [String] = []
        for p in g.places.prefix(3000) { names += p.allNames.map(WordLists.foldKey) }
        let members: [[String]] = [Array(WordLists.shared.ambiguousNames), Array(WordLists.shared.demonyms.entries.keys),
                                   ["في", "in", "at"], [], names]
        let probes = Self.words + names.prefix(5000) + ["", " ", "ال"]
        var hits = 0
        for m in members {
            let set = Set(m.map(FastKey.init)), fast = FastKeySet(m.map(FastKey.init))
            for w in probes {
                let k = FastKey(w)
                #expect(fast.contains(k) == set.contains(k), "\(w)")
                if set.contains(k) { hits += 1 }
            }
        }
        #expect(hits > 1000)
    }
}
