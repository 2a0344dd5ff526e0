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

/// Name keys of every place: exact keys (`NameKey.keys`) and cross-script
/// skeletons (`NameKey.crossScript`), each mapping to place indices.
struct NameIndex: Sendable {
    private(set) var exact: [String: [Int32]] = [:]
    private(set) var skeleton: [String: [Int32]] = [:]
    /// Skeletons grouped by length, for the fuzzy retry.
    private(set) var skeletonsByLength: [Int: [String]] = [:]

    init(places: [Place]) {
        exact.reserveCapacity(places.count * 4)
        skeleton.reserveCapacity(places.count * 3)
        for (i, p) in places.enumerated() {
            let idx = Int32(i)
            for n in p.allNames {
                for k in NameKey.keys(for: n) where !k.isEmpty { Self.add(&exact, k, idx) }
                let s = NameKey.crossScript(n)
                if s.count >= 2 { Self.add(&skeleton, s, idx) }
            }
        }
        for k in skeleton.keys { skeletonsByLength[k.count, default: []].append(k) }
    }

    private static func add(_ d: inout [String: [Int32]], _ k: String, _ i: Int32) {
        if let last = d[k]?.last, last == i { return }
        d[k, default: []].append(i)
    }

    /// Places whose names match `name`, best match kind per place. The fuzzy
    /// retry (skeletons one edit apart, skeleton length ≥ 4) runs only when
    /// `fuzzy` is set and nothing matched exactly or across scripts.
    func lookup(_ name: String, fuzzy: Bool) -> [(index: Int, kind: MatchKind)] {
        var best: [Int: MatchKind] = [:]
        for k in NameKey.keys(for: name) {
            for i in exact[k] ?? [] { best[Int(i)] = .exact }
        }
        let s = NameKey.crossScript(name)
        for i in skeleton[s] ?? [] where best[Int(i)] == nil { best[Int(i)] = .crossScript }
        if best.isEmpty, fuzzy, s.count >= 4 {
            let q = Array(s.unicodeScalars)
            for len in (q.count - 1)...(q.count + 1) {
                for cand in skeletonsByLength[len] ?? [] where Self.withinOneEdit(q, Array(cand.unicodeScalars)) {
                    for i in skeleton[cand] ?? [] where best[Int(i)] == nil { best[Int(i)] = .fuzzy }
                }
            }
        }
        return best.map { ($0.key, $0.value) }.sorted { $0.index < $1.index }
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
