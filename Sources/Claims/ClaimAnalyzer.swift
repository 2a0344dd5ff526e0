import Foundation
import GeoCore
import Geodesy
import GeometryEngine
import Gazetteer
import Resolution

/// Ties area claims to the places of their sentence, builds the plausible shapes, measures them
/// on WGS84 and gives a verdict (rules in ``VerdictRules``, docs/VERDICTS.md).
///
/// Per area expression (``AreaClaimParser``), in its sentence (``ClaimSentences``):
/// - corridor: an `extent_from` mention followed within ``VerdictRules/maximumExtentGapScalars``
///   by an `extent_to` mention, with no quotation or speech verb between ("تبدأ من الرصافة …
///   وتنتهي بمنطقة أثريا"); the pair nearest the claim;
/// - hull: a group of `between` mentions ("بين سد ريشة وجبل مكحول وجبل سيس"), or of `list`
///   mentions, with at least two located places; the group nearest the claim;
/// - sector: a `direction` mention ("east of X") within 150 scalars of the claim, unless another
///   place is located relative to it ("أثريا شرق حماة") or it is a countryside ("ريف X الشرقي");
/// - regions: `countryside` mentions, governorates, and places coordinated with them ("أرياف
///   حلب وحماة والرقة"), in the sentence and in the next sentence when that one refers back
///   ("هذه المساحات", "these areas"); they clip every model and form the `region` ceiling.
/// Sentences with a control change and a `between` group but no number give an area statement
/// (claimed value nil, verdict `unverifiable`), so the map still shows the polygon.
public final class ClaimAnalyzer: Sendable {
    public let gazetteer: Gazetteer
    /// ISO alpha-2 of the country every shape is clipped to.
    public let country: String

    public init(gazetteer: Gazetteer, country: String = "SY") {
        self.gazetteer = gazetteer
        self.country = country
    }

    static let anaphora = ["هذه المساحات", "هذه المساحة", "هذه المناطق", "هذه المنطقة", "تلك المساحات", "تلك المناطق",
                           "these areas", "this area", "the area", "that area", "this territory", "the territory"]
    static let anaphoraScalars: [[UInt32]] = anaphora.map { $0.unicodeScalars.map(\.value) }

    /// `anaphora.first { head.lowercased().contains($0) }` for a head of plain scalars
    /// (``isPlainScalar(_:)``: one scalar per `Character`, only ASCII has case, no canonical
    /// variants), as a scalar substring search with ASCII lower-casing.
    static func anaphoraInPlain(_ head: ArraySlice<Unicode.Scalar>) -> String? {
        let h = head.map { $0.value >= 0x41 && $0.value <= 0x5A ? $0.value + 0x20 : $0.value }
        for (k, w) in anaphoraScalars.enumerated() where w.count <= h.count {
            for p in 0...(h.count - w.count) where h[p] == w[0] {
                if w.indices.allSatisfy({ h[p + $0] == w[$0] }) { return anaphora[k] }
            }
        }
        return nil
    }
    static let speechWords: Set<String> = ["قال", "يقول", "وقال", "ويقول", "أضاف", "وأضاف", "said", "says", "according"]
    static let quotes: Set<Unicode.Scalar> = ["\"", "\u{201C}", "\u{201D}", "\u{00AB}", "\u{00BB}"]
    static let sectorWindowScalars = 150

    // MARK: - Text

