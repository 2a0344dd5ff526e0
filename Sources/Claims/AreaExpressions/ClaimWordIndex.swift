import Foundation

// MARK: - Packed keys

/// A normalised word key of 1–16 ASCII bytes packed into two integers (byte `i` at bits
/// `8i…8i+7` of `lo`, then of `hi`), so that word-table look-ups and the removal of proclitics,
/// suffixes and the article are integer operations instead of `String` hashing and slicing.
///
/// Only ASCII keys are packed: on ASCII, `String`'s `==`, `hasPrefix` and `hasSuffix` (which
/// compare `Character`s under canonical equivalence) agree with byte comparison, so every
/// packed operation gives the same answer as the `String` code it replaces. No key byte is
/// zero, so the two integers alone identify the key; `count` is kept for the arithmetic.
struct PackedKey: Equatable, Sendable {
    var lo: UInt64
    var hi: UInt64
    var count: Int

    static let capacity = 16

    /// The packed form of `s`, or nil when it is empty, longer than 16 bytes or not ASCII.
    init?(_ s: String) {
        var lo: UInt64 = 0, hi: UInt64 = 0, n = 0
        for b in s.utf8 {
            guard b < 0x80, n < Self.capacity else { return nil }
            if n < 8 { lo |= UInt64(b) << UInt64(8 * n) } else { hi |= UInt64(b) << UInt64(8 * (n - 8)) }
            n += 1
        }
        guard n > 0 else { return nil }
        self.lo = lo; self.hi = hi; self.count = n
    }

    /// The packed form of UTF-8 `bytes`, under the same conditions as ``init(_:)``.
    init?(bytes: [UInt8]) {
        let n = bytes.count
        guard n > 0, n <= Self.capacity else { return nil }
        var lo: UInt64 = 0, hi: UInt64 = 0
        for i in 0..<n {
            let b = bytes[i]
            guard b < 0x80 else { return nil }
            if i < 8 { lo |= UInt64(b) << UInt64(8 * i) } else { hi |= UInt64(b) << UInt64(8 * (i - 8)) }
        }
        self.lo = lo; self.hi = hi; self.count = n
    }

    init(lo: UInt64, hi: UInt64, count: Int) {
        self.lo = lo; self.hi = hi; self.count = count
    }

    /// The key as a `String` (its bytes are ASCII).
    var string: String {
        String(unsafeUninitializedCapacity: count) { buf in
            for i in 0..<count {
                buf[i] = i < 8 ? UInt8(truncatingIfNeeded: lo >> UInt64(8 * i)) : UInt8(truncatingIfNeeded: hi >> UInt64(8 * (i - 8)))
            }
            return count
        }
    }

    /// First byte (the key is never empty).
    @inline(__always) var first: UInt8 { UInt8(truncatingIfNeeded: lo) }

    /// Last byte.
    @inline(__always) var last: UInt8 {
        let i = count - 1
        return i < 8 ? UInt8(truncatingIfNeeded: lo >> UInt64(8 * i)) : UInt8(truncatingIfNeeded: hi >> UInt64(8 * (i - 8)))
    }

    /// The first `n` bytes (0 < n ≤ count).
    @inline(__always) func prefix(_ n: Int) -> PackedKey {
        if n >= 16 { return self }
        if n > 8 { return PackedKey(lo: lo, hi: hi & ((1 << UInt64(8 * (n - 8))) - 1), count: n) }
        if n == 8 { return PackedKey(lo: lo, hi: 0, count: 8) }
        return PackedKey(lo: lo & ((1 << UInt64(8 * n)) - 1), hi: 0, count: n)
    }

    /// The key without its first `n` bytes (0 ≤ n < count).
    @inline(__always) func dropFirst(_ n: Int) -> PackedKey {
        if n == 0 { return self }
        if n < 8 {
            let s = UInt64(8 * n)
            return PackedKey(lo: (lo >> s) | (hi << (64 - s)), hi: hi >> s, count: count - n)
        }
        return PackedKey(lo: hi >> UInt64(8 * (n - 8)), hi: 0, count: count - n)
    }

