import Foundation
import GeoCore
import Geodesy
import TextAnalysis

/// A request to the gazetteer: a name and what else is known about the place.
public struct PlaceQuery: Sendable {
    /// The name as written (Arabic or Latin, with or without a head noun such as تل or "dam").
    public var name: String
    /// Names of administrative areas the place must lie in (`--in`), e.g. "الرقة", "Rif Dimashq".
    public var within: [String]
    /// A point the place should be near (`--near`), lon/lat degrees.
    public var near: Position?
    /// The type the place must have (`--type`); when nil, a head noun in the name implies one.
    public var type: PlaceType?
    /// ISO 3166-1 alpha-2 of the country the text is about; candidates elsewhere rank lower.
    public var focusCountry: String?
    /// Try skeletons one edit apart when nothing matches exactly or across scripts.
    public var fuzzy: Bool
    public var limit: Int

    public init(name: String, within: [String] = [], near: Position? = nil, type: PlaceType? = nil,
                focusCountry: String? = nil, fuzzy: Bool = true, limit: Int = 5) {
        self.name = name; self.within = within; self.near = near; self.type = type
        self.focusCountry = focusCountry; self.fuzzy = fuzzy; self.limit = limit
    }
}

/// A ranked answer: a place, its score (0–1) and why it ranks where it does.
public struct Candidate: Sendable, Hashable {
    public let place: Place
    public var score: Double
    public let match: MatchKind
    /// One line per ranking pass that changed the score, in pass order.
    public var reasons: [String]
}

/// An administrative constraint resolved from a name (`--in الرقة`, "بريف الرقة").
public struct AdminConstraint: Sendable, Hashable {
    public let label: String
    /// Admin codes (GeoNames `SY.04`, OCHA `SY11`, …) that satisfy it.
    public let codes: Set<String>
    public let outlines: [AdminArea]
    /// Name keys of the area (for places that carry only admin names, as imports often do).
    public let nameKeys: Set<String>
    /// True when the place lies in this area: by admin code, by admin name, or inside an outline.
    public func contains(_ p: Place) -> Bool {
        contains(p, adminNameKeys: AdminNameKeyMemo.keys(of: p))
    }

    /// `contains(g.places[index])`, with the place's admin name keys folded once per gazetteer
    /// (`Gazetteer.adminNameKeys(ofPlaceAt:)`) rather than on every call.
    public func contains(placeAt index: Int, in g: Gazetteer) -> Bool {
        contains(g.places.box(at: index).place, adminNameKeys: g.adminNameKeys(ofPlaceAt: index))
    }

    /// `keys` must be `AdminNameKeyMemo.keys(of: p)`.
    func contains(_ p: Place, adminNameKeys keys: [String]) -> Bool {
        if !p.admin1.code.isEmpty, codes.contains(p.admin1.code) { return true }
        if !p.admin2.code.isEmpty, codes.contains(p.admin2.code) { return true }
        if keys.contains(where: nameKeys.contains) { return true }
        return outlines.contains { $0.contains(p.position) }
    }
}

/// Name keys of places' admin names, by place index, shared by all users of a gazetteer
/// (thread-safe; bounded by the number of places).
final class AdminNameKeyMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var map: [Int: [String]] = [:]

    /// `NameKey.keys(for:)` of the place's non-empty admin names (admin1 Arabic, English, then
    /// admin2 Arabic, English), concatenated in that order: a name key of the area matches one
    /// of them exactly when it matches the keys of one of the names.
    static func keys(of p: Place) -> [String] {
        var out: [String] = []
        for n in [p.admin1.nameAr, p.admin1.nameEn, p.admin2.nameAr, p.admin2.nameEn] where !n.isEmpty {
            out += NameKey.keys(for: n)
        }
        return out
    }

    func get(_ i: Int, _ place: () -> Place) -> [String] {
        lock.lock()
        if let k = map[i] { lock.unlock(); return k }
        lock.unlock()
        let k = Self.keys(of: place())
        lock.lock(); map[i] = k; lock.unlock()
        return k
    }
}

extension PlaceType {
    /// The place type a head noun's type word announces (nil for relations such
    /// as countryside or axis, which announce no type of their own).
    public init?(headNounType t: String) {
        switch t {
        case "settlement", "neighbourhood", "camp": self = .settlement
        case "hill": self = .hill
        case "mountain": self = .mountain
        case "dam": self = .dam
        case "airbase": self = .airbase
        case "oil_field", "well": self = .oilField
        case "gas_field": self = .gasField
        case "region", "desert": self = .region
        case "ruin": self = .ruin
        case "road": self = .road
        case "crossroads": self = .crossroads
        case "river", "spring", "water_body": self = .waterBody
        case "wadi": self = .wadi
        case "military_site": self = .militarySite
        case "admin1": self = .admin1
        case "admin2": self = .admin2
        case "admin3": self = .admin3
        default: return nil
        }
    }

