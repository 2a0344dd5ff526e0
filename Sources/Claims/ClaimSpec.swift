import Foundation

extension AreaQualifier {
    /// The snake_case name used in JSON (`more_than`, `about`, `exact`, `less_than`, `up_to`, `at_least`).
    public var jsonName: String {
        switch self {
        case .exact: return "exact"
        case .moreThan: return "more_than"
        case .lessThan: return "less_than"
        case .about: return "about"
        case .upTo: return "up_to"
        case .atLeast: return "at_least"
        }
    }
    /// Parses a JSON name (snake_case or the Swift case name).
    public init?(jsonName s: String) {
        if let q = AreaQualifier.allCases.first(where: { $0.jsonName == s || $0.rawValue == s }) { self = q } else { return nil }
    }
}

/// A claim given without text, for scripts (`conflictmap verify --claim SPEC.json`).
///
/// JSON form: `{"claimed_km2": 1500, "qualifier": "more_than", "from": "الرصافة", "to": "أثريا",
/// "regions": ["حلب", "حماة", "الرقة"]}`; also `"between": [names…]`, `"direction": "E"` with
/// `"of": name` and optional `"radius_km"`, `"countryside": name`. Names may be gazetteer ids
/// (`cm:seed:resafa`). `qualifier` defaults to `exact`.
public struct ClaimSpec: Sendable, Hashable {
    public var claimedKm2: Double
    public var qualifier: AreaQualifier
    public var from: String?
    public var to: String?
    public var between: [String]
    public var regions: [String]
    /// Compass point (N, NE, E, …) of a sector, with `of` its apex.
    public var direction: String?
    public var of: String?
    /// Sector radius in km; nil for the standard radii.
    public var radiusKm: Double?
    /// "The countryside of X".
    public var countryside: String?

    public init(claimedKm2: Double, qualifier: AreaQualifier = .exact, from: String? = nil, to: String? = nil,
                between: [String] = [], regions: [String] = [], direction: String? = nil, of: String? = nil,
                radiusKm: Double? = nil, countryside: String? = nil) {
        self.claimedKm2 = claimedKm2; self.qualifier = qualifier; self.from = from; self.to = to
        self.between = between; self.regions = regions; self.direction = direction; self.of = of
        self.radiusKm = radiusKm; self.countryside = countryside
    }

    /// Parses the JSON form. - Throws: ``ClaimAnalysisError/badSpec(_:)`` naming the member.
    public static func parse(json bytes: [UInt8]) throws -> ClaimSpec {
        let any: Any
        do { any = try JSONSerialization.jsonObject(with: Data(bytes)) } catch {
            throw ClaimAnalysisError.badSpec("malformed JSON (\(error.localizedDescription))")
        }
        guard let o = any as? [String: Any] else { throw ClaimAnalysisError.badSpec("expected a JSON object") }
        let known: Set<String> = ["claimed_km2", "qualifier", "from", "to", "between", "regions", "direction", "of", "radius_km", "countryside"]
        if let unknown = o.keys.sorted().first(where: { !known.contains($0) }) {
            throw ClaimAnalysisError.badSpec("unknown member \"\(unknown)\" (expected one of \(known.sorted().joined(separator: ", ")))")
        }
        func number(_ k: String) throws -> Double? {
            guard let v = o[k], !(v is NSNull) else { return nil }
            guard let n = v as? NSNumber, n.doubleValue.isFinite else {
                throw ClaimAnalysisError.badSpec("member \"\(k)\" must be a number")
            }
            return n.doubleValue
        }
        func string(_ k: String) throws -> String? {
            guard let v = o[k], !(v is NSNull) else { return nil }
            guard let s = v as? String, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ClaimAnalysisError.badSpec("member \"\(k)\" must be a non-empty string")
            }
            return s
        }
        func strings(_ k: String) throws -> [String] {
            guard let v = o[k], !(v is NSNull) else { return [] }
            guard let a = v as? [Any] else { throw ClaimAnalysisError.badSpec("member \"\(k)\" must be an array of strings") }
            return try a.enumerated().map { i, x in
                guard let s = x as? String, !s.isEmpty else { throw ClaimAnalysisError.badSpec("\"\(k)\"[\(i)] must be a non-empty string") }
                return s
            }
        }
        guard let km2 = try number("claimed_km2") else { throw ClaimAnalysisError.badSpec("member \"claimed_km2\" (number, km²) is missing") }
        guard km2 > 0 else { throw ClaimAnalysisError.badSpec("\"claimed_km2\" must be > 0, got \(km2)") }
        var q = AreaQualifier.exact
        if let qs = try string("qualifier") {
            guard let x = AreaQualifier(jsonName: qs) else {
                throw ClaimAnalysisError.badSpec("\"qualifier\" must be one of \(AreaQualifier.allCases.map(\.jsonName).joined(separator: ", ")), got \"\(qs)\"")
            }
            q = x
        }
        let spec = ClaimSpec(claimedKm2: km2, qualifier: q, from: try string("from"), to: try string("to"),
                             between: try strings("between"), regions: try strings("regions"),
                             direction: try string("direction"), of: try string("of"),
                             radiusKm: try number("radius_km"), countryside: try string("countryside"))
        if (spec.from == nil) != (spec.to == nil) {
            throw ClaimAnalysisError.badSpec("\"from\" and \"to\" go together (a corridor needs both ends)")
        }
        if (spec.direction == nil) != (spec.of == nil) {
            throw ClaimAnalysisError.badSpec("\"direction\" and \"of\" go together (\"east of X\": {\"direction\": \"E\", \"of\": \"X\"})")
        }
        if let d = spec.direction, ShapeBuilder.compassBearing[d.uppercased()] == nil {
            throw ClaimAnalysisError.badSpec("\"direction\" must be a compass point (N, NE, E, SE, S, SW, W, NW …), got \"\(d)\"")
        }
        if let r = spec.radiusKm, r <= 0 || r > 500 { throw ClaimAnalysisError.badSpec("\"radius_km\" must be in (0, 500], got \(r)") }
        if spec.from == nil, spec.between.isEmpty, spec.of == nil, spec.countryside == nil, spec.regions.isEmpty {
            throw ClaimAnalysisError.badSpec("no geography: give from/to, between, direction/of, countryside or regions")
        }
        return spec
    }
}
