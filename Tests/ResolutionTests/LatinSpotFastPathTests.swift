import Foundation
import Testing
import Gazetteer
import TextAnalysis
@testable import Resolution

/// Latin spotting composes each candidate span's key from per-word byte keys (`LatinWord`)
/// instead of romanising the span's joined text; these tests compare that fast path with the
/// plain computation it replaces, at every Latin token of real text: the project's English
/// example report, and sentences made of every Latin name of the embedded gazetteer (as written,
/// upper-cased, behind an article, hyphen-joined), so that diacritics, apostrophes, articles,
/// variants and multi-word names all occur.
@Suite struct LatinSpotFastPathTests {
    /// The project's English example report (in the repository).
    static let exampleReport: String = {
        let u = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("GeoData/examples/report-en.txt")
        return (try? String(contentsOf: u, encoding: .utf8)) ?? ""
    }()

    /// Sentences of gazetteer names (Latin-script names only), a few hundred names each.
    static let nameTexts: [String] = {
        var names: [String] = []
        var seen = Set<String>()
        for p in testGeoparser.gazetteer.places {
            for n in p.allNames where n.unicodeScalars.contains(where: isLatinLetter)
                && !n.unicodeScalars.contains(where: { ArabicNormalizer.isArabicLetter($0.value) }) && seen.insert(n).inserted {
                names.append(n)
            }
        }
        // Words whose fold is not ASCII (Latin letters without a base letter), which take the
        // plain path, between names.
        names += ["Ɓarakat", "Al Ƌayr", "Ŋorth Ɓab"]
        let frames = ["Clashes in %@ and %@.", "%@, %@ and the %@ countryside", "Al %@ - %@ east of %@",
                      "the %@-%@ axis near %@", "%@ %@ %@ dam", "El-%@ of %@"]
        var texts: [String] = []
        var k = 0, text = ""
        while k < names.count {
            let frame = frames[texts.count % frames.count]
            var line = frame
            while line.contains("%@") {
                var n = names[k % names.count]
                if k % 7 == 3 { n = n.uppercased() }
                line = line.replacingOccurrences(of: "%@", with: n, options: [], range: line.range(of: "%@"))
                k += 1
            }
            text += line + "\n"
            if text.utf8.count > 20_000 { texts.append(text); text = "" }
        }
        texts.append(text)
        return texts
    }()

    /// A letter of the ranges the tokenizer reads as Latin.
    static func isLatinLetter(_ u: Unicode.Scalar) -> Bool {
        u.properties.isAlphabetic && (u.value < 0x250 || (0x1E00...0x1EFF).contains(u.value))
    }

    static func spotter(_ text: String) -> Spotter {
        let g = testGeoparser
        return Spotter(index: g.index, lists: g.lists, first: g.firstWords, places: g.gazetteer.places, headTypes: g.headTypes,
                       words: g.words, text: text, tokens: Tokenizer.tokenize(text))
    }

    /// Regression: at every Latin token the byte-composed span keys find the same longest
    /// match (token count, key, places) as `romanisationKey` of the joined span text.
    @Test func latinMatchEqualsPlainMatch() {
        var tokens = 0, matches = 0, fast = 0, plainOnly = 0, multiWord = 0
        for text in [Self.exampleReport, EnglishReportTests.report] + Self.nameTexts {
            let s = Self.spotter(text)
            for i in s.toks.indices where s.toks[i].script == .latin {
                let a = s.latinMatch(at: i), b = s.latinMatchPlain(at: i)
                #expect(a?.count == b?.count && a?.key == b?.key && a?.places == b?.places && a?.skip == b?.skip
                        && a?.prefix == b?.prefix, "at \(s.toks[i].text): \(String(describing: a)) vs \(String(describing: b))")
                tokens += 1
                if b != nil { matches += 1 }
                if (b?.count ?? 0) > 1 { multiWord += 1 }
                if s.infos[i]?.latin?.key != nil { fast += 1 } else { plainOnly += 1 }
            }
        }
        // The names must be found, most words through the fast path, and the fallback exercised.
        #expect(tokens > 20_000)
        #expect(matches > 10_000, "\(matches) matches")
        #expect(multiWord > 1_000, "\(multiWord) multi-word matches")
        #expect(fast > tokens * 9 / 10 && plainOnly >= 3, "\(fast) fast, \(plainOnly) plain of \(tokens)")
    }

    /// `romanisationKey` is `romanisedWord` of each folded word, joined by spaces, with articles
    /// followed by another word dropped: the composition `LatinWord` relies on.
    @Test func romanisationKeyIsItsWordsRomanised() {
        for text in [Self.exampleReport] + Self.nameTexts.prefix(3) {
            for line in text.split(whereSeparator: \.isNewline) {
                let words = LatinNormalizer.fold(String(line)).split(separator: " ").map(String.init)
                let composed = words.indices.compactMap { k -> String? in
                    k + 1 < words.count && LatinNormalizer.articles.contains(words[k]) ? nil : LatinNormalizer.romanisedWord(words[k])
                }.joined(separator: " ")
                #expect(LatinNormalizer.romanisationKey(String(line), keepArticle: false) == composed)
            }
        }
    }
}
