import Foundation
import GeoCore

// The records of a verified area claim: anchors, regions, shape models, the verdict.
// Units: areas in km², lengths and widths in km, coordinates lon/lat degrees on WGS84.
// Offsets are Unicode-scalar offsets into the analysed text, end exclusive.

/// A place the claim's sentence ties the claimed area to.
public struct ClaimAnchor: Sendable, Hashable {
    /// How the text uses the place.
    public enum Role: String, Sendable, Hashable, Codable {
        /// "من X" / "from X", "تبدأ من X": the start of a corridor.
        case from
        /// "إلى X" / "to Y", "تنتهي بـ Y": the end of a corridor.
        case to
        /// "بين X وY وZ" / "between X, Y and Z", or a list of places: a hull vertex.
        case between
        /// "شرق X" / "east of X": the apex of a sector.
        case direction
        /// "ريف X" / "X countryside": the centre of a region.
        case countryside
    }
    /// The name as written in the text (or the spec).
    public var name: String
    public var role: Role
    /// Gazetteer id of the resolved place (`cm:seed:resafa`, `geonames:…`).
    public var gazetteerID: String
    public var nameEn: String
    /// The place's representative point (lon/lat degrees).
    public var position: Position
    /// Radius in km within which the place lies around `position` (the resolver's uncertainty).
    public var uncertaintyKm: Double
    /// Governorate code of the place (GeoNames `SY.04` …), empty when unknown.
    public var admin1Code: String
    /// Place type (`settlement`, `dam`, …) as the gazetteer gives it.
    public var placeType: String
    /// Compass point for `direction` anchors (N, NE, E, …), else nil.
    public var compass: String?
    /// Scalar offsets of the mention, when the anchor comes from a text.
    public var start: Int?
    public var end: Int?

    public init(name: String, role: Role, gazetteerID: String, nameEn: String, position: Position,
                uncertaintyKm: Double, admin1Code: String, placeType: String, compass: String? = nil,
                start: Int? = nil, end: Int? = nil) {
        self.name = name; self.role = role; self.gazetteerID = gazetteerID; self.nameEn = nameEn
        self.position = position; self.uncertaintyKm = uncertaintyKm; self.admin1Code = admin1Code
        self.placeType = placeType; self.compass = compass; self.start = start; self.end = end
    }
}

/// A governorate the claim is confined to.
public struct ClaimRegion: Sendable, Hashable {
    /// Why the region is used.
    public enum Source: String, Sendable, Hashable, Codable {
        /// Named in the claim's sentence ("أرياف حلب وحماة والرقة", "بريف الرقة").
        case sentence
        /// Named in the next sentence, which refers back to the claim ("هذه المساحات").
        case followingSentence = "following_sentence"
        /// Given by `--claim` spec `regions`.
        case spec
        /// The governorate an anchor lies in (added so that clipping never cuts an anchor off).
        case anchor
    }
    /// The name as written ("حلب"), or the anchor's governorate name for `.anchor`.
    public var name: String
    /// Governorate code (GeoNames `SY.09`, OCHA `SY02`, …).
    public var code: String
    public var nameEn: String
    public var nameAr: String
    public var source: Source
    public init(name: String, code: String, nameEn: String, nameAr: String, source: Source) {
        self.name = name; self.code = code; self.nameEn = nameEn; self.nameAr = nameAr; self.source = source
    }
}

/// A parameter of a shape model (width, radius, hull ratio, what it was clipped to …).
public enum ModelParameter: Sendable, Hashable {
    case number(Double)
    case text(String)
}

/// One plausible shape of the claimed area.
public struct ShapeModel: Sendable, Hashable {
    /// Family of the model.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Buffer of the geodesic X–Y at a standard width.
        case corridor
        /// Polygon of the anchors themselves (convex hull of the points, no growth).
        case hullBare = "hull_bare"
        /// Concave hull of the anchors grown by their uncertainty.
        case hullConcave = "hull_concave"
        /// Convex hull of the anchors grown by their uncertainty.
        case hullConvex = "hull_convex"
        /// Wedge ±``VerdictRules/sectorHalfAngleDegrees`` around a bearing from a place, radius r.
        case sector
        /// The governorate (or district) outline of "the countryside of X", minus X's city disc.
        case region
    }
    public var kind: Kind
    /// A unique name within the claim: `corridor_10km`, `hull_convex`, `sector_25km`, `region`.
    public var name: String
    /// Geodesic area on WGS84 in km² (Karney 2013 via PROJ `geod_polygonarea`), after clipping.
    public var areaKm2: Double
    /// Parameters, in a stable order (`width_km`, `length_km`, `radius_km`, `unclipped_km2`, `clipped_to` …).
    public var params: [(key: String, value: ModelParameter)]
    /// The clipped shape (Polygon or MultiPolygon, lon/lat degrees), nil when clipping left nothing.
    public var geometry: Geometry?
    /// True when the model only bounds the claim from above (a region or a sector: the claimed
    /// area must fit inside it) rather than estimating its size.
    public var isCeiling: Bool

    public init(kind: Kind, name: String, areaKm2: Double, params: [(key: String, value: ModelParameter)],
                geometry: Geometry?, isCeiling: Bool = false) {
        self.kind = kind; self.name = name; self.areaKm2 = areaKm2; self.params = params
        self.geometry = geometry; self.isCeiling = isCeiling
    }

    public func param(_ key: String) -> ModelParameter? { params.first { $0.key == key }?.value }

    public static func == (a: ShapeModel, b: ShapeModel) -> Bool {
        a.kind == b.kind && a.name == b.name && a.areaKm2 == b.areaKm2 && a.geometry == b.geometry
            && a.isCeiling == b.isCeiling && a.params.map(\.key) == b.params.map(\.key)
            && a.params.map(\.value) == b.params.map(\.value)
    }
    public func hash(into h: inout Hasher) { h.combine(kind); h.combine(name); h.combine(areaKm2) }
}