    /// Analyses the area claims and axes of `text`, given its geoparse.
    /// - Parameters:
    ///   - parse: `Geoparser.parse(text)` of the same text (offsets must match).
    ///   - documentDate: the report's date, to resolve "امس الاثنين", "yesterday".
    public func analyze(text: String, parse: ParseResult, documentDate: CivilDate? = nil) -> ClaimReport {
        // One tokenization and one parse of the area expressions serve the claims and the
        // control-change detector.
        let tokenized = ClaimTokenizedText(text)
        let scalars = tokenized.scalars
        let sentences = ClaimSentences.split(scalars)
        let areas = AreaClaimParser.findClaims(in: tokenized)
        let ms = parse.mentions
        // Fast path: no number and no relation that could make an area or an axis.
        let lineKinds: Set<String> = ["between", "axis", "extent_from"]
        if areas.isEmpty && !ms.contains(where: { $0.mention.relations.contains { lineKinds.contains($0.kind) } }) {
            return ClaimReport(claims: [], axes: [])
        }
        let changes = ControlChangeDetector.find(in: tokenized, documentDate: documentDate, areas: areas, sentences: sentences)
        func slice(_ a: Int, _ b: Int) -> String {
            guard a < b, a >= 0, b <= scalars.count else { return "" }
            return tokenized.text(a, b)
        }
        func sentenceIndex(_ offset: Int) -> Int? { sentences.firstIndex { $0.contains(offset) } }
        func mentionsIn(_ r: Range<Int>) -> [Int] {
            ms.indices.filter { ms[$0].mention.start >= r.lowerBound && ms[$0].mention.end <= r.upperBound && ms[$0].mention.role != .associative }
                .sorted { (ms[$0].mention.start, $0) < (ms[$1].mention.start, $1) }
        }
        func change(at offset: Int) -> ControlChange? {
            let cs = changes.filter { $0.sentence.start <= offset && offset < $0.sentence.end }
            return cs.min { a, b in
                func d(_ c: ControlChange) -> Int { let t = c.triggers.first?.start ?? 0; return t <= offset ? offset - t : 2 * (t - offset) }
                return d(a) < d(b)
            }
        }
        let mg = MentionGroups(ms: ms, scalars: scalars, slice: slice)
        // Corridors and axes between the same two places share their geodesic samples.
        let lines = GeodesicLineMemo()
        func distGroup(_ g: [Int], _ a: AreaExpression) -> Int { g.map { Self.dist(ms[$0], a) }.min() ?? Int.max }
        var claims: [AreaClaimAnalysis] = []
        var usedGroups = Set<Int>()  // first mention index of between-groups used by a numeric claim

        for a in areas {
            guard let si = sentenceIndex(a.start) else { continue }
            let sr = sentences[si]
            let idx = mentionsIn(sr)
            var geo = ClaimGeography()
            // Corridor.
            let pairs = mg.extentPairs(idx)
            if let p = pairs.min(by: { Self.dist(ms[$0.0], a) < Self.dist(ms[$1.0], a) }) {
                if let x = anchor(ms[p.0], role: .from), let y = anchor(ms[p.1], role: .to) { geo.corridor = (x, y) }
                else { geo.unresolved += [p.0, p.1].filter { anchor(ms[$0], role: .from) == nil }.map { unresolvedText(ms[$0]) } }
            }
            // Hull.
            let groups = mg.groups(idx, kind: "between") + mg.groups(idx, kind: "list")
            if let g = groups.filter({ $0.count >= 2 }).min(by: { distGroup($0, a) < distGroup($1, a) }) {
                let located = g.compactMap { anchor(ms[$0], role: .between) }
                geo.unresolved += g.filter { anchor(ms[$0], role: .between) == nil }.map { unresolvedText(ms[$0]) }
                if located.count >= VerdictRules.minimumHullAnchors { geo.hull = located; usedGroups.insert(g[0]) }
                else if located.count == 2 {
                    geo.notes.append("“between” names only two located places: two points bound no area, so no hull model applies")
                }
            }
            // Sector.
            geo.sector = mg.sectorAnchor(idx, claim: a, analyzer: self)
            if let sa = geo.sector, let st = sa.start {
                // "30 km east of X", "على بعد 20 كم شرق X": the stated distance is the radius.
                // The distance pattern starts with a digit: without one in the window it cannot match.
                let w0 = max(sr.lowerBound, st - 40)
                if w0 < st, st <= scalars.count, scalars[w0..<st].contains(where: { ClaimTokenizer.digitValue($0) != nil }) {
                    geo.sectorRadiusKm = Self.statedDistanceKm(slice(w0, st))
                }
            }
            // Regions.
            let (regions, cities) = mg.regions(idx, source: .sentence, gazetteer: gazetteer, analyzer: self)
            geo.regions = regions; geo.cityDiscs = cities
            if si + 1 < sentences.count {
                let next = sentences[si + 1]
                let headEnd = min(next.upperBound, next.lowerBound + 80)
                let word: String?
                if next.lowerBound >= 0, headEnd <= scalars.count,
                   scalars[next.lowerBound..<headEnd].allSatisfy({ Self.isPlainScalar($0.value) }) {
                    word = Self.anaphoraInPlain(scalars[next.lowerBound..<headEnd])
                } else {
                    let head = slice(next.lowerBound, headEnd).lowercased()
                    word = Self.anaphora.first(where: { head.contains($0) })
                }
                if let word {
                    let (r2, c2) = mg.regions(mentionsIn(next), source: .followingSentence, gazetteer: gazetteer, analyzer: self)
                    geo.regions += r2; geo.cityDiscs += c2
                    if !r2.isEmpty { geo.notes.append("regions also from the next sentence, which refers back to the claim with “\(word)”") }
                }
            }
            let c = change(at: a.start)
            var out = evaluate(geo: geo, claimedKm2: a.valueKm2, qualifier: a.qualifier, lower: a.lowerKm2, upper: a.upperKm2, lines: lines)
            out.claimText = a.text; out.start = a.start; out.end = a.end
            out.sentence = TextSpan(start: sr.lowerBound, end: sr.upperBound, text: slice(sr.lowerBound, sr.upperBound))
            out.actor = c?.actor?.text; out.event = c?.kind; out.adversary = c?.adversary?.text
            out.eventDate = c?.date?.eventDate
            out.eventDateEarliest = c?.date?.earliest?.iso; out.eventDateLatest = c?.date?.latest?.iso
            claims.append(out)
        }

        // Area statements without a number: between-groups in sentences with a control change.
        var axes: [AxisClaim] = []
        for (si, sr) in sentences.enumerated() {
            let idx = mentionsIn(sr)
            guard !idx.isEmpty else { continue }
            for g in mg.groups(idx, kind: "between") where !usedGroups.contains(g[0]) {
                let located = g.compactMap { anchor(ms[$0], role: .between) }
                guard located.count >= VerdictRules.minimumHullAnchors, let c = change(at: ms[g[0]].mention.start) else { continue }
                var geo = ClaimGeography()
                geo.hull = located
                geo.unresolved = g.filter { anchor(ms[$0], role: .between) == nil }.map { unresolvedText(ms[$0]) }
                let (regions, _) = mg.regions(idx, source: .sentence, gazetteer: gazetteer, analyzer: self)
                geo.regions = regions
                var out = evaluate(geo: geo, claimedKm2: nil, qualifier: .exact, lower: nil, upper: nil, lines: lines)
                let s = max(sr.lowerBound, Self.betweenWordStart(before: ms[g[0]].mention.start, scalars: scalars, slice: slice))
                let e = ms[g[g.count - 1]].mention.end
                out.claimText = slice(s, e); out.start = s; out.end = e
                out.sentence = TextSpan(start: sr.lowerBound, end: sr.upperBound, text: slice(sr.lowerBound, sr.upperBound))
                out.actor = c.actor?.text; out.event = c.kind; out.adversary = c.adversary?.text; out.eventDate = c.date?.eventDate
                out.eventDateEarliest = c.date?.earliest?.iso; out.eventDateLatest = c.date?.latest?.iso
                claims.append(out)
            }
            // Axes: "محور X - Y".
            var k = 0
            while k + 1 < idx.count {
                let i = idx[k], j = idx[k + 1]
                // The gap text is only read for two axis mentions (it has no other use).
                if ms[i].mention.relations.contains(where: { $0.kind == "axis" }), ms[j].mention.relations.contains(where: { $0.kind == "axis" }) {
                    let gap = slice(ms[i].mention.end, ms[j].mention.start).trimmingCharacters(in: .whitespaces)
                    if ["-", "–", "—", "ـ", "/", "و", "to"].contains(gap) || gap.isEmpty {
                        axes.append(axis(.axis, ms[i], ms[j], slice: slice, change: change(at: ms[i].mention.start), lines: lines))
                        k += 2; continue
                    }
                }
                k += 1
            }
            // Advances: "from X to Y" in a sentence with a control change.
            for p in mg.extentPairs(idx) {
                guard let c = change(at: ms[p.0].mention.start) else { continue }
                axes.append(axis(.advance, ms[p.0], ms[p.1], slice: slice, change: c, lines: lines))
            }
            _ = si
        }
        claims.sort { ($0.start ?? 0) < ($1.start ?? 0) }
        axes.sort { $0.start < $1.start }
        return ClaimReport(claims: claims, axes: axes)
    }

