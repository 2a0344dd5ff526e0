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
    /// Arabic words only: proclitic splits, the whole word first (see `ArabicClitics`).
    /// Empty for other scripts.
    public let segmentations: [Segmentation]

    public var isPunctuation: Bool { script == .other }
    /// An Arabic proclitic written detached with tatweel ("لـ", "بـ"): its stem is the next token.
    public var isDetachedProclitic: Bool { segmentations.contains { $0.stem.isEmpty } }
}

/// Tokenisation of Arabic and English text with scalar offsets.
///
/// Words are runs of one script: Arabic letters with their harakat and tatweel; Latin letters
/// with combining marks and inner apostrophes (Mak'hul, Russia's) or a leading ʿ ʾ ` before a
/// letter (`Uqayribat); numbers are digit runs (ASCII, ٠–٩, ۰–۹) with . , ٫ ٬ between digits.
/// Every other non-space scalar (، , . : ; - – — " « » ( ) …) is a token of its own.
/// Cost: one pass over the scalars; about the measured figure in the README of the module
/// (a 7.3 kB Arabic report tokenises in ≈ 0.2 ms in release builds).
public enum Tokenizer {
    /// Tokens of `text`, in order.
    public static func tokenize(_ text: String) -> [Token] {
        let sc = Array(text.unicodeScalars)
        var tokens: [Token] = []
        tokens.reserveCapacity(sc.count / 4)
        var sentence = 0, paragraph = 0
        var sentenceHasTokens = false
        var i = 0
        let n = sc.count

        func emit(_ s: Int, _ e: Int, _ norm: String, _ script: Script, _ segs: [Segmentation] = []) {
            tokens.append(Token(start: s, end: e, text: String(String.UnicodeScalarView(sc[s..<e])),
                                normalized: norm, script: script, sentence: sentence,
                                paragraph: paragraph, segmentations: segs))
            sentenceHasTokens = true
        }
        func endSentence() {
            if sentenceHasTokens { sentence += 1; sentenceHasTokens = false }
        }

        while i < n {
            let v = sc[i].value
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
                var folded: [UInt32] = []
                folded.reserveCapacity(8)
                // For each folded letter, the scalar offset (within the token) just after it and
                // any marks that follow it.
                var ends: [Int] = []
                ends.reserveCapacity(8)
                while i < n {
                    let u = sc[i].value
                    if ArabicNormalizer.isArabicLetter(u) {
                        if let f = ArabicNormalizer.foldScalar(u) { folded.append(f); ends.append(i + 1 - start) }
                    } else if ArabicNormalizer.isArabicMark(u) || u == 0x200C || u == 0x200D {
                        if !ends.isEmpty { ends[ends.count - 1] = i + 1 - start }
                    } else { break }
                    i += 1
                }
                let norm = String(String.UnicodeScalarView(folded.compactMap(Unicode.Scalar.init)))
                let detached = sc[i - 1].value == 0x0640
                var segs: [Segmentation] = []
                segs.reserveCapacity(3)
                for (len, art) in ArabicClitics.splits(folded, allowEmptyStem: detached) {
                    let pre = len == 0 ? "" : String(String.UnicodeScalarView(
                        folded[0..<len].compactMap(Unicode.Scalar.init)))
                    let stem = len == 0 ? norm : String(String.UnicodeScalarView(
                        folded[len...].compactMap(Unicode.Scalar.init)))
                    segs.append(Segmentation(prefix: pre, stem: stem, hasArticle: art,
                                             prefixScalarCount: len == 0 ? 0 : ends[len - 1]))
                }
                emit(start, i, norm, .arabic, segs)
                continue
            }
            if isLatinLetter(v) || (isLeadingApostrophe(v) && i + 1 < n && isLatinLetter(sc[i + 1].value)) {
                i += 1
                while i < n {
                    let u = sc[i].value
                    if isLatinLetter(u) || (0x0300...0x036F).contains(u) { i += 1; continue }
                    if LatinNormalizer.isApostrophe(u), i + 1 < n, isLatinLetter(sc[i + 1].value) {
                        i += 1; continue
                    }
                    break
                }
                emit(start, i, LatinNormalizer.foldToken(sc[start..<i]), .latin)
                continue
            }
            if let d = digitValue(v) {
                var norm = String.UnicodeScalarView()
                norm.append(Unicode.Scalar(UInt8(0x30 + d)))
                i += 1
                while i < n {
                    let u = sc[i].value
                    if let d2 = digitValue(u) { norm.append(Unicode.Scalar(UInt8(0x30 + d2))); i += 1; continue }
                    if u == 0x2E || u == 0x2C || u == 0x066B || u == 0x066C, i + 1 < n, digitValue(sc[i + 1].value) != nil {
                        norm.append(u == 0x066B ? "." : u == 0x066C ? "," : sc[i])
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
            emit(start, i, String(sc[start]), .other)
            if v == 0x21 || v == 0x3F || v == 0x061F || v == 0x2026 || v == 0x06D4
                || (v == 0x2E && !abbreviation && !(i < n && (isLatinLetter(sc[i].value)
                    || ArabicNormalizer.isArabicLetter(sc[i].value) || digitValue(sc[i].value) != nil))) {
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