/// The verdict on a claim (rules in ``VerdictRules`` and docs/VERDICTS.md).
public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
    /// The claimed interval meets the models' range (widened by the tolerance).
    case consistent
    /// Even the claimed interval's lower bound exceeds the largest plausible shape.
    case overstated
    /// Even the claimed interval's upper bound is below the smallest plausible shape.
    case understated
    /// No model applies: too few anchors located, or none at all.
    case unverifiable
}

/// An area claim with everything needed to check it.
public struct AreaClaimAnalysis: Sendable, Hashable {
    /// The nominal claimed value, km²; nil for an area the text names without a number
    /// ("مناطق واسعة بين …"), whose verdict is then `unverifiable`.
    public var claimedKm2: Double?
    public var qualifier: AreaQualifier
    /// The claimed interval from the qualifier (``AreaClaimBounds``); `upperKm2` nil = unbounded
    /// (or no number).
    public var lowerKm2: Double?
    public var upperKm2: Double?
    /// The area expression as written ("أكثر من 1500 كم مربع") and its offsets; the spec's
    /// summary for `--claim`.
    public var claimText: String
    public var start: Int?
    public var end: Int?
    /// The sentence the claim was read from (nil for a spec).
    public var sentence: TextSpan?
    public var anchors: [ClaimAnchor]
    public var regions: [ClaimRegion]
    public var models: [ShapeModel]
    /// [min, max] km² across the estimating (non-ceiling) models, capped by the ceiling; [0,
    /// ceiling] when only ceilings apply; nil when no model applies.
    public var rangeKm2: (min: Double, max: Double)?
    /// Geodesic length of the corridor X–Y in km, when a corridor applies.
    public var corridorLengthKm: Double?
    /// Claimed km² (lower bound for "more than") ÷ corridor length km, when a corridor applies.
    public var impliedWidthKm: Double?
    public var verdict: Verdict
    /// The rule that decided, with the numbers, in one or two sentences.
    public var why: String
    /// Further facts a checker should see (e.g. an implied width beyond the plausible maximum).
    public var findings: [String]
    /// Names the text gives that could not be placed, with the reason.
    public var unresolved: [String]
    /// The control change of the sentence, when there is one.
    public var actor: String?
    public var event: ControlChangeKind?
    public var adversary: String?
    /// `yyyy-mm-dd` when the sentence's date expression (or `--date`) fixes one day.
    public var eventDate: String?
    /// First and last possible day (`yyyy-mm-dd`) of the sentence's date expression, when a
    /// document date was given ("خلال الأيام القليلة الماضية" = the week before it).
    public var eventDateEarliest: String?
    public var eventDateLatest: String?
    /// The model whose geometry represents the claim on a map (see ``VerdictRules``).
    public var areaMethod: String?

    public static func == (a: AreaClaimAnalysis, b: AreaClaimAnalysis) -> Bool {
        a.claimText == b.claimText && a.start == b.start && a.models == b.models && a.verdict == b.verdict
            && a.anchors == b.anchors && a.regions == b.regions && a.why == b.why
    }
    public func hash(into h: inout Hasher) { h.combine(claimText); h.combine(start); h.combine(verdict) }
}

/// A line the text states: "محور X - Y" (an axis) or an advance "from X to Y".
public struct AxisClaim: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// "محور مطار السين - ظاظا", "the X–Y axis".
        case axis
        /// "تقدمت من X إلى Y", "advanced from X to Y".
        case advance
    }
    public var kind: Kind
    /// The names as written.
    public var fromText: String
    public var toText: String
    /// The located ends (nil when an end could not be placed; see `reason`).
    public var from: ClaimAnchor?
    public var to: ClaimAnchor?
    /// The geodesic from–to, sampled every ``VerdictRules/lineSampleSpacingKm`` (lon/lat degrees).
    public var line: LineString?
    public var lengthKm: Double?
    /// Why there is no line, when there is none.
    public var reason: String?
    /// Offsets of the span from the first name to the second.
    public var start: Int
    public var end: Int
    public var text: String
    public var actor: String?
    public var event: ControlChangeKind?
    public var eventDate: String?
    public var eventDateEarliest: String?
    public var eventDateLatest: String?
}

/// Everything the analyzer found in one text.
public struct ClaimReport: Sendable, Hashable {
    public var claims: [AreaClaimAnalysis]
    public var axes: [AxisClaim]
    public init(claims: [AreaClaimAnalysis], axes: [AxisClaim]) { self.claims = claims; self.axes = axes }
}
