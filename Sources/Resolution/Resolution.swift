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
    /// `Gazetteer.lookupIndices` by folded key, shared across documents.
    let lookups = SharedMemo<[(index: Int, kind: MatchKind)]>(limit: 20_000)
    /// The countries among `Gazetteer.lookupIndices` of a demonym's place name, shared across
    /// documents (demonyms come from the word lists: bounded).
    let demonymCountries = SharedMemo<[(index: Int, kind: MatchKind)]>(limit: 20_000)
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
        var ms = spot(text, tokens: nil, focus: focusCountry ?? "SY")
        return resolve(moving: &ms, focusCountry: focusCountry)
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

    /// A position with the cosine of its latitude computed once, for many `km` calls.
    struct KmPoint {
        let lon: Double, lat: Double, cosLat: Double
        init(_ p: Position) { lon = p.lon; lat = p.lat; cosLat = cos(p.lat * (Double.pi / 180)) }
    }

    /// `km(a, b)` with the latitudes' cosines taken from the points and sin(dLat/2), sin(dLon/2)
    /// evaluated once each: the same operations on the same values in the same order, hence
    /// the same result to the bit.
    func km(_ a: KmPoint, _ b: KmPoint) -> Double {
        let r = Double.pi / 180
        let dLat = (b.lat - a.lat) * r, dLon = (b.lon - a.lon) * r
        let sLat = sin(dLat / 2), sLon = sin(dLon / 2)
        let h = sLat * sLat + a.cosLat * b.cosLat * sLon * sLon
        return 2 * 6371.0088 * asin(min(1, sqrt(h)))
    }

    func agrees(_ head: PlaceType, _ t: PlaceType) -> Bool {
        if head == t { return true }
        // Bit g of a type's mask: the type is in `agreeingGroups[g]`.
        return (Self.agreeingMasks[head] ?? 0) & (Self.agreeingMasks[t] ?? 0) != 0
    }
    static let agreeingMasks: [PlaceType: UInt32] = {
        var m: [PlaceType: UInt32] = [:]
        for (g, set) in agreeingGroups.enumerated() { for t in set { m[t, default: 0] |= 1 << g } }
        return m
    }()
    static let agreeingGroups: [Set<PlaceType>] = [
        [.hill, .mountain], [.oilField, .gasField], [.airbase, .militarySite],
        [.region, .wadi, .admin1, .admin2, .admin3], [.settlement, .admin3, .admin2, .admin1, .ruin],
        [.region, .settlement],
        [.crossroads, .road, .militarySite], [.ruin, .settlement],
    ]

    /// A candidate while resolving: the place's shared box (one reference to hold, where a
    /// `Place` copy retains each of its strings; see `PlaceList.box(at:)`), its index, score
    /// and match kind. Becomes a `ScoredCandidate` when the mention's resolution is built.
    struct Cand {
        let index: Int
        let box: PlaceBox
        var score: Double
        let match: MatchKind
    }

    /// Resolves spotted mentions (see the type's documentation for the passes).
    ///
    /// The passes work on `Cand` values (place boxes) and per-mention arrays; the
    /// `ResolvedMention` values are built once at the end, so that no `Place` or mention is
    /// copied while the passes run.
    public func resolve(_ ms: [Mention], focusCountry: String? = nil) -> ParseResult {
        var ms = ms
        return resolve(moving: &ms, focusCountry: focusCountry)
    }

    /// `resolve(ms)`, moving the mentions into the result (`ms` is left with placeholders).
    func resolve(moving ms: inout [Mention], focusCountry: String?) -> ParseResult {
        let places = gazetteer.places
        func lookup(_ k: String) -> [(index: Int, kind: MatchKind)] {
            lookups.get(k) { gazetteer.lookupIndices($0) }
        }
        func constraint(_ name: String) -> AdminConstraint? { constraints.get(name) { gazetteer.adminConstraint(named: $0) } }
        func cand(_ i: Int, score: (Place) -> Double, _ kind: MatchKind) -> Cand {
            let b = places.box(at: i)
            return Cand(index: i, box: b, score: score(b.place), match: kind)
        }

        let n = ms.count
        var cands = [[Cand]](repeating: [], count: n)
        // A mention records three to six decisions: room for six at once, instead of growing
        // its array 1 → 2 → 4 → 8.
        var passes: [[PassRecord]] = (0..<n).map { _ in
            var p: [PassRecord] = []
            p.reserveCapacity(6)
            return p
        }
        // The passes read the mentions in place (`ms[idx].key`): a `let m = ms[idx]` copy would
        // retain each of the mention's strings and arrays, in every pass.
        // Pass "name": candidates.
        for idx in 0..<n {
            var cs: [Cand] = []
            if let d = ms[idx].demonymOf {
                cs = demonymCountries.get(d) { lookup($0).filter { places.box(at: $0.index).place.type == .country } }
                    .map { Cand(index: $0.index, box: places.box(at: $0.index), score: 1, match: $0.kind) }
                passes[idx].append(PassRecord("name", "demonym of \(d): \(cs.first?.box.place.id ?? "no country record")"))
            } else if !ms[idx].exactMatches.isEmpty {
                cs = ms[idx].exactMatches.map { cand($0, score: { MatchKind.exact.baseScore * max(0.3, $0.confidence) }, .exact) }
                passes[idx].append(PassRecord("name", "\(cs.count) exact gazetteer match(es) for `\(ms[idx].key)`"))
            } else if ms[idx].fromHeadNoun {
                // A name announced by a head noun: the whole phrase, then the bare name of a compatible type.
                // (Place ids are unique in a gazetteer, so indices stand for ids.)
                var seen = Set<Int>()
                for (i, kind) in lookup(ms[idx].key) + lookup(ms[idx].bareKey) where kind != .fuzzy && !seen.contains(i) {
                    let b = places.box(at: i)
                    if let h = ms[idx].headType, !agrees(h, b.place.type) { continue }
                    seen.insert(i)
                    cs.append(Cand(index: i, box: b, score: kind.baseScore * max(0.3, b.place.confidence), match: kind))
                }
                passes[idx].append(PassRecord("name", cs.isEmpty ? "`\(ms[idx].text)` is announced by a head noun but is not in the gazetteer"
                                                                 : "\(cs.count) candidate(s) of a compatible type for `\(ms[idx].text)`"))
            }
            cands[idx] = cs
        }

        // Focus country: the country most mentions' best exact candidates lie in.
        var counts: [String: Int] = [:]
        for idx in 0..<n where ms[idx].role != .associative {
            if let c = cands[idx].max(by: { $0.score < $1.score }), !c.box.place.country.isEmpty { counts[c.box.place.country, default: 0] += 1 }
        }
        let focus = focusCountry ?? counts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key })?.key ?? "SY"

        func byScore(_ a: Cand, _ b: Cand) -> Bool { a.score != b.score ? a.score > b.score : a.box.place.id < b.box.place.id }

        for idx in 0..<n {
            var cs = cands[idx]; cands[idx] = [] // cs owns the array: updating it does not copy
            // Pass "common-word".
            if ms[idx].isAmbiguousWord && ms[idx].headType == nil {
                passes[idx].append(PassRecord("common-word", "`\(ms[idx].text)` is also a common word; kept only because of the context (\(ms[idx].relations.map(\.kind).joined(separator: ", ")))"))
                for k in cs.indices { cs[k].score *= 0.5 }
            }
            // Pass "containment".
            if let q = ms[idx].qualifier, !cs.isEmpty {
                let rural = ms[q].relations.contains { $0.kind == "countryside" }
                if let c = (rural ? constraint("ريف " + ms[q].text) : nil) ?? constraint(ms[q].text) ?? constraint(ms[q].bareKey) {
                    let within = cs.map { c.contains(placeAt: $0.index, in: gazetteer) }
                    let inside = within.filter { $0 }.count
                    // Text geography is approximate near boundaries: when no candidate lies inside,
                    // the qualifier lowers them mildly instead of ruling them out.
                    let factor = inside > 0 ? 0.02 : 0.5
                    for k in cs.indices where !within[k] { cs[k].score *= factor }
                    passes[idx].append(PassRecord("containment", "inside \(rural ? "the countryside of " : "")\(ms[q].text): \(inside) of \(cs.count) candidates"
                                                  + (inside == 0 ? " (none inside: lowered ×0.5, not ruled out)" : "")))
                }
            }
            // Pass "type".
            if let h = ms[idx].headType, ms[idx].demonymOf == nil {
                var mismatched = 0
                // A specific head noun (تل, سد, مطار, جبل …) rules out other types more firmly than a
                // generic classifier (مدينة, منطقة).
                let factor = Self.genericTypes.contains(h) ? 0.3 : 0.1
                for k in cs.indices where !agrees(h, cs[k].box.place.type) { cs[k].score *= factor; mismatched += 1 }
                passes[idx].append(PassRecord("type", "head noun announces \(h.rawValue); \(mismatched) candidate(s) of another type lowered"))
            }
            // Pass "focus".
            var outsideFocus = 0
            for k in cs.indices where cs[k].box.place.country != focus { cs[k].score *= 0.6; outsideFocus += 1 }
            if outsideFocus > 0 { passes[idx].append(PassRecord("focus", "\(outsideFocus) candidate(s) outside \(focus) lowered")) }
            // Pass "scope": a name that is both a governorate and its capital city means the city,
            // unless the text speaks of its countryside (ريف X, X countryside).
            let rural = ms[idx].relations.contains { $0.kind == "countryside" }
            if cs.contains(where: { a in
                a.box.place.type == .admin1 && cs.contains { $0.box.place.type == .settlement && $0.box.place.admin1.code == a.box.place.admin1.code }
            }) {
                for k in cs.indices where cs[k].box.place.type == .admin1 { cs[k].score *= 0.8 }
                passes[idx].append(PassRecord("scope", rural ? "countryside of the city (placed at the city, precision 2)" : "the city rather than the governorate"))
            }
            // Pass "prominence": against the most populous candidate (log scale). Administrative
            // and curated records count as prominent, except a settlement of the conflict map
            // (`cm:wsm:`) whose size no source gives: it yields to a populous homonym, but
            // by half at most, since unknown is not small ("Homs" alone is the city, not the
            // Hasakah village the map also calls Homs; nearby places can still pull it back).
            var maxPop = 0
            for c in cs { maxPop = max(maxPop, c.box.place.population) }
            if maxPop > 0 {
                for k in cs.indices {
                    let b = cs[k].box
                    if b.place.type == .country || b.place.type == .admin1 { continue }
                    let mapVillage = b.place.id.hasPrefix("cm:wsm:") && b.place.type == .settlement && b.place.population == 0
                    if b.place.id.hasPrefix("cm:") && !mapVillage { continue }
                    let f = pow(log10(Double(b.place.population) + 10) / log10(Double(maxPop) + 10), 3)
                    cs[k].score *= max(mapVillage ? 0.5 : 0.2, f)
                }
                passes[idx].append(PassRecord("prominence", "ranked by population (largest \(maxPop))"))
            }
            cs.sort(by: byScore)
            cands[idx] = cs
        }

        // Anchors: confidently resolved mentions (one clear candidate).
        func isConfident(_ idx: Int) -> Bool {
            let cs = cands[idx]
            guard ms[idx].role != .associative, let a = cs.first, a.score >= 0.3 else { return false }
            guard cs.count > 1 else { return true }
            return a.score >= 2 * cs[1].score || km(a.box.place.position, cs[1].box.place.position) < 10
        }
        // Anchors: exact-name, confidently resolved places (not countries or governorates), by mention index.
        let anchors: [(idx: Int, para: Int, pos: KmPoint)] = (0..<n).compactMap { i in
            guard isConfident(i), let c = cands[i].first, c.match == .exact, c.box.place.type != .country, c.box.place.type != .admin1 else { return nil }
            return (i, ms[i].paragraph, KmPoint(c.box.place.position))
        }

        // Pass "coherence" (for mentions with several candidates) and "decision".
        var chosen = [PlaceBox?](repeating: nil, count: n)
        var precision = [Int?](repeating: nil, count: n)
        var uncertainty = [Double?](repeating: nil, count: n)
        var confidence = [Double](repeating: 0, count: n)
        var reasons = [String?](repeating: nil, count: n)
        var roles = ms.map(\.role)
        // Buffers reused by every mention's coherence pass.
        var points: [KmPoint] = [], fs: [Double] = [], ds: [Double] = []
        for idx in 0..<n {
            var cs = cands[idx]; cands[idx] = [] // cs owns the array: updating it does not copy
            if cs.count > 1 || ms[idx].fromHeadNoun {
                // The places to be near: the one the text names (X شرق Y), else the anchors of
                // this and the neighbouring paragraphs, else all anchors. `nearCount` counts
                // them; `points` keeps the distinct points (anchors are often the same place
                // mentioned again, and the nearest distance is the same over distinct points).
                var nearCount = 0
                points.removeAll(keepingCapacity: true)
                func addPoint(_ q: KmPoint) {
                    nearCount += 1
                    if !points.contains(where: { $0.lon == q.lon && $0.lat == q.lat }) { points.append(q) }
                }
                if let nr = ms[idx].near, let b = cands[nr].first?.box {
                    addPoint(KmPoint(b.place.position))
                } else {
                    for a in anchors where a.idx != idx && abs(a.para - ms[idx].paragraph) <= 1 { addPoint(a.pos) }
                }
                if nearCount == 0 { for a in anchors where a.idx != idx { addPoint(a.pos) } }
                if nearCount > 0 {
                    fs.removeAll(keepingCapacity: true); ds.removeAll(keepingCapacity: true)
                    for k in cs.indices {
                        let pos = KmPoint(cs[k].box.place.position)
                        var d = km(points[0], pos)
                        for q in points.dropFirst() { d = min(d, km(q, pos)) }
                        fs.append(0.3 + 0.7 * exp(-d / Self.coherenceScaleKm))
                        ds.append(d)
                    }
                    // Relative to the nearest candidate: when all are far (Geneva in a Syrian report),
                    // coherence does not lower the best of them.
                    let fmax = fs.max() ?? 1
                    for k in cs.indices {
                        cs[k].score *= fs[k] / max(fmax, 1e-9)
                        // A name known only by a loose (cross-script) match must lie near the other
                        // places: never on a far homonym ("تلال … والبقر" is not Tall Bakkarah near Aleppo).
                        if cs[k].match != .exact && ds[k] > 60 { cs[k].score *= 0.1 }
                    }
                    cs.sort(by: byScore)
                    passes[idx].append(PassRecord("coherence", "ranked by distance to \(nearCount) other place(s) of the paragraph"))
                }
            }
            // Pass "decision" (with the explicit "none" candidate).
            let rural = ms[idx].relations.contains { $0.kind == "countryside" }
            let best = cs.first
            if ms[idx].demonymOf != nil || ms[idx].role == .associative {
                chosen[idx] = best?.box
                confidence[idx] = best == nil ? 0.3 : 0.8
                reasons[idx] = "associative (organisation or demonym): no geometry"
                passes[idx].append(PassRecord("decision", "associative: \(best?.box.place.id ?? "none")"))
            } else if let b = best, b.score >= Self.noneThreshold {
                let bp = b.box
                func samePlace(_ xb: PlaceBox, _ yb: PlaceBox) -> Bool {
                    if km(xb.place.position, yb.place.position) <= 25 { return true }
                    // Exactly one of the two is a governorate.
                    let adm = (xb.place.type == .admin1 ? 1 : 0) + (yb.place.type == .admin1 ? 1 : 0)
                    return adm == 1 && xb.place.admin1.code == yb.place.admin1.code && !xb.place.admin1.code.isEmpty
                }
                // Rivals: other places (not records of the same one) scoring above 0.8 × the best;
                // `rival`: the best score of another place.
                var rivals = 0
                var rival: Double?
                for c in cs.dropFirst() where !samePlace(c.box, bp) {
                    if c.score > 0.8 * b.score { rivals += 1 }
                    if rival.map({ $0 < c.score }) ?? true { rival = c.score }
                }
                if rivals > 0 {
                    let reason = "ambiguous between \(rivals + 1) candidates"
                    reasons[idx] = reason
                    passes[idx].append(PassRecord("decision", "none: \(reason)"))
                } else {
                    chosen[idx] = b.box
                    // Share of the best among real rivals (records of the same place do not count),
                    // damped when the best score itself is low.
                    let rival = rival ?? 0
                    confidence[idx] = min(1, b.score / max(b.score + rival, 1e-9) * min(1, b.score + 0.2))
                    let t = bp.place.type
                    var prec = t == .admin1 || t == .country || t == .region ? 3 : 1
                    var unc = bp.place.uncertaintyM / 1000
                    if rural && t == .settlement {
                        // "ريف X", "rural X": the area around X (ACLED precision 2).
                        prec = 2
                        unc = max(unc, 25)
                    }
                    precision[idx] = prec; uncertainty[idx] = unc
                    passes[idx].append(PassRecord("decision", "\(bp.place.id) (score \(decimal3(b.score)))"))
                }
            } else {
                let reason: String
                if ms[idx].isAmbiguousWord && ms[idx].headType == nil { reason = "common word without a head noun" }
                else if cs.isEmpty { reason = "not in gazetteer" }
                else { reason = "no candidate fits (best score \(decimal3(best?.score ?? 0)))" }
                reasons[idx] = reason
                passes[idx].append(PassRecord("decision", "none: \(reason)"))
            }
            if let c = chosen[idx], ms[idx].role != .associative, c.place.country != focus || c.place.type == .country {
                roles[idx] = .mention
            }
            cands[idx] = cs
        }
        var fallback = [PlaceBox?](repeating: nil, count: n)
        for idx in 0..<n {
            // Pass "fallback": coarse placement in the admin area the text or its neighbours give.
            guard chosen[idx] == nil && roles[idx] != .associative else { continue }
            var fb: PlaceBox?
            var why = ""
            if let q = ms[idx].qualifier, let qp = chosen[q]?.place {
                fb = qp.type == .admin1 ? chosen[q] : admin1Places[qp.admin1.code].map { places.box(at: $0) }
                why = "qualified by \(ms[q].text)"
            } else {
                // The admin1 the other places of the sentence agree on.
                var code: String?
                var several = false
                for j in 0..<n where ms[j].sentence == ms[idx].sentence && roles[j] != .associative {
                    if let b = chosen[j], b.place.country == focus, !b.place.admin1.code.isEmpty {
                        if code == nil { code = b.place.admin1.code } else if code != b.place.admin1.code { several = true }
                    }
                }
                if !several, let c = code, let a = admin1Places[c] {
                    let b = places.box(at: a)
                    fb = b; why = "the other places of the sentence lie in \(b.place.displayNameEn)"
                }
            }
            if let f = fb {
                fallback[idx] = f
                precision[idx] = 3
                uncertainty[idx] = max(25, f.place.uncertaintyM / 1000)
                confidence[idx] = 0.3
                passes[idx].append(PassRecord("fallback", "\(f.place.id) at precision 3: \(why)"))
            }
        }

        var out: [ResolvedMention] = []
        out.reserveCapacity(n)
        for idx in 0..<n {
            // Moved out of `ms` (swapped with an empty placeholder): no copy of its strings.
            var m = Mention(start: 0, end: 0, text: "", key: "", bareKey: "", headType: nil, fromHeadNoun: false, role: .event,
                            relations: [], tokens: 0..<0, sentence: 0, paragraph: 0, isAmbiguousWord: false, exactMatches: [],
                            qualifier: nil, near: nil, demonymOf: nil)
            swap(&m, &ms[idx])
            m.role = roles[idx]
            out.append(ResolvedMention(mention: m, place: chosen[idx]?.place,
                                       candidates: cands[idx].map { ScoredCandidate(handle: .gazetteer($0.box), score: $0.score, match: $0.match) },
                                       passes: passes[idx], precision: precision[idx], uncertaintyKm: uncertainty[idx],
                                       confidence: confidence[idx], reason: reasons[idx], fallback: fallback[idx]?.place))
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