    /// Types a head noun of this type is compatible with (a "hill" may be
    /// mapped as a mountain, an oil field as a gas field, an airbase as a
    /// military site, a region as a desert …).
    func agrees(with other: PlaceType) -> Bool {
        if self == other { return true }
        let groups: [Set<PlaceType>] = [
            [.hill, .mountain], [.oilField, .gasField], [.airbase, .militarySite],
            [.region, .wadi], [.settlement, .admin3], [.crossroads, .road, .militarySite],
        ]
        return groups.contains { $0.contains(self) && $0.contains(other) }
    }
}

extension Gazetteer {
    /// The head noun a name starts (Arabic) or ends (English) with, and the type it announces.
    public static func headNounType(of name: String) -> PlaceType? {
        let words = WordLists.foldKey(name).split(separator: " ").map(String.init)
        guard !words.isEmpty else { return nil }
        let lists = WordLists.shared
        if let m = lists.headNouns.longestMatch(words, from: 0), let t = PlaceType(headNounType: m.value.type) {
            return t
        }
        for start in stride(from: words.count - 1, through: 1, by: -1) {
            if let m = lists.headNouns.longestMatch(words, from: start), start + m.count == words.count,
               m.value.language != "ar", let t = PlaceType(headNounType: m.value.type) {
                return t
            }
        }
        return nil
    }

    /// Name keys of the admin names of the place at `index` (see `AdminConstraint.contains(placeAt:in:)`),
    /// computed once per place.
    func adminNameKeys(ofPlaceAt index: Int) -> [String] {
        adminKeys.get(index) { places.box(at: index).place }
    }

    /// Indices (into `places`) of the places matching a name, with how they matched: the same
    /// answers as `lookup(_:fuzzy:)`, in the same order, without building `Place` values.
    public func lookupIndices(_ name: String, fuzzy: Bool = false) -> [(index: Int, kind: MatchKind)] {
        image.lookup(name, fuzzy: fuzzy)
    }

    /// Places matching a name, with how they matched (no ranking).
    public func lookup(_ name: String, fuzzy: Bool = false) -> [(place: Place, kind: MatchKind)] {
        image.lookup(name, fuzzy: fuzzy).map { (places[$0.index], $0.kind) }
    }

    /// Resolves an administrative area by name: governorates, districts and
    /// countries among the places, and the loaded outlines. "محافظة X" and
    /// "X Governorate" work as well as X.
    public func adminConstraint(named name: String) -> AdminConstraint? {
        var codes = Set<String>()
        var outlines: [AdminArea] = []
        for (p, kind) in lookup(name) where kind == .exact && p.type.isAdministrative {
            switch p.type {
            case .admin1: if !p.admin1.code.isEmpty { codes.insert(p.admin1.code) }
            case .admin2: if !p.admin2.code.isEmpty { codes.insert(p.admin2.code) }
            case .country:
                outlines += adminAreas.filter { $0.level == 0 && $0.ref.code == p.country }
            default: break
            }
        }
        let keys = Set(NameKey.keys(for: name))
        for a in adminAreas {
            if codes.contains(a.ref.code) { outlines.append(a); continue }
            let names = [a.ref.nameEn, a.ref.nameAr, a.ref.code].filter { !$0.isEmpty }
            if names.contains(where: { !keys.isDisjoint(with: NameKey.keys(for: $0)) }) {
                outlines.append(a)
                // Outlines with the same English name but another code system
                // (OCHA SY11 vs GeoNames SY.04) join through the places' codes.
                codes.insert(a.ref.code)
            }
        }
        guard !codes.isEmpty || !outlines.isEmpty else { return nil }
        var nameKeys = keys
        for a in outlines { for n in [a.ref.nameEn, a.ref.nameAr] where !n.isEmpty { nameKeys.formUnion(NameKey.keys(for: n)) } }
        return AdminConstraint(label: name, codes: codes, outlines: outlines, nameKeys: nameKeys)
    }

