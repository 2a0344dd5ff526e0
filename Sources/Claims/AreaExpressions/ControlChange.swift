import Foundation

/// What happened to control of ground, from the point of view of the actor.
public enum ControlChangeKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// سيطر، استولى، دخل، فرض سيطرته؛ captured, seized, took (control of), overran, entered.
    case captured
    /// حرر، تحرير، طهر؛ liberated, freed.
    case liberated
    /// استعاد، استعادة، استرجع؛ recaptured, retook, regained.
    case recaptured
    /// تقدم؛ advanced, pushed.
    case advanced
    /// طرد؛ expelled, drove out, ousted (the actor takes the ground from the adversary).
    case expelled
    /// انسحب، انسحاب، تراجع؛ withdrew, retreated, pulled out.
    case withdrew
    /// خسر، فقد؛ lost.
    case lost
    /// حاصر، حصار؛ besieged, encircled.
    case besieged
    /// هاجم، اقتحم، هجوم؛ attacked, stormed.
    case attacked

    /// True when the actor gains ground, false when it gives ground up, nil when control does
    /// not change hands by this event alone (advanced, besieged, attacked).
    public var actorGainsControl: Bool? {
        switch self {
        case .captured, .liberated, .recaptured, .expelled: return true
        case .withdrew, .lost: return false
        case .advanced, .besieged, .attacked: return nil
        }
    }

    /// Order used when two triggers merge ("استعادة السيطرة" is a recapture, not a capture).
    var precedence: Int {
        switch self {
        case .recaptured: return 9
        case .liberated: return 8
        case .expelled: return 7
        case .captured: return 6
        case .withdrew: return 5
        case .lost: return 4
        case .besieged: return 3
        case .attacked: return 2
        case .advanced: return 1
        }
    }
}

/// Where the actor phrase was found relative to the trigger.
public enum ActorPosition: String, Sendable, Hashable, Codable {
    /// Verb–subject order, the usual Arabic one: "سيطر الجيش السوري".
    case afterTrigger
    /// Subject–verb order: "قوات الجيش تقدمت", "Syrian forces took".
    case beforeTrigger
    /// Between a light verb and its noun: "فرضت وحدات الجيش سيطرتها".
    case insidePhrase
    /// English passive agent: "was taken by government forces".
    case passiveAgent
    /// The nearest actor phrase earlier in the same sentence, for a verb with an omitted
    /// subject ("بدأ الجيش … وسيطر على"). Weaker evidence than the other positions.
    case earlierInSentence
}

/// A change of control reported in a sentence.
///
/// Offsets in every ``TextSpan`` are Unicode-scalar offsets into the analysed text, end
/// exclusive. Actor and adversary are the phrases as written (English leading articles "the",
/// "a", "an" are left out of the phrase).
public struct ControlChange: Sendable, Hashable {
    public var kind: ControlChangeKind
    /// The trigger words: one verb, or a phrase's parts ("فرضت" … "سيطرتها", "استعادة" "السيطرة",
    /// "took" "control").
    public var triggers: [TextSpan]
    public var actor: TextSpan?
    public var actorPosition: ActorPosition?
    public var adversary: TextSpan?
    /// The sentence holding the trigger.
    public var sentence: TextSpan
    /// The date expression of the sentence nearest to the trigger, resolved against the
    /// document date when one was given; nil when the sentence has none (the caller decides
    /// whether to fall back to the document date).
    public var date: EventDate?
    /// Area expressions in the same sentence (e.g. "أكثر من 1500 كم مربع").
    public var areaClaims: [AreaExpression]
}

/// Finds control changes in Arabic and English text, sentence by sentence, with a linear scan
/// over tokens and hash-table look-ups of the trigger forms in ``ClaimLexicon``.
///
/// Rules, in order:
/// 1. A trigger is a verb or verbal-noun form from ``ClaimLexicon/triggers`` after removing
///    Arabic proclitics (و ف ب ل …), then pronoun suffixes (ه ها هم); a light verb (فرض، بسط،
///    أحكم) followed within five words by a control noun (سيطرتها) is one capture trigger; a
///    verbal noun followed by a control noun merges with it ("استعادة السيطرة" = recapture).
/// 2. Blocked uses: "هيئة تحرير الشام", "تحقيق تقدم", "took part/place"; a control noun without
///    a following "على" ("تحت سيطرة داعش" is a state, not a change).
/// 3. Actor: the phrase right after the trigger when its head is an actor noun (VSO); else the
///    phrase ending right before it (SVO); for English passives the agent after "by"; else,
///    for unambiguous triggers, the nearest actor phrase up to 14 words earlier in the sentence.
/// 4. Adversary: the first actor phrase after ضد / من / from / against / to, or the first
///    phrase headed by an adversary noun (داعش، إرهابيي، تنظيم، ISIS…), after the trigger and
///    before the next trigger.
/// 5. An ambiguous trigger ("تقدم", "دخل", "took", "lost") is kept only with an actor or
///    adversary found by rules 3–4 (not the earlier-in-sentence fallback) or an area
///    expression in its sentence.
public enum ControlChangeDetector {
    struct TriggerInfo { let kind: ControlChangeKind; let flags: ClaimLexicon.TriggerFlags; let key: String }

