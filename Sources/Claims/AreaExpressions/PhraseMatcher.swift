import Foundation

/// One element of a lexicon phrase (see ``ClaimLexicon`` for the notation).
enum PhraseElement: Hashable, Sendable {
    case word(String)
    /// "²": a squared mark attached to the previous word — a one-digit "2" touching it, "²",
    /// or "^2".
    case squared
    /// ".": a full-stop token.
    case dot
}

/// Phrase tables indexed by first and last word, matched over tokens without backtracking
/// beyond one phrase: each lookup costs O(number of phrases sharing that word × phrase length).
struct PhraseMatcher<Value: Sendable>: Sendable {
    struct Entry: Sendable {
        let elements: [PhraseElement]
        let value: Value
    }
    private var byFirst: [String: [Entry]] = [:]
    private var byLast: [String: [Entry]] = [:]

    init(_ phrases: [(String, Value)]) {
        for (p, v) in phrases {
            let els: [PhraseElement] = p.split(separator: " ").map { w in
                switch w {
                case "²": return .squared
                case ".": return .dot
                default: return .word(ClaimNormalizer.normalize(String(w)))
                }
            }
            guard case .word(let first)? = els.first else { continue }
            let e = Entry(elements: els, value: v)
            byFirst[first, default: []].append(e)
            switch els.last {
            case .word(let last)?: byLast[last, default: []].append(e)
            case .dot?: byLast[".", default: []].append(e)
            default: break
            }
        }
        for k in byFirst.keys { byFirst[k]?.sort { $0.elements.count > $1.elements.count } }
        for k in byLast.keys { byLast[k]?.sort { $0.elements.count > $1.elements.count } }
    }

    static func isHyphen(_ t: ClaimToken) -> Bool {
        t.kind == .punct && (t.norm == "-" || t.norm == "\u{2010}" || t.norm == "\u{2011}")
    }

    /// Longest phrase starting at token `i`; returns the value and the index one past the last
    /// token used. Hyphens between words are skipped.
    func matchForward(_ t: ClaimTokenizedText, at i: Int) -> (Value, Int)? {
        let toks = t.tokens
        guard i < toks.count, toks[i].isWord, let cands = byFirst[toks[i].norm] else { return nil }
        outer: for e in cands {
            var k = i + 1
            for el in e.elements.dropFirst() {
                guard k < toks.count else { continue outer }
                switch el {
                case .word(let w):
                    if Self.isHyphen(toks[k]), k + 1 < toks.count { k += 1 }
                    guard toks[k].isWord, toks[k].norm == w else { continue outer }
                    k += 1
                case .dot:
                    guard toks[k].kind == .punct, toks[k].norm == "." else { continue outer }
                    k += 1
                case .squared:
                    guard let used = Self.squaredMark(toks, at: k) else { continue outer }
                    k += used
                }
            }
            return (e.value, k)
        }
        return nil
    }

    /// Tokens used by a squared mark at `k` (attached to token `k-1`), or nil.
    static func squaredMark(_ toks: [ClaimToken], at k: Int) -> Int? {
        guard k > 0, k < toks.count else { return nil }
        let tok = toks[k]
        let touching = tok.start == toks[k - 1].end
        if tok.kind == .number, touching, tok.norm == "2", tok.number?.digitCount == 1 { return 1 }
        if tok.kind == .punct, tok.norm == "\u{00B2}" { return 1 }
        if tok.kind == .punct, tok.norm == "^", touching, k + 1 < toks.count,
           toks[k + 1].kind == .number, toks[k + 1].norm == "2", toks[k + 1].start == tok.end {
            return 2
        }
        return nil
    }

    /// Longest phrase whose last token is `j`; the first word may carry an Arabic proclitic.
    /// Returns the value and the index of the first token.
    func matchBackward(_ t: ClaimTokenizedText, endingAt j: Int) -> (Value, Int)? {
        let toks = t.tokens
        guard j >= 0, j < toks.count else { return nil }
        var best: (value: Value, start: Int, length: Int)? = nil
        let keys = toks[j].isWord ? toks[j].forms : [toks[j].norm]
        for key in keys {
            for e in byLast[key] ?? [] {
                let n = e.elements.count
                let s = j - n + 1
                guard s >= 0 else { continue }
                // a proclitic-stripped key may only stand for a one-word phrase's first word
                if key != toks[j].norm && n != 1 { continue }
                var ok = true
                for (off, el) in e.elements.enumerated() {
                    let tok = toks[s + off]
                    switch el {
                    case .word(let w):
                        if off == 0 {
                            ok = tok.isWord && tok.forms.contains(w)
                        } else {
                            ok = tok.isWord && tok.norm == w
                        }
                    case .dot: ok = tok.kind == .punct && tok.norm == "."
                    case .squared: ok = false
                    }
                    if !ok { break }
                }
                if ok, n > (best?.length ?? 0) { best = (e.value, s, n) }
            }
        }
        if let b = best { return (b.value, b.start) }
        return nil
    }
}

/// Arabic clitic handling shared by the parser and the detector. Works on normalised keys
/// (one ASCII byte per Arabic letter, see ``ClaimNormalizer``).
enum ClaimMorphology {
    static let al = ClaimNormalizer.normalize("ال")
    static let lil = ClaimNormalizer.normalize("لل")
    static let procliticBytes: [[UInt8]] = ClaimLexicon.proclitics.map { Array($0.utf8) }
    static let procliticFirstBytes: Set<UInt8> = Set(procliticBytes.compactMap(\.first))

    /// The word itself, then the word without each proclitic it starts with (longest first),
    /// keeping at least two letters.
    static func withoutProclitics(_ w: String) -> [String] {
        guard ClaimNormalizer.isArabicKey(w) else { return [w] }
        let u = w.utf8
        guard let f = u.first, procliticFirstBytes.contains(f) else { return [w] }
        var out = [w]
        let n = u.count
        for p in procliticBytes where n - p.count >= 2 && u.starts(with: p) {
            out.append(String(decoding: u.dropFirst(p.count), as: UTF8.self))
        }
        return out
    }

    /// Pronoun suffixes tried after exact forms ("حررها", "تحريره", "استعادتها", and the stray
    /// ة of the seed's "ويسيطرة").
    static let suffixes: [String] = ["هما", "هم", "ها", "ه", "ة"].map(ClaimNormalizer.normalize)

    static let suffixLastBytes: Set<UInt8> = Set(suffixes.compactMap { $0.utf8.last })

    static func withoutSuffixes(_ w: String) -> [String] {
        guard let last = w.utf8.last, suffixLastBytes.contains(last) else { return [] }
        var out: [String] = []
        let n = w.utf8.count
        for s in suffixes where w.hasSuffix(s) {
            let k = s.utf8.count
            if n - k >= 3 { out.append(ClaimNormalizer.dropLast(w, k)) }
        }
        return out
    }

    /// The word without proclitics and without the article "ال" (for actor heads).
    static func stems(_ w: String, forms: [String]) -> [String] {
        var out: [String] = []
        for v in forms {
            out.append(v)
            if v.hasPrefix(al), v.utf8.count > 3 { out.append(ClaimNormalizer.dropFirst(v, 2)) }
        }
        // "لل" = ل + ال
        if w.hasPrefix(lil), w.utf8.count > 4 { out.append(ClaimNormalizer.dropFirst(w, 2)) }
        return out
    }
}
