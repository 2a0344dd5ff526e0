import GeoCore
import Gazetteer
import TextAnalysis
import Foundation

/// FNV-1a (64-bit) over UTF-8 bytes; `continuing` extends a hash with more bytes, so the hash of
/// "a b" is `fnv(" b", continuing: fnv("a"))`. Never 0 (0 marks an empty slot).
@inline(__always)
func fnv(_ s: String, continuing h0: UInt64 = 0xcbf29ce484222325) -> UInt64 {
    // Native and small strings expose their UTF-8 contiguously (the fast path); the loop over
    // `utf8` gives the same bytes otherwise.
    if let h = s.utf8.withContiguousStorageIfAvailable({ fnvBytes($0, continuing: h0) }) { return h }
    var h = h0
    for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
    return h == 0 ? 1 : h
}
/// `fnv` of raw bytes.
@inline(__always)
func fnvBytes(_ bytes: UnsafeBufferPointer<UInt8>, continuing h0: UInt64 = 0xcbf29ce484222325) -> UInt64 {
    var h = h0
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
    return h == 0 ? 1 : h
}
/// True when the UTF-8 bytes of `a` and `b` are equal (no Unicode normalisation: folded keys
/// and token texts compare as written).
@inline(__always)
func sameBytes(_ a: String, _ b: String) -> Bool {
    let r = a.utf8.withContiguousStorageIfAvailable { pa in
        b.utf8.withContiguousStorageIfAvailable { pb in
            pa.count == pb.count && (pa.count == 0 || memcmp(pa.baseAddress!, pb.baseAddress!, pa.count) == 0)
        }
    }
    if let r, let r2 = r { return r2 }
    return a.utf8.elementsEqual(b.utf8)
}
@inline(__always)
func fnvSpace(_ h0: UInt64) -> UInt64 { let h = (h0 ^ 0x20) &* 0x100000001b3; return h == 0 ? 1 : h }

/// A folded string keyed by its UTF-8 bytes: folded keys need no Unicode-normalising hash
/// (Swift's `String` hashing normalises non-ASCII text, which dominates spotting otherwise).
/// The FNV-1a hash is computed once; equality compares it before the bytes.
struct FastKey: Hashable, Sendable {
    let s: String
    let h: UInt64
    init(_ s: String) { self.s = s; self.h = fnv(s) }
    /// A key whose hash `h` is known to be `fnv(s)`.
    init(_ s: String, hash h: UInt64) { self.s = s; self.h = h }
    static func == (a: FastKey, b: FastKey) -> Bool { a.h == b.h && sameBytes(a.s, b.s) }
    func hash(into hasher: inout Hasher) { hasher.combine(h) }
}

/// A fixed set of folded words probed by `FastKey` without a `Hasher` round: open addressing on
/// the keys' FNV-1a hashes (as `WordAnalyses`), bytes compared on a hash hit. Same answers as
/// `Set<FastKey>.contains` (whose equality is the same: hash, then bytes).
struct FastKeySet: Sendable {
    /// `hashes[i]` (0 = empty slot) and the word in `keys[i]`; at most half full.
    private let hashes: [UInt64]
    private let keys: [String]
    private let mask: Int

    init<S: Sequence>(_ words: S) where S.Element == FastKey {
        let unique = Array(Set(words))
        var cap = 8
        while cap < unique.count * 2 { cap <<= 1 }
        var hs = [UInt64](repeating: 0, count: cap), ks = [String](repeating: "", count: cap)
        for k in unique {
            var i = Self.start(k.h, cap - 1)
            while hs[i] != 0 { i = (i + 1) & (cap - 1) }
            hs[i] = k.h; ks[i] = k.s
        }
        hashes = hs; keys = ks; mask = cap - 1
    }

    @inline(__always) private static func start(_ h: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    func contains(_ k: FastKey) -> Bool {
        var i = Self.start(k.h, mask)
        while true {
            let x = hashes[i]
            if x == 0 { return false }
            if x == k.h && sameBytes(keys[i], k.s) { return true }
            i = (i + 1) & mask
        }
    }
}

/// Exact-name keys of every gazetteer name (the exact part of `Gazetteer.lookup`), with the set of
/// word prefixes so that longest-match spotting stops as soon as no name can continue.
/// Built once per gazetteer data version (cached on disk through `Gazetteer.derivedData`, so a
/// process does not fold every name at start-up); spotting then costs one probe of an
/// open-addressing table of 64-bit key hashes per candidate span (the key bytes are compared
/// only on a hit). Stored as flat arrays, which serialise as they are.
struct SpotIndex: Sendable {
    /// A key's entry: the places it names exactly (empty when none) and whether a longer name
    /// starts with it (the key is a word prefix of a longer name).
    struct Entry: Sendable { var places: [Int32]; var isPrefix: Bool }
    /// The index's arrays, built by the initialisers.
    private struct Tables {
        /// Key e: UTF-8 `keyBytes[keyOff[e]..<keyOff[e+1]]`, places `postings[postOff[e]..<postOff[e+1]]`.
        var keyBytes: [UInt8] = []
        var keyOff: [UInt32] = [0]
        var postings: [Int32] = []
        var postOff: [UInt32] = [0]
        var isPrefix: [UInt8] = []
        /// Open addressing, linear probing: `hashes[i]` (0 = empty) and the entry index in `slots[i]`.
        var hashes: [UInt64] = []
        var slots: [Int32] = []
        var mask = 0
        /// One bit per (hash >> 40) value, set for every key: most probes (keys no name has) stop
        /// here without touching the large table.
        var filter: [UInt64] = []
        var filterMask: UInt64 = 0
        /// admin1 code → first admin1 place; country code → first country place (for coarse
        /// fallbacks; kept here so that they are cached with the index).
        var admin1Places: [String: Int] = [:]
        var countryPlaces: [String: Int] = [:]
    }
    /// The tables in one immutable object: a copy of the index (every `Spotter` holds one, and
    /// closures over a spotter copy it) costs one retain instead of one per array.
    private final class Box: Sendable {
        let t: Tables
        init(_ t: Tables) { self.t = t }
    }
    private let box: Box
    @inline(__always) private var keyBytes: [UInt8] { box.t.keyBytes }
    @inline(__always) private var keyOff: [UInt32] { box.t.keyOff }
    @inline(__always) private var postings: [Int32] { box.t.postings }
    @inline(__always) private var postOff: [UInt32] { box.t.postOff }
    @inline(__always) private var isPrefix: [UInt8] { box.t.isPrefix }
    @inline(__always) private var hashes: [UInt64] { box.t.hashes }
    @inline(__always) private var slots: [Int32] { box.t.slots }
    @inline(__always) private var mask: Int { box.t.mask }
    @inline(__always) private var filter: [UInt64] { box.t.filter }
    @inline(__always) private var filterMask: UInt64 { box.t.filterMask }
    var admin1Places: [String: Int] { box.t.admin1Places }
    var countryPlaces: [String: Int] { box.t.countryPlaces }
    static let maxWords = 5
    /// Format of `serialized()`; bump when the layout or the key functions change.
    static let version: UInt32 = 1

    var count: Int { isPrefix.count }

    /// The index of `g`, from the cache when valid (see `Gazetteer.derivedData`).
    static func cached(_ g: Gazetteer, directory: URL?) -> SpotIndex {
        let n = g.places.count
        return g.derivedData(name: "spotindex", version: version, directory: directory,
                             decode: { SpotIndex(serialized: $0, placeCount: n) },
                             build: { SpotIndex(g).serialized() }) ?? SpotIndex(g)
    }

    init(_ g: Gazetteer) {
        var t = Tables()
        var byKey: [FastKey: Int] = [:]
        var keys: [String] = []
        var places: [[Int32]] = []
        var prefix: [Bool] = []
        func entry(_ k: String) -> Int {
            let fk = FastKey(k)
            if let e = byKey[fk] { return e }
            byKey[fk] = keys.count; keys.append(k); places.append([]); prefix.append(false); return keys.count - 1
        }
        var a1: [String: Int] = [:], c: [String: Int] = [:]
        for (i, p) in g.places.enumerated() {
            if p.type == .admin1, !p.admin1.code.isEmpty, a1[p.admin1.code] == nil { a1[p.admin1.code] = i }
            if p.type == .country, !p.country.isEmpty, c[p.country] == nil { c[p.country] = i }
            for name in p.allNames {
                for k in Self.keys(name) {
                    let x = entry(k)
                    places[x].append(Int32(i))
                    let words = k.split(separator: " ")
                    if words.count > 1 {
                        for n in 1..<min(words.count, Self.maxWords) {
                            let x = entry(words[0..<n].joined(separator: " "))
                            prefix[x] = true
                        }
                    }
                }
            }
        }
        t.admin1Places = a1; t.countryPlaces = c
        for e in places.indices where places[e].count > 1 { places[e] = Array(Set(places[e])).sorted() }
        t.keyBytes.reserveCapacity(keys.count * 12)
        for (e, k) in keys.enumerated() {
            t.keyBytes.append(contentsOf: k.utf8); t.keyOff.append(UInt32(t.keyBytes.count))
            t.postings.append(contentsOf: places[e]); t.postOff.append(UInt32(t.postings.count))
            t.isPrefix.append(prefix[e] ? 1 : 0)
        }
        var cap = 16
        while cap < keys.count * 2 { cap <<= 1 }
        t.mask = cap - 1
        t.hashes = Array(repeating: 0, count: cap); t.slots = Array(repeating: -1, count: cap)
        // 8 filter bits per key.
        var bits = 64
        while bits < keys.count * 8 { bits <<= 1 }
        t.filterMask = UInt64(bits - 1)
        t.filter = Array(repeating: 0, count: bits / 64)
        for (e, k) in keys.enumerated() {
            let h = fnv(k)
            var i = Int(truncatingIfNeeded: h) & t.mask
            while t.hashes[i] != 0 { i = (i + 1) & t.mask }
            t.hashes[i] = h; t.slots[i] = Int32(e)
            let b = (h >> 40) & t.filterMask
            t.filter[Int(b >> 6)] |= 1 << (b & 63)
        }
        box = Box(t)
    }