    /// Trigger forms, normalised, first entry of a form kept; ``WordLex/trigger`` indexes this.
    static let triggerInfos: [TriggerInfo] = {
        var seen = Set<String>()
        var out: [TriggerInfo] = []
        for (w, k, f) in ClaimLexicon.triggers {
            let n = ClaimNormalizer.normalize(w)
            if seen.insert(n).inserted { out.append(TriggerInfo(kind: k, flags: f, key: n)) }
        }
        return out
    }()
    static let lightVerbs = Set(ClaimLexicon.lightVerbs.map(ClaimNormalizer.normalize))
    static let lightObjects = Set(ClaimLexicon.lightVerbObjects.map(ClaimNormalizer.normalize))
    static let completions: [String: Set<String>] = ClaimLexicon.englishPhraseCompletions.mapValues { Set($0) }
    static let blockPrev: [String: Set<String>] = Dictionary(
        ClaimLexicon.blockingPrevious.map { (ClaimNormalizer.normalize($0.key), Set($0.value.map(ClaimNormalizer.normalize))) },
        uniquingKeysWith: { a, _ in a })
    static let blockNext: [String: Set<String>] = Dictionary(
        ClaimLexicon.blockingNext.map { (ClaimNormalizer.normalize($0.key), Set($0.value.map(ClaimNormalizer.normalize))) },
        uniquingKeysWith: { a, _ in a })
    static let ala = ClaimNormalizer.normalize("على")
    static let by = "by"
    static let quoteScalars: Set<String> = ["\"", "\u{201C}", "\u{201D}", "\u{00AB}", "\u{00BB}", "'", "\u{2018}", "\u{2019}", "\u{201E}"]
    /// ``quoteScalars`` as scalar values (each entry is one scalar), for the tokenizer.
    static let quoteValues: Set<UInt32> = Set(quoteScalars.compactMap { $0.unicodeScalars.first?.value })

    /// Control changes in `text`. With `documentDate`, relative dates ("امس الاثنين",
    /// "yesterday", "last week") are resolved to days.
    public static func find(in text: String, documentDate: CivilDate? = nil) -> [ControlChange] {
        find(in: ClaimTokenizedText(text), documentDate: documentDate)
    }

    /// Same as ``find(in:documentDate:)`` with the document date as `yyyy-mm-dd`; throws
    /// ``ClaimsError/invalidDate(_:)`` when it is not one.
    public static func find(in text: String, documentDateISO: String) throws -> [ControlChange] {
        find(in: text, documentDate: try CivilDate(iso: documentDateISO))
    }

    static func isArabic(_ tok: ClaimToken) -> Bool { ClaimNormalizer.isArabicKey(tok.norm) }
    static let nisbaEndings = ["ي", "ية", "يين", "يون"].map(ClaimNormalizer.normalize)

    /// The trigger of a word: its exact forms first (the word, then without each proclitic),
    /// then its forms without a pronoun suffix unless that is a control noun. Precomputed per
    /// token by the tokenizer (``WordLex/trigger``, ``ClaimWordIndex/lex(norm:)``).
    static func trigger(_ tok: ClaimToken) -> TriggerInfo? {
        guard tok.isWord, tok.lex.trigger >= 0 else { return nil }
        return triggerInfos[Int(tok.lex.trigger)]
    }
    static func isTrigger(_ tok: ClaimToken) -> Bool { tok.isWord && tok.lex.trigger >= 0 }

