import Foundation

/// A unit of area as named in the text, with its size in square kilometres.
public enum AreaUnit: String, Sendable, Hashable, CaseIterable, Codable {
    case km2
    /// The metric dunam of Syria, Lebanon, Jordan, Palestine and Iraq: 1,000 m². (The Ottoman
    /// dunam of about 919 m² and the Iraqi 2,500 m² dunam are not used in current Syrian
    /// reporting; the text gives no way to tell them apart, so the metric value is used.)
    case dunam
    /// 10,000 m².
    case hectare
    /// International square mile: (1,609.344 m)² = 2.589988110336 km² exactly.
    case squareMile = "square_mile"
    /// International acre: 4,046.8564224 m² exactly.
    case acre
    case m2

    /// Size of one unit in km² (exact by definition of each unit).
    public var squareKilometres: Double {
        switch self {
        case .km2: return 1
        case .dunam: return 0.001
        case .hectare: return 0.01
        case .squareMile: return 2.589988110336
        case .acre: return 0.0040468564224
        case .m2: return 0.000001
        }
    }
}

/// How the text bounds the stated number.
public enum AreaQualifier: String, Sendable, Hashable, CaseIterable, Codable {
    /// No qualifier: "1500 كم مربع", "an area of 420 square kilometres".
    case exact
    /// "أكثر من", "ما يزيد عن/على", "أزيد من", "more than", "over", "in excess of".
    case moreThan
    /// "أقل من", "ما يقل عن", "less than", "under", "below".
    case lessThan
    /// "نحو", "حوالي", "قرابة", "ما يقارب", "زهاء", "تقدر ب", trailing "تقريبا"; "about",
    /// "around", "approximately", "nearly", "almost", "some", "roughly", "an estimated".
    case about
    /// "حتى", "ما يصل إلى", "تصل إلى", "لغاية", "لا يزيد عن"; "up to", "no more than", "at most".
    case upTo
    /// "ما لا يقل عن", trailing "أو أكثر"; "at least", "no less than", "or more".
    case atLeast
}

/// The constants that turn a qualifier into an interval. The verdict logic reads these; change
/// them here only.
///
/// - exact X → [X, X] (a rounded figure is still taken at its word; tolerance for rounding is
///   the verdict's business).
/// - more than / at least X → [X, ∞).
/// - less than / up to X → [0, X].
/// - about X → [X·(1 − ``approximateRelativeTolerance``), X·(1 + ``approximateRelativeTolerance``)]
///   = [0.8 X, 1.2 X].
/// - Indefinite quantities ("عشرات", "hundreds", "a few thousand") first give a range
///   [lo, hi] (see ``IndefiniteQuantity``); the qualifier then acts on that range: exact →
///   [lo, hi], more than → [lo, ∞), up to → [0, hi], about → [0.8 lo, 1.2 hi].
public enum AreaClaimBounds {
    /// Relative half-width of "about X": 0.2, i.e. ±20 %.
    public static let approximateRelativeTolerance: Double = 0.2
}

/// The ranges given to indefinite number words. Values are multipliers of the following scale
/// (e.g. "عشرات الآلاف" = tens × 1000 = [20 000, 99 000]).
///
/// - tens / dozens / عشرات: [20, 99], nominal 50. ("dozens" is read like "tens": the text
///   never means multiples of twelve.)
/// - hundreds / مئات: [200, 999], nominal 500; thousands / آلاف: [2 000, 9 999], nominal 5 000;
///   millions / ملايين: [2·10⁶, 9 999 000], nominal 5·10⁶ (high = 10·scale − scale/1000).
/// - "a few" X: [2 X, 5 X], nominal 3 X.
/// - "several" X, "بضع/بضعة" X, "عدة" X: [3 X, 9 X], nominal 5 X (classical بضع = 3–9).
public enum IndefiniteQuantity {
    public static let tens: (low: Double, high: Double, nominal: Double) = (20, 99, 50)
    public static let aFew: (low: Double, high: Double, nominal: Double) = (2, 5, 3)
    public static let several: (low: Double, high: Double, nominal: Double) = (3, 9, 5)
    /// Plural scale words used alone ("hundreds", "مئات"): low 2·scale, high 10·scale − scale/1000
    /// rounded to the scale's last unit, nominal 5·scale.
    static func plural(scale: Double) -> (low: Double, high: Double, nominal: Double) {
        (2 * scale, 10 * scale - max(1, scale / 1000), 5 * scale)
    }
}

/// One area expression found in a text.
///
/// All areas are in km² (converted with ``AreaUnit/squareKilometres``). Offsets are Unicode
/// scalar offsets into the text, end exclusive; the span runs from the leading qualifier (if
/// any) through the unit and any trailing qualifier ("1500 كم مربع تقريبا").
public struct AreaExpression: Sendable, Hashable {
    /// Nominal value in km²: the stated number × scale words × unit size. For indefinite
    /// quantities, the nominal of ``IndefiniteQuantity`` × unit size.
    public var valueKm2: Double
    /// Lower bound in km² implied by the qualifier (0 when the text gives none).
    public var lowerKm2: Double
    /// Upper bound in km², or nil when unbounded ("more than", "at least").
    public var upperKm2: Double?
    public var qualifier: AreaQualifier
    /// The numeral or number word as written ("1500", "١٬٥٠٠", "1.5", "عشرات", "hundreds").
    public var rawNumber: String
    /// The quantity in `unit` after scale words: 313000 for "313 ألف", 1500 for "1.5 thousand".
    public var quantity: Double
    /// True when the quantity is a vague word (tens, hundreds, a few thousand…).
    public var isIndefinite: Bool
    public var unit: AreaUnit
    /// Scalar offset of the first scalar of the expression.
    public var start: Int
    /// Scalar offset one past the last scalar of the expression.
    public var end: Int
    /// The expression exactly as written.
    public var text: String
    /// The qualifier words as written, when there are any.
    public var qualifierText: String?

    public init(valueKm2: Double, lowerKm2: Double, upperKm2: Double?, qualifier: AreaQualifier,
                rawNumber: String, quantity: Double, isIndefinite: Bool, unit: AreaUnit,
                start: Int, end: Int, text: String, qualifierText: String?) {
        self.valueKm2 = valueKm2
        self.lowerKm2 = lowerKm2
        self.upperKm2 = upperKm2
        self.qualifier = qualifier
        self.rawNumber = rawNumber
        self.quantity = quantity
        self.isIndefinite = isIndefinite
        self.unit = unit
        self.start = start
        self.end = end
        self.text = text
        self.qualifierText = qualifierText
    }

    /// Bounds for a quantity range [low, high] in km² under a qualifier (see ``AreaClaimBounds``).
    public static func bounds(low: Double, high: Double, qualifier: AreaQualifier) -> (lower: Double, upper: Double?) {
        let t = AreaClaimBounds.approximateRelativeTolerance
        switch qualifier {
        case .exact: return (low, high)
        case .moreThan, .atLeast: return (low, nil)
        case .lessThan, .upTo: return (0, high)
        case .about: return (low * (1 - t), high * (1 + t))
        }
    }
}