    // MARK: - Spec

    /// Checks a claim given without text. Names are resolved with `Gazetteer.resolve`, inside the
    /// spec's regions when that finds the place, else anywhere in the focus country; ids
    /// (`cm:seed:resafa`) are taken as they are.
    /// - Throws: ``ClaimAnalysisError`` naming the place or region that cannot be resolved.
    public func analyze(spec: ClaimSpec) throws -> AreaClaimAnalysis {
        var geo = ClaimGeography()
        for r in spec.regions {
            guard let c = gazetteer.adminConstraint(named: r) else {
                throw ClaimAnalysisError.unknownRegion("no governorate or district is called “\(r)” in the gazetteer")
            }
            let outline = c.outlines.first { $0.level >= 1 }
            let code = outline?.ref.code ?? c.codes.sorted().first ?? ""
            geo.regions.append(ClaimRegion(name: r, code: code, nameEn: outline?.ref.nameEn ?? r, nameAr: outline?.ref.nameAr ?? "", source: .spec))
        }
        func place(_ name: String, role: ClaimAnchor.Role) throws -> ClaimAnchor {
            if let p = gazetteer.place(id: name) { return anchor(p, name: name, role: role, uncertaintyKm: p.uncertaintyM / 1000) }
            // Exact and cross-script matches only (a fuzzy match would turn a typo into a claim about
            // another place), inside the spec's regions when that finds one, in the focus country.
            func inCountry(_ q: PlaceQuery) -> [Candidate] {
                ((try? gazetteer.resolve(q)) ?? []).filter { $0.place.country == country && $0.match != .fuzzy }
            }
            var cands = spec.regions.isEmpty ? [] : inCountry(PlaceQuery(name: name, within: spec.regions, focusCountry: country, fuzzy: false))
            if cands.isEmpty { cands = inCountry(PlaceQuery(name: name, focusCountry: country, fuzzy: false)) }
            guard let best = cands.first else {
                throw ClaimAnalysisError.unresolvedPlace("“\(name)” matches no place of \(country) in the gazetteer (names are matched exactly or across scripts; gazetteer ids such as cm:seed:resafa work too)")
            }
            return anchor(best.place, name: name, role: role, uncertaintyKm: best.place.uncertaintyM / 1000)
        }
        if let f = spec.from, let t = spec.to { geo.corridor = (try place(f, role: .from), try place(t, role: .to)) }
        geo.hull = try spec.between.map { try place($0, role: .between) }
        if let d = spec.direction, let o = spec.of {
            var a = try place(o, role: .direction); a.compass = d.uppercased()
            geo.sector = a; geo.sectorRadiusKm = spec.radiusKm
        }
        if let cs = spec.countryside {
            let a = try place(cs, role: .countryside)
            if let c = gazetteer.adminConstraint(named: a.admin1Code) ?? nil, let o = c.outlines.first(where: { $0.level == 1 }) {
                geo.regions.append(ClaimRegion(name: cs, code: o.ref.code, nameEn: o.ref.nameEn, nameAr: o.ref.nameAr, source: .spec))
            } else if let o = gazetteer.adminAreas.first(where: { $0.level == 1 && $0.ref.code == a.admin1Code }) {
                geo.regions.append(ClaimRegion(name: cs, code: o.ref.code, nameEn: o.ref.nameEn, nameAr: o.ref.nameAr, source: .spec))
            }
            if let p = gazetteer.place(id: a.gazetteerID), p.type == .settlement {
                geo.cityDiscs.append((a, VerdictRules.cityRadiusKm(sizeClass: p.sizeClass, population: p.population)))
            }
        }
        let b = AreaExpression.bounds(low: spec.claimedKm2, high: spec.claimedKm2, qualifier: spec.qualifier)
        var out = evaluate(geo: geo, claimedKm2: spec.claimedKm2, qualifier: spec.qualifier, lower: b.lower, upper: b.upper)
        var parts = ["\(spec.qualifier.jsonName) \(VerdictRules.format(spec.claimedKm2)) km²"]
        if let f = spec.from, let t = spec.to { parts.append("from \(f) to \(t)") }
        if !spec.between.isEmpty { parts.append("between \(spec.between.joined(separator: ", "))") }
        if let d = spec.direction, let o = spec.of { parts.append("\(d) of \(o)") }
        if let c = spec.countryside { parts.append("countryside of \(c)") }
        if !spec.regions.isEmpty { parts.append("in \(spec.regions.joined(separator: ", "))") }
        out.claimText = parts.joined(separator: " ")
        return out
    }