    /// The spellings tried for actor heads: for Arabic words each form and the form without
    /// "ال" (and "لل" → "ل"), for others the word (``ClaimMorphology/stems(_:forms:)``).
    /// The predicates below read their union of table classes, ``WordLex/stems``.
    static func stems(_ tok: ClaimToken) -> [String] {
        isArabic(tok) ? ClaimMorphology.stems(tok.norm, forms: tok.forms) : [tok.norm]
    }
    /// A stem is an actor head.
    static func isHead(_ tok: ClaimToken) -> Bool {
        tok.isWord && tok.lex.stems.contains(.actorHead)
    }
    /// A stem is a construct head.
    static func isConstruct(_ tok: ClaimToken) -> Bool {
        tok.isWord && tok.lex.stems.contains(.constructHead)
    }
    /// Not a word, a stop word, or (Arabic) a stop word behind a proclitic that is not a head.
    static func isStop(_ tok: ClaimToken) -> Bool {
        guard tok.isWord else { return true }
        if tok.lex.norm.contains(.stopWord) { return true }
        if isArabic(tok) {
            return tok.lex.tailForms.contains(.stopWord) && !isHead(tok)
        }
        return false
    }
    static func isQuote(_ tok: ClaimToken) -> Bool { tok.kind == .punct && tok.lex.norm.contains(.quote) }

    /// Token range (inclusive) of an actor phrase starting at `s`, within `..<limit`.
    static func phrase(_ toks: [ClaimToken], from s0: Int, limit: Int) -> (Int, Int)? {
        var s = s0
        while s < limit, isQuote(toks[s]) { s += 1 }
        guard s < limit, toks[s].isWord else { return nil }
        return isArabic(toks[s]) ? arabicPhrase(toks, from: s, limit: limit) : englishPhrase(toks, from: s, limit: limit)
    }

    static func arabicPhrase(_ toks: [ClaimToken], from s: Int, limit: Int) -> (Int, Int)? {
        guard isHead(toks[s]), !isTrigger(toks[s]) else { return nil }
        var needGenitive = isConstruct(toks[s])
        var end = s
        var quoteOpen = false
        var k = s + 1
        while k < limit {
            var w = k
            var sawQuote = false
            if isQuote(toks[w]) { w += 1; sawQuote = true }
            guard w < limit, toks[w].isWord, isArabic(toks[w]), !isStop(toks[w]), !isTrigger(toks[w]) else { break }
            // actorModifiers.contains(norm) || (norm starts with "ال" and ends with a nisba ending)
            let modifier = toks[w].lex.norm.contains(.actorModifier) || toks[w].lex.nisba
            if needGenitive {
                needGenitive = isConstruct(toks[w])
            } else if !modifier {
                break
            }
            if sawQuote { quoteOpen.toggle() }
            end = w
            k = w + 1
        }
        if quoteOpen, end + 1 < limit, isQuote(toks[end + 1]), toks[end + 1].start == toks[end].end { end += 1 }
        return (s, end)
    }

    static func englishPhrase(_ toks: [ClaimToken], from s0: Int, limit: Int) -> (Int, Int)? {
        var s = s0
        while s < limit, toks[s].isWord, toks[s].lex.norm.contains(.englishArticle) { s += 1 }
        var k = s
        var lastHead: Int? = nil
        var count = 0
        while k < limit, count < 6 {
            let t = toks[k]
            if PhraseMatcher<AreaUnit>.isHyphen(t), k + 1 < limit, toks[k + 1].isWord, k > s { k += 1; continue }
            guard t.isWord, !isArabic(t), !t.lex.norm.contains(.stopWord), !isTrigger(t) else { break }
            let head = t.lex.norm.contains(.actorHead)
            if k > s, !head, !t.lex.norm.contains(.actorModifier), t.norm.hasSuffix("ed") || t.norm.hasSuffix("ing") { break }
            if head { lastHead = k }
            k += 1; count += 1
        }
        guard let h = lastHead else { return nil }
        return (s, h)
    }

    /// Phrase ending right before token `k` (subject–verb order).
    static func phraseBefore(_ toks: [ClaimToken], trigger k: Int, sentenceStart a: Int) -> (Int, Int)? {
        var c = k
        var n = 0
        while c - 1 >= a, n < 5 {
            let t = toks[c - 1]
            if isQuote(t) || PhraseMatcher<AreaUnit>.isHyphen(t) { c -= 1; continue }
            guard t.isWord, !isStop(t), !isTrigger(t) else { break }
            if !isArabic(t), t.lex.norm.contains(.englishArticle) { break }
            c -= 1; n += 1
        }
        guard c < k else { return nil }
        if !isArabic(toks[k]) {
            // English modifiers precede the head: "Syrian government forces"
            if let p = englishPhrase(toks, from: c, limit: k), p.1 == k - 1 { return p }
            return nil
        }
        for s in c..<k where toks[s].isWord && isHead(toks[s]) {
            if let p = phrase(toks, from: s, limit: k), p.1 >= k - 1 || (p.1 == k - 2 && isQuote(toks[k - 1])) { return p }
            break
        }
        return nil
    }

