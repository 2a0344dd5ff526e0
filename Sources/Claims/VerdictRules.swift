import Foundation
import Resolution

/// The named constants and the rule that turn shape models into a verdict. docs/VERDICTS.md
/// explains each; change them here only.
public enum VerdictRules {
    /// Corridor widths (km, full width, i.e. buffer radius = width / 2) at which a "from X to Y"
    /// corridor is measured. The largest equals ``maximumPlausibleCorridorWidthKm``.
    public static let standardCorridorWidthsKm: [Double] = [5, 10, 20]
    /// The widest band (km) a ground advance along one axis is taken to secure: 10 km either side
    /// of the route, about the reach of direct fire, anti-tank missiles and observation from the
    /// axis, and the depth of flank security in desert advances. A claim whose implied corridor
    /// width exceeds it is reported as a finding.
    public static let maximumPlausibleCorridorWidthKm: Double = 20
    /// Relative tolerance applied to both ends of the models' range before comparing: anchor
    /// positions are uncertain by a few km, outlines are generalised, and reported figures are
    /// rounded. 0.10 = ±10 %.
    public static let rangeTolerance: Double = 0.10
    /// Sector radii (km) for "east of X" without a distance in the text.
    public static let standardSectorRadiiKm: [Double] = [10, 25, 50]
    /// Half-angle of a compass sector: ±45° around the bearing (a quarter of the compass for
    /// the four cardinal points; the intercardinal points overlap their neighbours).
    public static let sectorHalfAngleDegrees: Double = 45
    /// Fewest located places a "between" group needs for a hull model: two points bound no
    /// area (a "hull" of two points is a line grown by their uncertainty, and judging a claim
    /// against it would call almost any number overstated).
    public static let minimumHullAnchors = 3
    /// Concave-hull edge ratio (GEOS `ConcaveHull`): 0.3 keeps the hull tight around clusters.
    public static let concaveHullRatio: Double = 0.3
    /// Smallest growth (km) of a hull around each anchor, when the resolver gives less.
    public static let minimumAnchorUncertaintyKm: Double = 0.5
    /// City discs cut out of "the countryside of X" (radius km by size class; see
    /// ``cityRadiusKm(sizeClass:population:)``).
    public static let cityRadiusCapitalKm: Double = 10
    public static let cityRadiusCityKm: Double = 6
    public static let cityRadiusTownKm: Double = 2.5
    public static let cityRadiusVillageKm: Double = 1
    /// Spacing of geodesic samples along corridor and axis lines, km.
    public static let lineSampleSpacingKm: Double = 1
    /// Maximum gap (scalars) between "من X" and "إلى Y" for the two to form one corridor.
    public static let maximumExtentGapScalars = 90

    /// Radius (km) of the built-up disc of a city of this size class / population.
    public static func cityRadiusKm(sizeClass: String, population: Int) -> Double {
        switch sizeClass {
        case "capital": return cityRadiusCapitalKm
        case "city": return cityRadiusCityKm
        case "town": return cityRadiusTownKm
        default:
            if population >= 100_000 { return cityRadiusCityKm }
            if population >= 10_000 { return cityRadiusTownKm }
            return cityRadiusVillageKm
        }
    }

    /// The verdict for a claimed interval [lower, upper] (upper nil = unbounded) against the
    /// models.
    ///
    /// Rule (in order):
    /// 1. No estimating model and no ceiling → `unverifiable`.
    /// 2. Range R = [min, max] over estimating models (corridor, hulls); with only ceilings
    ///    (sector, region), R = [0, ceiling], the ceiling being the largest model of each ceiling
    ///    family, the smallest across families. A ceiling also caps max. Widen R:
    ///    [min·(1 − t), max·(1 + t)], t = ``rangeTolerance``.
    /// 3. claimed lower > widened max → `overstated`; claimed upper < widened min →
    ///    `understated`; otherwise (the intervals meet) → `consistent`.
    public static func decide(lower: Double, upper: Double?, models: [ShapeModel])
        -> (verdict: Verdict, range: (min: Double, max: Double)?, why: String) {
        let est = models.filter { !$0.isCeiling && $0.areaKm2 > 0 }
        // Ceiling: the largest model of each ceiling family (the widest sector, the region), then
        // the tightest family (the area must lie inside all of them).
        var families: [ShapeModel.Kind: Double] = [:]
        for m in models where m.isCeiling && m.areaKm2 > 0 { families[m.kind] = max(families[m.kind] ?? 0, m.areaKm2) }
        let ceiling = families.values.min()
        func f(_ x: Double) -> String { format(x) }
        let claimed = upper.map { $0 == lower ? "\(f(lower)) km²" : "[\(f(lower)), \(f($0))] km²" } ?? "at least \(f(lower)) km²"
        guard !est.isEmpty || ceiling != nil else {
            return (.unverifiable, nil, "No shape can be built: the claim's sentence locates too few places (a corridor needs both ends, a hull three places, a sector or region one).")
        }
        var lo = est.map(\.areaKm2).min() ?? 0
        var hi = est.map(\.areaKm2).max() ?? ceiling ?? 0
        var capNote = ""
        if let c = ceiling {
            if c < hi { hi = c; capNote = " (capped at \(f(c)) km² by the sector or region that must contain it)" }
            if lo > hi { lo = hi }
        }
        let t = rangeTolerance
        let wlo = lo * (1 - t), whi = hi * (1 + t)
        let basis = est.isEmpty ? "the sector or region that must contain it" : "\(est.count) shape model(s)"
        let rangeText = "\(f(lo))–\(f(hi)) km²\(capNote), widened by ±\(Int(t * 100)) % to \(f(wlo))–\(f(whi)) km²"
        if lower > whi {
            return (.overstated, (lo, hi), "The claim (\(claimed)) exceeds the largest area allowed by \(basis): \(rangeText). Rule: claimed lower bound > widened maximum → overstated.")
        }
        if let u = upper, u < wlo {
            return (.understated, (lo, hi), "The claim (\(claimed)) is below the smallest area given by \(basis): \(rangeText). Rule: claimed upper bound < widened minimum → understated.")
        }
        return (.consistent, (lo, hi), "The claim (\(claimed)) meets the range given by \(basis): \(rangeText). Rule: the claimed interval and the widened range overlap → consistent.")
    }

    /// A number for reports: no decimals above 100, one below, two below 10.
    /// (`fixedDecimals` writes the text of `String(format: "%.0f")` etc. without Foundation's
    /// formatter: a report formats dozens of numbers.)
    public static func format(_ x: Double) -> String {
        if !x.isFinite { return "\(x)" }
        if abs(x) >= 100 { return fixedDecimals(x, 0) }
        if abs(x) >= 10 { return fixedDecimals(x, 1) }
        return fixedDecimals(x, 2)
    }
}
