import Foundation

/// The script of a token.
public enum Script: String, Sendable, Hashable {
    case arabic, latin, digit, other
}

/// A token of a text with its position.
///
/// Offsets count Unicode scalars (`String.unicodeScalars`), `end` exclusive:
/// `Array(text.unicodeScalars)[start..<end]` equals `text`.
public struct Token: Sendable, Hashable {
    public let start: Int
    public let end: Int
    /// UTF-8 offsets of `start` and `end` in the text (`end` exclusive): the text's UTF-8 bytes
    /// `utf8Start..<utf8End` are the token's.
    public let utf8Start: Int
    public let utf8End: Int
    /// The token exactly as written (harakat, tatweel and diacritics included).
    public let text: String
    /// Folded form: Arabic by `ArabicNormalizer`, Latin by `LatinNormalizer` (lowercase, no
    /// diacritics or apostrophes), digits as ASCII 0–9 (the Arabic decimal separator ٫ → ".",
    /// the thousands separator ٬ → ","; "," and "." inside numbers are kept). Punctuation
    /// unchanged.
    public let normalized: String
    public let script: Script
    /// Index of the sentence (0-based) in the text. A sentence ends after . ! ? ؟ … ۔ (a "." only
    /// when not directly followed by a letter or digit and not after a one-letter word: "U.S.")
    /// and at every line break.
    public let sentence: Int
    /// Index of the paragraph (0-based): a paragraph ends at every line break.
    public let paragraph: Int
    /// The proclitic splits of an Arabic word, packed (see `segmentations`): the split count
    /// in bits 0–2, then for split k (k ≥ 1) its prefix letter count (3 bits) and article flag
    /// (1 bit) from bit 3 + 4(k−1); the prefixes' scalar counts in `splitScalars` (16 bits each,
    /// split k at bit 16(k−1)). Split 0 is the whole word. A word whose prefix spans more than
    /// 65,535 scalars keeps its segmentations in `eagerSegmentations` instead.
    let splitLens: UInt32
    let splitScalars: UInt64
    let eagerSegmentations: [Segmentation]?

    /// Arabic words only: proclitic splits, the whole word first (see `ArabicClitics`).
    /// Empty for other scripts. Built on each access from `normalized` and the packed splits
    /// (tokenising builds no strings for them).
    public var segmentations: [Segmentation] {
        if let e = eagerSegmentations { return e }
        let count = Int(splitLens & 7)
        guard count > 0 else { return [] }
        var out: [Segmentation] = []
        out.reserveCapacity(count)
        out.append(Segmentation(prefix: "", stem: normalized, hasArticle: false, prefixScalarCount: 0))
        let u = normalized.unicodeScalars
        for k in 1..<count {
            let bits = splitLens >> (3 + 4 * UInt32(k - 1))
            let len = Int(bits & 7), art = bits & 8 != 0
            let psc = Int((splitScalars >> (16 * UInt64(k - 1))) & 0xFFFF)
            out.append(Segmentation(prefix: String(String.UnicodeScalarView(u.prefix(len))),
                                    stem: String(String.UnicodeScalarView(u.dropFirst(len))),
                                    hasArticle: art, prefixScalarCount: psc))
        }
        return out
    }

    public var isPunctuation: Bool { script == .other }
    /// An Arabic proclitic written detached with tatweel ("لـ", "بـ"): its stem is the next token.
    public var isDetachedProclitic: Bool {
        if let e = eagerSegmentations { return e.contains { $0.stem.isEmpty } }
        // A split whose prefix is the whole word.
        let count = Int(splitLens & 7)
        guard count > 0 else { return false }
        let letters = normalized.unicodeScalars.count
        if letters == 0 { return true }
        return (1..<count).contains { Int((splitLens >> (3 + 4 * UInt32($0 - 1))) & 7) == letters }
    }
}