    /// Nearest actor phrase in `a..<k`, extended left over construct heads.
    static func phraseEarlier(_ toks: [ClaimToken], trigger k: Int, sentenceStart a: Int) -> (Int, Int)? {
        var h = k - 1
        var words = 0
        while h >= a, words < 14 {
            if toks[h].isWord {
                words += 1
                if isHead(toks[h]) {
                    var s = h
                    while s - 1 >= a, isConstruct(toks[s - 1]) { s -= 1 }
                    if let p = phrase(toks, from: s, limit: k) { return p }
                }
            }
            h -= 1
        }
        return nil
    }

    static func findAdversary(_ toks: [ClaimToken], from s: Int, limit: Int, avoid: (Int, Int)?) -> (Int, Int)? {
        var k = s
        while k < limit {
            let t = toks[k]
            if t.isWord {
                if let av = avoid, k >= av.0, k <= av.1 { k = av.1 + 1; continue }
                if t.lex.forms.contains(.adversaryPreposition), k + 1 < limit,
                   let p = phrase(toks, from: k + 1, limit: limit) {
                    return p
                }
                if t.lex.stems.contains(.adversaryHead) {
                    var st = k
                    while st - 1 >= s, isConstruct(toks[st - 1]) { st -= 1 }
                    if let p = phrase(toks, from: st, limit: limit) { return p }
                    if let p = phrase(toks, from: k, limit: limit) { return p }
                }
            }
            k += 1
        }
        return nil
    }

    struct Found {
        var kind: ControlChangeKind
        var flags: ClaimLexicon.TriggerFlags
        var triggerTokens: [Int]
        var first: Int
        var end: Int  // exclusive, after the last trigger token
        var inside: (Int, Int)?  // actor inside a light-verb phrase
    }

    /// Trigger at token `k` of a sentence `a..<b`, or nil.
    static func detectTrigger(_ toks: [ClaimToken], at k: Int, a: Int, b: Int) -> Found? {
        let tok = toks[k]
        guard tok.isWord else { return nil }
        // light verb + control noun
        if isArabic(tok), tok.lex.forms.contains(.lightVerb) {
            var m = k + 1
            while m < min(b, k + 7) {
                if toks[m].isWord, toks[m].lex.forms.contains(.lightObject) {
                    var inside: (Int, Int)? = nil
                    if m > k + 1, let p = phrase(toks, from: k + 1, limit: m), p.1 == m - 1 { inside = p }
                    return Found(kind: .captured, flags: [], triggerTokens: [k, m], first: k, end: m + 1, inside: inside)
                }
                m += 1
            }
            return nil
        }
        guard let info = trigger(tok) else { return nil }
        let prev = k > a && toks[k - 1].isWord ? toks[k - 1].forms.last ?? "" : ""
        let next = k + 1 < b && toks[k + 1].isWord ? toks[k + 1].norm : ""
        if let bp = blockPrev[info.key], bp.contains(prev) || (k > a && bp.contains(toks[k - 1].norm)) { return nil }
        if let bn = blockNext[info.key], bn.contains(next) { return nil }
        var flags = info.flags
        var end = k + 1
        var toksUsed = [k]
        if info.flags.contains(.controlNoun) {
            guard ClaimMorphology.withoutProclitics(next).contains(ala) else { return nil }
        }
        if let c = completions[info.key], c.contains(next) {
            toksUsed.append(k + 1); end = k + 2; flags.remove(.ambiguous)
        }
        var kind = info.kind
        // merge a following control noun: "استعادة السيطرة على"
        if end < b, let n2 = trigger(toks[end]), n2.flags.contains(.controlNoun) {
            let after = end + 1 < b && toks[end + 1].isWord ? toks[end + 1].norm : ""
            if ClaimMorphology.withoutProclitics(after).contains(ala) {
                if n2.kind.precedence > kind.precedence { kind = n2.kind }
                toksUsed.append(end); end += 1
            }
        }
        return Found(kind: kind, flags: flags, triggerTokens: toksUsed, first: k, end: end, inside: nil)
    }