    /// The key without its last `n` bytes (0 ≤ n < count).
    @inline(__always) func dropLast(_ n: Int) -> PackedKey { prefix(count - n) }

    @inline(__always) func hasPrefix(_ p: PackedKey) -> Bool { p.count <= count && prefix(p.count) == p }

    @inline(__always) func hasSuffix(_ s: PackedKey) -> Bool { s.count <= count && dropFirst(count - s.count) == s }

    /// A well-mixed 64-bit hash of the key, for the open-addressing tables of ``WordMemo`` and
    /// ``SharedWordMemo`` (their slot is its top bits).
    @inline(__always) var slotHash: UInt64 {
        var h = lo &* 0x9E37_79B9_7F4A_7C15
        h ^= hi &* 0xC2B2_AE3D_27D4_EB4F
        return (h ^ (h >> 29)) &* 0xBF58_476D_1CE4_E5B9
    }
}

// MARK: - Word classes

/// Which word tables a key belongs to (bits of ``ClaimWordIndex/Entry/classes``).
struct WordClasses: OptionSet, Sendable {
    let rawValue: UInt32
    /// ``ClaimLexicon/actorHeads``
    static let actorHead = WordClasses(rawValue: 1 << 0)
    /// ``ClaimLexicon/constructHeads``
    static let constructHead = WordClasses(rawValue: 1 << 1)
    /// ``ClaimLexicon/adversaryHeads``
    static let adversaryHead = WordClasses(rawValue: 1 << 2)
    /// ``ClaimLexicon/actorModifiers``
    static let actorModifier = WordClasses(rawValue: 1 << 3)
    /// ``ClaimLexicon/stopWords``
    static let stopWord = WordClasses(rawValue: 1 << 4)
    /// ``ClaimLexicon/adversaryPrepositions``
    static let adversaryPreposition = WordClasses(rawValue: 1 << 5)
    /// ``ClaimLexicon/lightVerbs`` (normalised)
    static let lightVerb = WordClasses(rawValue: 1 << 6)
    /// ``ClaimLexicon/lightVerbObjects`` (normalised)
    static let lightObject = WordClasses(rawValue: 1 << 7)
    /// ``ClaimLexicon/englishArticles``
    static let englishArticle = WordClasses(rawValue: 1 << 8)
    /// ``ClaimLexicon/englishPassiveAuxiliaries``
    static let passiveAuxiliary = WordClasses(rawValue: 1 << 9)
    /// ``AreaClaimParser/quantityStartWords``
    static let quantityStart = WordClasses(rawValue: 1 << 10)
    /// ``EventDateResolver/startWords``
    static let dateStart = WordClasses(rawValue: 1 << 11)
    /// Punctuation token whose scalar is in ``ControlChangeDetector/quoteScalars``.
    static let quote = WordClasses(rawValue: 1 << 12)
}

/// What the claim code asks of one token, answered once when the text is tokenised.
///
/// Every field is the union of table memberships over a fixed set of spellings of the token:
/// - `norm`: the normalised word itself;
/// - `forms`: ``ClaimToken/forms`` (the word, then the word without each proclitic);
/// - `tailForms`: `forms.dropFirst()` (proclitic-stripped spellings only);
/// - `stems`: ``ControlChangeDetector/stems(_:)`` (forms, forms without "ال", "لل" → "ل").
/// `trigger` is the index into ``ControlChangeDetector/triggerInfos`` that the detector's
/// trigger rule picks (exact forms first, then forms without a pronoun suffix), or -1.
struct WordLex: Sendable, Equatable {
    var norm: WordClasses = []
    var forms: WordClasses = []
    var tailForms: WordClasses = []
    var stems: WordClasses = []
    var trigger: Int16 = -1
    /// `norm` starts with "ال" and ends with a nisba ending (ي ية يين يون).
    var nisba = false
}

/// One hash table from normalised word to the word tables it belongs to (and its trigger), built
/// once from ``ClaimLexicon``; replaces a dozen `Set<String>` look-ups per token.
///
/// Static data only: the table depends on the lexicon, never on a document.
final class ClaimWordIndex: Sendable {
    struct Entry: Sendable {
        var classes: WordClasses = []
        var trigger: Int16 = -1
        /// The trigger is a control noun (``ClaimLexicon/TriggerFlags/controlNoun``).
        var controlNoun = false
    }