/// Tokenisation of Arabic and English text with scalar offsets.
///
/// Words are runs of one script: Arabic letters with their harakat and tatweel; Latin letters
/// with combining marks and inner apostrophes (Mak'hul, Russia's) or a leading ʿ ʾ ` before a
/// letter (`Uqayribat); numbers are digit runs (ASCII, ٠–٩, ۰–۹) with . , ٫ ٬ between digits.
/// Every other non-space scalar (، , . : ; - – — " « » ( ) …) is a token of its own.
/// Cost: one decoding pass over the UTF-8 bytes, one pass over the scalars; token texts cut
/// from the UTF-8 bytes (a word written as folded shares its folded string); clitic splits
/// kept packed in the token (`Token.segmentations` builds their strings on access). Measured:
/// the 7.3 kB Arabic seed report (743 tokens, with folding and clitic splits) tokenises in
/// ≈ 0.08 ms of CPU in a release build on one core of the development machine (≈ 0.25 ms
/// before these choices); `ArabicNormalizer.fold` of the whole report takes ≈ 0.06 ms.
public enum Tokenizer {
    /// Tokens of `text`, in order.
    public static func tokenize(_ text: String) -> [Token] {
        var text = text
        return text.withUTF8 { tokenize(utf8: $0) }
    }

    /// `tokenize` of valid UTF-8 (a `String`'s bytes).
    static func tokenize(utf8: UnsafeBufferPointer<UInt8>) -> [Token] {
        if utf8.isEmpty { return [] }
        // Scalar values and the UTF-8 offset of each scalar (plus the end), so that token texts
        // are cut from the UTF-8 bytes without re-encoding. Decoded by hand: the bytes are
        // valid UTF-8 (they come from a `String`).
        let cap = utf8.count
        var n = 0
        let sc = UnsafeMutablePointer<UInt32>.allocate(capacity: cap)
        let bo = UnsafeMutablePointer<Int>.allocate(capacity: cap + 1)
        defer { sc.deallocate(); bo.deallocate() }
        do {
            var b = 0
            while b < cap {
                let c0 = UInt32(utf8[b])
                let v: UInt32, w: Int
                if c0 < 0x80 { v = c0; w = 1 }
                else if c0 < 0xE0 { v = (c0 & 0x1F) << 6 | UInt32(utf8[b + 1] & 0x3F); w = 2 }
                else if c0 < 0xF0 { v = (c0 & 0x0F) << 12 | UInt32(utf8[b + 1] & 0x3F) << 6 | UInt32(utf8[b + 2] & 0x3F); w = 3 }
                else { v = (c0 & 0x07) << 18 | UInt32(utf8[b + 1] & 0x3F) << 12 | UInt32(utf8[b + 2] & 0x3F) << 6 | UInt32(utf8[b + 3] & 0x3F); w = 4 }
                sc[n] = v; bo[n] = b; n += 1
                b += w
            }
            bo[n] = b
        }
        var tokens: [Token] = []
        tokens.reserveCapacity(n / 4)
        var sentence = 0, paragraph = 0
        var sentenceHasTokens = false
        var i = 0
        // Buffers for Arabic words (a word has at most `n` scalars).
        let folded = UnsafeMutablePointer<UInt32>.allocate(capacity: n + 1)
        let ends = UnsafeMutablePointer<Int>.allocate(capacity: n + 1)
        defer { folded.deallocate(); ends.deallocate() }

        func emit(_ s: Int, _ e: Int, _ norm: String, _ script: Script,
                  splits: (UInt32, UInt64, [Segmentation]?) = (0, 0, nil)) {
            let raw = UnsafeBufferPointer(rebasing: utf8[bo[s]..<bo[e]])
            // A word written as folded (no harakat, no letter variants) shares the folded string.
            let same = norm.utf8.withContiguousStorageIfAvailable { n in
                n.count == raw.count && (n.count == 0 || memcmp(n.baseAddress!, raw.baseAddress!, n.count) == 0)
            } ?? false
            let text = same ? norm : String(decoding: raw, as: UTF8.self)
            tokens.append(Token(start: s, end: e, utf8Start: bo[s], utf8End: bo[e], text: text, normalized: norm, script: script,
                                sentence: sentence, paragraph: paragraph,
                                splitLens: splits.0, splitScalars: splits.1, eagerSegmentations: splits.2))
            sentenceHasTokens = true
        }
        func endSentence() {
            if sentenceHasTokens { sentence += 1; sentenceHasTokens = false }
        }
        /// UTF-8 string of folded[from..<to] (scalars below U+0800 or ASCII only).
        func string(_ from: Int, _ to: Int) -> String {
            var len = 0
            for k in from..<to { let v = folded[k]; len += v < 0x80 ? 1 : (v < 0x800 ? 2 : 3) }
            return String(unsafeUninitializedCapacity: len) { enc in
                var o = 0
                for k in from..<to {
                    let v = folded[k]
                    if v < 0x80 { enc[o] = UInt8(v); o += 1 }
                    else if v < 0x800 { enc[o] = UInt8(0xC0 | (v >> 6)); enc[o + 1] = UInt8(0x80 | (v & 0x3F)); o += 2 }
                    else {
                        enc[o] = UInt8(0xE0 | (v >> 12)); enc[o + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                        enc[o + 2] = UInt8(0x80 | (v & 0x3F)); o += 3
                    }
                }
                return o
            }
        }

        while i < n {
            let v = sc[i]
            if v == 0x0A || v == 0x0D || v == 0x2029 || v == 0x2028 || v == 0x85 {
                endSentence()
                if let last = tokens.last, last.paragraph == paragraph { paragraph += 1 }
                i += 1
                continue
            }
            if ArabicNormalizer.isSpace(v) || v == 0x200C || v == 0x200D || v == 0x200E
                || v == 0x200F || v == 0xFEFF || v == 0x061C {
                i += 1
                continue
            }
            let start = i
            if ArabicNormalizer.isArabicLetter(v) || ArabicNormalizer.isArabicMark(v) {
                var nf = 0
                // For each folded letter, the scalar offset (within the token) just after it and
                // any marks that follow it.
                while i < n {
                    let u = sc[i]
                    if ArabicNormalizer.isArabicLetter(u) {
                        if let f = ArabicNormalizer.foldScalar(u) { folded[nf] = f; ends[nf] = i + 1 - start; nf += 1 }
                    } else if ArabicNormalizer.isArabicMark(u) || u == 0x200C || u == 0x200D {
                        if nf > 0 { ends[nf - 1] = i + 1 - start }
                    } else { break }
                    i += 1
                }
                let norm = string(0, nf)
                let detached = sc[i - 1] == 0x0640
                var splits = ArabicClitics.Splits()
                ArabicClitics.splits(UnsafeBufferPointer(start: folded, count: nf), allowEmptyStem: detached, into: &splits)
                // Split 0 is the whole word (ArabicClitics.splits); the others are packed (see
                // `Token.splitLens`), their strings cut from `norm` when asked for.
                var lens = UInt32(splits.count), scalars: UInt64 = 0
                var eager: [Segmentation]?
                for k in 1..<splits.count {
                    let (len, art) = splits[k]
                    let psc = ends[len - 1]
                    lens |= (UInt32(len) | (art ? 8 : 0)) << (3 + 4 * UInt32(k - 1))
                    if psc > 0xFFFF { eager = [] }
                    scalars |= UInt64(psc & 0xFFFF) << (16 * UInt64(k - 1))
                }
                if eager != nil {
                    eager = (0..<splits.count).map { k in
                        let (len, art) = splits[k]
                        return Segmentation(prefix: len == 0 ? "" : string(0, len), stem: len == 0 ? norm : string(len, nf),
                                            hasArticle: art, prefixScalarCount: len == 0 ? 0 : ends[len - 1])
                    }
                }
                emit(start, i, norm, .arabic, splits: (lens, scalars, eager))
                continue
            }
            if isLatinLetter(v) || (isLeadingApostrophe(v) && i + 1 < n && isLatinLetter(sc[i + 1])) {
                i += 1
                while i < n {
                    let u = sc[i]
                    if isLatinLetter(u) || (0x0300...0x036F).contains(u) { i += 1; continue }
                    if LatinNormalizer.isApostrophe(u), i + 1 < n, isLatinLetter(sc[i + 1]) {
                        i += 1; continue
                    }
                    break
                }
                emit(start, i, LatinNormalizer.foldToken(values: UnsafeBufferPointer(start: sc + start, count: i - start)), .latin)
                continue
            }
            if let d = digitValue(v) {
                var norm = String.UnicodeScalarView()
                norm.append(Unicode.Scalar(UInt8(0x30 + d)))
                i += 1
                while i < n {
                    let u = sc[i]
                    if let d2 = digitValue(u) { norm.append(Unicode.Scalar(UInt8(0x30 + d2))); i += 1; continue }
                    if u == 0x2E || u == 0x2C || u == 0x066B || u == 0x066C, i + 1 < n, digitValue(sc[i + 1]) != nil {
                        norm.append(u == 0x066B || u == 0x2E ? "." : ",")
                        i += 1; continue
                    }
                    break
                }
                emit(start, i, String(norm), .digit)
                continue
            }
            // One scalar of punctuation or a symbol.
            i += 1
            // A full stop ends a sentence unless a letter or digit follows directly (U.S.A,
            // 1.5 is a number anyway) or it closes a one-letter abbreviation ("U.S. envoys").
            let abbreviation = v == 0x2E && tokens.last.map { $0.end == start && $0.script == .latin
                && $0.end - $0.start == 1 } == true
            emit(start, i, String(Unicode.Scalar(v) ?? "\u{FFFD}"), .other)
            if v == 0x21 || v == 0x3F || v == 0x061F || v == 0x2026 || v == 0x06D4
                || (v == 0x2E && !abbreviation && !(i < n && (isLatinLetter(sc[i])
                    || ArabicNormalizer.isArabicLetter(sc[i]) || digitValue(sc[i]) != nil))) {
                endSentence()
            }
        }
        return tokens
    }

    /// The tokens grouped by sentence (see `Token.sentence`).
    public static func sentences(_ tokens: [Token]) -> [ArraySlice<Token>] {
        var out: [ArraySlice<Token>] = []
        var s = 0
        while s < tokens.count {
            var e = s + 1
            while e < tokens.count, tokens[e].sentence == tokens[s].sentence { e += 1 }
            out.append(tokens[s..<e])
            s = e
        }
        return out
    }

    /// The sentences of a text, as token slices.
    public static func sentences(_ text: String) -> [ArraySlice<Token>] {
        sentences(tokenize(text))
    }

    /// The document language by script counts: "ar" when Arabic letters are at least as many as
    /// Latin letters (and there is one), "en" when Latin letters dominate (English is the only
    /// Latin-script language the pipeline reads), "und" when there are no letters.
    public static func detectLanguage(_ text: String) -> String {
        var ar = 0, la = 0
        for s in text.unicodeScalars {
            let v = s.value
            if ArabicNormalizer.isArabicLetter(v) { ar += 1 } else if isLatinLetter(v) { la += 1 }
        }
        if ar == 0 && la == 0 { return "und" }
        return ar >= la ? "ar" : "en"
    }

    @inline(__always)
    static func isLatinLetter(_ v: UInt32) -> Bool {
        (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
            || ((0xC0...0x24F).contains(v) && v != 0xD7 && v != 0xF7)
            || (0x1E00...0x1EFF).contains(v)
    }

    /// Marks that may open a romanised word for ʿayn/hamza: ` ʿ ʾ ‘.
    @inline(__always)
    static func isLeadingApostrophe(_ v: UInt32) -> Bool {
        v == 0x60 || v == 0x02BF || v == 0x02BE || v == 0x2018
    }

    @inline(__always)
    static func digitValue(_ v: UInt32) -> UInt32? {
        if v >= 0x30 && v <= 0x39 { return v - 0x30 }
        if v >= 0x0660 && v <= 0x0669 { return v - 0x0660 }
        if v >= 0x06F0 && v <= 0x06F9 { return v - 0x06F0 }
        return nil
    }
}

/// The document language by script counts (see `Tokenizer.detectLanguage`).
public func detectLanguage(_ text: String) -> String { Tokenizer.detectLanguage(text) }
