import Foundation
import GeoCore
import Geodesy
import Gazetteer
import TextAnalysis

/// The result of geoparsing one text.
public struct ParseResult: Sendable {
    public var mentions: [ResolvedMention]
    /// ISO 3166-1 alpha-2 of the country most places resolve to (default "SY").
    public var focusCountry: String
}

/// The Arabic/English geoparser: spots place mentions in text and resolves each through an
/// ordered chain of named passes (name → common-word → containment → type → focus → prominence →
/// coherence → decision → fallback), recording what each pass decided.
///
/// Holds the gazetteer and an exact-name spotting index built once at init (≈ the gazetteer's
/// size); `parse` does no file or network access and keeps lookups cached within a document.
public final class Geoparser: Sendable {
    public let gazetteer: Gazetteer
    let index: SpotIndex
    let lists: WordLists
    let firstWords: FirstWords
    let constraints = ConstraintCache()
    /// `Gazetteer.headNounType(of:)` by spotted key (keys are gazetteer name keys: bounded).
    let headTypes = SharedMemo<PlaceType?>()
    /// Per-word spotting analyses, shared across documents.
    let words = WordAnalyses()
    /// `Gazetteer.lookup` by folded key, shared across documents.
    let lookups = SharedMemo<[(place: Place, kind: MatchKind)]>(limit: 20_000)
    /// admin1 code → the admin1 place (for coarse fallbacks).
    let admin1Places: [String: Int]
    let countryPlaces: [String: Int]

    /// - Parameter cacheDirectory: where the spotting index is cached between processes
    ///   (next to the gazetteer's index; nil: built in memory every time).
    public init(gazetteer: Gazetteer, wordLists: WordLists = .shared,
                cacheDirectory: URL? = Gazetteer.defaultCacheDirectory) {
        self.gazetteer = gazetteer
        self.lists = wordLists
        self.index = SpotIndex.cached(gazetteer, directory: cacheDirectory)
        self.firstWords = FirstWords(wordLists)
        admin1Places = index.admin1Places; countryPlaces = index.countryPlaces
    }

    /// Place mentions of `text` (no resolution).
    public func spot(_ text: String, tokens: [Token]? = nil) -> [Mention] {
        spot(text, tokens: tokens, focus: "SY")
    }

    /// Spotting for a document whose focus country (ISO alpha-2) is `focus`: single grammatical
    /// words that name places elsewhere only (وأن → Van) are not spotted.
    func spot(_ text: String, tokens: [Token]?, focus: String) -> [Mention] {
        var s = Spotter(index: index, lists: lists, first: firstWords, places: gazetteer.places, headTypes: headTypes,
                        words: words, text: text, tokens: tokens ?? Tokenizer.tokenize(text))
        s.focus = focus
        return s.spot()
    }

    /// Spots and resolves the places of `text`.
    /// - Parameter focusCountry: the country the text is about; nil to infer it (default "SY").
    public func parse(_ text: String, focusCountry: String? = nil) -> ParseResult {
        let ms = spot(text, tokens: nil, focus: focusCountry ?? "SY")
        return resolve(ms, focusCountry: focusCountry)
    }

    // MARK: - Resolution

    static let noneThreshold = 0.12
    static let genericTypes: Set<PlaceType> = [.settlement, .region, .admin1, .admin2, .admin3]
    static let coherenceScaleKm = 100.0