    /// The index of ``ClaimLexicon`` (immutable after construction, shared by all threads).
    static let shared = ClaimWordIndex()

    let table: Table
    let overflow: [String: Entry]
    let procliticKeys: [PackedKey]
    let suffixKeys: [PackedKey]
    let nisbaKeys: [PackedKey]
    /// `ClaimMorphology.procliticFirstBytes` as a 256-entry table.
    let procliticFirst: [Bool]
    /// Last bytes of the pronoun suffixes, as a 256-entry table.
    let suffixLast: [Bool]
    let alKey: PackedKey?
    let lilKey: PackedKey?
    /// True when every affix packed (they are short ASCII keys) and every lexicon word packed,
    /// so the packed path sees the same affixes and words as the `String` path.
    let affixesPacked: Bool

    init() {
        (table, overflow) = Self.makeTables()
        procliticKeys = ClaimLexicon.proclitics.compactMap(PackedKey.init)
        suffixKeys = ClaimMorphology.suffixes.compactMap(PackedKey.init)
        nisbaKeys = ControlChangeDetector.nisbaEndings.compactMap(PackedKey.init)
        procliticFirst = (0..<256).map { ClaimMorphology.procliticFirstBytes.contains(UInt8($0)) }
        suffixLast = (0..<256).map { ClaimMorphology.suffixLastBytes.contains(UInt8($0)) }
        alKey = PackedKey(ClaimMorphology.al)
        lilKey = PackedKey(ClaimMorphology.lil)
        affixesPacked = procliticKeys.count == ClaimLexicon.proclitics.count
            && suffixKeys.count == ClaimMorphology.suffixes.count && nisbaKeys.count == ControlChangeDetector.nisbaEndings.count
            && alKey != nil && lilKey != nil && overflow.isEmpty
    }

    struct Slot {
        var lo: UInt64 = 0
        var hi: UInt64 = 0
        var entry = Entry()
    }

    /// Open-addressing table over packed keys (power-of-two size, linear probing, at most 1/4
    /// full). Filled once in ``makeTables()`` and read-only afterwards; the slots live in one
    /// allocation read through a pointer (array accesses here cost more than the hashing).
    ///
    /// Most words of a text are in no table: a 32,768-bit filter indexed by the low bits of the
    /// same hash (4 KB, stays in L1) answers those without touching the slots.
    final class Table: @unchecked Sendable {
        let slots: UnsafeMutablePointer<Slot>
        let size: Int
        let shift: UInt64
        static let filterWords = 512
        let filter: UnsafeMutablePointer<UInt64>

        init(bits: Int) {
            size = 1 << bits
            slots = UnsafeMutablePointer<Slot>.allocate(capacity: size)
            slots.initialize(repeating: Slot(), count: size)
            shift = UInt64(64 - bits)
            filter = UnsafeMutablePointer<UInt64>.allocate(capacity: Self.filterWords)
            filter.initialize(repeating: 0, count: Self.filterWords)
        }

        deinit {
            slots.deinitialize(count: size)
            slots.deallocate()
            filter.deinitialize(count: Self.filterWords)
            filter.deallocate()
        }

        @inline(__always) func hash(_ k: PackedKey) -> UInt64 {
            var h = k.lo &* 0x9E37_79B9_7F4A_7C15
            h ^= k.hi &* 0xC2B2_AE3D_27D4_EB4F
            h ^= h >> 29
            return h &* 0xBF58_476D_1CE4_E5B9
        }

        /// Filter bit of a hash: word `(h >> 6) & 511`, bit `h & 63` (slots use the top bits).
        @inline(__always) func mayContain(_ h: UInt64) -> Bool {
            filter[Int(truncatingIfNeeded: (h >> 6) & 511)] & (1 << (h & 63)) != 0
        }