    // MARK: - Serialisation

    /// Layout (little-endian): entry count n, table capacity, filter words, key-byte count,
    /// posting count; keyOff (n+1 u32), postOff (n+1 u32), isPrefix (n u8), key bytes, postings
    /// (i32), hashes (u64), slots (i32), filter (u64); then admin1 and country maps
    /// (count, then code string and u32 place index each), ordered by code.
    func serialized() -> [UInt8] {
        var w = SpotWriter()
        w.u32(UInt32(count)); w.u32(UInt32(hashes.count)); w.u32(UInt32(filter.count))
        w.u32(UInt32(keyBytes.count)); w.u32(UInt32(postings.count))
        w.array(keyOff); w.array(postOff); w.array(isPrefix); w.array(keyBytes); w.array(postings)
        w.array(hashes); w.array(slots); w.array(filter)
        for d in [admin1Places, countryPlaces] {
            w.u32(UInt32(d.count))
            for (k, v) in d.sorted(by: { $0.key < $1.key }) {
                w.u32(UInt32(k.utf8.count)); w.bytes.append(contentsOf: k.utf8); w.u32(UInt32(v))
            }
        }
        return w.bytes
    }

    /// Decodes `serialized()` output; nil when it is malformed or names a place ≥ `placeCount`.
    init?(serialized b: UnsafeRawBufferPointer, placeCount: Int) {
        var r = SpotReader(bytes: b)
        guard let n = r.u32(), let cap = r.u32(), let fw = r.u32(), let kb = r.u32(), let pc = r.u32(),
              cap > 0, cap & (cap - 1) == 0, fw > 0, fw & (fw - 1) == 0, Int(cap) >= Int(n),
              let ko: [UInt32] = r.array(Int(n) + 1), let po: [UInt32] = r.array(Int(n) + 1),
              let ip: [UInt8] = r.array(Int(n)), let kbytes: [UInt8] = r.array(Int(kb)),
              let ps: [Int32] = r.array(Int(pc)), let hs: [UInt64] = r.array(Int(cap)),
              let sl: [Int32] = r.array(Int(cap)), let fl: [UInt64] = r.array(Int(fw)) else { return nil }
        // Offsets start at 0, never decrease and end at the section sizes; every posting and
        // slot is in range.
        guard ko.first == 0, po.first == 0, ko.last == kb, po.last == pc,
              zip(ko, ko.dropFirst()).allSatisfy({ $0 <= $1 }), zip(po, po.dropFirst()).allSatisfy({ $0 <= $1 }),
              ps.allSatisfy({ $0 >= 0 && Int($0) < placeCount }),
              zip(hs, sl).allSatisfy({ $0.0 == 0 || ($0.1 >= 0 && UInt32($0.1) < n) }) else { return nil }
        var maps: [[String: Int]] = []
        for _ in 0..<2 {
            guard let c = r.u32() else { return nil }
            var d: [String: Int] = [:]
            for _ in 0..<c {
                guard let l = r.u32(), let s: [UInt8] = r.array(Int(l)), let v = r.u32(), Int(v) < placeCount else { return nil }
                d[String(decoding: s, as: UTF8.self)] = Int(v)
            }
            maps.append(d)
        }
        guard r.offset == b.count else { return nil }
        box = Box(Tables(keyBytes: kbytes, keyOff: ko, postings: ps, postOff: po, isPrefix: ip, hashes: hs, slots: sl,
                         mask: Int(cap) - 1, filter: fl, filterMask: UInt64(fw) * 64 - 1,
                         admin1Places: maps[0], countryPlaces: maps[1]))
    }

    // MARK: - Lookup

    /// The entry number of key `k` whose hash is `h` (`fnv(k)`), or nil; see `places(_:)`,
    /// `hasPlaces(_:)`, `isPrefix(_:)`.
    @inline(__always)
    func find(_ k: String, hash h: UInt64) -> Int? {
        if let e = k.utf8.withContiguousStorageIfAvailable({ find(utf8: $0, hash: h) }) { return e }
        return probe(h) { e in keyBytes[Int(keyOff[e])..<Int(keyOff[e + 1])].elementsEqual(k.utf8) }
    }

    /// `find` of the key whose UTF-8 bytes are `q` (and whose hash `h` is `fnvBytes(q)`), for
    /// keys composed in a byte buffer without building a `String`.
    @inline(__always)
    func find(utf8 q: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int? {
        probe(h) { e in
            let lo = Int(keyOff[e]), hi = Int(keyOff[e + 1])
            return keyBytes.withUnsafeBufferPointer { kb -> Bool in
                q.count == hi - lo && (q.count == 0 || memcmp(kb.baseAddress! + lo, q.baseAddress!, q.count) == 0)
            }
        }
    }

    /// The open-addressing probe shared by the look-ups: the first entry whose stored hash is `h`
    /// and for which `matches` is true, or nil (the Bloom-style filter answers most misses).
    @inline(__always)
    private func probe(_ h: UInt64, _ matches: (Int) -> Bool) -> Int? {
        let b = (h >> 40) & filterMask
        guard filter[Int(b >> 6)] & (1 << (b & 63)) != 0 else { return nil }
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let x = hashes[i]
            if x == 0 { return nil }
            if x == h {
                let e = Int(slots[i])
                if matches(e) { return e }
            }
            i = (i + 1) & mask
        }
    }

    func find(_ k: String) -> Int? { find(k, hash: fnv(k)) }

    /// The entry number of the key `first` + (" " + w for w in `rest`), whose hash is `h`, or
    /// nil: `find(([first] + rest).joined(separator: " "), hash: h)` without building the key.
    func find(_ first: String, _ rest: [String], hash h: UInt64) -> Int? {
        probe(h) { keyEquals($0, first, rest) }
    }

    /// True when entry `e`'s key is `first` + (" " + w for w in `rest`), byte for byte.
    private func keyEquals(_ e: Int, _ first: String, _ rest: [String]) -> Bool {
        let end = Int(keyOff[e + 1])
        var o = Int(keyOff[e])
        return keyBytes.withUnsafeBufferPointer { kb -> Bool in
            func eat(_ s: String) -> Bool {
                var s = s
                return s.withUTF8 { q in
                    guard q.count <= end - o, q.count == 0 || memcmp(kb.baseAddress! + o, q.baseAddress!, q.count) == 0 else { return false }
                    o += q.count
                    return true
                }
            }
            guard eat(first) else { return false }
            for w in rest {
                guard o < end, kb[o] == 0x20 else { return false }
                o += 1
                guard eat(w) else { return false }
            }
            return o == end
        }
    }

    /// The places entry `e` names exactly (empty when none).
    func places(_ e: Int) -> [Int32] { Array(postings[Int(postOff[e])..<Int(postOff[e + 1])]) }
    @inline(__always) func hasPlaces(_ e: Int) -> Bool { postOff[e + 1] > postOff[e] }
    /// Whether a longer name starts with entry `e`'s key (it is a word prefix of a longer name).
    @inline(__always) func isPrefix(_ e: Int) -> Bool { isPrefix[e] != 0 }

    /// The entry of `k`, or nil.
    func entry(_ k: String) -> Entry? { find(k).map { Entry(places: places($0), isPrefix: isPrefix($0)) } }

    /// Places named exactly by `k` (nil when none).
    func exact(_ k: String) -> [Int32]? {
        guard let e = find(k), hasPlaces(e) else { return nil }
        return places(e)
    }

    /// The keys used for spans: Arabic names folded with the article stripped from every word;
    /// Latin names by the romanisation key without article.
    static func keys(_ name: String) -> [String] {
        if name.unicodeScalars.contains(where: { ArabicNormalizer.isArabicLetter($0.value) }) {
            let w = WordLists.foldKey(name).split(separator: " ").map { stripArticle(String($0)) }
            return w.isEmpty ? [] : [w.joined(separator: " ")]
        }
        let k = LatinNormalizer.romanisationKey(name, keepArticle: false)
        return k.isEmpty ? [] : [k]
    }

    /// A folded Arabic word without a leading ال when ≥ 2 letters remain (as `NameKey`).
    static func stripArticle(_ word: String) -> String {
        // ا = D8 A7, ل = D9 84 in UTF-8; at least two scalars must follow.
        let u = word.utf8
        guard u.count >= 6 else { return word }
        var it = u.makeIterator()
        guard it.next() == 0xD8, it.next() == 0xA7, it.next() == 0xD9, it.next() == 0x84 else { return word }
        // At least two scalars after the article: two bytes that do not continue a sequence.
        var starts = 0
        for b in u.dropFirst(4) where b & 0xC0 != 0x80 { starts += 1; if starts == 2 { break } }
        guard starts >= 2 else { return word }
        return String(decoding: u.dropFirst(4), as: UTF8.self)
    }
}

/// Finds place mentions in tokenised text.
/// A head noun as found in the text: definite ones (التلال، القرى) announce no name.
struct FoundHead {
    let phrase: String, language: String, type: String, isPlural: Bool, definite: Bool
}
extension FoundHead {
    init(_ h: HeadNoun) { self.init(phrase: h.phrase, language: h.language, type: h.type, isPlural: h.isPlural, definite: false) }
}
typealias HeadNounAlias = FoundHead

/// A phrase table indexed by its first word, so that matching a phrase at a token costs one
/// dictionary probe and byte comparisons of the following tokens, without building any string.
/// Same answers as `PhraseTable.longestMatch(words, from: 0)` for `words` = the first word and
/// the (at most two) following folded tokens.
struct PhraseIndex<Value: Sendable>: Sendable {
    struct Entry: Sendable { let rest: [String]; let value: Value }
    /// First word → phrases starting with it, longest first.
    let byFirst: [FastKey: [Entry]]

