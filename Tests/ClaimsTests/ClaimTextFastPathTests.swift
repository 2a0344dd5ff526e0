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
                #expect(ClaimWordIndex.string(k) == n)
            }
            checked += 1
        }
        #expect(packed > 1000, "only \(packed) of \(checked) keys took the packed path")
        // the lexicon's own words must be found (not merely agree on "nothing")
        #expect(ClaimWordIndex.lex(norm: ClaimNormalizer.normalize("وسيطرت")).trigger >= 0)
        #expect(ClaimWordIndex.lex(norm: ClaimNormalizer.normalize("تحريرها")).trigger >= 0)
        #expect(ClaimWordIndex.lex(norm: ClaimNormalizer.normalize("للجيش")).stems.contains(.actorHead))
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
}