    // MARK: - Evaluation

    struct ClaimGeography {
        var corridor: (ClaimAnchor, ClaimAnchor)?
        var hull: [ClaimAnchor] = []
        var sector: ClaimAnchor?
        var sectorRadiusKm: Double?
        var regions: [ClaimRegion] = []
        var cityDiscs: [(ClaimAnchor, Double)] = []
        var unresolved: [String] = []
        var notes: [String] = []
    }

    func outlines(of r: ClaimRegion) -> [AdminArea] {
        let byCode = gazetteer.adminAreas.filter { $0.level >= 1 && !r.code.isEmpty && $0.ref.code == r.code }
        if !byCode.isEmpty { return byCode }
        let c = gazetteer.adminConstraint(named: r.nameEn.isEmpty ? r.name : r.nameEn)
        return c?.outlines.filter { $0.level >= 1 } ?? []
    }

    /// - Parameter lines: the document's geodesic lines (one per `analyze(text:)` call), nil for none.
    func evaluate(geo g: ClaimGeography, claimedKm2: Double?, qualifier: AreaQualifier, lower: Double?, upper: Double?,
                  lines: GeodesicLineMemo? = nil) -> AreaClaimAnalysis {
        var findings = g.notes
        var anchors: [ClaimAnchor] = []
        if let c = g.corridor { anchors += [c.0, c.1] }
        anchors += g.hull
        if let s = g.sector { anchors.append(s) }
        for d in g.cityDiscs.map(\.0) where !anchors.contains(where: { $0.gazetteerID == d.gazetteerID && $0.role == d.role }) {
            anchors.append(d)
        }
        // Regions: deduplicated by code; the anchors' governorates join when any region is named.
        var regions: [ClaimRegion] = []
        for r in g.regions where !regions.contains(where: { $0.code == r.code && !r.code.isEmpty }) { regions.append(r) }
        let named = regions
        if !named.isEmpty {
            for a in anchors where !a.admin1Code.isEmpty && !regions.contains(where: { $0.code == a.admin1Code }) {
                if let o = gazetteer.adminAreas.first(where: { $0.level == 1 && $0.ref.code == a.admin1Code }) {
                    regions.append(ClaimRegion(name: o.ref.display, code: o.ref.code, nameEn: o.ref.nameEn, nameAr: o.ref.nameAr, source: .anchor))
                }
            }
        }
        // Clip region. Cache keys name the gazetteer by its serial (never reused, unlike its address).
        let gazetteerSerial = gazetteer.serial
        var clip: Geometry? = nil
        var clipKey: String? = nil
        var label = ""
        do {
            try withGEOS { ctx in
                if let c = CountryOutlines.outline(country, gazetteer: gazetteer) {
                    let key = "gazetteer#\(gazetteerSerial)|\(country)"
                    clip = try ClipCache.shared.get(key) { try ctx.makeValid(c.geometry) }
                    clipKey = key
                    label = country
                } else {
                    findings.append("no outline of \(country) is loaded: shapes are not clipped to the country")
                }
                let outs = regions.flatMap(outlines(of:))
                let missing = regions.filter { outlines(of: $0).isEmpty }.map(\.name)
                if !missing.isEmpty { findings.append("no outline for region(s) \(missing.joined(separator: ", ")): not used for clipping") }
                if !outs.isEmpty {
                    let key = "gazetteer#\(gazetteerSerial)|\(country)|" + outs.map { "\($0.level):\($0.ref.code):\($0.source)" }.sorted().joined(separator: ",")
                    let country = clip
                    clip = try ClipCache.shared.get(key) {
                        let u = try ctx.unaryUnion(try outs.map { try ctx.makeValid(.multiPolygon($0.polygons)) })
                        return try country.map { try ctx.intersection($0, u) } ?? u
                    }
                    clipKey = key
                    let names = regions.filter { !outlines(of: $0).isEmpty }.map { $0.nameEn.isEmpty ? $0.name : $0.nameEn }
                    label = (label.isEmpty ? "" : label + " ∩ ") + "(" + names.joined(separator: " ∪ ") + ")"
                }
            }
        } catch {
            findings.append("clip region could not be built (\(error)); shapes are not clipped")
            clip = nil; clipKey = nil
        }
        let builder = ShapeBuilder(clip: clip, clipLabel: label, clipKey: clipKey)
        var models: [ShapeModel] = []
        var lengthKm: Double? = nil
        func attempt(_ what: String, _ body: () throws -> Void) {
            do { try body() } catch { findings.append("\(what) model could not be built: \(error)") }
        }
        if let c = g.corridor {
            attempt("corridor") { let r = try builder.corridors(from: c.0, to: c.1, lines: lines); models += r.models; lengthKm = r.lengthKm }
        }
        if g.hull.count >= 2 { attempt("hull") { models += try builder.hulls(g.hull) } }
        if let s = g.sector, let cp = s.compass {
            attempt("sector") { models += try builder.sectors(s, compass: cp, radiiKm: g.sectorRadiusKm.map { [$0] } ?? VerdictRules.standardSectorRadiiKm) }
        }
        var discs: [(ClaimAnchor, Double)] = []
        for d in g.cityDiscs where !discs.contains(where: { $0.0.gazetteerID == d.0.gazetteerID }) { discs.append(d) }
        let regionAreas = named.flatMap(outlines(of:))
        let regionOutlines = regionAreas.map { Geometry.multiPolygon($0.polygons) }
        if !regionOutlines.isEmpty {
            let label = named.map { $0.nameEn.isEmpty ? $0.name : $0.nameEn }.joined(separator: ",")
            attempt("region") {
                if let m = try builder.region(outlines: regionOutlines, cities: discs.map { ($0.0, $0.1) }, label: label,
                                                 outlinesKey: "gazetteer#\(gazetteerSerial)|" + regionAreas.map { "\($0.level):\($0.ref.code):\($0.source)" }.joined(separator: ",")) { models.append(m) }
            }
        }
        // Verdict.
        var implied: Double? = nil
        let verdict: Verdict, why: String
        var range: (min: Double, max: Double)? = nil
        if let claimed = claimedKm2, let lo = lower {
            if let L = lengthKm, L > 0 {
                let basis: Double
                switch qualifier {
                case .moreThan, .atLeast: basis = lo
                case .lessThan, .upTo: basis = upper ?? claimed
                case .exact, .about: basis = claimed
                }
                implied = basis / L
                if let w = implied, w > VerdictRules.maximumPlausibleCorridorWidthKm {
                    findings.append("the claim implies a corridor \(VerdictRules.format(w)) km wide along the \(VerdictRules.format(L)) km from \(g.corridor?.0.nameEn ?? "") to \(g.corridor?.1.nameEn ?? ""), wider than the \(VerdictRules.format(VerdictRules.maximumPlausibleCorridorWidthKm)) km a ground advance along one axis is taken to secure")
                }
            }
            let d = VerdictRules.decide(lower: lo, upper: upper, models: models)
            verdict = d.verdict; range = d.range
            var w = d.why
            if let i = implied, let L = lengthKm {
                w += " Implied corridor width: \(VerdictRules.format(i)) km over \(VerdictRules.format(L)) km (plausible maximum \(VerdictRules.format(VerdictRules.maximumPlausibleCorridorWidthKm)) km)."
            }
            if verdict == .understated, let c = g.corridor, models.contains(where: { $0.kind == .corridor }) {
                w += " Either the figure is too small for the whole route from \(c.0.nameEn) to \(c.1.nameEn), or the advance did not cover the whole route."
            }
            if verdict == .overstated, models.contains(where: { $0.kind == .hullConvex }) {
                w += " “Between” is read as the hull of the named places grown by their location uncertainty."
            }
            if models.allSatisfy({ $0.isCeiling }) && !models.isEmpty {
                w += " Only a ceiling applies (where the area lies, not how big it is): the check can show an overstatement, never an understatement."
            }
            if !g.unresolved.isEmpty { w += " Not located: \(g.unresolved.joined(separator: "; "))." }
            why = w
        } else {
            verdict = .unverifiable
            let est = models.filter { !$0.isCeiling && $0.areaKm2 > 0 }
            if let mn = est.map(\.areaKm2).min(), let mx = est.map(\.areaKm2).max() { range = (mn, mx) }
            else if let c = models.filter(\.isCeiling).map(\.areaKm2).max() { range = (0, c) }
            why = "The text gives no number for this area; the models measure the shape its places allow"
                + (range.map { " (\(VerdictRules.format($0.min))–\(VerdictRules.format($0.max)) km²)." } ?? ".")
                + (g.unresolved.isEmpty ? "" : " Not located: \(g.unresolved.joined(separator: "; ")).")
        }
        // Representative model for the map.
        var method: String? = nil
        let corridors = models.filter { $0.kind == .corridor }
        if !corridors.isEmpty {
            let target = implied ?? 10
            method = corridors.min { abs(($0.param("width_km").flatMap(num) ?? 0) - target) < abs(($1.param("width_km").flatMap(num) ?? 0) - target) }?.name
        } else if let h = models.first(where: { $0.kind == .hullConvex }) {
            method = h.name
        } else if let c = claimedKm2, let s = models.filter({ $0.kind == .sector }).min(by: { abs($0.areaKm2 - c) < abs($1.areaKm2 - c) }) {
            method = s.name
        } else {
            method = models.first?.name
        }
        return AreaClaimAnalysis(
            claimedKm2: claimedKm2, qualifier: qualifier, lowerKm2: lower, upperKm2: upper,
            claimText: "", start: nil, end: nil, sentence: nil, anchors: anchors, regions: regions, models: models,
            rangeKm2: range, corridorLengthKm: lengthKm, impliedWidthKm: implied, verdict: verdict, why: why,
            findings: findings, unresolved: g.unresolved, actor: nil, event: nil, adversary: nil, eventDate: nil,
            eventDateEarliest: nil, eventDateLatest: nil, areaMethod: method)
    }