    init(_ t: PhraseTable<Value>) {
        var d: [FastKey: [Entry]] = [:]
        for (k, v) in t.entries {
            let w = k.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            // `PhraseTable.longestMatch` never tries more than `maxWords` words.
            guard let f = w.first, w.count <= t.maxWords else { continue }
            d[FastKey(f), default: []].append(Entry(rest: Array(w.dropFirst()), value: v))
        }
        for (k, v) in d { d[k] = v.sorted { $0.rest.count > $1.rest.count } }
        byFirst = d
    }

    /// The longest phrase whose first word is `first` and whose other words are the folded
    /// tokens `following` (at most `following.count` of them, in order).
    func longestMatch(_ first: String, _ toks: [Token], following: Range<Int>) -> (value: Value, count: Int)? {
        guard let es = byFirst[FastKey(first)] else { return nil }
        return longestMatch(in: es, toks, following: following)
    }

    /// `longestMatch(first, …)` given `byFirst[FastKey(first)]` (`es`).
    func longestMatch(in es: [Entry], _ toks: [Token], following: Range<Int>) -> (value: Value, count: Int)? {
        for e in es where e.rest.count <= following.count {
            var ok = true
            for (n, w) in e.rest.enumerated() where !sameBytes(w, toks[following.lowerBound + n].normalized) {
                ok = false; break
            }
            if ok { return (e.value, e.rest.count + 1) }
        }
        return nil
    }
}

/// The phrase tables indexed by first word, built once per geoparser.
struct FirstWords: Sendable {
    let head: PhraseIndex<HeadNoun>, relation: PhraseIndex<RelationWord>, associative: PhraseIndex<String>
    let demonym: FastKeySet
    /// `WordLists.ambiguousNames` keyed by bytes.
    let ambiguous: FastKeySet
    init(_ l: WordLists) {
        ambiguous = FastKeySet(l.ambiguousNames.map(FastKey.init))
        head = PhraseIndex(l.headNouns)
        relation = PhraseIndex(l.relations)
        associative = PhraseIndex(l.associativeMarkers)
        // Demonym keys, and those with the article also without it: a stem s is a candidate when
        // "ال" + s or s is a demonym.
        var d = Set<FastKey>()
        for k in l.demonyms.entries.keys {
            d.insert(FastKey(k))
            let u = Array(k.utf8)
            if u.count > 4, u[0] == 0xD8, u[1] == 0xA7, u[2] == 0xD9, u[3] == 0x84 {
                d.insert(FastKey(String(decoding: u[4...], as: UTF8.self)))
            }
        }
        demonym = FastKeySet(d)
    }
}

/// What spotting needs of a word that depends on the word alone (its written form): stems,
/// article-less forms, demonym, and whether a head-noun / relation / associative phrase can
/// start at it. Immutable; a class so that each token's reference costs one retain.
final class WordInfo: Sendable {
    let stems: [(stem: String, prefix: String, skip: Int)]
    let stripped: String
    let strippedStems: [String]
    /// For each of `strippedStems`: its `fnv` hash and its `SpotIndex` entry (-1: none), set by
    /// `Spotter` (the memo belongs to one geoparser, hence one index).
    let stemHashes: [UInt64]
    let stemEntries: [Int32]
    /// Some stem is a `SpotIndex` key (`stemEntries` has an entry): only then can an Arabic
    /// name start at the word. Stored in the object itself so that the many words that start
    /// none are passed over without reading the arrays (each a separate, often uncached, object).
    let anyStemEntry: Bool
    let demSkip: Int
    let demPlace: String?
    let mayHead: Bool, mayRel: Bool, mayAssoc: Bool
    /// The phrase-table lookups of the word's stems (`PhraseIndex.byFirst`), which depend on
    /// the word alone; see `PhraseStarts`.
    let phrases: PhraseStarts
    /// Latin words: their part of the span keys of Latin names (nil for other scripts).
    let latin: LatinWord?
    init(stems: [(stem: String, prefix: String, skip: Int)], stripped: String, strippedStems: [String],
         stemHashes: [UInt64], stemEntries: [Int32], demSkip: Int,
         demPlace: String?, mayHead: Bool, mayRel: Bool, mayAssoc: Bool, phrases: PhraseStarts, latin: LatinWord?) {
        self.stems = stems; self.stripped = stripped; self.strippedStems = strippedStems; self.demSkip = demSkip
        self.stemHashes = stemHashes; self.stemEntries = stemEntries
        anyStemEntry = stemEntries.contains { $0 >= 0 }
        self.demPlace = demPlace; self.mayHead = mayHead; self.mayRel = mayRel; self.mayAssoc = mayAssoc
        self.phrases = phrases; self.latin = latin
    }
}

/// What Latin spotting needs of a Latin word as written, so that a candidate span's key is
/// composed from the words' bytes instead of `LatinNormalizer.romanisationKey` of the span's
/// joined text.
///
/// A Latin token holds letters, combining marks and inner apostrophes, never a separator, so
/// `LatinNormalizer.fold` of the span "w1 w2 … wn" (token texts joined by spaces) is the folds
/// of the words joined by spaces, and `romanisationKey(span, keepArticle: false)` is
/// `romanisedWord(fold(wk))` for every word, joined by spaces, except the articles among
/// w1…w(n−1), which are dropped. This holds byte for byte when each fold is one ASCII word
/// (then splitting the span's fold on " " Characters splits it at exactly those spaces); for
/// other words `key` is nil and spans through them take the plain path.
struct LatinWord: Sendable {
    /// The written word starts with an uppercase scalar (Latin names start with a capital).
    let capitalised: Bool
    /// `LatinNormalizer.romanisedWord` of the word's fold, UTF-8 (nil: see the type).
    let key: [UInt8]?
    /// The fold is an article (`LatinNormalizer.articles`): dropped when another word follows.
    let isArticle: Bool
    /// The `SpotIndex` entry of `key` alone, the key of a one-word span (-1: none).
    let entry: Int32

    init(_ text: String, index: SpotIndex) {
        capitalised = text.unicodeScalars.first?.properties.isUppercase ?? false
        let f = LatinNormalizer.fold(text)
        guard !f.isEmpty, f.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x20 }) else {
            key = nil; isArticle = false; entry = -1; return
        }
        let k = LatinNormalizer.romanisedWord(f)
        key = Array(k.utf8)
        isArticle = LatinNormalizer.articles.contains(f)
        entry = index.find(k).map(Int32.init) ?? -1
    }
}

/// Per stem of a word (in `WordInfo.stems` order): the phrase-table entries starting with the
/// stem and, for head nouns, with the stem without its article (nil: none, or the same word),
/// whether it is ارياف (with or without the article), and whether it is تنتهي / ينتهي. Empty
/// arrays for a word where no phrase of that table can start.
struct PhraseStarts: Sendable {
    var head: [[PhraseIndex<HeadNoun>.Entry]?] = [], headNoArt: [[PhraseIndex<HeadNoun>.Entry]?] = []
    var aryaf: [Bool] = []
    var relation: [[PhraseIndex<RelationWord>.Entry]?] = [], endsTo: [Bool] = []
    var associative: [[PhraseIndex<String>.Entry]?] = []
}

/// `WordInfo` by written word, shared by all documents of a geoparser (thread-safe); values are
/// pure functions of the word and the geoparser's word lists, so the memo never changes a
/// result. It stops growing at `limit` words (then computes without storing).
///
/// An open-addressing table keyed by the words' FNV-1a hashes (`FastKey.h`, computed once per
/// token) with the bytes compared on a hash hit: no `Hasher` round per lookup.
final class WordAnalyses: @unchecked Sendable {
    private let lock = NSLock()
    /// `hashes[i]` (0 = empty slot), the word and its analyses in `keys[i]`, `values[i]`.
    private var hashes: [UInt64]
    private var keys: [String]
    private var values: [WordInfo?]
    private var count = 0
    let limit: Int
    init(limit: Int = 200_000) {
        self.limit = limit
        hashes = Array(repeating: 0, count: 1024); keys = Array(repeating: "", count: 1024)
        values = Array(repeating: nil, count: 1024)
    }

    /// The slot of `k`, or the empty slot where it would go (the table is never full).
    private func slot(_ k: FastKey) -> Int { Self.slot(k, hashes, keys) }

