import Foundation

/// Finds area expressions ("أكثر من 1500 كم مربع", "about 35 sq km", "عشرات الكيلومترات
/// المربعة") in Arabic and English text.
///
/// An expression is: [qualifier] quantity [of/من] unit [trailing qualifier], where quantity is
/// a numeral (Western, Arabic-Indic or Eastern Arabic-Indic digits; separators per
/// `ClaimTokenizer.scanNumber`: "1.500" = 1500, "1.5" = 1.5) followed by scale words ("313
/// ألف", "1.5 million"), a number word ("ألفي", "ثلاثمئة", "three"), or an indefinite word
/// ("عشرات", "hundreds", "a few thousand"). A number without an area unit ("1500 مقاتل", a
/// year, "50 km") is not an expression.
///
/// The text is tokenised once (linear in its scalars); every quantity start is then checked
/// against hash tables of phrases, so the cost is linear in the text for fixed tables.
public enum AreaClaimParser {
    static let units = PhraseMatcher<AreaUnit>(ClaimLexicon.unitPhrases)
    static let leading = PhraseMatcher<AreaQualifier>(ClaimLexicon.leadingQualifiers)
    static let trailing = PhraseMatcher<AreaQualifier>(ClaimLexicon.trailingQualifiers)
    static let few = PhraseMatcher<ClaimLexicon.IndefiniteKind>(ClaimLexicon.fewPhrases)
    static let scales: [String: Double] = Dictionary(
        ClaimLexicon.scaleWords.map { (ClaimNormalizer.normalize($0.0), $0.1) }, uniquingKeysWith: { a, _ in a })
    static let numberWords: [String: Double] = Dictionary(
        ClaimLexicon.numberWords.map { (ClaimNormalizer.normalize($0.0), $0.1) }, uniquingKeysWith: { a, _ in a })
    static let indefinite: [String: (Double, ClaimLexicon.IndefiniteKind)] = Dictionary(
        ClaimLexicon.indefiniteWords.map { (ClaimNormalizer.normalize($0.0), ($0.1, $0.2)) }, uniquingKeysWith: { a, _ in a })

    /// Every word that can open a word quantity (one set look-up rejects the other words).
    static let quantityStartWords: Set<String> = {
        var s = Set(numberWords.keys).union(indefinite.keys)
        for (p, _) in ClaimLexicon.fewPhrases { if let f = ClaimNormalizer.words(p).first { s.insert(f) } }
        s.insert("a"); s.insert("an")
        return s
    }()

    /// All area expressions in `text`, in text order, not overlapping.
    public static func findClaims(in text: String) -> [AreaExpression] {
        findClaims(in: ClaimTokenizedText(text))
    }

    struct Quantity {
        var low: Double
        var high: Double
        var nominal: Double
        var indefinite: Bool
        var start: Int  // token index
        var end: Int    // token index, exclusive
        var raw: String
    }

    static func findClaims(in t: ClaimTokenizedText) -> [AreaExpression] {
        var out: [AreaExpression] = []
        let toks = t.tokens
        var i = 0
        var lastEnd = 0  // token index before which qualifiers may not reach (no overlap)
        while i < toks.count {
            // `quantity` rejects punctuation and words none of whose forms opens a quantity;
            // test that here on the token's precomputed classes before the call.
            let k = toks[i].kind
            if k == .punct || (k == .word && !toks[i].lex.forms.contains(.quantityStart)) { i += 1; continue }
            guard let q = quantity(t, at: i) else { i += 1; continue }
            var j = q.end
            if q.indefinite, j < toks.count, toks[j].isWord, ClaimLexicon.partitiveWords.contains(toks[j].norm) { j += 1 }
            if j < toks.count, PhraseMatcher<AreaUnit>.isHyphen(toks[j]) { j += 1 }
            guard let (unit, unitEnd) = units.matchForward(t, at: j) else { i += 1; continue }
            var qualifier = AreaQualifier.exact
            var qualifierSpan: (Int, Int)? = nil  // token indices, inclusive
            var startTok = q.start
            var endTok = unitEnd  // exclusive
            if let (lq, ls) = leading.matchBackward(t, endingAt: q.start - 1), ls >= lastEnd {
                qualifier = lq; qualifierSpan = (ls, q.start - 1); startTok = ls
            }
            if let (tq, te) = trailing.matchForward(t, at: unitEnd) {
                if qualifier == .exact { qualifier = tq; qualifierSpan = (unitEnd, te - 1) }
                endTok = te
            }
            let f = unit.squareKilometres
            let b = AreaExpression.bounds(low: q.low * f, high: q.high * f, qualifier: qualifier)
            let span = t.span(tokens: startTok, endTok - 1)
            out.append(AreaExpression(
                valueKm2: q.nominal * f, lowerKm2: b.lower, upperKm2: b.upper, qualifier: qualifier,
                rawNumber: q.raw, quantity: q.nominal, isIndefinite: q.indefinite, unit: unit,
                start: span.start, end: span.end, text: span.text,
                qualifierText: qualifierSpan.map { t.span(tokens: $0.0, $0.1).text }))
            i = endTok
            lastEnd = endTok
        }
        return out
    }