    func num(_ p: ModelParameter) -> Double? { if case .number(let d) = p { return d }; return nil }

    // MARK: - Mentions to anchors

    func anchor(_ p: Place, name: String, role: ClaimAnchor.Role, uncertaintyKm: Double, start: Int? = nil, end: Int? = nil) -> ClaimAnchor {
        ClaimAnchor(name: name, role: role, gazetteerID: p.id, nameEn: p.displayNameEn, position: p.position,
                    uncertaintyKm: uncertaintyKm, admin1Code: p.admin1.code, placeType: p.type.rawValue, start: start, end: end)
    }

    /// A located, point-like place (not a country, governorate or vague region) of the mention.
    func anchor(_ r: ResolvedMention, role: ClaimAnchor.Role) -> ClaimAnchor? {
        guard let p = r.place, r.mention.role != .associative else { return nil }
        guard ![.country, .admin1, .admin2, .region].contains(p.type) else { return nil }
        return anchor(p, name: r.mention.text, role: role, uncertaintyKm: p.uncertaintyM / 1000, start: r.mention.start, end: r.mention.end)
    }

    /// An axis or advance line between two mentions; unresolved ends give a reason instead.
    func axis(_ kind: AxisClaim.Kind, _ x: ResolvedMention, _ y: ResolvedMention, slice: (Int, Int) -> String,
              change c: ControlChange?, lines: GeodesicLineMemo? = nil) -> AxisClaim {
        let a = anchor(x, role: .from), b = anchor(y, role: .to)
        var line: LineString? = nil
        var length: Double? = nil
        var reason: String? = nil
        if let a, let b {
            let (pts, metres) = lines?.line(from: a.position, to: b.position)
                ?? Geodesic.wgs84.sampleAndDistance(from: a.position, to: b.position, maxSpacing: VerdictRules.lineSampleSpacingKm * 1000)
            line = try? LineString(pts)
            length = metres / 1000
            if line == nil { reason = "the two ends coincide" }
        } else {
            reason = [a == nil ? unresolvedText(x) : nil, b == nil ? unresolvedText(y) : nil].compactMap { $0 }.joined(separator: "; ")
        }
        return AxisClaim(kind: kind, fromText: x.mention.text, toText: y.mention.text, from: a, to: b, line: line,
                         lengthKm: length, reason: reason, start: x.mention.start, end: y.mention.end,
                         text: slice(x.mention.start, y.mention.end), actor: c?.actor?.text, event: c?.kind,
                         eventDate: c?.date?.eventDate, eventDateEarliest: c?.date?.earliest?.iso,
                         eventDateLatest: c?.date?.latest?.iso)
    }