        @inline(__always) func get(_ k: PackedKey) -> Entry {
            let h = hash(k)
            guard mayContain(h) else { return Entry() }
            let m = size - 1
            var i = Int(truncatingIfNeeded: h >> shift)
            while true {
                let l = slots[i].lo
                if l == 0 { return Entry() }
                if l == k.lo && slots[i].hi == k.hi { return slots[i].entry }
                i = (i + 1) & m
            }
        }

        func update(_ k: PackedKey, _ f: (inout Entry) -> Void) {
            let h = hash(k)
            filter[Int(truncatingIfNeeded: (h >> 6) & 511)] |= 1 << (h & 63)
            let m = size - 1
            var i = Int(truncatingIfNeeded: h >> shift)
            while slots[i].lo != 0 && !(slots[i].lo == k.lo && slots[i].hi == k.hi) { i = (i + 1) & m }
            slots[i].lo = k.lo; slots[i].hi = k.hi
            f(&slots[i].entry)
        }
    }

    /// Packed entries, and entries whose key cannot be packed (none today; kept so that a
    /// longer lexicon word can never be silently lost).
    static func makeTables() -> (Table, [String: Entry]) {
        var pending: [(String, (inout Entry) -> Void)] = []
        func add<S: Sequence>(_ words: S, _ c: WordClasses) where S.Element == String {
            for w in words { pending.append((w, { $0.classes.insert(c) })) }
        }
        add(ClaimLexicon.actorHeads, .actorHead)
        add(ClaimLexicon.constructHeads, .constructHead)
        add(ClaimLexicon.adversaryHeads, .adversaryHead)
        add(ClaimLexicon.actorModifiers, .actorModifier)
        add(ClaimLexicon.stopWords, .stopWord)
        add(ClaimLexicon.adversaryPrepositions, .adversaryPreposition)
        add(ControlChangeDetector.lightVerbs, .lightVerb)
        add(ControlChangeDetector.lightObjects, .lightObject)
        add(ClaimLexicon.englishArticles, .englishArticle)
        add(ClaimLexicon.englishPassiveAuxiliaries, .passiveAuxiliary)
        add(AreaClaimParser.quantityStartWords, .quantityStart)
        add(EventDateResolver.startWords, .dateStart)
        for (i, info) in ControlChangeDetector.triggerInfos.enumerated() {
            pending.append((info.key, { $0.trigger = Int16(i); $0.controlNoun = info.flags.contains(.controlNoun) }))
        }
        var bits = 8
        while (1 << bits) < pending.count * 4 { bits += 1 }  // at most 1/4 full
        let table = Table(bits: bits)
        var overflow: [String: Entry] = [:]
        for (w, f) in pending {
            if let k = PackedKey(w) { table.update(k, f) } else { f(&overflow[w, default: Entry()]) }
        }
        return (table, overflow)
    }

    /// Entry of any string key (packed when possible).
    func entry(_ s: String) -> Entry {
        if let k = PackedKey(s) { return table.get(k) }
        return overflow[s] ?? Entry()
    }

    /// The classes of a word token whose normalised text is `norm`.
    static func lex(norm: String) -> WordLex { shared.lex(key: PackedKey(norm), norm: norm) }

    /// ``lex(norm:)`` given `PackedKey(norm)` (nil when `norm` does not pack).
    @inline(__always) func lex(key: PackedKey?, norm: String) -> WordLex {
        if affixesPacked, let k = key { return packedLex(k) }
        return stringLex(norm)
    }

    static func stringLex(_ norm: String) -> WordLex { shared.stringLex(norm) }