    /// `slot` on the given arrays (callers that probe many keys pass them once: reading the
    /// class's stored arrays on every probe costs an exclusivity check each).
    private static func slot(_ k: FastKey, _ hashes: [UInt64], _ keys: [String]) -> Int {
        let mask = hashes.count - 1
        var i = Int(truncatingIfNeeded: (k.h &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        while true {
            let x = hashes[i]
            if x == 0 || (x == k.h && sameBytes(keys[i], k.s)) { return i }
            i = (i + 1) & mask
        }
    }

    private func insert(_ k: FastKey, _ v: WordInfo) {
        let i = slot(k)
        if hashes[i] != 0 { values[i] = v; return }
        hashes[i] = k.h; keys[i] = k.s; values[i] = v; count += 1
        if count * 2 > hashes.count {
            // Double the table and re-insert every word.
            let (oh, ok, ov) = (hashes, keys, values)
            hashes = Array(repeating: 0, count: oh.count * 2); keys = Array(repeating: "", count: oh.count * 2)
            values = Array(repeating: nil, count: oh.count * 2)
            for j in oh.indices where oh[j] != 0 {
                let s = slot(FastKey(ok[j], hash: oh[j]))
                hashes[s] = oh[j]; keys[s] = ok[j]; values[s] = ov[j]
            }
        }
    }

    /// The stored analyses of `keys` (nil where none is stored, or where the key is nil), under
    /// one lock acquisition.
    func known(_ keys: [FastKey?]) -> [WordInfo?] {
        lock.lock(); defer { lock.unlock() }
        let (hs, ks, vs) = (hashes, self.keys, values)
        return keys.map { k in k.flatMap { vs[Self.slot($0, hs, ks)] } }
    }

    /// Stores analyses (while below `limit`), under one lock acquisition.
    func store(_ items: [(FastKey, WordInfo)]) {
        guard !items.isEmpty else { return }
        lock.lock(); defer { lock.unlock() }
        for (k, v) in items where count < limit { insert(k, v) }
    }
}

struct Spotter {
    let first: FirstWords
    let placesRef: PlaceList
    let index: SpotIndex
    let lists: WordLists
    /// The document; mention texts are cut from its UTF-8 by the tokens' byte offsets.
    let text: String
    let toks: [Token]

    typealias Stem = (stem: String, prefix: String, skip: Int)
    /// Per token: the analyses of its word (nil for tokens that are not words).
    private(set) var infos: [WordInfo?] = []
    /// Phrase matches starting at each token, stored sparsely (few tokens start one): the
    /// number of token i's match in `heads` / `rels` (-1: none), so that the per-token arrays
    /// hold no references.
    private(set) var headAt: [Int32] = []
    private(set) var heads: [(skip: Int, prefix: String, count: Int, noun: FoundHead)] = []
    private(set) var relAt: [Int32] = []
    private(set) var rels: [(count: Int, rel: Rel)] = []
    private(set) var assocCache: [Int?] = []
    /// Per token, the two questions `spot()` asks of every word first, answered from its
    /// analyses by `init` (which reads them anyway): `canStartName` (Arabic: some stem is a
    /// spotting key, `WordInfo.anyStemEntry`; Latin: capitalised) and `hasDemonym`. Spotting then
    /// reads one byte per token and the word's object (one of thousands on the heap, mostly
    /// not in cache) only for the few words these flags let through.
    private(set) var wordFlags: [UInt8] = []
    static let canStartName: UInt8 = 1, hasDemonym: UInt8 = 2

    let headTypes: SharedMemo<PlaceType?>
    /// The country a single foreign-looking match must belong to to survive the stop-word
    /// check (ISO alpha-2; "SY" unless the caller knows the document's focus).
    var focus = "SY"

    init(index: SpotIndex, lists: WordLists, first: FirstWords, places: PlaceList, headTypes: SharedMemo<PlaceType?>,
         words: WordAnalyses, text: String, tokens: [Token]) {
        self.index = index; self.lists = lists; self.placesRef = places; self.first = first; self.headTypes = headTypes
        self.text = text; self.toks = tokens
        // Every per-token analysis once (spotting consults them several times), and the
        // analyses that depend on the word alone once per distinct word of the document (its
        // written form, which determines script, folding and segmentations): stems, article-less
        // forms, demonym, and whether a head-noun / relation / associative phrase can start
        // there at all (only then is the phrase, which depends on the following tokens, matched).
        // Distinct words are shared across documents through `words` (a memo of the geoparser),
        // looked up and stored under one lock per document.
        let n = tokens.count
        let keys: [FastKey?] = (0..<n).map { isWord($0) ? FastKey(tokens[$0].text) : nil }
        var infos = words.known(keys)
        var made: [(FastKey, WordInfo)] = []
        var madeHere: [FastKey: WordInfo] = [:]
        for i in 0..<n where infos[i] == nil {
            guard let key = keys[i] else { continue }
            if let w = madeHere[key] { infos[i] = w; continue }
            let t = tokens[i]
            let ss = computeStems(i)
            let rel = ss.contains { first.relation.byFirst[FastKey($0.stem)] != nil || same($0.stem, "تنتهي") || same($0.stem, "ينتهي") }
            let assoc = ss.contains { first.associative.byFirst[FastKey($0.stem)] != nil }
            let dem = computeDemonym(i)
            let sst = ss.map { SpotIndex.stripArticle($0.stem) }
            let hs = sst.map { fnv($0) }
            let mayHead = ss.contains { isHeadFirstWord($0.stem) }
            var ph = PhraseStarts()
            if mayHead {
                ph.head = ss.map { first.head.byFirst[FastKey($0.stem)] }
                ph.headNoArt = zip(ss, sst).map { same($1, $0.stem) ? nil : first.head.byFirst[FastKey($1)] }
                ph.aryaf = zip(ss, sst).map { same($0.stem, "ارياف") || same($1, "ارياف") }
            }
            if rel {
                ph.relation = ss.map { first.relation.byFirst[FastKey($0.stem)] }
                ph.endsTo = ss.map { same($0.stem, "تنتهي") || same($0.stem, "ينتهي") }
            }
            if assoc { ph.associative = ss.map { first.associative.byFirst[FastKey($0.stem)] } }
            let w = WordInfo(stems: ss,
                             stripped: t.script == .arabic ? SpotIndex.stripArticle(t.normalized) : t.normalized,
                             strippedStems: sst, stemHashes: hs,
                             stemEntries: zip(sst, hs).map { index.find($0, hash: $1).map(Int32.init) ?? -1 },
                             demSkip: dem?.skip ?? 0, demPlace: dem?.place,
                             mayHead: mayHead, mayRel: rel, mayAssoc: assoc, phrases: ph,
                             latin: t.script == .latin ? LatinWord(t.text, index: index) : nil)
            infos[i] = w
            madeHere[key] = w
            made.append((key, w))
        }
        words.store(made)
        self.infos = infos
        // (Phrase matches read `infos` through `stems`.)
        var headAt = [Int32](repeating: -1, count: n), relAt = [Int32](repeating: -1, count: n)
        var assoc = [Int?](repeating: nil, count: n)
        var flags = [UInt8](repeating: 0, count: n)
        for i in 0..<n {
            guard let w = infos[i] else { continue }
            if w.latin?.capitalised ?? w.anyStemEntry { flags[i] |= Self.canStartName }
            if w.demPlace != nil { flags[i] |= Self.hasDemonym }
            if w.mayHead, let h = computeHeadNoun(i) { headAt[i] = Int32(heads.count); heads.append(h) }
            if w.mayRel, let r = computeRelation(i) { relAt[i] = Int32(rels.count); rels.append(r) }
            if w.mayAssoc { assoc[i] = computeAssociative(i) }
        }
        self.headAt = headAt; self.relAt = relAt; assocCache = assoc; wordFlags = flags
    }

    /// Stems of token `i` (see `computeStems`); empty for tokens that are not words.
    func stems(_ i: Int) -> [Stem] { infos[i]?.stems ?? [] }
    /// Arabic words: the folded word without its article (`SpotIndex.stripArticle`); other
    /// tokens: the folded token.
    func stripped(_ i: Int) -> String { infos[i]?.stripped ?? toks[i].normalized }
    func headNoun(at i: Int) -> (skip: Int, prefix: String, count: Int, noun: FoundHead)? {
        guard i < headAt.count, headAt[i] >= 0 else { return nil }
        return heads[Int(headAt[i])]
    }
    func relation(at i: Int) -> (count: Int, rel: Rel)? {
        guard i < relAt.count, relAt[i] >= 0 else { return nil }
        return rels[Int(relAt[i])]
    }
    func associative(at i: Int) -> Int? { i < assocCache.count ? assocCache[i] : nil }
    func demonym(at i: Int) -> (skip: Int, place: String)? {
        guard i < wordFlags.count, wordFlags[i] & Self.hasDemonym != 0, let w = infos[i], let p = w.demPlace else { return nil }
        return (w.demSkip, p)
    }

    func isWord(_ i: Int) -> Bool { i >= 0 && i < toks.count && (toks[i].script == .arabic || toks[i].script == .latin) }

    /// Stems of a token: Arabic segmentations (whole word first), or the folded Latin word.
    func computeStems(_ i: Int) -> [Stem] {
        let t = toks[i]
        if t.script == .arabic {
            var out: [Stem] = []
            out.reserveCapacity(t.segmentations.count + 1)
            for s in t.segmentations where !s.stem.isEmpty { out.append((s.stem, s.prefix, s.prefixScalarCount)) }
            // Two-letter head nouns behind a proclitic (وتل، بتل، وسد، بحي): ArabicClitics keeps
            // a stem of ≥ 3 letters only, so split them here when the word has no harakat.
            // Only words of 3 or 4 letters can split so (≤ 16 UTF-8 bytes).
            if t.normalized.utf8.count <= 16, let f = t.normalized.unicodeScalars.first,
               f.value == 0x0648 || f.value == 0x0641 || f.value == 0x0628 || f.value == 0x0644 || f.value == 0x0643 {
                let w = Array(t.normalized.unicodeScalars)
                if (w.count == 3 || w.count == 4), t.text.unicodeScalars.count == w.count {
                    func procl(_ u: Unicode.Scalar) -> Bool {
                        switch u.value { case 0x0648, 0x0641, 0x0628, 0x0644, 0x0643: return true // و ف ب ل ك
                        default: return false }
                    }
                    for n in 1...2 where w.count - n == 2 && w[0..<n].allSatisfy(procl) {
                        var rest = String.UnicodeScalarView(); rest.append(contentsOf: w[n...])
                        var pre = String.UnicodeScalarView(); pre.append(contentsOf: w[..<n])
                        let stem = String(rest)
                        if isHeadFirstWord(stem), !out.contains(where: { $0.stem == stem }) { out.append((stem, String(pre), n)) }
                    }
                }
            }
            return out.isEmpty ? [(t.normalized, "", 0)] : out
        }
        return [(t.normalized, "", 0)]
    }

    /// True when `w` begins a head-noun phrase, with or without the article (the former
    /// first-word set of head nouns: first words, "ال" + first words, and ارياف).
    func isHeadFirstWord(_ w: String) -> Bool {
        if first.head.byFirst[FastKey(w)] != nil || same(w, "ارياف") { return true }
        let u = w.utf8
        guard u.count > 4 else { return false }
        var it = u.makeIterator()
        guard it.next() == 0xD8, it.next() == 0xA7, it.next() == 0xD9, it.next() == 0x84 else { return false }
        return first.head.byFirst[FastKey(String(decoding: u.dropFirst(4), as: UTF8.self))] != nil
    }

    /// The text of scalars `a..<b` of the document, where `a` lies in (or at the end of) token
    /// `ta` and `b` is the end of a token or lies in one: cut from the UTF-8 bytes by the tokens'
    /// byte offsets (`Token.utf8Start`), walking only the scalars of those tokens.
    func slice(_ a: Int, _ b: Int) -> String {
        let u = text.utf8
        // (Offsets out of the text's range only with tokens of another text: nothing to cut.)
        guard a >= 0, a < b, let ba = byteOffset(a), let bb = byteOffset(b), ba <= bb, bb <= u.count else { return "" }
        return String(decoding: u[u.index(u.startIndex, offsetBy: ba)..<u.index(u.startIndex, offsetBy: bb)], as: UTF8.self)
    }

    /// The UTF-8 offset of scalar offset `s` of the document, when `s` lies within a token
    /// (start and end included); otherwise found by walking the document's scalars (nil past
    /// its end).
    func byteOffset(_ s: Int) -> Int? {
        // The last token starting at or before `s` (tokens are in text order).
        var lo = 0, hi = toks.count
        while lo < hi { let mid = (lo + hi) / 2; if toks[mid].start <= s { lo = mid + 1 } else { hi = mid } }
        if lo > 0 {
            let t = toks[lo - 1]
            if s == t.end { return t.utf8End }
            if s < t.end {
                var b = t.utf8Start, k = t.start
                for sc in t.text.unicodeScalars {
                    if k == s { break }
                    b += UTF8.width(sc); k += 1
                }
                return b
            }
        }
        var b = 0, k = 0
        for sc in text.unicodeScalars {
            if k == s { return b }
            b += UTF8.width(sc); k += 1
        }
        return k == s ? b : nil
    }

    /// True when tokens `a` and `b` (a < b) are joined by nothing but a hyphen written without spaces.
    /// Byte equality of folded strings (no Unicode normalisation needed: folded text has no marks).
    @inline(__always) func same(_ a: String, _ b: String) -> Bool { sameBytes(a, b) }

    func isHyphen(_ i: Int) -> Bool { toks[i].script == .other && same(toks[i].normalized, "-") }

    func hyphenJoined(_ a: Int, _ b: Int) -> Bool {
        b == a + 2 && isHyphen(a + 1) && toks[a].end == toks[a + 1].start && toks[a + 1].end == toks[b].start
    }

    /// Longest gazetteer name starting at token `i` (first word with any proclitic split).
    /// Returns the number of scalars skipped (proclitic), the token count, key and places.
    func longestMatch(at i: Int, allowClitics: Bool = true) -> (skip: Int, prefix: String, count: Int, key: String, places: [Int32])? {
        // Latin names start with a capital letter; Arabic ones with a stem that is a key.
        guard isWord(i), wordFlags[i] & Self.canStartName != 0 else { return nil }
        if toks[i].script == .latin { return latinMatch(at: i) }
        var best: (Int, String, Int, String, [Int32])?
        guard let info = infos[i] else { return nil }
        for n0 in info.stems.indices {
            if n0 > 0 && !allowClitics { break }
            // A stem that is no key (most words) starts no name: nothing to try.
            guard info.stemEntries[n0] >= 0 else { continue }
            let seg = info.stems[n0]
            // The span's key grows one word at a time (words joined by single spaces), and so
            // does its hash. The first word's key, hash and entry come with the word's analyses.
            // The key is k0 + (" " + w for w in rest); it is only built for a match.
            let k0 = info.strippedStems[n0]
            var rest: [String] = []
            var h = info.stemHashes[n0]
            var e: Int? = info.stemEntries[n0] >= 0 ? Int(info.stemEntries[n0]) : nil
            var words = 1
            var j = i
            while true {
                if words > 1 { e = index.find(k0, rest, hash: h) }
                if let e, index.hasPlaces(e), (best?.2 ?? 0) < j - i + 1 {
                    best = (seg.skip, seg.prefix, j - i + 1, rest.isEmpty ? k0 : ([k0] + rest).joined(separator: " "), index.places(e))
                }
                guard words < SpotIndex.maxWords, let e, index.isPrefix(e) else { break }
                var nj = j + 1
                if nj < toks.count, isHyphen(nj), hyphenJoined(j, nj + 1) { nj += 1 }
                guard nj < toks.count, toks[nj].script == .arabic else { break }
                let w = stripped(nj)
                rest.append(w)
                h = fnv(w, continuing: fnvSpace(h))
                words += 1
                j = nj
            }
        }
        return best.map { ($0.0, $0.1, $0.2, $0.3, $0.4) }
    }

    /// `longestMatch` at a capitalised Latin word `i`: the longest span of up to
    /// `SpotIndex.maxWords` Latin words (hyphen-joined words included) whose romanisation key
    /// names a place, trying one more word while the key is a prefix of a longer name (and
    /// always a second word). The span keys are composed in one byte buffer from the words'
    /// `LatinWord` keys (see that type) and probed by bytes; a key `String` is built only for a
    /// match. Same answers as `latinMatchPlain(at:)`, which it falls back to when a word of the
    /// run has no byte key.
    func latinMatch(at i: Int) -> (skip: Int, prefix: String, count: Int, key: String, places: [Int32])? {
        // The span keys are built in a buffer on the stack; a longer key (no gazetteer name is)
        // takes the plain path.
        let capacity = 256
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buf in
            var best: (skip: Int, prefix: String, count: Int, key: String, places: [Int32])?
            // `buf[0..<committed]`: the key of the words before the last (articles dropped),
            // `kept` words; the last word's key follows it, up to `end`.
            var committed = 0, kept = 0, end = 0, words = 0
            var j = i, last = i, lastIsArticle = false
            while j < toks.count, words < SpotIndex.maxWords {
                if toks[j].script != .latin { if words > 0, hyphenJoined(last, j + 1) { j += 1; continue } else { break } }
                guard let w = infos[j]?.latin, let key = w.key else { return latinMatchPlain(at: i) }
                if words > 0, !lastIsArticle {
                    // The previous word stays in the key of every longer span.
                    committed = end; kept += 1
                }
                // (An article before this word is dropped from the key.)
                end = committed
                guard end + 1 + key.count <= capacity else { return latinMatchPlain(at: i) }
                if kept > 0 { buf[end] = 0x20; end += 1 }
                for b in key { buf[end] = b; end += 1 }
                words += 1; last = j; lastIsArticle = w.isArticle
                // An article inside a name ("Deir ez-Zor", "Ras al-Ain") is dropped from the keys
                // of longer spans, so the span that ends on it is no key nor key prefix: walk on
                // to the next word (the matcher used to stop there, and "Deir" alone matched a
                // village in Turkey).
                if words > 1, w.isArticle, isArticleInsideName(j) { j += 1; continue }
                let q = UnsafeBufferPointer(rebasing: buf[0..<end])
                let e: Int?
                if words == 1 { e = w.entry >= 0 ? Int(w.entry) : nil }
                else { e = index.find(utf8: q, hash: fnvBytes(q)) }
                if let e, index.hasPlaces(e) { best = (0, "", j - i + 1, String(decoding: q, as: UTF8.self), index.places(e)) }
                if !(e.map(index.isPrefix) ?? false) && words > 1 { break }
                j += 1
            }
            return best
        }
    }

    /// The plain form of `latinMatch(at:)`: each span's text (the words as written, joined by
    /// spaces) through `LatinNormalizer.romanisationKey` and looked up as a `String`.
    func latinMatchPlain(at i: Int) -> (skip: Int, prefix: String, count: Int, key: String, places: [Int32])? {
        var best: (skip: Int, prefix: String, count: Int, key: String, places: [Int32])?
        var j = i, words: [Int] = []
        while j < toks.count, words.count < SpotIndex.maxWords {
            if toks[j].script != .latin { if let last = words.last, hyphenJoined(last, j + 1) { j += 1; continue } else { break } }
            words.append(j)
            if words.count > 1, isArticleInsideName(j) { j += 1; continue }
            let span = words.map { toks[$0].text }.joined(separator: " ")
            let k = LatinNormalizer.romanisationKey(span, keepArticle: false)
            let e = index.find(k)
            if let e, index.hasPlaces(e) { best = (0, "", j - i + 1, k, index.places(e)) }
            if !(e.map(index.isPrefix) ?? false) && words.count > 1 { break }
            j += 1
        }
        return best
    }

    /// Romanised articles that are also English words ("in", "at", "as", "an", …): inside a name
    /// only when hyphenated to the next word ("Ras al-Ain", but "Aleppo in the north" goes on no further).
    static let englishArticleWords: Set<String> = ["l", "in", "it", "is", "as", "at", "an", "us", "un", "ad", "ed", "en", "er", "id", "ur", "ut", "ud"]

    /// True when Latin token `j` is a romanised article that a longer name may run through:
    /// "ez" in "Deir ez-Zor", "al" in "Ras al Ain"; an English word only with its hyphen
    /// ("as-Sham", but not "as" in "known as Sham").
    func isArticleInsideName(_ j: Int) -> Bool {
        let w = toks[j].normalized
        guard LatinNormalizer.articles.contains(w) else { return false }
        return !Self.englishArticleWords.contains(w) || (j + 2 < toks.count && hyphenJoined(j, j + 2))
    }

    /// The (at most two) tokens after `i` that a phrase starting at `i` may continue into.
    func following(_ i: Int) -> Range<Int> { (i + 1)..<min(toks.count, i + 3) }

    /// A head noun at token `i` (through a proclitic for Arabic).
    func computeHeadNoun(_ i: Int) -> (skip: Int, prefix: String, count: Int, noun: FoundHead)? {
        guard isWord(i) else { return nil }
        let ss = stems(i)
        let following = following(i)
        // Only words with a stem that begins a head-noun phrase (`WordInfo.mayHead`) get here.
        // The table lookups of each stem come with the word (`PhraseStarts`, filled for every
        // word that may start a head noun): the same entries `byFirst` gives for the stem and
        // for it without its article. (Read through the word's object: copying `PhraseStarts`
        // out of it would retain each of its arrays.)
        guard let w = infos[i], w.phrases.head.count == ss.count else { return nil }
        for (n0, seg) in ss.enumerated() {
            if let es = w.phrases.head[n0], let m = first.head.longestMatch(in: es, toks, following: following) { return (seg.skip, seg.prefix, m.count, FoundHead(m.value)) }
            if let es = w.phrases.headNoArt[n0], let m = first.head.longestMatch(in: es, toks, following: following), m.value.type != "modifier" {
                return (seg.skip, seg.prefix, m.count, FoundHead(phrase: m.value.phrase, language: m.value.language, type: m.value.type, isPlural: m.value.isPlural, definite: m.value.language == "ar"))
            }
            if w.phrases.aryaf[n0] {
                return (seg.skip, seg.prefix, 1, FoundHead(phrase: "ارياف", language: "ar", type: "countryside", isPlural: true, definite: false))
            }
        }
        return nil
    }

    struct Rel { let relation: String; let compass: String?; let language: String }
    func computeRelation(_ i: Int) -> (count: Int, rel: Rel)? {
        guard isWord(i) else { return nil }
        let following = following(i)
        let ss = stems(i)
        guard let w = infos[i], w.phrases.relation.count == ss.count else { return nil }
        for n0 in ss.indices {
            if let es = w.phrases.relation[n0], let m = first.relation.longestMatch(in: es, toks, following: following) {
                return (m.count, Rel(relation: m.value.relation, compass: m.value.compass, language: m.value.language))
            }
            if w.phrases.endsTo[n0] { return (1, Rel(relation: "to", compass: nil, language: "ar")) }
        }
        return nil
    }

    func computeAssociative(_ i: Int) -> Int? {
        guard isWord(i) else { return nil }
        let following = following(i)
        let ss = stems(i)
        guard let w = infos[i], w.phrases.associative.count == ss.count else { return nil }
        for n0 in ss.indices {
            if let es = w.phrases.associative[n0], let m = first.associative.longestMatch(in: es, toks, following: following) { return m.count }
        }
        return nil
    }

    func computeDemonym(_ i: Int) -> (skip: Int, place: String)? {
        guard isWord(i) else { return nil }
        if toks[i].script == .latin {
            return lists.demonyms[toks[i].normalized].map { (0, $0) }
        }
        let segs = toks[i].segmentations
        guard segs.contains(where: { first.demonym.contains(FastKey($0.stem)) }) else { return nil }
        for seg in segs where !seg.stem.isEmpty {
            // Adjectives carry the article (السوري); a bare سورية is the country's name.
            let w = seg.hasArticle ? "ال" + seg.stem : seg.stem
            if w.hasPrefix("ال"), let p = lists.demonyms[w] { return (seg.prefixScalarCount - (seg.hasArticle ? 2 : 0), p) }
        }
        return nil
    }

    /// A one-word name that matched the gazetteer exactly: a place here when a locative word or
    /// proclitic precedes it (في، ب، من، إلى، in, at, …), when it opens a dateline ("جنيف- "), or
    /// when one of its places is prominent (a country, a governorate, a curated conflict place,
    /// a city of ≥ 500,000). Common words that happen to be village names elsewhere drop out.
    func plausibleSingle(_ i: Int, _ places: [Int32], prefix: String) -> Bool {
        if toks[i].script == .latin {
            // An all-capitals word is an acronym (SDF, YPG, SANA): a place only as a country's (UAE).
            if !isCapitalisedName(toks[i].text) {
                return places.contains { placesRef.box(at: Int($0)).place.type == .country }
            }
            if continuesProperName(i) { return false }
        }
        if places.contains(where: { p in
            let b = placesRef.box(at: Int(p))
            return b.place.type == .country || b.place.type == .admin1 || b.place.population >= 500_000 || b.place.id.hasPrefix("cm:seed:")
        }) { return true }
        let t = toks[i]
        // A locative proclitic on the matched word itself (بجنيف، للرقة), not the article's ل.
        // (Folded proclitics are letters without marks: one scalar per character.)
        let clitic = prefix.unicodeScalars
        var letters = clitic.count
        if letters >= 2, clitic.reversed().starts(with: ["ل", "ا"]) { letters -= 2 }
        if clitic.prefix(letters).contains(where: { $0 == "ب" || $0 == "ل" }) { return true }
        if i > 0, isWord(i - 1), isLocative(toks[i - 1].normalized) { return true }
        if i + 1 < toks.count, isHyphen(i + 1), i == 0 || toks[i - 1].paragraph != t.paragraph { return true }
        if t.script == .latin, i > 0, Self.locatives.contains(FastKey(toks[i - 1].normalized)) { return true }
        // English marks names with a capital (only capitalised Latin words are looked up at all):
        // inside a sentence ("Government forces entered Manbij", "Rebels shelled Douma") such a
        // word that names a place of the report's country is that place, with or without a
        // preposition. At a sentence's start the capital says nothing (acronyms and the ends of
        // longer names were turned away above).
        if t.script == .latin, !isSentenceStart(i),
           places.contains(where: { placesRef.box(at: Int($0)).place.country == focus }) { return true }
        return false
    }

    /// True when no word of token `i`'s sentence comes before it (punctuation such as an opening
    /// quote may).
    func isSentenceStart(_ i: Int) -> Bool {
        var k = i - 1
        while k >= 0, toks[k].sentence == toks[i].sentence {
            if isWord(k) { return false }
            k -= 1
        }
        return true
    }

    /// True for the last word of a longer proper name that the gazetteer does not know as a whole:
    /// token `i` follows an article of a name (`isArticleInsideName`: "al", "al-", "ash-") that
    /// follows a capitalised word of the same sentence ("Hayat Tahrir al-Sham", "Ahrar al-Sham":
    /// not Damascus, which Arabic calls الشام). Names the gazetteer knows whole ("Deir al-Zor",
    /// "Maarat al-Numan") match before this is asked.
    func continuesProperName(_ i: Int) -> Bool {
        let k = i >= 2 && isHyphen(i - 1) ? i - 2 : i - 1
        guard k >= 1, toks[k].sentence == toks[i].sentence, toks[k].script == .latin, isArticleInsideName(k) else { return false }
        let w = k - 1
        return isWord(w) && toks[w].script == .latin && toks[w].sentence == toks[i].sentence && isCapitalisedName(toks[w].text)
    }

    /// A word written as a name: an upper-case first letter and at least one lower-case letter
    /// ("Manbij", "Deir", "al-Bab" is not; "SDF" is not).
    func isCapitalisedName(_ w: String) -> Bool {
        guard let f = w.unicodeScalars.first, f.properties.isUppercase else { return false }
        return w.unicodeScalars.contains { $0.properties.isLowercase }
    }
    /// Arabic function words (folded) that are also names of places abroad (وأن → Van, Turkey).
    /// Checked for the whole word and for its stem after a proclitic.
    static let stopWords = FastKeySet([
        "أن", "إن", "أنه", "إنه", "أنها", "إنها", "وأن", "وإن", "بأن", "لأن", "كأن", "فإن", "فأن",
        "كان", "كانت", "يكون", "تكون", "قد", "لقد", "لم", "لن", "ما", "لا", "إذ", "إذا", "أو", "أم",
        "ثم", "حيث", "كما", "كل", "بعض", "أي", "غير", "هذا", "هذه", "ذلك", "تلك", "هو", "هي", "هم",
        "التي", "الذي", "الذين", "عن", "على", "علي", "إلى", "مع", "منذ", "عند", "بعد", "قبل", "ضد",
        "حول", "خلال", "دون", "لدى", "كي", "لكن", "لكي", "بل", "أيضا", "فقط", "هناك", "هنا",
    ].map { FastKey(WordLists.foldKey($0)) })

    /// Common Arabic adjectives (folded, without the article) that follow a head noun: "مطار دولي"
    /// is an international airport, not a place called دولي.
    static let adjectives = FastKeySet([
        "دولي", "دولية", "عسكري", "عسكرية", "مدني", "مدنية", "جديد", "جديدة", "قديم", "قديمة",
        "كبير", "كبيرة", "صغير", "صغيرة", "رئيسي", "رئيسية", "حيوي", "حيوية", "استراتيجي",
        "استراتيجية", "زراعي", "زراعية", "صناعي", "صناعية", "سكني", "سكنية", "محلي", "محلية",
        "مجاور", "مجاورة", "قريب", "قريبة", "بعيد", "بعيدة", "مهم", "مهمة", "هام", "هامة",
        "واسع", "واسعة", "كامل", "كاملة", "سابق", "سابقة", "حربي", "حربية", "مدمر", "مدمرة",
        "محاصر", "محاصرة", "مهجور", "مهجورة", "آخر", "أخرى", "عدة", "عديدة", "حدودي", "حدودية",
    ].map { FastKey(WordLists.foldKey($0)) })

    func isStopWord(_ i: Int, prefix: String, key: String) -> Bool {
        // The stop words are Arabic: no other token (nor its key) is one.
        guard toks[i].script == .arabic else { return false }
        // The key too: ألوان "colours" reaches وان through the article, as وأن does.
        if Self.stopWords.contains(FastKey(toks[i].normalized)) || Self.stopWords.contains(FastKey(key)) { return true }
        return stems(i).contains { same($0.prefix, prefix) && Self.stopWords.contains(FastKey($0.stem)) }
    }

    /// True when token `k` is an Arabic adjective of `adjectives` as written (no proclitic).
    func isAdjective(_ k: Int) -> Bool {
        toks[k].script == .arabic && Self.adjectives.contains(FastKey(toks[k].normalized))
    }

    static let locatives = FastKeySet(["في", "من", "الى", "حتى", "قرب", "بين", "نحو", "داخل", "in", "at", "near", "from", "to", "into", "outside", "around"].map(FastKey.init))

    /// True when the folded word `w` is a locative, also behind the conjunctions و/ف ("وفي",
    /// "فمن"): ArabicClitics keeps stems of ≥ 3 letters only, so such words are not split.
    func isLocative(_ w: String) -> Bool {
        if Self.locatives.contains(FastKey(w)) { return true }
        var u = Substring(w).utf8
        // و = D9 88, ف = D9 81 in UTF-8; at most two such letters.
        for _ in 0..<2 {
            guard u.count > 2, u.first == 0xD9, let b = u.dropFirst().first, b == 0x88 || b == 0x81 else { return false }
            u = u.dropFirst(2)
            if Self.locatives.contains(FastKey(String(decoding: u, as: UTF8.self))) { return true }
        }
        return false
    }

    static let joiners = [",", "،", "-", "–", "—", "and", "و", "or"]
    func isJoiner(_ i: Int) -> Bool {
        let n = toks[i].normalized
        // Byte comparisons: none of these words has another canonically equivalent spelling.
        return Self.joiners.contains { same(n, $0) }
    }

    /// True when mention `b` continues a list with `a`: only joiners between them, or an Arabic و
    /// proclitic on `b`'s first word.
    func continues(_ a: Mention, _ b: Mention, bPrefix: String) -> Bool {
        continues(a.tokens, b.tokens, bPrefix: bPrefix)
    }

    /// `continues` of mentions over the tokens `a` and `b` (which is all it reads of them).
    func continues(_ a: Range<Int>, _ b: Range<Int>, bPrefix: String) -> Bool {
        let between = a.upperBound..<b.lowerBound
        if between.isEmpty { return bPrefix.utf8.starts(with: "و".utf8) } // folded: no marks
        // "X, Y and the Z oil field": the English article after a joiner keeps the chain.
        var gap = between
        if gap.count >= 2, same(toks[gap.upperBound - 1].normalized, "the") { gap = gap.lowerBound..<(gap.upperBound - 1) }
        return gap.count <= 2 && gap.allSatisfy(isJoiner)
    }

    /// Relations before a one-word name that make it a place even when it is also a common word.
    static let strongKinds: Set<String> = ["direction", "between", "from", "to", "near", "countryside"]

    /// The text of tokens `a..<b` from `skip` scalars into token `a`: `slice(toks[a].start + skip,
    /// toks[b - 1].end)`, with the byte offsets of token boundaries taken from the tokens (a
    /// whole single token is its own text).
    func span(_ a: Int, skip: Int, _ b: Int) -> String {
        guard skip == 0, a < b, b <= toks.count else { return slice(toks[a].start + skip, toks[b - 1].end) }
        if b == a + 1 { return toks[a].text }
        let u = text.utf8
        let ba = toks[a].utf8Start, bb = toks[b - 1].utf8End
        guard ba <= bb, bb <= u.count else { return slice(toks[a].start, toks[b - 1].end) }
        return String(decoding: u[u.index(u.startIndex, offsetBy: ba)..<u.index(u.startIndex, offsetBy: bb)], as: UTF8.self)
    }

    func spot() -> [Mention] {
        var out: [Mention] = []
        var prefixes: [String] = []
        var pending: (rel: MentionRelation, until: Int)?
        var assocUntil = -1
        var i = 0
        let n = toks.count

        func add(_ a: Int, skip: Int, _ b: Int, key: String, bare: String, head: PlaceType?, fromHead: Bool,
                 places: [Int32], prefix: String, ambiguous: Bool = false, demonym: String? = nil) {
            let start = toks[a].start + skip, end = toks[b - 1].end
            var m = Mention(start: start, end: end, text: span(a, skip: skip, b), key: key, bareKey: bare, headType: head,
                            fromHeadNoun: fromHead, role: .event, relations: [], tokens: a..<b,
                            sentence: toks[a].sentence, paragraph: toks[a].paragraph, isAmbiguousWord: ambiguous,
                            exactMatches: places.map(Int.init), qualifier: nil, near: nil, demonymOf: demonym)
            if let p = pending, a <= p.until { m.relations.append(p.rel); pending = nil }
            if a <= assocUntil || demonym != nil { m.role = .associative }
            // (The previous mention is read in place: a copy of a `Mention` retains its strings.)
            if let p = out.indices.last, continues(out[p].tokens, m.tokens, bPrefix: prefix) {
                for r in out[p].relations where (r.kind == "between" || r.kind == "axis" || r.kind == "list") && !m.relations.contains(r) {
                    m.relations.append(r)
                }
                if out[p].role == .associative && demonym == nil { m.role = .associative }
            }
            out.append(m); prefixes.append(prefix)
        }

        while i < n {
            guard isWord(i) else { i += 1; continue }
            if let d = demonym(at: i) {
                let k = toks[i].normalized
                add(i, skip: d.skip, i + 1, key: k, bare: k, head: nil, fromHead: false, places: [], prefix: "", demonym: d.place)
                i += 1; continue
            }
            let head = headNoun(at: i)
            if let m = longestMatch(at: i), !(head != nil && m.count <= head!.count) {
                let word = toks[i].normalized
                let stemWithArt = SpotIndex.stripArticle(m.key)
                let ambiguous = m.count == 1 && (first.ambiguous.contains(FastKey(word)) || first.ambiguous.contains(FastKey("ال" + stemWithArt))
                                                 || first.ambiguous.contains(FastKey(stemWithArt)))
                let strong = pending.map { Self.strongKinds.contains($0.rel.kind) && i <= $0.until } ?? false
                let shortWord = m.count == 1 && m.key.unicodeScalars.count < 3
                let functionWord = m.count == 1 && (associative(at: i) != nil || relation(at: i) != nil)
                // A grammatical word (وأن، لأن، كان) that is also a foreign place's name (Van): not a
                // place. Places of the focus country are kept.
                let stopWord = m.count == 1 && isStopWord(i, prefix: m.prefix, key: m.key)
                    && !m.places.contains { placesRef.box(at: Int($0)).place.country == focus }
                if (ambiguous && !strong) || shortWord || functionWord || stopWord || (m.count == 1 && !strong && !plausibleSingle(i, m.places, prefix: m.prefix)) {
                    // A common word, not a place here.
                } else {
                    let ht = headTypes.get(m.key) { Gazetteer.headNounType(of: $0) }
                    add(i, skip: m.skip, i + m.count, key: m.key, bare: m.key, head: ht, fromHead: false,
                        places: m.places, prefix: m.prefix, ambiguous: ambiguous)
                    i += m.count; continue
                }
            }
            if let h = head {
                let t = h.noun.type
                let j0 = i + h.count
                if t == "modifier" { i = j0; continue }
                if t == "axis", h.noun.language != "ar", let last = out.indices.last, out[last].tokens.upperBound == i {
                    // "the Sin airport–Dhadha axis": every name of the joined run lies on the axis.
                    var k = last
                    while k >= 0 {
                        if !out[k].relations.contains(where: { $0.kind == "axis" }) { out[k].relations.append(MentionRelation(kind: "axis")) }
                        if k > 0, continues(out[k - 1], out[k], bPrefix: prefixes[k]) { k -= 1 } else { break }
                    }
                    i = j0; continue
                }
                if t == "countryside" || t == "axis" {
                    pending = (MentionRelation(kind: t), j0 + 1)
                    if t == "countryside", h.noun.language == "en", let last = out.indices.last,
                       out[last].tokens.upperBound == i {
                        // "the Raqqa countryside": the relation belongs to the name before.
                        out[last].relations.append(MentionRelation(kind: "countryside")); pending = nil
                    }
                    i = j0; continue
                }
                let type = PlaceType(headNounType: t)
                var j = j0
                if h.noun.language == "en", j < n, same(toks[j].normalized, "of") { j += 1 }
                if h.noun.language == "en" && !(j > j0) {
                    // English head nouns follow the name: "Uqayribat village", "Foo hill".
                    if let last = out.indices.last, out[last].tokens.upperBound == i, out[last].headType == nil {
                        out[last].headType = type
                        out[last].end = toks[j0 - 1].end
                        out[last].text = slice(out[last].start, out[last].end)
                        out[last].tokens = out[last].tokens.lowerBound..<j0
                    } else if i > 0, toks[i - 1].script == .latin, let f = toks[i - 1].text.unicodeScalars.first,
                              f.properties.isUppercase, out.last.map({ $0.tokens.upperBound <= i - 1 }) ?? true {
                        let k = toks[i - 1].normalized
                        add(i - 1, skip: 0, j0, key: k + " " + h.noun.phrase, bare: k, head: type, fromHead: true, places: [], prefix: "")
                    }
                    i = j0; continue
                }
                if h.noun.definite { i = j0; continue }
                let headText = h.noun.phrase
                var first = true
                var k = j
                // The name (or the list of names that share a plural head noun).
                while k < n, isWord(k) {
                    var segPrefix = ""
                    if !first {
                        // Continue only through "و" + a name that is not itself a head noun or relation.
                        guard toks[k].script == .arabic, let s = stems(k).first(where: { same($0.prefix, "و") }),
                              lists.headNouns[s.stem] == nil, relation(at: k) == nil else { break }
                        segPrefix = "و"
                    }
                    if first, headNoun(at: k) != nil || relation(at: k) != nil || associative(at: k) != nil { break }
                    // "مطار دولي", "قرية صغيرة": an adjective describes the head noun, it names nothing.
                    if first, isAdjective(k) { break }
                    if demonym(at: k) != nil { break }
                    let m = longestMatch(at: k, allowClitics: !first)
                    let cnt = m?.count ?? 1
                    if m == nil {
                        // A name no gazetteer knows: after a plural head noun only as part of a list
                        // ("تلال رغيلة والبقر"), and a list item only when a boundary follows it
                        // (not "وتحرير مناطق …", a verbal noun governing the next word).
                        let next = k + 1
                        let boundary = next >= n || !isWord(next) || (toks[next].script == .arabic && stems(next).contains { same($0.prefix, "و") })
                            || toks[next].sentence != toks[k].sentence
                        if !boundary && !(first && !h.noun.isPlural) { break }
                        if first && h.noun.isPlural {
                            let nextIsListItem = next < n && toks[next].script == .arabic && stems(next).contains { same($0.prefix, "و") }
                            if !nextIsListItem { break }
                        }
                        if toks[k].script == .latin, let f = toks[k].text.unicodeScalars.first, !f.properties.isUppercase { break }
                    }
                    let skipName = first ? 0 : (m?.skip ?? 1)
                    let word = first ? toks[k].normalized : (stems(k).first { same($0.prefix, "و") }?.stem ?? toks[k].normalized)
                    let nameKey = m?.key ?? SpotIndex.stripArticle(word)
                    let a = first ? i : k
                    add(a, skip: first ? h.skip : skipName, k + cnt, key: headText + " " + nameKey, bare: nameKey, head: type,
                        fromHead: true, places: m?.places ?? [], prefix: first ? h.prefix : segPrefix)
                    if !first || !h.noun.isPlural {
                        if !first, let idx = out.indices.last {
                            out[idx].relations.append(MentionRelation(kind: "list", other: headText))
                        }
                    }
                    first = false
                    k += cnt
                    if !h.noun.isPlural { break }
                }
                i = max(k, i + 1); continue
            }
            if let r = relation(at: i) {
                let kind = r.rel.relation
                switch kind {
                case "direction", "between", "near":
                    pending = (MentionRelation(kind: kind, compass: r.rel.compass), i + r.count + 2)
                case "from":
                    pending = (MentionRelation(kind: "extent_from"), i + r.count + 2)
                case "to":
                    pending = (MentionRelation(kind: "extent_to"), i + r.count + 2)
                case "direction_adj":
                    if r.rel.language == "ar", let last = out.indices.last, out[last].tokens.upperBound == i {
                        out[last].relations.append(MentionRelation(kind: "direction", compass: r.rel.compass))
                    } else {
                        pending = (MentionRelation(kind: "direction", compass: r.rel.compass), i + r.count + 1)
                    }
                case "countryside":
                    if r.rel.language == "en", r.count == 1, let last = out.indices.last, out[last].tokens.upperBound == i {
                        out[last].relations.append(MentionRelation(kind: "countryside"))
                    } else {
                        pending = (MentionRelation(kind: "countryside"), i + r.count + 1)
                    }
                case "axis":
                    if r.rel.language != "ar", let last = out.indices.last, out[last].tokens.upperBound == i {
                        // "the Sin airport–Dhadha axis": every name of the joined run lies on the axis.
                        var k = last
                        while k >= 0 {
                            if !out[k].relations.contains(where: { $0.kind == "axis" }) { out[k].relations.append(MentionRelation(kind: "axis")) }
                            if k > 0, continues(out[k - 1], out[k], bPrefix: prefixes[k]) { k -= 1 } else { break }
                        }
                    } else {
                        pending = (MentionRelation(kind: "axis"), i + r.count + 2)
                    }
                default: break
                }
                i += r.count; continue
            }
            if let c = associative(at: i) { assocUntil = i + c; i += c; continue }
            if toks[i].script == .latin, same(toks[i].normalized, "axis"), let last = out.indices.last, out[last].tokens.upperBound == i {
                // "the Sin airport–Dhadha axis": every name of the joined run lies on the axis.
                var k = last
                while k >= 0 {
                    if !out[k].relations.contains(where: { $0.kind == "axis" }) { out[k].relations.append(MentionRelation(kind: "axis")) }
                    if k > 0, continues(out[k - 1], out[k], bPrefix: prefixes[k]) { k -= 1 } else { break }
                }
            }
            i += 1
        }
        linkQualifiers(&out)
        return out
    }

    /// "X بريف Y" / "X in the Y countryside" → Y qualifies X (containment); "X شرق Y" /
    /// "X east of Y" → X lies in that direction of Y (coherence).
    func linkQualifiers(_ ms: inout [Mention]) {
        guard ms.count > 1 else { return }
        for q in 1..<ms.count {
            let p = q - 1
            let gap = ms[q].tokens.lowerBound - ms[p].tokens.upperBound
            guard ms[p].sentence == ms[q].sentence, gap >= 0, gap <= 3 else { continue }
            let gapTokens = ms[p].tokens.upperBound..<ms[q].tokens.lowerBound
            if let d = ms[q].relations.first(where: { $0.kind == "direction" || $0.kind == "near" }), gap >= 1,
               let r = relation(at: ms[p].tokens.upperBound), r.rel.relation == "direction" || r.rel.relation == "near" {
                ms[p].near = q
                ms[p].relations.append(MentionRelation(kind: d.kind == "near" ? "near" : "direction_of", compass: d.compass, other: ms[q].text))
            } else if gap >= 1, gapTokens.allSatisfy({ k in
                ["في", "in", "the", "of", ","].contains { same(toks[k].normalized, $0) } || headNoun(at: k)?.noun.type == "countryside" || relation(at: k)?.rel.relation == "countryside"
            }), ms[q].relations.contains(where: { $0.kind == "countryside" }) || gap == 1 {
                ms[p].qualifier = q
                ms[p].relations.append(MentionRelation(kind: "within", other: ms[q].text))
            }
        }
    }
}

/// Little-endian writes of whole arrays of fixed-width integers.
struct SpotWriter {
    var bytes: [UInt8] = []
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func array<T: FixedWidthInteger>(_ a: [T]) {
        for v in a { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    }
}

/// Bounds-checked sequential reads; nil past the end.
struct SpotReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0
    mutating func u32() -> UInt32? {
        guard let a: [UInt32] = array(1) else { return nil }
        return a[0]
    }
    mutating func array<T: FixedWidthInteger>(_ n: Int) -> [T]? {
        let size = n * MemoryLayout<T>.size
        guard n >= 0, offset + size <= bytes.count else { return nil }
        let o = offset
        let b = bytes
        let out = [T](unsafeUninitializedCapacity: n) { buf, done in
            if n > 0, let dst = buf.baseAddress, let src = b.baseAddress {
                // Little-endian on disk: a plain copy on little-endian machines.
                UnsafeMutableRawPointer(dst).copyMemory(from: src + o, byteCount: size)
                #if _endian(big)
                for i in 0..<n { dst[i] = T(littleEndian: dst[i]) }
                #endif
            }
            done = n
        }
        offset += size
        return out
    }
}