    /// Scale word at token `k` (e.g. "ألف" → 1000), proclitics not allowed.
    static func scale(_ toks: [ClaimToken], _ k: Int) -> Double? {
        guard k < toks.count, toks[k].isWord else { return nil }
        return scales[toks[k].norm]
    }

    /// Reads a quantity starting at token `i`.
    static func quantity(_ t: ClaimTokenizedText, at i: Int) -> Quantity? {
        let toks = t.tokens
        let tok = toks[i]
        var value: Double
        var j = i + 1
        var alt: Double? = nil
        switch tok.kind {
        case .punct:
            return nil
        case .number:
            guard let n = tok.number, !n.isMalformed, n.value.isFinite else { return nil }
            value = n.value
            alt = n.decimalAlternative
        case .word:
            // forms.contains(where: quantityStartWords.contains), precomputed
            guard tok.lex.forms.contains(.quantityStart) else { return nil }
            // "a few hundred", "several thousand", "بضعة آلاف"
            if let (kind, k) = few.matchForward(t, at: i), let s = scale(toks, k) {
                let r = kind == .aFew ? IndefiniteQuantity.aFew : IndefiniteQuantity.several
                return Quantity(low: r.low * s, high: r.high * s, nominal: r.nominal * s, indefinite: true,
                                start: i, end: k + 1, raw: t.span(tokens: i, k).text)
            }
            let forms = tok.forms
            if let (s, kind) = forms.lazy.compactMap({ indefinite[$0] }).first {
                var r = kind == .tens ? IndefiniteQuantity.tens : IndefiniteQuantity.plural(scale: s)
                if kind == .tens { r = (r.low * s, r.high * s, r.nominal * s) }
                var end = i + 1
                // "عشرات الآلاف", "tens of thousands", "مئات الآلاف"
                var k = end
                if k < toks.count, toks[k].isWord, toks[k].norm == "of" { k += 1 }
                if let m = scale(toks, k), m > 1, k < toks.count,
                   toks[k].norm.hasPrefix(ClaimMorphology.al) || toks[k].norm.hasSuffix("s") {
                    r = (r.low * m, r.high * m, r.nominal * m)
                    end = k + 1
                }
                return Quantity(low: r.low, high: r.high, nominal: r.nominal, indefinite: true,
                                start: i, end: end, raw: t.span(tokens: i, end - 1).text)
            }
            if let v = forms.lazy.compactMap({ numberWords[$0] }).first {
                value = v
            } else if (tok.norm == "a" || tok.norm == "an"), let s = scale(toks, i + 1), !toks[i + 1].norm.hasSuffix("s") {
                value = s
                j = i + 2
            } else {
                return nil
            }
        }
        var first = true
        while let s = scale(toks, j) {
            // plural indefinite words do not multiply a following quantity twice ("3 مئات" is rare);
            // accept every scale word: "313 ألف", "مئة ألف", "1.5 million".
            if first, let a = alt { value = a }
            first = false
            value *= s
            j += 1
        }
        guard value.isFinite, value > 0 else { return nil }
        let raw = tok.kind == .number ? t.text(tok.start, tok.end) : t.span(tokens: i, j - 1).text
        return Quantity(low: value, high: value, nominal: value, indefinite: false, start: i, end: j, raw: raw)
    }
}