    /// Ranked candidates for a query, best first, through an ordered chain of
    /// named passes (see `RankingPass`). Each candidate's `reasons` say what
    /// every pass decided. Candidates whose score falls below
    /// `Gazetteer.minimumScore` are dropped: "none of these" is a valid answer.
    /// - Throws: `GazetteerError.notFound` when an `--in` name matches no administrative area.
    public func resolve(_ q: PlaceQuery) throws -> [Candidate] {
        let constraints: [AdminConstraint] = try q.within.map { name in
            guard let c = adminConstraint(named: name) else {
                throw GazetteerError.notFound("no administrative area is called `\(name)` in the gazetteer")
            }
            return c
        }
        let impliedType = q.type ?? Self.headNounType(of: q.name)
        var out: [Candidate] = []
        for (p, kind) in lookup(q.name, fuzzy: q.fuzzy) {
            var c = Candidate(place: p, score: kind.baseScore, match: kind,
                              reasons: ["name: \(kind.rawValue) match (\(String(format: "%.2f", kind.baseScore)))"])
            for pass in RankingPass.allCases {
                pass.apply(&c, query: q, impliedType: impliedType, explicitType: q.type != nil, constraints: constraints)
            }
            if c.score >= Self.minimumScore { out.append(c) }
        }
        out.sort { a, b in
            if a.score != b.score { return a.score > b.score }
            if a.place.population != b.place.population { return a.place.population > b.place.population }
            return a.place.id < b.place.id
        }
        return Array(out.prefix(max(0, q.limit)))
    }

    /// Candidates scoring below this are not offered (the explicit "none" answer).
    public static let minimumScore = 0.05
}

/// The ranking passes of `Gazetteer.resolve`, applied in declaration order.
/// Each multiplies the score by a named factor and records why.
public enum RankingPass: String, CaseIterable, Sendable {
    /// `--in` / "بريف X": outside the named area → × `outsideAreaFactor`.
    case containment
    /// Head noun or `--type` agreement: disagreeing types → × `typeMismatchFactor`
    /// (× 0 with an explicit `--type`).
    case typeAgreement = "type_agreement"
    /// `--near`: × exp(−d / `nearScaleKm`).
    case proximity
    /// Bigger and administrative places first among equals.
    case prominence
    /// The document's country first: elsewhere → × `outsideFocusFactor`.
    case focusCountry = "focus_country"
    /// The source's own confidence in its location: × (0.5 + 0.5·confidence).
    case sourceConfidence = "source_confidence"

    public static let outsideAreaFactor = 0.02
    public static let typeMismatchFactor = 0.3
    public static let nearScaleKm = 150.0
    public static let outsideFocusFactor = 0.6

    func apply(_ c: inout Candidate, query q: PlaceQuery, impliedType: PlaceType?, explicitType: Bool,
               constraints: [AdminConstraint]) {
        let p = c.place
        func scale(_ f: Double, _ why: String) {
            c.score *= f
            c.reasons.append("\(rawValue): \(why) (×\(String(format: "%.2f", f)))")
        }
        switch self {
        case .containment:
            for k in constraints {
                if k.contains(p) { c.reasons.append("containment: inside \(k.label)") }
                else { scale(Self.outsideAreaFactor, "outside \(k.label)") }
            }
        case .typeAgreement:
            guard let t = impliedType else { return }
            if t.agrees(with: p.type) { c.reasons.append("type_agreement: \(p.type.rawValue) agrees with \(t.rawValue)") }
            else if explicitType { scale(0, "type is \(p.type.rawValue), not \(t.rawValue)") }
            else if t == .settlement && p.type.isAdministrative {
                c.reasons.append("type_agreement: a settlement word names an admin area (kept)")
            } else { scale(Self.typeMismatchFactor, "the name says \(t.rawValue), the place is \(p.type.rawValue)") }
        case .proximity:
            guard let near = q.near else { return }
            let km = Geodesic.wgs84.distance(near, p.position) / 1000
            scale(exp(-km / Self.nearScaleKm), String(format: "%.0f km from the given point", km))
        case .prominence:
            var f: Double
            switch p.type {
            case .country: f = 1.0
            case .admin1: f = 0.98
            case .admin2: f = 0.9
            case .settlement:
                switch p.sizeClass {
                case "capital": f = 1.0
                case "city": f = 0.97
                case "town": f = 0.92
                default: f = 0.85
                }
                if p.population > 0 { f = min(1.0, f + log10(Double(p.population)) / 100) }
            default: f = 0.9
            }
            scale(f, p.population > 0 ? "\(p.type.rawValue), population \(p.population)" : p.type.rawValue + (p.sizeClass.isEmpty ? "" : " (\(p.sizeClass))"))
        case .focusCountry:
            guard let fc = q.focusCountry, !fc.isEmpty, !p.country.isEmpty else { return }
            if p.country != fc.uppercased() { scale(Self.outsideFocusFactor, "in \(p.country), not \(fc.uppercased())") }
        case .sourceConfidence:
            if p.confidence < 1 { scale(0.5 + 0.5 * p.confidence, "source confidence \(p.confidence)") }
        }
    }
}