    func unresolvedText(_ r: ResolvedMention) -> String {
        if let p = r.place { return "\(r.mention.text): \(p.type.rawValue) \(p.id) is an area, not a point" }
        return "\(r.mention.text): \(r.reason ?? "unresolved")"
    }

    func has(_ r: ResolvedMention, _ kind: String) -> Bool { r.mention.relations.contains { $0.kind == kind } }

    /// Scalar distance between a mention and an area expression.
    static func dist(_ r: ResolvedMention, _ a: AreaExpression) -> Int {
        if r.mention.end <= a.start { return a.start - r.mention.end }
        if r.mention.start >= a.end { return r.mention.start - a.end }
        return 0
    }

    /// True when the text between two mentions only coordinates them (و، "and", "or", commas,
    /// and an English article: "X, Y and the Z oil field").
    static func isCoordination(_ gap: String) -> Bool {
        let words = gap.lowercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == "،" || $0 == "ـ" || $0.isNewline })
        return words.allSatisfy { w in
            var t = Substring(w)
            while t.hasPrefix("و") { t = t.dropFirst() }
            return t.isEmpty || Self.coordinationWords.contains(String(t))
        }
    }
    static let coordinationWords: Set<String> = ["and", "or", "the", "أو", "او"]
    static let coordinationScalars: [[UInt32]] = coordinationWords.map { $0.unicodeScalars.map(\.value) }

    /// Scalars on which `String`'s `Character` view, `lowercased()` and `==` reduce to plain
    /// scalar operations: ASCII but CR (every other ASCII scalar is its own grapheme; CR LF is
    /// one), and Arabic letters, tatweel and Arabic punctuation without any combining mark
    /// (none of them is Extend, SpacingMark, ZWJ or Prepend, none has a case, and without marks
    /// every sequence of them is already in NFC).
    static func isPlainScalar(_ v: UInt32) -> Bool {
        if v < 0x80 { return v != 0x0D }
        return (0x0621...0x063A).contains(v) || (0x0640...0x064A).contains(v) || v == 0x060C || v == 0x061B || v == 0x061F
    }

    /// ``isCoordination(_:)`` on the scalars of the gap, or nil when it meets a scalar that is
    /// not plain (``isPlainScalar(_:)``) before the answer is known, for the caller to use the
    /// `String` version. Among plain scalars each `Character` is one scalar, so splitting,
    /// stripping و and comparing scalar by scalar (ASCII lower-cased) gives the same answer. A
    /// word is judged only when it and the scalar after its separator are plain (a mark after
    /// the separator would join it into one non-separator `Character`); the first word that
    /// is not a coordination word answers false, as `allSatisfy` does.
    static func isCoordination(scalars gap: ArraySlice<Unicode.Scalar>) -> Bool? {
        var i = gap.startIndex
        let end = gap.endIndex
        func isSeparator(_ v: UInt32) -> Bool {
            v == 0x20 || v == 0x2C || v == 0x060C || v == 0x0640 || (0x0A...0x0C).contains(v)
        }
        while i < end {
            let v0 = gap[i].value
            guard isPlainScalar(v0) else { return nil }
            if isSeparator(v0) { i += 1; continue }
            var j = i
            while j < end, !isSeparator(gap[j].value) {
                guard isPlainScalar(gap[j].value) else { return nil }
                j += 1
            }
            if j + 1 < end, !isPlainScalar(gap[j + 1].value) { return nil }
            var s = i
            while s < j, gap[s].value == 0x0648 { s += 1 }  // leading و
            if s < j {
                let n = j - s
                let ok = coordinationScalars.contains { w in
                    w.count == n && w.indices.allSatisfy { k in
                        var v = gap[s + k].value
                        if v >= 0x41 && v <= 0x5A { v += 0x20 }
                        return v == w[k]
                    }
                }
                if !ok { return false }
            }
            i = j
        }
        return true
    }

    static let distancePattern = try? NSRegularExpression(
        pattern: #"([0-9\u0660-\u0669\u06F0-\u06F9]+(?:[.,][0-9\u0660-\u0669\u06F0-\u06F9]+)?)\s*(km|kilometres|kilometers|kilometre|kilometer|كم|كلم|كيلومترات|كيلومتر|كيلو متر)(?!\s*(?:2|²|square|sq|مربع|مربعة))"#,
        options: [.caseInsensitive])

    /// A distance stated just before a direction ("30 km east of"), in km; nil when none (or
    /// outside (0, 500] km).
    static func statedDistanceKm(_ before: String) -> Double? {
        guard let re = distancePattern else { return nil }
        let ns = before as NSString
        guard let m = re.matches(in: before, range: NSRange(location: 0, length: ns.length)).last else { return nil }
        // The distance must end the window but for spaces and a few words ("to the", "إلى").
        let tail = ns.substring(from: m.range.location + m.range.length).trimmingCharacters(in: .whitespaces)
        guard tail.split(separator: " ").count <= 2 else { return nil }
        var digits = ""
        for u in ns.substring(with: m.range(at: 1)).unicodeScalars {
            switch u.value {
            case 0x0660...0x0669: digits += String(u.value - 0x0660)
            case 0x06F0...0x06F9: digits += String(u.value - 0x06F0)
            case 0x2C: digits.append(".")
            default: digits.unicodeScalars.append(u)
            }
        }
        guard let v = Double(digits), v > 0, v <= 500 else { return nil }
        return v
    }

    static let betweenWords: [[UInt32]] = ["بين", "between"].map { $0.unicodeScalars.map(\.value) }

    /// ``betweenWordStart(before:slice:)`` searching the scalars when the window is plain
    /// (``isPlainScalar(_:)``: one scalar per `Character`, no canonical variants, so the
    /// `String` search finds the same last occurrence); otherwise the `String` search.
    static func betweenWordStart(before offset: Int, scalars: [Unicode.Scalar], slice: (Int, Int) -> String) -> Int {
        let a = max(0, offset - 12)
        guard a < offset, offset <= scalars.count else { return offset }
        let w = scalars[a..<offset]
        guard w.allSatisfy({ isPlainScalar($0.value) }) else { return betweenWordStart(before: offset, slice: slice) }
        for word in betweenWords {
            var p = offset - word.count
            while p >= a {
                if word.indices.allSatisfy({ scalars[p + $0].value == word[$0] }) { return p }
                p -= 1
            }
        }
        return offset
    }

    /// Where "بين" / "between" starts before `offset` (within 12 scalars), else `offset`.
    static func betweenWordStart(before offset: Int, slice: (Int, Int) -> String) -> Int {
        let w = slice(max(0, offset - 12), offset)
        for word in ["بين", "between"] {
            if let r = w.range(of: word, options: .backwards) {
                return offset - w[r.lowerBound...].unicodeScalars.count
            }
        }
        return offset
    }
}

