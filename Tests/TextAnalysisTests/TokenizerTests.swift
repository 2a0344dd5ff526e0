import Foundation
import Testing
import TestSupport
@testable import TextAnalysis

@Suite struct TokenizerTests {
    static let seedURL = SharedData.file("examples/seed-2017-07-11-ar.txt")

    static func seed() throws -> String {
        try String(contentsOf: try #require(seedURL), encoding: .utf8)
    }

    /// The first token whose text is `text` followed by tokens with texts `following`.
    static func find(_ tokens: [Token], _ texts: [String]) -> Int? {
        guard texts.count <= tokens.count else { return nil }
        return (0...(tokens.count - texts.count)).first { i in
            texts.enumerated().allSatisfy { tokens[i + $0.offset].text == $0.element }
        }
    }

    @Test(.enabled(if: seedURL != nil))
    func seedOffsetsReproduceEveryTokenAndCoverAllNonSpace() throws {
        let text = try Self.seed()
        let scalars = Array(text.unicodeScalars)
        let tokens = Tokenizer.tokenize(text)
        #expect(tokens.count > 600) // about 740 words and marks in 7.3 kB
        var covered = [Bool](repeating: false, count: scalars.count)
        var previousEnd = 0
        for t in tokens {
            #expect(t.start >= previousEnd && t.end > t.start)
            #expect(String(String.UnicodeScalarView(scalars[t.start..<t.end])) == t.text)
            for k in t.start..<t.end { covered[k] = true }
            previousEnd = t.end
        }
        for (k, s) in scalars.enumerated() where !covered[k] {
            #expect(s.properties.isWhitespace, "scalar \(k) U+\(String(s.value, radix: 16)) not in a token")
        }
    }

    @Test(.enabled(if: seedURL != nil))
    func seedCliticsBiRifAndWalRaqqaAndBiMintaqa() throws {
        let tokens = Tokenizer.tokenize(try Self.seed())
        let rif = try #require(Self.find(tokens, ["بريف", "الرقة"]))
        let biRif = tokens[rif].segmentations
        #expect(biRif.first?.stem == "بريف")
        #expect(biRif.contains { $0.prefix == "ب" && $0.stem == "ريف" && $0.prefixScalarCount == 1 })
        #expect(tokens[rif + 1].segmentations.contains { $0.prefix == "ال" && $0.stem == "رقه" && $0.hasArticle })

        let wal = try #require(tokens.firstIndex { $0.text == "والرقة" })
        let seg = try #require(tokens[wal].segmentations.first { $0.stem == "رقه" })
        #expect(seg.prefix == "وال" && seg.hasArticle && seg.prefixScalarCount == 3)

        let mintaqa = try #require(Self.find(tokens, ["بمنطقة", "أثريا"]))
        #expect(tokens[mintaqa].segmentations.contains { $0.prefix == "ب" && $0.stem == "منطقه" })
        #expect(tokens[mintaqa + 1].normalized == "اثريا")
    }

    @Test(.enabled(if: seedURL != nil))
    func seedDetachedLamWithTatweel() throws {
        let tokens = Tokenizer.tokenize(try Self.seed())
        let lam = try #require(tokens.firstIndex { $0.text == "لـ" })
        #expect(tokens[lam].isDetachedProclitic)
        #expect(tokens[lam].normalized == "ل")
        #expect(tokens[lam + 1].text == "\"")
    }

    @Test(.enabled(if: seedURL != nil))
    func seedHyphenAfterAirbaseNameIsItsOwnToken() throws {
        let tokens = Tokenizer.tokenize(try Self.seed())
        #expect(Self.find(tokens, ["السين", "-", "ظاظا"]) != nil)
    }

    @Test(.enabled(if: seedURL != nil))
    func seedParagraphsAreLinesAndLanguageIsArabic() throws {
        let text = try Self.seed()
        let tokens = Tokenizer.tokenize(text)
        let lines = text.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }.count
        #expect(Set(tokens.map(\.paragraph)).count == lines)
        #expect(Tokenizer.sentences(tokens).count >= lines)
        #expect(detectLanguage(text) == "ar")
    }

    @Test func cliticSegmentationsOfConstructedWords() {
        func segs(_ w: String) -> [String] {
            Tokenizer.tokenize(w)[0].segmentations.map { "\($0.prefix)+\($0.stem)" }
        }
        #expect(segs("والرقة") == ["+والرقه", "و+الرقه", "وال+رقه"])
        #expect(segs("للرقة") == ["+للرقه", "لل+رقه"])
        #expect(segs("حلب") == ["+حلب"])
        #expect(segs("وبالقرب") == ["+وبالقرب", "و+بالقرب", "وب+القرب", "وبال+قرب"])
        // Harakat on the prefix are counted in prefixScalarCount.
        let t = Tokenizer.tokenize("بِرِيف")[0]
        let b = t.segmentations.first { $0.prefix == "ب" }
        #expect(b?.prefixScalarCount == 2 && b?.stem == "ريف")
    }

    @Test func digitsPunctuationAndLatin() {
        let t = Tokenizer.tokenize("مساحة ١٥٠٠ كم²، و3٫5 (Jabal Mak'hul) `Uqayribat.")
        #expect(t.map(\.text) == ["مساحة", "١٥٠٠", "كم", "²", "،", "و", "3٫5", "(", "Jabal", "Mak'hul", ")",
                                  "`Uqayribat", "."])
        #expect(t[1].script == .digit && t[1].normalized == "1500")
        #expect(t[6].normalized == "3.5")
        #expect(t[9].script == .latin && t[9].normalized == "makhul")
        #expect(t[11].normalized == "uqayribat")
        #expect(t[4].isPunctuation)
    }

    @Test func sentencesEndAtFullStopsButNotInsideNumbersOrAbbreviations() {
        let s = Tokenizer.sentences("Troops took 1.5 km. Then U.S. envoys left! هل انتهى؟ نعم")
        #expect(s.count == 4)
        #expect(detectLanguage("Troops took the hill near Raqqa") == "en")
        #expect(detectLanguage("1500 -") == "und")
    }
}

@Suite struct WordListsTests {
    @Test func listsLoadWithoutProblems() {
        let w = WordLists.shared
        #expect(w.problems.isEmpty, "\(w.problems)")
        #expect(w.headNouns.entries.count > 100)
    }

    @Test func entriesAreFoldedForLookup() {
        let w = WordLists.shared
        #expect(w.headNouns["تلال"]?.isPlural == true && w.headNouns["تلال"]?.type == "hill")
        #expect(w.headNouns["ابار"]?.type == "well") // written آبار or ابار
        #expect(w.headNouns.longestMatch(["air", "base", "x"], from: 0)?.count == 2)
        #expect(w.relations.longestMatch(["north", "east", "of", "raqqa"], from: 0)?.value.compass == "NE")
        #expect(w.relations["شمال شرق"]?.compass == "NE")
        #expect(w.demonyms["السوريه"] == "Syria")
        #expect(w.associativeMarkers["وفد"] == "diplomatic")
        #expect(w.ambiguousNames.contains("الاصفر"))
    }
}
