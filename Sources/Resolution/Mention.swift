import GeoCore
import Gazetteer

/// What a place does in the text.
public enum PlaceRole: String, Sendable, Hashable, Comparable {
    /// Where something happened (a place in the focus country, named as a location).
    case event
    /// A place named without anything happening there in the report's frame (talks in Geneva,
    /// a country named as such).
    case mention
    /// Part of an organisation name or a demonym ("منصة موسكو", "the Syrian army"): kept
    /// without geometry.
    case associative

    var rank: Int { self == .event ? 0 : (self == .mention ? 1 : 2) }
    public static func < (a: PlaceRole, b: PlaceRole) -> Bool { a.rank < b.rank }
}

/// A spatial relation the text states around a mention.
public struct MentionRelation: Sendable, Hashable {
    /// "countryside" (ريف X, X countryside, rural X), "direction" (شرق X, east of X: a sector of
    /// X), "direction_of" (the mention lies in that direction of `other`), "between", "extent_from",
    /// "extent_to", "axis", "list" (shares a plural head noun), "within" (qualified by `other`).
    public var kind: String
    /// Compass point (N, NE, E, …) for directions; nil otherwise.
    public var compass: String?
    /// The other place named by the relation, as written; nil when none.
    public var other: String?
    public init(kind: String, compass: String? = nil, other: String? = nil) {
        self.kind = kind; self.compass = compass; self.other = other
    }
}

/// A place name spotted in a text.
///
/// Offsets count Unicode scalars of the text, `end` exclusive: the text's scalars
/// `start..<end` equal `text`.
public struct Mention: Sendable, Hashable {
    public var start: Int
    public var end: Int
    /// The span exactly as written (a proclitic such as ب or و is left outside the span).
    public var text: String
    /// The folded name used for lookup (head noun included when the text has one).
    public var key: String
    /// The folded name without its head noun (equal to `key` when there is none).
    public var bareKey: String
    /// The type announced by a head noun (تل → hill, سد → dam, village → settlement), or nil.
    public var headType: PlaceType?
    /// True when the name came from a head noun but no gazetteer name covers the span.
    public var fromHeadNoun: Bool
    public var role: PlaceRole
    public var relations: [MentionRelation]
    /// Token range of the span in the tokenised text.
    public var tokens: Range<Int>
    public var sentence: Int
    public var paragraph: Int
    /// True when the name is also a common word (البقر "cows", الثورة "revolution").
    public var isAmbiguousWord: Bool
    /// Indices (into `Gazetteer.places`) of exact-name matches found while spotting.
    public var exactMatches: [Int]
    /// Index of another mention that qualifies this one as its containing area ("X بريف Y").
    public var qualifier: Int?
    /// Index of another mention this one is said to lie near or in a direction of ("X شرق Y").
    public var near: Int?
    /// For associative demonyms: the English place name the demonym refers to.
    public var demonymOf: String?
}

/// One decision of one resolution pass.
public struct PassRecord: Sendable, Hashable {
    /// Pass name: name, common-word, containment, type, focus, prominence, coherence, decision,
    /// fallback.
    public var pass: String
    public var decision: String
    public init(_ pass: String, _ decision: String) { self.pass = pass; self.decision = decision }
}

/// A candidate's place held by reference: the gazetteer's shared `PlaceBox` (what the
/// resolver stores: one reference to retain and release, where a `Place` copy retains each of
/// its strings and arrays — a resolved document holds a few hundred candidates, of which the
/// output reads three per place), or a place assigned through `ScoredCandidate.place`, boxed
/// when assigned.
package enum PlaceHandle: Sendable {
    case gazetteer(PlaceBox)
    case assigned(AssignedPlace)

    package init(_ place: Place) { self = .assigned(AssignedPlace(place)) }

    /// The place (a copy of the record: readers of a few fields use the accessors below,
    /// which read them in place from the box).
    package var place: Place {
        switch self {
        case .gazetteer(let b): return b.place
        case .assigned(let a): return a.place
        }
    }

    @inlinable package var id: String {
        switch self {
        case .gazetteer(let b): return b.place.id
        case .assigned(let a): return a.place.id
        }
    }

    @inlinable package var displayNameEn: String {
        switch self {
        case .gazetteer(let b): return b.place.displayNameEn
        case .assigned(let a): return a.place.displayNameEn
        }
    }

    @inlinable package var position: Position {
        switch self {
        case .gazetteer(let b): return b.place.position
        case .assigned(let a): return a.place.position
        }
    }
}

/// A box for a place assigned through a public setter (`PlaceBox`'s initialiser is the
/// gazetteer's own).
package final class AssignedPlace: Sendable {
    @usableFromInline let place: Place
    init(_ place: Place) { self.place = place }
}

/// A scored gazetteer candidate for a mention.
///
/// Equality and hashing are those of the (place, score, match) value, as if `place` were a
/// stored `Place`: the handle only changes how the record is held.
public struct ScoredCandidate: Sendable, Hashable {
    /// The place, held by reference (see ``PlaceHandle``).
    package var handle: PlaceHandle
    public var place: Place {
        get { handle.place }
        set { handle = PlaceHandle(newValue) }
    }
    public var score: Double
    public var match: MatchKind

    package init(handle: PlaceHandle, score: Double, match: MatchKind) {
        self.handle = handle; self.score = score; self.match = match
    }

    public static func == (a: ScoredCandidate, b: ScoredCandidate) -> Bool {
        a.handle.place == b.handle.place && a.score == b.score && a.match == b.match
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(handle.place)
        hasher.combine(score)
        hasher.combine(match)
    }
}

/// A mention with its resolution.
public struct ResolvedMention: Sendable {
    public var mention: Mention
    /// The chosen place, or nil (the explicit "none" answer).
    public var place: Place?
    /// Candidates best first (the chosen one first when there is one).
    public var candidates: [ScoredCandidate]
    /// What each pass decided, in order.
    public var passes: [PassRecord]
    /// ACLED geo-precision: 1 the place itself, 2 near it / part of a named area, 3 only the admin
    /// area or region. Nil when there is no geometry.
    public var precision: Int?
    /// Radius (km) within which the place is expected to lie around the output point.
    public var uncertaintyKm: Double?
    /// Confidence 0–1 in the placement.
    public var confidence: Double
    /// Why there is no point (or only a coarse one); nil when resolved to the place itself.
    public var reason: String?
    /// An administrative area used as a coarse fallback (precision 3) when `place` is nil.
    public var fallback: Place?

    /// The output point (lon/lat degrees): the place's, else the fallback's, else nil.
    /// Associative mentions have none.
    public var position: Position? {
        if mention.role == .associative { return nil }
        return place?.position ?? fallback?.position
    }
}
