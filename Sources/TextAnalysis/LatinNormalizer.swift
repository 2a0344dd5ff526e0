import Foundation

/// Latin-script folding for names and tokens, and the romanisation key used by `NameKey`.
///
/// `fold(_:)` (exact, reversible in meaning): lowercase; strip diacritics (ā ḩ ş ḑ z̧ ţ ī ū é ü
/// …, also ı → i, ł → l, ø → o, đ → d, ß → ss, æ → ae, œ → oe); remove ʿayn/hamza marks and
/// apostrophes (ʿ ʾ ʻ ʼ ‘ ’ ' ` ´); hyphens, dashes, dots, underscores and slashes become spaces;
/// whitespace is collapsed and trimmed. Non-Latin scalars pass through (Arabic is *not* folded
/// here: use `ArabicNormalizer`).
///
/// `romanisationKey(_:)` goes further and unifies common transliteration variants of one Arabic
/// name, word by word (see that function). It keeps q ≠ k, s ≠ sh, h ≠ kh: these mark different
/// Arabic letters in the systematic romanisations (BGN/PCGN, GeoNames) that make up most of a
/// gazetteer, so merging them would collapse distinct places. The coarser merge lives in
/// `NameKey.crossScript(_:)`.
public enum LatinNormalizer {
    /// Folds one scalar value into `out` (lowercase ASCII base letter, or nothing for marks and
    /// apostrophes; Arabic-block scalars are copied). Returns false when the scalar is not
    /// handled here (the caller lowercases it generically).
    @inline(__always)
    static func foldLatinScalar(_ v: UInt32, into out: inout String.UnicodeScalarView) -> Bool {
        if v < 0x80 {
            switch v {
            case 0x41...0x5A: out.append(Unicode.Scalar(UInt8(v + 0x20)))
            case 0x27, 0x60: break // ' `
            default: out.append(Unicode.Scalar(UInt8(v)))
            }
            return true
        }
        if v >= 0x0600, v <= 0x06FF, let u = Unicode.Scalar(v) { out.append(u); return true }
        if isApostrophe(v) { return true }
        if (0x0300...0x036F).contains(v) { return true } // combining diacritics
        if let folded = LatinTable.shared.base[v] {
            out.append(contentsOf: folded.unicodeScalars)
            return true
        }
        return false
    }

    /// Apostrophe-like marks used for ʿayn and hamza in romanisations: ' ` ´ ‘ ’ ʹ ʻ ʼ ʽ ʾ ʿ ˈ ′.
    @inline(__always)
    public static func isApostrophe(_ v: UInt32) -> Bool {
        switch v {
        case 0x27, 0x60, 0xB4, 0x2018, 0x2019, 0x201B, 0x02B9, 0x02BB, 0x02BC, 0x02BD, 0x02BE,
             0x02BF, 0x02C8, 0x2032:
            return true
        default:
            return false
        }
    }

    /// Separators that become a space in names: - ‐ ‑ ‒ – — ― − . _ / and whitespace.
    @inline(__always)
    static func isNameSeparator(_ v: UInt32) -> Bool {
        switch v {
        case 0x2D, 0x2E, 0x5F, 0x2F, 0x2010...0x2015, 0x2212: return true
        default: return ArabicNormalizer.isSpace(v)
        }
    }

    /// Lowercase, strip diacritics and apostrophes, separators → space, collapse whitespace.
    public static func fold(_ text: String) -> String {
        if let ascii = foldASCII(text) { return ascii }
        var out = String.UnicodeScalarView()
        var piece = String.UnicodeScalarView()
        var pendingSpace = false
        for s in text.unicodeScalars {
            let v = s.value
            if isNameSeparator(v) || v == 0xAD {
                if v != 0xAD { pendingSpace = !out.isEmpty }
                continue
            }
            // ASCII and the Arabic block (the common cases) go straight to `out`.
            if v < 0x80 || (v >= 0x0600 && v <= 0x06FF) {
                if v == 0x27 || v == 0x60 { continue }
                if pendingSpace { out.append(" "); pendingSpace = false }
                out.append((0x41...0x5A).contains(v) ? Unicode.Scalar(UInt8(v + 0x20)) : s)
                continue
            }
            piece.removeAll(keepingCapacity: true)
            if !foldLatinScalar(v, into: &piece) {
                piece.append(contentsOf: String(s).lowercased().unicodeScalars)
            }
            if piece.isEmpty { continue }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(contentsOf: piece)
        }
        return String(out)
    }

