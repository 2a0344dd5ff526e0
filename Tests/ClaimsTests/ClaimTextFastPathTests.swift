import Foundation
import Testing
import TestSupport
@testable import Claims

/// The text side of the claims stage answers its word-table questions from packed integer keys
/// (``ClaimWordIndex``) and tests mention gaps on scalars; each test here compares such a fast
/// path with the `String` computation it replaces, on real text.
@Suite struct ClaimTextFastPathTests {
    /// Words of the ANERcorp dev split (one token per line, "word TAG"), or nil without ../shared.
    static let anerWords: [String]? = {
        guard let u = SharedData.file("fixtures/anercorp-dev.txt"), let s = try? String(contentsOf: u, encoding: .utf8) else { return nil }
        return s.split(whereSeparator: \.isNewline).compactMap { $0.split(separator: " ").first.map(String.init) }
    }()

    /// Words of the project's own example reports (GeoData/examples, in the repository): real
    /// text that is there even without ../shared.
    static let exampleWords: [String] = {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("GeoData/examples")
        return ["report-ar.txt", "report-en.txt"].flatMap { name -> [String] in
            guard let s = try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) else { return [] }
            return s.split(whereSeparator: { $0 == " " || $0.isNewline }).map(String.init)
        }
    }()

    /// Lexicon words with every proclitic and pronoun suffix, so that each packed branch
    /// (proclitic forms, "ال"/"لل" stems, suffix-stripped triggers) is exercised.
    static var lexiconVariants: [String] {
        var words = Set<String>()
        let base = ClaimLexicon.triggers.map(\.0) + Array(ClaimLexicon.actorHeads) + Array(ClaimLexicon.stopWords)
            + Array(ClaimLexicon.actorModifiers) + ClaimLexicon.lightVerbs + ClaimLexicon.lightVerbObjects
            + ClaimLexicon.weekdays.map(\.0) + ClaimLexicon.numberWords.map(\.0)
        for w in base {
            let n = ClaimNormalizer.normalize(w)
            for p in [""] + ClaimLexicon.proclitics + [ClaimMorphology.al, ClaimMorphology.lil] {
                for s in [""] + ClaimMorphology.suffixes { words.insert(p + n + s) }
            }
        }
        return Array(words)
    }

    /// Regression: the packed look-up must classify every word exactly like the `String` helpers
    /// (a difference changes which triggers, actors and quantities are found).
    @Test func packedWordClassesEqualStringClasses() throws {
        var keys = Self.lexiconVariants
        if let words = Self.anerWords {
            keys += ClaimTokenizer.tokenize(Array(words.joined(separator: " ").unicodeScalars)).filter(\.isWord).map(\.norm)
        }
        var checked = 0, packed = 0
        for n in Set(keys) {
            let slow = ClaimWordIndex.stringLex(n)
            #expect(ClaimWordIndex.lex(norm: n) == slow, "classes of \(ClaimNormalizer.readable(n)) (\(n)) differ")
            if let k = PackedKey(n) {
                packed += 1
                #expect(ClaimWordIndex.string(k) == n && k.string == n)
            }
            checked += 1
        }
        #expect(packed > 1000, "only \(packed) of \(checked) keys took the packed path")
        // the lexicon's own words must be found (not merely agree on "nothing")
        #expect(ClaimWordIndex.lex(norm: ClaimNormalizer.normalize("وسيطرت")).trigger >= 0)
        #expect(ClaimWordIndex.lex(norm: ClaimNormalizer.normalize("تحريرها")).trigger >= 0)
        #expect(ClaimWordIndex.lex(norm: ClaimNormalizer.normalize("للجيش")).stems.contains(.actorHead))
    }

    /// The tokenizer's one-pass normalisation of plain words must spell the same key as
    /// `ClaimNormalizer.normalize` (and pack the same bytes).
    @Test func simpleWordNormalisationEqualsNormalize() {
        var words = ["سيطرتها", "أُعلِنَ", "ٱلجيش", "کیلومتر", "ZWNJ\u{200C}word", "ـــ", "\u{064E}", "Kilometres", "é", "Ωmega", "ﻻ"]
        words += Self.exampleWords + (Self.anerWords?.prefix(20000) ?? [])
        var fast = 0
        for w in words {
            let sc = Array(w.unicodeScalars)
            guard !sc.isEmpty else { continue }
            var buffer: [UInt8] = []
            let slow = ClaimNormalizer.normalize(sc[...], buffer: &buffer)
            let slowKey = PackedKey(bytes: buffer)
            if let sk = ClaimNormalizer.simpleKey(sc, 0, sc.count), sk.count >= 1, sk.count <= PackedKey.capacity {
                fast += 1
                let k = PackedKey(lo: sk.lo, hi: sk.hi, count: sk.count)
                #expect(k.string == slow && k == slowKey, "\(w)")
            }
        }
        #expect(!Self.exampleWords.isEmpty, "GeoData/examples not found from \(#filePath)")
        #expect(fast >= 8 + Self.exampleWords.count / 2, "only \(fast) words took the one-pass path")
    }

    /// `simpleKey`'s table for U+0600–U+06FF and its other branches: every scalar up to U+2FFF,
    /// alone and between two letters, packs to the bytes `normalize` writes, or is refused only
    /// when `normalize` writes something that is not a single key byte or nothing.
    @Test func simpleKeyOfEveryScalarEqualsNormalize() {
        for v in UInt32(1)...0x2FFF {
            guard let c = Unicode.Scalar(v) else { continue }
            for sc in [[c], ["ب", c, "a"]] as [[Unicode.Scalar]] {
                var buffer: [UInt8] = []
                let slow = ClaimNormalizer.normalize(sc[...], buffer: &buffer)
                if let sk = ClaimNormalizer.simpleKey(sc, 0, sc.count) {
                    #expect(sk.count == buffer.count, "U+\(String(v, radix: 16))")
                    if sk.count >= 1 { #expect(PackedKey(lo: sk.lo, hi: sk.hi, count: sk.count).string == slow, "U+\(String(v, radix: 16))") }
                } else {
                    // Refused: the scalar is outside the rules (written as itself or lower-cased).
                    #expect(v >= 0x80 && !(0x0621...0x064A).contains(v), "U+\(String(v, radix: 16)) refused")
                }
            }
        }
    }

    /// The tokenizer's memos (per text, and `SharedWordMemo` across texts) must give every word
    /// the normalised text and classes computed afresh: the same tokens for a text seen first,
    /// seen again, and after other texts.
    @Test func memoisedTokensEqualFreshNormalisation() {
        let texts = [Self.exampleWords.joined(separator: " "), Self.exampleWords.reversed().joined(separator: " "),
                     (Self.anerWords?.prefix(20000) ?? []).joined(separator: " ")]
        for _ in 0..<2 {
            for t in texts {
                let sc = Array(t.unicodeScalars)
                for tok in ClaimTokenizer.tokenize(sc) where tok.isWord {
                    var buffer: [UInt8] = []
                    let norm = ClaimNormalizer.normalize(sc[tok.start..<tok.end], buffer: &buffer)
                    #expect(tok.norm == norm, "\(ClaimNormalizer.readable(norm))")
                    #expect(tok.lex == ClaimWordIndex.stringLex(norm), "classes of \(ClaimNormalizer.readable(norm))")
                }
            }
        }
    }

    /// `CivilDate.zeroPadded` writes dates' fields as `String(format: "%04d")`/`"%02d"` did.
    @Test func zeroPaddedEqualsPrintf() throws {
        for width in [2, 4] {
            for n in Array(-1200...12_000) + [99_999, 123_456_789, Int(Int32.max), -5, -99_999] {
                #expect(CivilDate.zeroPadded(n, width) == String(format: "%0\(width)d", n), "\(n) width \(width)")
            }
        }
        #expect(try CivilDate(year: 2017, month: 7, day: 9).iso == "2017-07-09")
    }

    /// `SharedWordMemo` from several threads at once (`batch --jobs N` tokenises in parallel):
    /// every answer is the value for its own key, on a table small enough to fill up.
    @Test func sharedWordMemoAnswersEachKeyUnderConcurrency() async {
        let memo = SharedWordMemo(bits: 7)
        let words = Array(Set(Self.exampleWords.map { ClaimNormalizer.normalize($0) }.filter { PackedKey($0) != nil })).sorted()
        let wrong = await withTaskGroup(of: Int.self) { group in
            for t in 0..<4 {
                group.addTask {
                    var bad = 0
                    for w in (t % 2 == 0 ? words : words.reversed()) {
                        let k = PackedKey(w)!
                        let (norm, lex) = memo.get(k) { (k.string, ClaimWordIndex.shared.lex(key: k, norm: k.string)) }
                        if norm != w || lex != ClaimWordIndex.stringLex(w) { bad += 1 }
                    }
                    return bad
                }
            }
            return await group.reduce(0, +)
        }
        #expect(words.count > 100, "only \(words.count) packed example words")
        #expect(wrong == 0)
    }

    @Test func packedKeyArithmeticMatchesStrings() throws {
        for s in ["a", "ab", "abcdefgh", "abcdefghi", "abcdefghijklmnop", "ABCDEFGHIJKLMNO"] {
            let k = try #require(PackedKey(s))
            for n in 0..<s.count {
                #expect(ClaimWordIndex.string(k.dropFirst(n)) == String(s.dropFirst(n)))
                #expect(ClaimWordIndex.string(k.dropLast(n)) == String(s.dropLast(n)))
                #expect(k.hasSuffix(try #require(PackedKey(String(s.dropFirst(n))))))
                #expect(k.hasPrefix(try #require(PackedKey(String(s.dropLast(n))))))
            }
        }
        #expect(PackedKey("abcdefghijklmnopq") == nil)
        #expect(PackedKey("é") == nil)
    }

    /// Gaps between mentions as they occur: every window of up to 24 scalars of real text, plus
    /// hand-made gaps with marks after separators, CR LF, upper case and و runs.
    static var gaps: [[Unicode.Scalar]] {
        var texts = ["X, Y and the Z", " و", "، و", " وو ", " and the ", " AND ", " أو ", "وأو", " او", " east of ", " said ",
                     " \u{064E}و ", "و\u{064E} ", " ,\u{0301}and", "\r\n و ", " ـ ", "ـ\u{064B}و", " or\u{0301} ", "\u{201C}و",
                     " قال ", " وقال", "قال\u{064E}", "\u{00AB} and", " said\n", "said\r\n"]
        texts.append(exampleWords.joined(separator: " "))
        if let w = anerWords { texts.append(w.prefix(4000).joined(separator: " ")) }
        var out: [[Unicode.Scalar]] = []
        for t in texts {
            let sc = Array(t.unicodeScalars)
            if sc.count <= 24 { out.append(sc); continue }
            var i = 0
            while i + 1 < sc.count {
                for n in [1, 2, 3, 5, 8, 13, 24] where i + n <= sc.count { out.append(Array(sc[i..<(i + n)])) }
                i += 3
            }
        }
        return out
    }

    /// Regression: the scalar coordination test must agree with the `String` one whenever it
    /// answers (a wrong "coordinated" merges places into one region or hull).
    @Test func scalarCoordinationEqualsStringCoordination() {
        var answered = 0
        for g in Self.gaps {
            let str = ClaimTokenizedText.string(g[...])
            if let fast = ClaimAnalyzer.isCoordination(scalars: g[...]) {
                answered += 1
                #expect(fast == ClaimAnalyzer.isCoordination(str), "gap “\(str)”")
            }
        }
        #expect(answered > 100)
    }

    /// The scalar quote/speech-verb test of corridor gaps against the `String` test it replaces.
    @Test func scalarSpeechGapEqualsStringTest() {
        let mg = MentionGroups(ms: [], scalars: [], slice: { _, _ in "" })
        var answered = 0
        for g in Self.gaps {
            let str = ClaimTokenizedText.string(g[...])
            let slow = str.unicodeScalars.contains(where: { ClaimAnalyzer.quotes.contains($0) })
                || !Set(str.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)).isDisjoint(with: ClaimAnalyzer.speechWords)
            if let fast = mg.quoteOrSpeech(g[...]) {
                answered += 1
                #expect(fast == slow, "gap “\(str)”")
            }
        }
        #expect(answered > 100)
    }

    /// The scalar searches for "بين"/"between" and for anaphora against the Foundation searches.
    @Test func scalarSearchesEqualStringSearches() {
        var texts = ["بين سد ريشة", "بينبين X", "between A", "واقعة بين", "Between X", "هذه المساحات", "THESE AREAS were",
                     "in this territory", "ذلك بين\u{064E}", "تلك المناطق و", "the area"]
        if let s = seedReportText() { texts.append(s) }
        for t in texts {
            let sc = Array(t.unicodeScalars)
            let slice: (Int, Int) -> String = { a, b in a < b && a >= 0 && b <= sc.count ? ClaimTokenizedText.string(sc[a..<b]) : "" }
            for off in stride(from: 0, through: sc.count, by: 1) {
                #expect(ClaimAnalyzer.betweenWordStart(before: off, scalars: sc, slice: slice)
                        == ClaimAnalyzer.betweenWordStart(before: off, slice: slice), "“\(t)” at \(off)")
            }
            for a in stride(from: 0, to: sc.count, by: 7) {
                let b = min(sc.count, a + 80)
                guard sc[a..<b].allSatisfy({ ClaimAnalyzer.isPlainScalar($0.value) }) else { continue }
                let head = slice(a, b).lowercased()
                #expect(ClaimAnalyzer.anaphoraInPlain(sc[a..<b]) == ClaimAnalyzer.anaphora.first(where: { head.contains($0) }), "“\(head)”")
            }
        }
    }

    /// Span texts come from the text's UTF-8 by scalar offsets; they must spell the scalars.
    @Test func spanTextsSpellTheirScalars() throws {
        for t in ["", "a", "سيطر الجيش 1.500 كم²", "e\u{301}\u{1F600}x\r\n", seedReportText() ?? "ب"] {
            let tt = ClaimTokenizedText(t)
            #expect(tt.scalars == Array(t.unicodeScalars))
            let n = tt.scalars.count
            for a in stride(from: 0, through: n, by: max(1, n / 50)) {
                for b in [a, min(n, a + 1), min(n, a + 17), n] {
                    #expect(tt.text(a, b) == ClaimTokenizedText.string(tt.scalars[a..<b]))
                }
            }
        }
    }
}