/// Mention-level helpers of one analysis (the geoparse's mentions and the text).
struct MentionGroups {
    let ms: [ResolvedMention]
    /// The analysed text's scalars (mention offsets index them).
    let scalars: [Unicode.Scalar]
    let slice: (Int, Int) -> String

    func has(_ i: Int, _ kind: String) -> Bool { ms[i].mention.relations.contains { $0.kind == kind } }
    func gap(_ i: Int, _ j: Int) -> String { slice(ms[i].mention.end, ms[j].mention.start) }

    /// The gap's scalars, or nil where `slice` gives "" (empty or out-of-range gap).
    func gapScalars(_ i: Int, _ j: Int) -> ArraySlice<Unicode.Scalar>? {
        let a = ms[i].mention.end, b = ms[j].mention.start
        guard a < b, a >= 0, b <= scalars.count else { return nil }
        return scalars[a..<b]
    }

    /// `ClaimAnalyzer.isCoordination(gap(i, j))`, on the scalars when they are plain.
    func isCoordination(_ i: Int, _ j: Int) -> Bool {
        guard let g = gapScalars(i, j) else { return ClaimAnalyzer.isCoordination("") }
        return ClaimAnalyzer.isCoordination(scalars: g) ?? ClaimAnalyzer.isCoordination(gap(i, j))
    }

    static let speechScalars: [[UInt32]] = ClaimAnalyzer.speechWords.map { $0.unicodeScalars.map(\.value) }