    /// Great-circle distance in km on a sphere of radius 6371.0088 km (haversine). Ranking
    /// only: within 0.5 % of the WGS84 geodesic, and far cheaper per call.
    func km(_ a: Position, _ b: Position) -> Double {
        let r = Double.pi / 180
        let dLat = (b.lat - a.lat) * r, dLon = (b.lon - a.lon) * r
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.lat * r) * cos(b.lat * r) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6371.0088 * asin(min(1, sqrt(h)))
    }

    func agrees(_ head: PlaceType, _ t: PlaceType) -> Bool {
        if head == t { return true }
        return Self.agreeingGroups.contains { $0.contains(head) && $0.contains(t) }
    }
    static let agreeingGroups: [Set<PlaceType>] = [
        [.hill, .mountain], [.oilField, .gasField], [.airbase, .militarySite],
        [.region, .wadi, .admin1, .admin2, .admin3], [.settlement, .admin3, .admin2, .admin1, .ruin],
        [.region, .settlement],
        [.crossroads, .road, .militarySite], [.ruin, .settlement],
    ]

    /// Resolves spotted mentions (see the type's documentation for the passes).
    public func resolve(_ ms: [Mention], focusCountry: String? = nil) -> ParseResult {
        let places = gazetteer.places
        var lookupCache: [String: [(place: Place, kind: MatchKind)]] = [:]
        func lookup(_ k: String) -> [(place: Place, kind: MatchKind)] {
            if let c = lookupCache[k] { return c }
            let r = lookups.get(k) { gazetteer.lookup($0) }; lookupCache[k] = r; return r
        }
        func constraint(_ name: String) -> AdminConstraint? { constraints.get(name) { gazetteer.adminConstraint(named: $0) } }

        // Pass "name": candidates.
        var out: [ResolvedMention] = []
        for m in ms {
            var cands: [ScoredCandidate] = []
            var passes: [PassRecord] = []
            if let d = m.demonymOf {
                let c = lookup(d).filter { $0.place.type == .country }
                cands = c.map { ScoredCandidate(place: $0.place, score: 1, match: $0.kind) }
                passes.append(PassRecord("name", "demonym of \(d): \(cands.first?.place.id ?? "no country record")"))
            } else if !m.exactMatches.isEmpty && (!m.fromHeadNoun || m.key != m.bareKey || true) && !m.exactMatches.isEmpty {
                cands = m.exactMatches.map { ScoredCandidate(place: places[$0], score: MatchKind.exact.baseScore * max(0.3, places[$0].confidence), match: .exact) }
                passes.append(PassRecord("name", "\(cands.count) exact gazetteer match(es) for `\(m.key)`"))
            } else if m.fromHeadNoun {
                // A name announced by a head noun: the whole phrase, then the bare name of a compatible type.
                var seen = Set<String>()
                for (p, kind) in lookup(m.key) + lookup(m.bareKey) where kind != .fuzzy && !seen.contains(p.id) {
                    if let h = m.headType, !agrees(h, p.type) { continue }
                    seen.insert(p.id)
                    cands.append(ScoredCandidate(place: p, score: kind.baseScore * max(0.3, p.confidence), match: kind))
                }
                passes.append(PassRecord("name", cands.isEmpty ? "`\(m.text)` is announced by a head noun but is not in the gazetteer"
                                                               : "\(cands.count) candidate(s) of a compatible type for `\(m.text)`"))
            }
            out.append(ResolvedMention(mention: m, place: nil, candidates: cands, passes: passes, precision: nil,
                                       uncertaintyKm: nil, confidence: 0, reason: nil, fallback: nil))
        }

        // Focus country: the country most mentions' best exact candidates lie in.
        var counts: [String: Int] = [:]
        for r in out where r.mention.role != .associative {
            if let c = r.candidates.max(by: { $0.score < $1.score }), !c.place.country.isEmpty { counts[c.place.country, default: 0] += 1 }
        }
        let focus = focusCountry ?? counts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key })?.key ?? "SY"

        for idx in out.indices {
            var r = out[idx]
            out[idx].candidates = []; out[idx].passes = [] // r owns its arrays: updating them does not copy
            let m = r.mention
            // Pass "common-word".
            if m.isAmbiguousWord && m.headType == nil {
                r.passes.append(PassRecord("common-word", "`\(m.text)` is also a common word; kept only because of the context (\(m.relations.map(\.kind).joined(separator: ", ")))"))
                for k in r.candidates.indices { r.candidates[k].score *= 0.5 }
            }
            // Pass "containment".
            if let q = m.qualifier, !r.candidates.isEmpty {
                let qm = ms[q]
                let rural = qm.relations.contains { $0.kind == "countryside" }
                if let c = (rural ? constraint("ريف " + qm.text) : nil) ?? constraint(qm.text) ?? constraint(qm.bareKey) {
                    let inside = r.candidates.filter { c.contains($0.place) }.count
                    // Text geography is approximate near boundaries: when no candidate lies inside,
                    // the qualifier lowers them mildly instead of ruling them out.
                    let factor = inside > 0 ? 0.02 : 0.5
                    for k in r.candidates.indices where !c.contains(r.candidates[k].place) { r.candidates[k].score *= factor }
                    r.passes.append(PassRecord("containment", "inside \(rural ? "the countryside of " : "")\(qm.text): \(inside) of \(r.candidates.count) candidates"
                                               + (inside == 0 ? " (none inside: lowered ×0.5, not ruled out)" : "")))
                }
            }
            // Pass "type".
            if let h = m.headType, m.demonymOf == nil {
                var mismatched = 0
                // A specific head noun (تل, سد, مطار, جبل …) rules out other types more firmly than a
                // generic classifier (مدينة, منطقة).
                let factor = Self.genericTypes.contains(h) ? 0.3 : 0.1
                for k in r.candidates.indices where !agrees(h, r.candidates[k].place.type) { r.candidates[k].score *= factor; mismatched += 1 }
                r.passes.append(PassRecord("type", "head noun announces \(h.rawValue); \(mismatched) candidate(s) of another type lowered"))
            }
            // Pass "focus".
            var outsideFocus = 0
            for k in r.candidates.indices where r.candidates[k].place.country != focus { r.candidates[k].score *= 0.6; outsideFocus += 1 }
            if outsideFocus > 0 { r.passes.append(PassRecord("focus", "\(outsideFocus) candidate(s) outside \(focus) lowered")) }
            // Pass "scope": a name that is both a governorate and its capital city means the city,
            // unless the text speaks of its countryside (ريف X, X countryside).
            let rural = m.relations.contains { $0.kind == "countryside" }
            let settlementAdmins = Set(r.candidates.filter { $0.place.type == .settlement }.map(\.place.admin1.code))
            if r.candidates.contains(where: { $0.place.type == .admin1 && settlementAdmins.contains($0.place.admin1.code) }) {
                for k in r.candidates.indices {
                    let t = r.candidates[k].place.type
                    if t == .admin1 { r.candidates[k].score *= 0.8 }
                }
                r.passes.append(PassRecord("scope", rural ? "countryside of the city (placed at the city, precision 2)" : "the city rather than the governorate"))
            }
            // Pass "prominence": against the most populous candidate (log scale), curated and
            // administrative records count as prominent.
            let maxPop = r.candidates.map(\.place.population).max() ?? 0
            if maxPop > 0 {
                for k in r.candidates.indices {
                    let p = r.candidates[k].place
                    if p.type == .country || p.type == .admin1 || p.id.hasPrefix("cm:") { continue }
                    let f = pow(log10(Double(p.population) + 10) / log10(Double(maxPop) + 10), 3)
                    r.candidates[k].score *= max(0.2, f)
                }
                r.passes.append(PassRecord("prominence", "ranked by population (largest \(maxPop))"))
            }
            r.candidates.sort { $0.score != $1.score ? $0.score > $1.score : $0.place.id < $1.place.id }
            out[idx] = r
        }

        // Anchors: confidently resolved mentions (one clear candidate).
        func isConfident(_ r: ResolvedMention) -> Bool {
            guard r.mention.role != .associative, let a = r.candidates.first, a.score >= 0.3 else { return false }
            guard r.candidates.count > 1 else { return true }
            return a.score >= 2 * r.candidates[1].score || km(a.place.position, r.candidates[1].place.position) < 10
        }
        // Anchors: exact-name, confidently resolved places (not countries or governorates), by mention index.
        let anchors: [(idx: Int, para: Int, pos: Position)] = out.indices.compactMap { i in
            let r = out[i]
            guard isConfident(r), let c = r.candidates.first, c.match == .exact, c.place.type != .country, c.place.type != .admin1 else { return nil }
            return (i, r.mention.paragraph, c.place.position)
        }

        // Pass "coherence" (for mentions with several candidates) and "decision".
        for idx in out.indices {
            var r = out[idx]
            out[idx].candidates = []; out[idx].passes = [] // r owns its arrays: updating them does not copy
            let m = r.mention
            if r.candidates.count > 1 || m.fromHeadNoun {
                var near = anchors.filter { $0.idx != idx && abs($0.para - m.paragraph) <= 1 }.map(\.pos)
                if let n = m.near, let p = out[n].candidates.first?.place { near = [p.position] }
                if near.isEmpty { near = anchors.filter { $0.idx != idx }.map(\.pos) }
                if !near.isEmpty {
                    var fs: [Double] = [], ds: [Double] = []
                    for k in r.candidates.indices {
                        let d = near.map { km($0, r.candidates[k].place.position) }.min() ?? 0
                        fs.append(0.3 + 0.7 * exp(-d / Self.coherenceScaleKm))
                        ds.append(d)
                    }
                    // Relative to the nearest candidate: when all are far (Geneva in a Syrian report),
                    // coherence does not lower the best of them.
                    let fmax = fs.max() ?? 1
                    for k in r.candidates.indices {
                        r.candidates[k].score *= fs[k] / max(fmax, 1e-9)
                        // A name known only by a loose (cross-script) match must lie near the other
                        // places: never on a far homonym ("تلال … والبقر" is not Tall Bakkarah near Aleppo).
                        if r.candidates[k].match != .exact && ds[k] > 60 { r.candidates[k].score *= 0.1 }
                    }
                    r.candidates.sort { $0.score != $1.score ? $0.score > $1.score : $0.place.id < $1.place.id }
                    r.passes.append(PassRecord("coherence", "ranked by distance to \(near.count) other place(s) of the paragraph"))
                }
            }
            // Pass "decision" (with the explicit "none" candidate).
            let rural = m.relations.contains { $0.kind == "countryside" }
            let best = r.candidates.first
            if m.demonymOf != nil || m.role == .associative {
                r.place = best?.place
                r.confidence = best == nil ? 0.3 : 0.8
                r.reason = "associative (organisation or demonym): no geometry"
                r.passes.append(PassRecord("decision", "associative: \(best?.place.id ?? "none")"))
            } else if let b = best, b.score >= Self.noneThreshold {
                func samePlace(_ x: Place, _ y: Place) -> Bool {
                    if km(x.position, y.position) <= 25 { return true }
                    let adm = [x, y].filter { $0.type == .admin1 }
                    return adm.count == 1 && x.admin1.code == y.admin1.code && !x.admin1.code.isEmpty
                }
                let rivals = r.candidates.dropFirst().filter { $0.score > 0.8 * b.score && !samePlace($0.place, b.place) }
                let ambiguous = !rivals.isEmpty
                if ambiguous {
                    r.reason = "ambiguous between \(rivals.count + 1) candidates"
                    r.passes.append(PassRecord("decision", "none: \(r.reason ?? "")"))
                } else {
                    r.place = b.place
                    // Share of the best among real rivals (records of the same place do not count),
                    // damped when the best score itself is low.
                    let rival = r.candidates.dropFirst().filter { !samePlace($0.place, b.place) }.map(\.score).max() ?? 0
                    r.confidence = min(1, b.score / max(b.score + rival, 1e-9) * min(1, b.score + 0.2))
                    r.precision = b.place.type == .admin1 || b.place.type == .country || b.place.type == .region ? 3 : 1
                    r.uncertaintyKm = b.place.uncertaintyM / 1000
                    if rural && b.place.type == .settlement {
                        // "ريف X", "rural X": the area around X (ACLED precision 2).
                        r.precision = 2
                        r.uncertaintyKm = max(r.uncertaintyKm ?? 0, 25)
                    }
                    r.passes.append(PassRecord("decision", "\(b.place.id) (score \(decimal3(b.score)))"))
                }
            } else {
                if m.isAmbiguousWord && m.headType == nil { r.reason = "common word without a head noun" }
                else if r.candidates.isEmpty { r.reason = "not in gazetteer" }
                else { r.reason = "no candidate fits (best score \(decimal3(best?.score ?? 0)))" }
                r.passes.append(PassRecord("decision", "none: \(r.reason ?? "")"))
            }
            if r.place != nil, m.role != .associative, r.place?.country != focus || r.place?.type == .country {
                r.mention.role = .mention
            }
            out[idx] = r
        }
        for idx in out.indices {
            var r = out[idx]
            out[idx].passes = [] // r owns its passes: appending does not copy them
            let m = r.mention
            // Pass "fallback": coarse placement in the admin area the text or its neighbours give.
            if r.place == nil && m.role != .associative {
                var fb: Place?
                var why = ""
                if let q = m.qualifier, let qp = out[q].place {
                    fb = qp.type == .admin1 ? qp : admin1Places[qp.admin1.code].map { places[$0] }
                    why = "qualified by \(out[q].mention.text)"
                } else {
                    // The admin1 the other places of the sentence agree on.
                    var codes = Set<String>()
                    for j in out.indices where out[j].mention.sentence == m.sentence && out[j].mention.role != .associative {
                        if let p = out[j].place, p.country == focus, !p.admin1.code.isEmpty { codes.insert(p.admin1.code) }
                    }
                    if codes.count == 1, let c = codes.first, let a = admin1Places[c] {
                        fb = places[a]; why = "the other places of the sentence lie in \(places[a].displayNameEn)"
                    }
                }
                if let f = fb {
                    r.fallback = f
                    r.precision = 3
                    r.uncertaintyKm = max(25, f.uncertaintyM / 1000)
                    r.confidence = 0.3
                    r.passes.append(PassRecord("fallback", "\(f.id) at precision 3: \(why)"))
                }
            }
            out[idx] = r
        }
        return ParseResult(mentions: out, focusCountry: focus)
    }
}

/// A thread-safe memo shared by all documents, keyed by folded text (UTF-8 bytes). Values are
/// pure functions of the key, so the memo never changes a result; it stops growing at `limit`
/// entries (then computes without storing).
final class SharedMemo<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var map: [FastKey: Value] = [:]
    let limit: Int
    init(limit: Int = 50_000) { self.limit = limit }
    func get(_ key: String, _ make: (String) -> Value) -> Value {
        let k = FastKey(key)
        lock.lock()
        if let v = map[k] { lock.unlock(); return v }
        lock.unlock()
        let v = make(key)
        lock.lock(); if map.count < limit { map[k] = v }; lock.unlock()
        return v
    }
}

/// Administrative constraints by name, shared by all documents (thread-safe).
final class ConstraintCache: @unchecked Sendable {
    private let lock = NSLock()
    private var map: [String: AdminConstraint?] = [:]
    func get(_ name: String, _ make: (String) -> AdminConstraint?) -> AdminConstraint? {
        lock.lock()
        if let c = map[name] { lock.unlock(); return c }
        lock.unlock()
        let c = make(name)
        lock.lock(); map[name] = c; lock.unlock()
        return c
    }
}
