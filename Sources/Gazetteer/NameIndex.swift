import TextAnalysis

/// How a query name met a place name.
public enum MatchKind: String, Hashable, Sendable, Comparable {
    /// The normalised names are equal (article and spelling variants folded).
    case exact
    /// The cross-script consonant skeletons are equal (Arabic ↔ Latin, or two romanisations).
    case crossScript = "cross_script"
    /// The skeletons differ by one edit: the fuzzy retry, scored lowest.
    case fuzzy

    var rank: Int { self == .exact ? 0 : (self == .crossScript ? 1 : 2) }
    public static func < (a: MatchKind, b: MatchKind) -> Bool { a.rank < b.rank }

    /// The base score of a match of this kind, before the ranking passes.
    public var baseScore: Double { self == .exact ? 1.0 : (self == .crossScript ? 0.8 : 0.55) }
}

/// Name keys of every place: exact keys (`NameKey.keys`) and cross-script skeletons
/// (`NameKey.crossScript`), each mapping to place indices. Collected once per data version and
/// stored in an `IndexImage`, which answers the lookups.
enum NameIndex {
    /// Adds the keys of every name of every place (index = position in `places`).
    static func collect(places: [Place], exact: inout [String: [Int32]], skeleton: inout [String: [Int32]]) {
        for (i, p) in places.enumerated() {
            let idx = Int32(i)
            for n in p.allNames {
                for k in NameKey.keys(for: n) where !k.isEmpty { add(&exact, k, idx) }
                let s = NameKey.crossScript(n)
                if s.count >= 2 { add(&skeleton, s, idx) }
            }
        }
    }

    private static func add(_ d: inout [String: [Int32]], _ k: String, _ i: Int32) {
        if let last = d[k]?.last, last == i { return }
        d[k, default: []].append(i)
    }

    /// True when `a` and `b` differ by at most one insertion, deletion or substitution.
    static func withinOneEdit(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        if abs(a.count - b.count) > 1 { return false }
        var i = 0, j = 0, edits = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] { i += 1; j += 1; continue }
            edits += 1
            if edits > 1 { return false }
            if a.count > b.count { i += 1 } else if a.count < b.count { j += 1 } else { i += 1; j += 1 }
        }
        return edits + (a.count - i) + (b.count - j) <= 1
    }
}