    /// Whether the gap holds a quotation mark or a speech verb as a word split at " " and
    /// "\n"; nil when it meets a scalar that is not plain (`ClaimAnalyzer.isPlainScalar`)
    /// before the answer is known, where the `String` test must decide (among plain scalars
    /// `Character`s are scalars and `==` is scalar equality; a word is judged only when it and
    /// the scalar after its separator are plain, see `ClaimAnalyzer.isCoordination(scalars:)`).
    func quoteOrSpeech(_ g: ArraySlice<Unicode.Scalar>) -> Bool? {
        if g.contains(where: { ClaimAnalyzer.quotes.contains($0) }) { return true }
        var i = g.startIndex
        while i < g.endIndex {
            let v = g[i].value
            guard ClaimAnalyzer.isPlainScalar(v) else { return nil }
            if v == 0x20 || v == 0x0A { i += 1; continue }
            var j = i
            while j < g.endIndex, g[j].value != 0x20, g[j].value != 0x0A {
                guard ClaimAnalyzer.isPlainScalar(g[j].value) else { return nil }
                j += 1
            }
            if j + 1 < g.endIndex, !ClaimAnalyzer.isPlainScalar(g[j + 1].value) { return nil }
            let n = j - i
            if Self.speechScalars.contains(where: { w in w.count == n && w.indices.allSatisfy { g[i + $0].value == w[$0] } }) { return true }
            i = j
        }
        return false
    }

    /// (from, to) pairs: an extent_from mention followed by the next extent_to mention within
    /// ``VerdictRules/maximumExtentGapScalars``, with no quotation mark or speech verb between.
    func extentPairs(_ idx: [Int]) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        for (k, i) in idx.enumerated() where has(i, "extent_from") {
            guard let j = idx[(k + 1)...].first(where: { has($0, "extent_to") }) else { continue }
            guard ms[j].mention.start - ms[i].mention.end <= VerdictRules.maximumExtentGapScalars else { continue }
            if let gs = gapScalars(i, j), let blocked = quoteOrSpeech(gs) {
                if blocked { continue }
            } else {
                let g = gap(i, j)
                if g.unicodeScalars.contains(where: { ClaimAnalyzer.quotes.contains($0) }) { continue }
                let words = Set(g.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
                if !words.isDisjoint(with: ClaimAnalyzer.speechWords) { continue }
            }
            // Another extent_from in between restarts the pair.
            if idx.contains(where: { $0 != i && $0 != j && ms[$0].mention.start > ms[i].mention.start && ms[$0].mention.start < ms[j].mention.start && has($0, "extent_from") }) { continue }
            out.append((i, j))
        }
        return out
    }

    /// Groups of consecutive `kind` mentions joined only by coordination ("بين X وY وZ").
    func groups(_ idx: [Int], kind: String) -> [[Int]] {
        var out: [[Int]] = []
        var cur: [Int] = []
        for i in idx {
            guard has(i, kind) else { continue }
            if let last = cur.last, isCoordination(last, i) { cur.append(i) }
            else { if !cur.isEmpty { out.append(cur) }; cur = [i] }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    /// A direction mention ("east of X") near the claim that describes the area itself.
    func sectorAnchor(_ idx: [Int], claim a: AreaExpression, analyzer: ClaimAnalyzer) -> ClaimAnchor? {
        for i in idx where has(i, "direction") && !has(i, "countryside") {
            guard ClaimAnalyzer.dist(ms[i], a) <= ClaimAnalyzer.sectorWindowScalars else { continue }
            let text = ms[i].mention.text
            if idx.contains(where: { j in ms[j].mention.relations.contains { $0.kind == "direction_of" && $0.other == text } }) { continue }
            guard let compass = ms[i].mention.relations.first(where: { $0.kind == "direction" })?.compass,
                  let p = ms[i].place, p.type != .country else { continue }
            var an = analyzer.anchor(p, name: text, role: .direction, uncertaintyKm: p.uncertaintyM / 1000,
                                     start: ms[i].mention.start, end: ms[i].mention.end)
            an.compass = compass
            return an
        }
        return nil
    }

    /// Governorates named by countryside mentions, governorate names, and places coordinated with
    /// them; with the city discs to cut out of a countryside.
    func regions(_ idx: [Int], source: ClaimRegion.Source, gazetteer: Gazetteer, analyzer: ClaimAnalyzer)
        -> ([ClaimRegion], [(ClaimAnchor, Double)]) {
        var regions: [ClaimRegion] = []
        var cities: [(ClaimAnchor, Double)] = []
        var prev: Int? = nil
        for i in idx {
            guard let p = ms[i].place, p.country == analyzer.country || p.country.isEmpty else { prev = nil; continue }
            let chained = prev.map { isCoordination($0, i) } ?? false
            let isRegion = has(i, "countryside") || p.type == .admin1 || (chained && (p.type == .settlement || p.type == .admin2))
            guard isRegion else { prev = nil; continue }
            prev = i
            let code = p.admin1.code
            guard !code.isEmpty else { continue }
            let o = gazetteer.adminAreas.first { $0.level == 1 && $0.ref.code == code }
            if !regions.contains(where: { $0.code == code }) {
                regions.append(ClaimRegion(name: ms[i].mention.text, code: code, nameEn: o?.ref.nameEn ?? p.admin1.nameEn,
                                           nameAr: o?.ref.nameAr ?? p.admin1.nameAr, source: source))
            }
            if p.type == .settlement {
                let a = analyzer.anchor(p, name: ms[i].mention.text, role: .countryside, uncertaintyKm: p.uncertaintyM / 1000,
                                        start: ms[i].mention.start, end: ms[i].mention.end)
                if !cities.contains(where: { $0.0.gazetteerID == p.id }) {
                    cities.append((a, VerdictRules.cityRadiusKm(sizeClass: p.sizeClass, population: p.population)))
                }
            }
        }
        return (regions, cities)
    }
}

/// Clip regions (country outline, and its intersection with unions of governorates) by key,
/// shared by all analyzers of a process: validating the full-resolution country outline and
/// intersecting it costs more than the models themselves.
enum ClipCache {
    static let shared = SharedCache<Geometry>(limit: 256)
}