    /// - Parameters:
    ///   - areas: `AreaClaimParser.findClaims(in: t)` when the caller already has it.
    ///   - sentences: `ClaimSentences.split(t.scalars)` when the caller already has it.
    static func find(in t: ClaimTokenizedText, documentDate: CivilDate?, areas known: [AreaExpression]? = nil,
                     sentences knownSentences: [Range<Int>]? = nil) -> [ControlChange] {
        let toks = t.tokens
        let sentences = knownSentences ?? ClaimSentences.split(t.scalars)
        let areas = known ?? AreaClaimParser.findClaims(in: t)
        let dates = EventDateResolver.find(in: t, documentDate: documentDate)
        var out: [ControlChange] = []
        var ti = 0
        for sr in sentences {
            while ti < toks.count, toks[ti].start < sr.lowerBound { ti += 1 }
            let a = ti
            var b = a
            while b < toks.count, toks[b].end <= sr.upperBound { b += 1 }
            ti = b
            guard a < b else { continue }
            // triggers of this sentence
            var found: [Found] = []
            var k = a
            while k < b {
                if let f = detectTrigger(toks, at: k, a: a, b: b) {
                    found.append(f); k = f.end
                } else {
                    k += 1
                }
            }
            guard !found.isEmpty else { continue }
            let sentence = t.span(sr.lowerBound, sr.upperBound)
            let sentenceAreas = areas.filter { $0.start >= sr.lowerBound && $0.end <= sr.upperBound }
            let sentenceDates = dates.filter { $0.expression.start >= sr.lowerBound && $0.expression.end <= sr.upperBound }
            for (fi, f) in found.enumerated() {
                let nextTrigger = fi + 1 < found.count ? found[fi + 1].first : b
                let arabic = isArabic(toks[f.first])
                var actor: (Int, Int)? = nil
                var position: ActorPosition? = nil
                if let ins = f.inside {
                    actor = ins; position = .insidePhrase
                }
                let passive = !arabic && f.first > a && toks[f.first - 1].isWord
                    && toks[f.first - 1].lex.norm.contains(.passiveAuxiliary)
                if actor == nil, passive {
                    var m = f.end
                    while m < min(nextTrigger, f.end + 10) {
                        if toks[m].isWord, toks[m].norm == by, let p = phrase(toks, from: m + 1, limit: nextTrigger) {
                            actor = p; position = .passiveAgent; break
                        }
                        m += 1
                    }
                }
                if actor == nil, !passive, arabic, let p = phrase(toks, from: f.end, limit: nextTrigger) {
                    actor = p; position = .afterTrigger
                }
                if actor == nil, !passive, let p = phraseBefore(toks, trigger: f.first, sentenceStart: a) {
                    actor = p; position = .beforeTrigger
                }
                let strongContext = actor != nil
                if actor == nil, !passive, !f.flags.contains(.ambiguous),
                   let p = phraseEarlier(toks, trigger: f.first, sentenceStart: a) {
                    actor = p; position = .earlierInSentence
                }
                let searchFrom = max(f.end, (actor.map { $0.1 + 1 } ?? f.end))
                let adversary = findAdversary(toks, from: searchFrom, limit: nextTrigger, avoid: actor)
                if f.flags.contains(.ambiguous), !strongContext, adversary == nil,
                   !sentenceAreas.contains(where: { _ in true }) {
                    continue
                }
                let trigStart = toks[f.first].start, trigEnd = toks[f.end - 1].end
                let date = sentenceDates.min { d1, d2 in
                    distance(d1.expression, trigStart, trigEnd) < distance(d2.expression, trigStart, trigEnd)
                }
                out.append(ControlChange(
                    kind: f.kind,
                    triggers: f.triggerTokens.map { t.span(tokens: $0, $0) },
                    actor: actor.map { t.span(tokens: $0.0, $0.1) },
                    actorPosition: position,
                    adversary: adversary.map { t.span(tokens: $0.0, $0.1) },
                    sentence: sentence,
                    date: date,
                    areaClaims: sentenceAreas))
            }
        }
        return out
    }

    static func distance(_ s: TextSpan, _ a: Int, _ b: Int) -> Int {
        if s.end <= a { return a - s.end }
        if s.start >= b { return s.start - b }
        return 0
    }
}