    /// `fold` of an all-ASCII text on bytes; nil when the text has a non-ASCII scalar.
    private static func foldASCII(_ text: String) -> String? {
        var out: [UInt8] = []
        var pendingSpace = false
        var ok = true
        text.utf8.withContiguousStorageIfAvailable { u in
            out.reserveCapacity(u.count)
            for c in u {
                if c >= 0x80 { ok = false; return }
                switch c {
                case 0x2D, 0x2E, 0x5F, 0x2F, 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D:
                    pendingSpace = !out.isEmpty
                case 0x27, 0x60:
                    break
                default:
                    if pendingSpace { out.append(0x20); pendingSpace = false }
                    out.append((0x41...0x5A).contains(c) ? c + 0x20 : c)
                }
            }
        } ?? { ok = false }()
        return ok ? String(decoding: out, as: UTF8.self) : nil
    }

    /// `foldToken` of scalar values (a Latin word of the tokenizer). An all-ASCII word (the
    /// common case) is folded on bytes: A–Z lowercased, ' and ` dropped, every other byte kept,
    /// which is what `foldLatinScalar` does to ASCII; other words take `foldToken`.
    static func foldToken(values: UnsafeBufferPointer<UInt32>) -> String {
        var ascii = true
        for v in values where v >= 0x80 { ascii = false; break }
        guard ascii else { return foldToken(values.lazy.compactMap(Unicode.Scalar.init)) }
        return String(unsafeUninitializedCapacity: values.count) { out in
            var n = 0
            for v in values {
                switch v {
                case 0x41...0x5A: out[n] = UInt8(v + 0x20); n += 1
                case 0x27, 0x60: break
                default: out[n] = UInt8(v); n += 1
                }
            }
            return n
        }
    }

    /// Folds a single token (no separators expected): like `fold(_:)` but keeps the scalars it
    /// does not know. Used by the tokenizer (through `foldToken(values:)`).
    static func foldToken<S: Sequence>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
        var out = String.UnicodeScalarView()
        for s in scalars where !foldLatinScalar(s.value, into: &out) {
            out.append(contentsOf: String(s).lowercased().unicodeScalars)
        }
        return String(out)
    }

    /// Words that are the Arabic article in romanisation (al-, el-, and the sun-letter
    /// assimilations ar-, as-, ad-, at-, an-, az-, ash-, adh-, ath-, ad-, ed-, er-, es-, et-, en-,
    /// ez-, esh-, …), after `fold(_:)`. A word counts as an article only when another word follows.
    public static let articles: Set<String> = [
        "al", "el", "il", "ul", "l",
        "ar", "as", "ad", "at", "an", "az", "ash", "adh", "ath", "ats", "aj",
        "er", "es", "ed", "et", "en", "ez", "esh", "edh", "eth",
        "ur", "us", "ud", "ut", "un", "uz", "ush", "udh", "uth",
        "ir", "is", "id", "it", "in", "iz", "ish", "idh", "ith",
    ]

    /// Romanisation key of one name, with the article canonicalised ("al") where it occurs,
    /// or removed when `keepArticle` is false.
    ///
    /// Per word, after `fold(_:)`:
    /// 1. whole-word variants from `Resources/latin-variants.tsv` (tell/tall/tel → tal,
    ///    jebel/jbel/djebel → jabal, khirbet → khirbat, …);
    /// 2. letter rules, in order: dj → j; ou → u; oo → u; ee → i; endings -iyeh/-iyah/-ieh/-iya
    ///    → -iya; trailing -ah/-eh → -a, trailing -e → -a (words of ≥ 4 letters);
    ///    doubled letters collapsed (raqqa → raqa);
    ///    English head nouns of `head-nouns.tsv` (dam, airbase, hills) are kept as they are;
    /// 3. article words (see `articles`) followed by another word → "al" (or dropped).
    /// q/k, s/sh, h/kh, d/dh, t/th stay distinct (see the type's documentation).
    public static func romanisationKey(_ name: String, keepArticle: Bool) -> String {
        let words = fold(name).split(separator: " ")
        var out: [String] = []
        out.reserveCapacity(words.count)
        let variants = WordLists.shared.latinVariants
        for (i, w) in words.enumerated() {
            let word = String(w)
            if i + 1 < words.count, articles.contains(word) {
                if keepArticle { out.append("al") }
                continue
            }
            out.append(romanisedWord(word, variants: variants))
        }
        return out.joined(separator: " ")
    }

    /// Steps 1–2 of `romanisationKey` for one folded word that is kept (not an article followed
    /// by another word): `romanisationKey` of a name is its folded words through this, joined by
    /// single spaces, with articles followed by another word dropped (or made "al"). Spotting
    /// composes span keys from it word by word.
    public static func romanisedWord(_ word: String) -> String {
        romanisedWord(word, variants: WordLists.shared.latinVariants)
    }

    @inline(__always)
    private static func romanisedWord(_ word: String, variants: [String: String]) -> String {
        if let v = variants[word] { return v }
        // English head nouns (dam, airbase, hills) are words, not romanisations.
        if WordLists.shared.headNouns[word]?.language == "en" { return word }
        return wordRules(word)
    }

    /// The letter rules of `romanisationKey` for one folded word (on bytes, in place).
    static func wordRules(_ word: String) -> String {
        var b = Array(word.utf8)
        for c in b where c >= 0x80 { return word }
        let n = b.withUnsafeMutableBufferPointer { p -> Int in
            var n = p.count
            replacePair(p, &n, UInt8(ascii: "d"), UInt8(ascii: "j"), UInt8(ascii: "j"))
            replacePair(p, &n, UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "u"))
            replacePair(p, &n, UInt8(ascii: "o"), UInt8(ascii: "o"), UInt8(ascii: "u"))
            replacePair(p, &n, UInt8(ascii: "e"), UInt8(ascii: "e"), UInt8(ascii: "i"))
            return n
        }
        b.removeLast(b.count - n)
        if !(endReplace(&b, "iyeh", "iya", minLength: 5)
            || endReplace(&b, "iyah", "iya", minLength: 5)
            || endReplace(&b, "ieh", "iya", minLength: 4)
            || endReplace(&b, "ah", "a", minLength: 4)
            || endReplace(&b, "eh", "a", minLength: 4)) {
            _ = endReplace(&b, "e", "a", minLength: 4)
        }
        // Doubled lowercase letters collapse.
        let w = b.withUnsafeMutableBufferPointer { p -> Int in
            var w = 0
            for r in 0..<p.count {
                let c = p[r]
                if w > 0, p[w - 1] == c, c >= 0x61, c <= 0x7A { continue }
                p[w] = c; w += 1
            }
            return w
        }
        b.removeLast(b.count - w)
        return String(decoding: b, as: UTF8.self)
    }

    /// Left-to-right, non-overlapping replacement of the pair `x y` by `z` in `p[0..<n]`.
    @inline(__always)
    private static func replacePair(_ p: UnsafeMutableBufferPointer<UInt8>, _ n: inout Int,
                                    _ x: UInt8, _ y: UInt8, _ z: UInt8) {
        guard n >= 2 else { return }
        var r = 0, w = 0
        while r < n {
            if r + 1 < n, p[r] == x, p[r + 1] == y { p[w] = z; w += 1; r += 2 }
            else { p[w] = p[r]; w += 1; r += 1 }
        }
        n = w
    }

    /// Replaces the ending `from` by `to` when the word has at least `minLength` bytes and
    /// more than `from`.
    @inline(__always)
    private static func endReplace(_ b: inout [UInt8], _ from: StaticString, _ to: StaticString,
                                   minLength: Int) -> Bool {
        let m = from.utf8CodeUnitCount
        guard b.count >= max(minLength, m + 1) else { return false }
        let f = from.utf8Start
        for k in 0..<m where b[b.count - m + k] != f[k] { return false }
        b.removeLast(m)
        b.append(contentsOf: UnsafeBufferPointer(start: to.utf8Start, count: to.utf8CodeUnitCount))
        return true
    }
}

