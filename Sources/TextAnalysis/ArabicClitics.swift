/// One way to split an Arabic word into proclitics and a stem:
/// [و|ف]? [ب|ل|ك]? [ال]? stem, with لل = ل + ال (the article's alef elided after ل).
public struct Segmentation: Sendable, Hashable {
    /// The folded proclitic letters, e.g. "وال", "ب", "لل"; "" for the whole word.
    public let prefix: String
    /// The folded stem; "" for a detached proclitic written with tatweel ("لـ", "بـ").
    public let stem: String
    /// Whether the prefix ends with the article (ال, or the ل of لل).
    public let hasArticle: Bool
    /// How many Unicode scalars of the *original* token text the prefix covers (letters and
    /// any harakat/tatweel attached to them). The stem starts at `token.start + prefixScalarCount`.
    public let prefixScalarCount: Int

    public init(prefix: String, stem: String, hasArticle: Bool, prefixScalarCount: Int) {
        self.prefix = prefix
        self.stem = stem
        self.hasArticle = hasArticle
        self.prefixScalarCount = prefixScalarCount
    }
}

/// Proclitic analysis of folded Arabic words.
///
/// Rules (all plausible splits are kept; the geoparser chooses by gazetteer lookup):
/// - conjunction و or ف, then optionally preposition ب, ل or ك, then optionally the article ال;
///   ل followed by ل is ل + article (للرقة → ل + ل + رقة);
/// - a split without the article needs a stem of ≥ 3 letters (بريف → ب + ريف, but حلب is not
///   ح… and لب stays whole); a split with the article needs ≥ 2 letters (الحي → ال + حي);
/// - the whole word is always the first segmentation; the others follow by increasing prefix.
public enum ArabicClitics {
    static let waw: UInt32 = 0x0648, fa: UInt32 = 0x0641, ba: UInt32 = 0x0628
    static let lam: UInt32 = 0x0644, kaf: UInt32 = 0x0643, alef: UInt32 = 0x0627

    /// Prefix splits of a folded word given as scalar values: (prefix letter count, has article).
    /// The whole word (0, false) comes first. `allowEmptyStem` adds splits that leave nothing
    /// (for a proclitic detached with tatweel: "لـ", "وبالـ").
    static func splits(_ w: [UInt32], allowEmptyStem: Bool = false) -> [(Int, Bool)] {
        w.withUnsafeBufferPointer { b in
            var s = Splits()
            splits(b, allowEmptyStem: allowEmptyStem, into: &s)
            return (0..<s.count).map { s[$0] }
        }
    }

    /// At most `capacity` splits without allocation: (prefix letter count, has article), in
    /// the order of `splits(_:allowEmptyStem:)`.
    struct Splits {
        static let capacity = 8
        private var lens: (Int8, Int8, Int8, Int8, Int8, Int8, Int8, Int8) = (0, 0, 0, 0, 0, 0, 0, 0)
        private var arts: UInt8 = 0
        private(set) var count = 0
        subscript(i: Int) -> (Int, Bool) {
            let l = withUnsafeBytes(of: lens) { Int(Int8(bitPattern: $0[i])) }
            return (l, arts & (1 << i) != 0)
        }
        func contains(len: Int) -> Bool { (0..<count).contains { self[$0].0 == len } }
        mutating func append(_ len: Int, _ art: Bool) {
            guard count < Self.capacity else { return }
            withUnsafeMutableBytes(of: &lens) { $0[count] = UInt8(bitPattern: Int8(len)) }
            if art { arts |= 1 << count }
            count += 1
        }
        /// Sorts by prefix length (lengths are distinct).
        mutating func sort() {
            var items = (0..<count).map { self[$0] }
            items.sort { $0.0 < $1.0 }
            self = Splits()
            for (l, a) in items { append(l, a) }
        }
    }

    /// `splits(_:allowEmptyStem:)` of `w` into `out` (which must be empty). Prefixes are at
    /// most 4 letters long and distinct, so `Splits.capacity` always suffices.
    static func splits(_ w: UnsafeBufferPointer<UInt32>, allowEmptyStem: Bool, into out: inout Splits) {
        out.append(0, false)
        let n = w.count
        func add(_ len: Int, _ art: Bool) {
            let stem = n - len
            guard len > 0, len <= n, stem >= (art ? 2 : 3) || (allowEmptyStem && stem == 0) else { return }
            if !out.contains(len: len) { out.append(len, art) }
        }
        let maxConj = n > 0 && (w[0] == waw || w[0] == fa) ? 1 : 0
        for c in 0...maxConj {
            let maxPrep = c < n && (w[c] == ba || w[c] == lam || w[c] == kaf) ? 1 : 0
            for p in 0...maxPrep {
                let i = c + p
                if p == 1, w[c] == lam, i < n, w[i] == lam {
                    add(i + 1, true) // لل: ل + (ا)ل
                    continue
                }
                if i + 1 < n, w[i] == alef, w[i + 1] == lam { add(i + 2, true) }
                add(i, false)
            }
        }
        if out.count > 2 { out.sort() }
    }

    /// All segmentations of an already folded Arabic word (no harakat), e.g. "والرقه" →
    /// whole word, و + الرقه, وال + رقه. `prefixScalarCount` equals the prefix letter count here.
    public static func segmentations(ofFolded word: String) -> [Segmentation] {
        let w = word.unicodeScalars.map(\.value)
        return splits(w).map { len, art in
            Segmentation(prefix: String(String.UnicodeScalarView(word.unicodeScalars.prefix(len))),
                         stem: String(String.UnicodeScalarView(word.unicodeScalars.dropFirst(len))),
                         hasArticle: art, prefixScalarCount: len)
        }
    }
}