    /// ``lex(norm:)`` on packed keys. Each step mirrors the `String` code in ``stringLex(_:)``
    /// (``ClaimMorphology/withoutProclitics(_:)``, ``ClaimMorphology/stems(_:forms:)``,
    /// ``ClaimMorphology/withoutSuffixes(_:)``): byte operations on ASCII keys equal the
    /// `String` operations there. Tested against it in `ClaimTextFastPathTests`.
    func packedLex(_ k: PackedKey) -> WordLex {
        var out = WordLex()
        let e0 = table.get(k)
        out.norm = e0.classes
        let f0 = k.first
        let arabic = f0 < 0x80 && !(f0 >= 0x61 && f0 <= 0x7A)
        // forms: the word, then without each proclitic (longest first), keeping ≥ 2 letters
        var forms = (k, k, k)
        var nf = 1
        if arabic, procliticFirst[Int(f0)] {
            for p in procliticKeys where k.count - p.count >= 2 && k.hasPrefix(p) {
                let f = k.dropFirst(p.count)
                if nf == 1 { forms.1 = f } else if nf == 2 { forms.2 = f } else { return stringLex(Self.string(k)) }
                nf += 1
            }
        }
        @inline(__always) func form(_ i: Int) -> PackedKey { i == 0 ? forms.0 : (i == 1 ? forms.1 : forms.2) }
        var trig: Int16 = e0.trigger
        var firstTrigger: Int16 = e0.trigger
        out.forms = e0.classes
        for i in 1..<nf {
            let e = table.get(form(i))
            out.forms.formUnion(e.classes)
            out.tailForms.formUnion(e.classes)
            if firstTrigger < 0 { firstTrigger = e.trigger }
        }
        guard let al = alKey, let lil = lilKey else { return stringLex(Self.string(k)) }
        if arabic {
            // stems: each form, and the form without "ال"; then "لل" → drop two letters
            out.stems = []
            for i in 0..<nf {
                let f = form(i)
                out.stems.formUnion(i == 0 ? e0.classes : table.get(f).classes)
                if f.hasPrefix(al), f.count > 3 { out.stems.formUnion(table.get(f.dropFirst(2)).classes) }
            }
            if k.hasPrefix(lil), k.count > 4 { out.stems.formUnion(table.get(k.dropFirst(2)).classes) }
            // trigger: first exact form, else first suffix-stripped form that is not a control noun
            trig = firstTrigger
            if trig < 0 {
                search: for i in 0..<nf {
                    let f = form(i)
                    guard suffixLast[Int(f.last)] else { continue }  // no suffix ends with this byte
                    for s in suffixKeys where f.hasSuffix(s) && f.count - s.count >= 3 {
                        let e = table.get(f.dropLast(s.count))
                        if e.trigger >= 0, !e.controlNoun { trig = e.trigger; break search }
                    }
                }
            }
        } else {
            out.stems = e0.classes
        }
        out.trigger = trig
        out.nisba = k.hasPrefix(al) && nisbaKeys.contains { k.hasSuffix($0) }
        return out
    }

    /// ``lex(norm:)`` written with the `String` helpers (used for keys that do not pack).
    func stringLex(_ norm: String) -> WordLex {
        var out = WordLex()
        let forms = ClaimMorphology.withoutProclitics(norm)
        let arabic = ClaimNormalizer.isArabicKey(norm)
        out.norm = entry(norm).classes
        for (i, f) in forms.enumerated() {
            let c = entry(f).classes
            out.forms.formUnion(c)
            if i > 0 { out.tailForms.formUnion(c) }
        }
        let stems = arabic ? ClaimMorphology.stems(norm, forms: forms) : [norm]
        for s in stems { out.stems.formUnion(entry(s).classes) }
        if !arabic {
            out.trigger = entry(norm).trigger
        } else {
            out.trigger = -1
            if let t = forms.lazy.map({ self.entry($0).trigger }).first(where: { $0 >= 0 }) {
                out.trigger = t
            } else {
                search: for f in forms {
                    for g in ClaimMorphology.withoutSuffixes(f) {
                        let t = entry(g).trigger
                        if t >= 0, !ControlChangeDetector.triggerInfos[Int(t)].flags.contains(.controlNoun) { out.trigger = t; break search }
                    }
                }
            }
        }
        out.nisba = norm.hasPrefix(ClaimMorphology.al) && ControlChangeDetector.nisbaEndings.contains { norm.hasSuffix($0) }
        return out
    }

    static func string(_ k: PackedKey) -> String {
        var b: [UInt8] = []
        for i in 0..<k.count { b.append(i < 8 ? UInt8(truncatingIfNeeded: k.lo >> UInt64(8 * i)) : UInt8(truncatingIfNeeded: k.hi >> UInt64(8 * (i - 8)))) }
        return String(decoding: b, as: UTF8.self)
    }
}