/// Base letters of precomposed Latin scalars (U+00C0–U+024F, U+1E00–U+1EFF), built once from
/// Foundation's canonical decomposition plus a few letters that have none.
final class LatinTable: Sendable {
    static let shared = LatinTable()
    let base: [UInt32: String]

    private init() {
        var t: [UInt32: String] = [:]
        let ranges: [ClosedRange<UInt32>] = [0x00C0...0x024F, 0x1E00...0x1EFF]
        for r in ranges {
            for v in r {
                guard let s = Unicode.Scalar(v) else { continue }
                let d = String(s).decomposedStringWithCanonicalMapping.lowercased()
                let kept = d.unicodeScalars.filter { $0.value < 0x0300 || $0.value > 0x036F }
                let str = String(String.UnicodeScalarView(kept))
                if !str.isEmpty, str.unicodeScalars.allSatisfy({ $0.value < 0x80 }) { t[v] = str }
            }
        }
        let extra: [UInt32: String] = [
            0x0131: "i", 0x0141: "l", 0x0142: "l", 0x00D8: "o", 0x00F8: "o", 0x0110: "d",
            0x0111: "d", 0x00DF: "ss", 0x00C6: "ae", 0x00E6: "ae", 0x0152: "oe", 0x0153: "oe",
            0x0126: "h", 0x0127: "h", 0x0166: "t", 0x0167: "t", 0x00D0: "d", 0x00F0: "d",
            0x00DE: "th", 0x00FE: "th", 0x0189: "d", 0x0256: "d", 0x1E9E: "ss",
        ]
        for (k, v) in extra { t[k] = v }
        base = t
    }
}
