import Foundation

/// A piece of the input text located by Unicode-scalar offsets.
///
/// Offsets count `String.unicodeScalars` from the start of the text; `end` is exclusive, so
/// `Array(text.unicodeScalars)[start..<end]` spells `text`. Scalars (not `Character`s, not
/// UTF-16 units) are used because Arabic diacritics and tatweel make grapheme counts unstable
/// across normalisations, while scalar offsets survive a round trip through any UTF encoding.
public struct TextSpan: Sendable, Hashable, CustomStringConvertible {
    /// First scalar of the span (0-based).
    public var start: Int
    /// One past the last scalar of the span.
    public var end: Int
    /// The text exactly as written between `start` and `end`.
    public var text: String

    public init(start: Int, end: Int, text: String) {
        self.start = start
        self.end = end
        self.text = text
    }

    public var description: String { "\(text)@\(start)..<\(end)" }
}

// MARK: - Normalisation

/// Matching keys for words: one function used both for the word tables and for the text, so a
/// table entry written in natural spelling matches every spelling variant of it in the text.
///
/// Rules: Arabic diacritics (U+064B–U+065F, U+0670), Quranic marks (U+06D6–U+06ED), tatweel
/// (U+0640), ZWNJ/ZWJ and bidi marks are dropped; أ إ آ ٱ → ا; ى → ي; Persian ی → ي and ک → ك;
/// Latin is lower-cased. Tā' marbūṭa (ة) is kept distinct from hā' (ه) because ه is also the
/// pronoun suffix that the control-change detector strips ("تحريره").
///
/// Keys are ASCII: after the rules above, each Arabic letter U+0621–U+064A is written as one
/// ASCII character outside a–z (`A`–`Z`, `0`–`9`, `#$%&*+`), so that hashing, prefix and
/// suffix tests run on Swift's ASCII fast paths (Arabic `String` hashing normalises to NFC
/// on every call and cost ~1 µs per word). Latin words stay lower-case ASCII; no key mixes the
/// two alphabets by accident because word tokens never contain ASCII digits or symbols.
/// `ClaimNormalizer.readable(_:)` turns a key back into Arabic for messages.
enum ClaimNormalizer {
    static let arabicAlphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#$%&*+".utf8)
    static let reverse: [UInt8: UInt32] = {
        var d: [UInt8: UInt32] = [:]
        for (i, c) in arabicAlphabet.enumerated() { d[c] = 0x0621 + UInt32(i) }
        return d
    }()

    @inline(__always) static func isIgnorable(_ v: UInt32) -> Bool {
        if v < 0x061C { return false }  // ASCII and most Arabic letters: one comparison
        return (v >= 0x064B && v <= 0x065F) || v == 0x0670 || v == 0x0640 || (v >= 0x06D6 && v <= 0x06ED)
            || v == 0x200C || v == 0x200D || v == 0x200E || v == 0x200F || v == 0x061C
    }

    /// The letter the normalisation writes for `v`: alef with madda or hamza and alef wasla
    /// become bare alef, alef maqsura and Farsi yeh become yeh, keheh becomes kaf; any other
    /// scalar is itself.
    @inline(__always) static func foldedLetter(_ v: UInt32) -> UInt32 {
        switch v {
        case 0x0622, 0x0623, 0x0625, 0x0671: return 0x0627
        case 0x0649, 0x06CC: return 0x064A
        case 0x06A9: return 0x0643
        default: return v
        }
    }

    static func normalize<S: Sequence>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
        var buf: [UInt8] = []
        return normalize(scalars, buffer: &buf)
    }

    /// Same as ``normalize(_:)`` reusing `buffer` (the tokenizer calls this once per word).
    static func normalize<S: Sequence>(_ scalars: S, buffer out: inout [UInt8]) -> String where S.Element == Unicode.Scalar {
        out.removeAll(keepingCapacity: true)
        let alphabet = arabicAlphabet  // one static access per word, not per letter
        for s in scalars {
            var v = s.value
            if isIgnorable(v) { continue }
            v = foldedLetter(v)
            if v >= 0x0621 && v <= 0x064A {
                out.append(alphabet[Int(v - 0x0621)])
            } else if v <= 0x7F {
                out.append(v >= 0x41 && v <= 0x5A ? UInt8(v + 0x20) : UInt8(v))
            } else if s.properties.isUppercase {
                out.append(contentsOf: Array(s.properties.lowercaseMapping.utf8))
            } else {
                out.append(contentsOf: Array(String(s).utf8))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func normalize(_ s: String) -> String { normalize(s.unicodeScalars) }

    /// The bytes of ``normalize(_:)`` of `s[a..<b]` packed as in ``PackedKey`` (`lo`, `hi`: the
    /// first 16 bytes; `count`: all bytes), for words of ASCII letters and the Arabic scalars the
    /// rules name (U+0621–U+065F, U+0670, U+0671, U+06A9, U+06CC, U+06D6–U+06ED, U+061C,
    /// U+200C–U+200F); nil for any other scalar, where the caller uses ``normalize(_:buffer:)``.
    /// Each such scalar becomes the same single byte (or nothing) as there, so for
    /// `1 ≤ count ≤ 16` the key spells exactly `normalize(s[a..<b])`.
    static func simpleKey(_ s: [Unicode.Scalar], _ a: Int, _ b: Int) -> (lo: UInt64, hi: UInt64, count: Int)? {
        // Arabic scalars through `arabicKeyBytes` (what `isIgnorable`, `foldedLetter` and the
        // alphabet give them), read through buffer pointers: this runs on every word of a text.
        s.withUnsafeBufferPointer { sp in
            arabicKeyBytes.withUnsafeBufferPointer { table in
                var lo: UInt64 = 0, hi: UInt64 = 0
                var n = 0
                for i in a..<b {
                    var v = sp[i].value
                    if v < 0x80 {
                        if v >= 0x41 && v <= 0x5A { v += 0x20 }
                    } else if v &- 0x0600 < 0x100 {
                        let t = table[Int(v - 0x0600)]
                        if t == 0 { continue }
                        if t == 0xFF { return nil }
                        v = UInt32(t)
                    } else if v >= 0x200C && v <= 0x200F {
                        continue  // ZWNJ, ZWJ, LRM, RLM: ignorable
                    } else {
                        return nil  // no other scalar is ignorable or folds to an Arabic letter
                    }
                    if n < 8 { lo |= UInt64(v) << UInt64(8 * n) } else if n < 16 { hi |= UInt64(v) << UInt64(8 * (n - 8)) }
                    n += 1
                }
                return (lo, hi, n)
            }
        }
    }

    /// ``simpleKey(_:_:_:)``'s byte for each scalar U+0600–U+06FF, made from the rules
    /// themselves: 0 when ``isIgnorable(_:)`` drops it, else the alphabet byte of its
    /// ``foldedLetter(_:)`` when that is an Arabic letter U+0621–U+064A, else 0xFF (not a plain
    /// word: the caller normalises it the long way). Alphabet bytes are printable ASCII.
    static let arabicKeyBytes: [UInt8] = (UInt32(0x0600)..<0x0700).map { v in
        if isIgnorable(v) { return 0 }
        let f = foldedLetter(v)
        return f >= 0x0621 && f <= 0x064A ? arabicAlphabet[Int(f - 0x0621)] : 0xFF
    }

    /// Normalised words of a phrase written with single spaces.
    static func words(_ phrase: String) -> [String] {
        phrase.split(separator: " ").map { normalize(String($0)) }
    }

    /// True when a key was made from Arabic letters (its first byte is not a Latin letter).
    static func isArabicKey(_ key: String) -> Bool {
        guard let f = key.utf8.first else { return false }
        return f < 0x80 && !(f >= 0x61 && f <= 0x7A)
    }

    /// The Arabic spelling of a key (for messages and debugging).
    static func readable(_ key: String) -> String {
        var v = String.UnicodeScalarView()
        for b in key.utf8 {
            if let a = reverse[b], let sc = Unicode.Scalar(a) { v.append(sc) } else { v.append(Unicode.Scalar(b)) }
        }
        return String(v)
    }

    /// `key` without its first `n` bytes (keys of Arabic words are one byte per letter).
    static func dropFirst(_ key: String, _ n: Int) -> String {
        String(decoding: key.utf8.dropFirst(n), as: UTF8.self)
    }

    /// `key` without its last `n` bytes.
    static func dropLast(_ key: String, _ n: Int) -> String {
        String(decoding: key.utf8.dropLast(n), as: UTF8.self)
    }
}

// MARK: - Numbers

/// A numeral as read from the text, with the separator rule applied.
struct ParsedNumber: Sendable {
    /// The value under the default rule (see `ClaimTokenizer.scanNumber`).
    var value: Double
    /// For "1.500"-like numerals read as thousands: the value if the dot were a decimal point.
    /// Used when a scale word follows ("1.500 مليون" = 1.5 million).
    var decimalAlternative: Double?
    /// Number of digits written.
    var digitCount: Int
    /// Separators do not form a number (dates such as 11.07.2017, "1.2.3").
    var isMalformed: Bool
}

// MARK: - Tokens

struct ClaimToken: Sendable {
    enum Kind: Sendable { case word, number, punct }
    var kind: Kind
    /// Scalar offsets, end exclusive.
    var start: Int
    var end: Int
    /// Normalised text (words), canonical ASCII numeral (numbers) or the scalar itself (punct).
    var norm: String
    var number: ParsedNumber?
    /// Word-table classes of the token and its trigger, computed once by the tokenizer
    /// (``ClaimWordIndex/lex(norm:)``; for punctuation only ``WordClasses/quote``).
    var lex = WordLex()

    /// For words: `norm`, then `norm` without each Arabic proclitic it may carry
    /// (``ClaimMorphology/withoutProclitics(_:)``). Otherwise empty. Computed on use: the hot
    /// paths test ``lex`` instead, so most tokens never build this array.
    var forms: [String] { kind == .word ? ClaimMorphology.withoutProclitics(norm) : [] }

    var isWord: Bool { kind == .word }
}

/// A tokenised text: the scalar array and its tokens, built in one linear pass.
struct ClaimTokenizedText: Sendable {
    let scalars: [Unicode.Scalar]
    let tokens: [ClaimToken]
    /// The text's UTF-8, and for each scalar offset (0…scalars.count) its byte offset, so that
    /// span texts are copied from the original bytes instead of re-encoded scalar by scalar.
    let utf8: [UInt8]
    let utf8Offsets: [Int32]

    init(_ text: String) {
        var text = text
        let bytes: [UInt8] = text.withUTF8 { Array($0) }
        let n = bytes.count
        var count = 0
        var sc: [Unicode.Scalar] = []
        // Decodes the (valid) UTF-8 of a Swift String: the lead byte gives the length.
        let offsets = [Int32](unsafeUninitializedCapacity: n + 1) { off, offCount in
            sc = [Unicode.Scalar](unsafeUninitializedCapacity: n) { out, outCount in
                bytes.withUnsafeBufferPointer { buf in
                    var i = 0, k = 0
                    while i < n {
                        let b0 = UInt32(buf[i])
                        var v: UInt32, len: Int
                        if b0 < 0x80 { v = b0; len = 1 }
                        else if b0 < 0xE0 {
                            // Two bytes (Arabic letters): decoded at once, without the loop below.
                            if i + 2 > n { break }
                            v = (b0 & 0x1F) << 6 | (UInt32(buf[i + 1]) & 0x3F); len = 2
                        } else {
                            if b0 < 0xF0 { v = b0 & 0x0F; len = 3 } else { v = b0 & 0x07; len = 4 }
                            if i + len > n { break }
                            var m = 1
                            while m < len { v = (v << 6) | (UInt32(buf[i + m]) & 0x3F); m += 1 }
                        }
                        off[k] = Int32(i)
                        out.initializeElement(at: k, to: Unicode.Scalar(v) ?? "\u{FFFD}")
                        k += 1
                        i += len
                    }
                    off[k] = Int32(i)
                    count = k
                }
                outCount = count
            }
            offCount = count + 1
        }
        scalars = sc
        utf8 = bytes
        utf8Offsets = offsets
        tokens = ClaimTokenizer.tokenize(scalars)
    }

    /// The text between two scalar offsets (end exclusive), exactly as written.
    func text(_ start: Int, _ end: Int) -> String {
        guard start < end else { return "" }
        return String(decoding: utf8[Int(utf8Offsets[start])..<Int(utf8Offsets[end])], as: UTF8.self)
    }

    /// The scalars as a String, encoded to UTF-8 in one buffer (several times faster than
    /// appending scalar by scalar to a `String.UnicodeScalarView`).
    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 2)
        for u in scalars { UTF8.encode(u) { bytes.append($0) } }
        return String(decoding: bytes, as: UTF8.self)
    }

    func span(_ start: Int, _ end: Int) -> TextSpan {
        TextSpan(start: start, end: end, text: text(start, end))
    }

    /// Span from the start of token `a` to the end of token `b` (inclusive indices).
    func span(tokens a: Int, _ b: Int) -> TextSpan {
        span(tokens[a].start, tokens[b].end)
    }
}

/// The words of one text already normalised, by packed key (one tokenizer call; never shared
/// between texts). Open addressing over indices into `entries`, at most half full; once full
/// it only answers look-ups, so memory stays bounded for any text.
struct WordMemo {
    private var slots: [Int32]
    private var entries: [(key: PackedKey, norm: String, lex: WordLex)] = []
    private let shift: UInt64

    init(expectedWords: Int) {
        var bits = 8
        while (1 << bits) < 2 * expectedWords, bits < 14 { bits += 1 }
        slots = Array(repeating: -1, count: 1 << bits)
        shift = UInt64(64 - bits)
        entries.reserveCapacity(min(expectedWords, 1 << (bits - 1)))
    }

    /// The memo's value for `key`, else `make()` (stored when there is room).
    mutating func get(_ key: PackedKey, _ make: () -> (String, WordLex)) -> (String, WordLex) {
        let m = slots.count - 1
        var i = Int(truncatingIfNeeded: key.slotHash >> shift)
        while true {
            let e = Int(slots[i])
            if e < 0 { break }
            if entries[e].key == key { return (entries[e].norm, entries[e].lex) }
            i = (i + 1) & m
        }
        let v = make()
        if 2 * (entries.count + 1) <= slots.count {
            slots[i] = Int32(entries.count)
            entries.append((key, v.0, v.1))
        }
        return v
    }
}

/// The words of every text already normalised, by packed key: the second level behind each
/// text's ``WordMemo``, shared by all the texts of the process (thread-safe). The values are
/// functions of the key alone (the normalised text it spells and ``ClaimWordIndex/lex(key:norm:)``
/// of it), so the memo never changes a token; it saves computing the classes of words met in
/// earlier texts. Open addressing over fixed storage (no `Hasher`, no growth, no exclusivity
/// checks: a look-up costs a lock and a few instructions); at most half full, after which it
/// only answers look-ups.
final class SharedWordMemo: @unchecked Sendable {
    static let shared = SharedWordMemo(bits: 16)

    private let lock = NSLock()
    /// Slot → entry index, -1 when free. Guarded by `lock`, as are the three below.
    private let slots: UnsafeMutablePointer<Int32>
    private let keys: UnsafeMutablePointer<PackedKey>
    private let values: UnsafeMutablePointer<(String, WordLex)>
    private let count: UnsafeMutablePointer<Int>
    private let slotCount: Int
    private let shift: UInt64

    init(bits: Int) {
        slotCount = 1 << bits
        shift = UInt64(64 - bits)
        slots = .allocate(capacity: slotCount)
        slots.initialize(repeating: -1, count: slotCount)
        keys = .allocate(capacity: slotCount / 2)
        values = .allocate(capacity: slotCount / 2)
        count = .allocate(capacity: 1)
        count.initialize(to: 0)
    }

    deinit {
        keys.deinitialize(count: count.pointee)
        values.deinitialize(count: count.pointee)
        slots.deallocate(); keys.deallocate(); values.deallocate(); count.deallocate()
    }

    /// The slot holding `key`, or the free slot where it would go (call with `lock` held).
    private func slot(_ key: PackedKey) -> (slot: Int, found: Bool) {
        var i = Int(truncatingIfNeeded: key.slotHash >> shift)
        while true {
            let e = Int(slots[i])
            if e < 0 { return (i, false) }
            if keys[e] == key { return (i, true) }
            i = (i + 1) & (slotCount - 1)
        }
    }

    /// The memo's value for `key`, else `make()` (stored while the table is at most half full).
    func get(_ key: PackedKey, _ make: () -> (String, WordLex)) -> (String, WordLex) {
        lock.lock()
        let (i, found) = slot(key)
        if found { let v = values[Int(slots[i])]; lock.unlock(); return v }
        lock.unlock()
        let v = make()
        lock.lock()
        // Another thread may have stored the key meanwhile: look again (entries are never removed).
        let (j, now) = slot(key)
        if !now, 2 * (count.pointee + 1) <= slotCount {
            let e = count.pointee
            (keys + e).initialize(to: key)
            (values + e).initialize(to: v)
            slots[j] = Int32(e)
            count.pointee = e + 1
        }
        lock.unlock()
        return v
    }
}

enum ClaimTokenizer {
    static func digitValue(_ s: Unicode.Scalar) -> Int? {
        let v = s.value
        switch v {
        case 0x30...0x39: return Int(v - 0x30)
        case 0x0660...0x0669: return Int(v - 0x0660)  // Arabic-Indic
        case 0x06F0...0x06F9: return Int(v - 0x06F0)  // Eastern Arabic-Indic (Persian/Urdu)
        default: return nil
        }
    }

    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        if v >= 0x0600 && v <= 0x06FF { return v == 0x061C }
        return s.properties.isWhitespace || s.value == 0x200E || s.value == 0x200F || s.value == 0x061C
    }

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) }
        if v >= 0x0621 && v <= 0x065F { return true }  // letters, tatweel, harakat
        if digitValue(s) != nil { return false }
        if v == 0x200C || v == 0x200D || v == 0x0640 { return true }
        if s.properties.isAlphabetic { return true }
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Spaces accepted as thousands separators: space, no-break space, narrow no-break space,
    /// thin space.
    static func isGroupSpace(_ s: Unicode.Scalar) -> Bool {
        s.value == 0x20 || s.value == 0xA0 || s.value == 0x202F || s.value == 0x2009
    }

    static func tokenize(_ s: [Unicode.Scalar]) -> [ClaimToken] {
        var tokens: [ClaimToken] = []
        tokens.reserveCapacity(s.count / 4)
        let n = s.count
        var i = 0
        var buffer: [UInt8] = []
        buffer.reserveCapacity(64)
        let index = ClaimWordIndex.shared
        let shared = SharedWordMemo.shared
        var memo = WordMemo(expectedWords: n / 6)
        while i < n {
            let c = s[i]
            if digitValue(c) != nil {
                let (end, num, canon) = scanNumber(s, from: i)
                tokens.append(ClaimToken(kind: .number, start: i, end: end, norm: canon, number: num))
                i = end
            } else if isWordScalar(c) {
                var j = i + 1
                while j < n, isWordScalar(s[j]) { j += 1 }
                let norm: String, lex: WordLex
                if let sk = ClaimNormalizer.simpleKey(s, i, j), sk.count >= 1, sk.count <= PackedKey.capacity {
                    // Plain word: its key spells its normalised text; a word met before in this
                    // text, or in an earlier one, reuses that String and those classes (both
                    // depend on the key alone).
                    let key = PackedKey(lo: sk.lo, hi: sk.hi, count: sk.count)
                    (norm, lex) = memo.get(key) {
                        shared.get(key) {
                            let str = key.string
                            return (str, index.lex(key: key, norm: str))
                        }
                    }
                } else {
                    norm = ClaimNormalizer.normalize(s[i..<j], buffer: &buffer)
                    // the key is packed from the normalisation buffer, which holds `norm`'s UTF-8
                    lex = index.lex(key: PackedKey(bytes: buffer), norm: norm)
                }
                tokens.append(ClaimToken(kind: .word, start: i, end: j, norm: norm, number: nil, lex: lex))
                i = j
            } else if isSpace(c) {
                i += 1
            } else {
                let quote = ControlChangeDetector.quoteValues.contains(c.value)
                tokens.append(ClaimToken(kind: .punct, start: i, end: i + 1, norm: String(c), number: nil,
                                         lex: WordLex(norm: quote ? .quote : [])))
                i += 1
            }
        }
        return tokens
    }

    /// Reads a numeral starting at `from` (a digit).
    ///
    /// Separator rule (documented for the whole project):
    /// - `٬` (U+066C) and a space followed by exactly three digits are always thousands
    ///   separators; `٫` (U+066B) is always the decimal point.
    /// - When both `.` and `,` occur, the last one written is the decimal point ("1,500.5",
    ///   "1.500,5").
    /// - A separator kind occurring more than once groups thousands ("1,500,000", "1.500.000");
    ///   every group after the first must have three digits, else the numeral is malformed
    ///   (dates like "11.07.2017").
    /// - A single `.` or `,` followed by exactly three digits, after a first group of one to
    ///   three digits other than "0", is a thousands separator: "1.500" = 1500 (Arabic press
    ///   style), "1,500" = 1500. Any other single `.`/`,` is a decimal point: "1.5", "1,5",
    ///   "2.25", "0.500", "1234.567". For "1.500"-style numerals the decimal reading is kept
    ///   as `decimalAlternative` and wins when a scale word follows ("1.500 مليون").
    /// - A space separates thousands only after a first group of one to three digits and only
    ///   before exactly three digits ("1 500"; never "2017 500").
    static func scanNumber(_ s: [Unicode.Scalar], from: Int) -> (Int, ParsedNumber, String) {
        let n = s.count
        var groups: [[Int]] = []
        var seps: [UInt32] = []  // '.', ',', 0x66C, 0x66B, 0x20 (any group space)
        var cur: [Int] = []
        var p = from
        func readDigits() {
            while p < n, let d = digitValue(s[p]) { cur.append(d); p += 1 }
        }
        readDigits()
        while p < n {
            let c = s[p].value
            let nextIsDigit = p + 1 < n && digitValue(s[p + 1]) != nil
            if (c == 0x2E || c == 0x2C || c == 0x066C || c == 0x066B) && nextIsDigit {
                groups.append(cur); cur = []; seps.append(c); p += 1; readDigits()
            } else if isGroupSpace(s[p]), p + 3 < n,
                      digitValue(s[p + 1]) != nil, digitValue(s[p + 2]) != nil, digitValue(s[p + 3]) != nil,
                      !(p + 4 < n && digitValue(s[p + 4]) != nil),
                      seps.allSatisfy({ $0 == 0x20 || $0 == 0x066C }),
                      (groups.first ?? cur).count <= 3 {
                groups.append(cur); cur = []; seps.append(0x20); p += 1; readDigits()
            } else {
                break
            }
        }
        groups.append(cur)
        let digitCount = groups.reduce(0) { $0 + $1.count }
        func digits(_ g: [Int]) -> String { String(g.map { Character(String($0)) }) }
        func malformed() -> (Int, ParsedNumber, String) {
            let raw = groups.map(digits).joined(separator: "?")
            return (p, ParsedNumber(value: .nan, decimalAlternative: nil, digitCount: digitCount, isMalformed: true), raw)
        }
        func build(intGroups: ArraySlice<[Int]>, fraction: [Int]?, checkThousands: Bool) -> (Double, String)? {
            if checkThousands {
                guard let f = intGroups.first, (1...3).contains(f.count) else { return nil }
                for g in intGroups.dropFirst() where g.count != 3 { return nil }
            }
            var str = intGroups.map(digits).joined()
            if let fr = fraction { str += "." + digits(fr) }
            guard let v = Double(str) else { return nil }
            return (v, str)
        }
        if seps.isEmpty {
            let str = digits(cur)
            return (p, ParsedNumber(value: Double(str) ?? .nan, decimalAlternative: nil, digitCount: digitCount, isMalformed: false), str)
        }
        let dots = seps.filter { $0 == 0x2E }.count
        let commas = seps.filter { $0 == 0x2C }.count
        let arabicDecimals = seps.filter { $0 == 0x066B }.count
        var decimalIndex: Int? = nil  // index in seps
        if arabicDecimals > 0 {
            guard arabicDecimals == 1, seps.last == 0x066B else { return malformed() }
            decimalIndex = seps.count - 1
            if dots > 0 && commas > 0 { return malformed() }
        } else if dots > 0 && commas > 0 {
            let last = seps[seps.count - 1]
            let lastCount = seps.filter { $0 == last }.count
            guard lastCount == 1 else { return malformed() }
            decimalIndex = seps.count - 1
        } else if (dots == 1 && commas == 0) || (commas == 1 && dots == 0) {
            let idx = seps.firstIndex { $0 == 0x2E || $0 == 0x2C } ?? 0
            let othersAreSpaces = seps.count == 1
            let thousandsShape = othersAreSpaces && groups[1].count == 3 && (1...3).contains(groups[0].count)
                && !(groups[0].count == 1 && groups[0][0] == 0)
            if !thousandsShape {
                guard idx == seps.count - 1 else { return malformed() }
                decimalIndex = idx
            }
        }
        if let di = decimalIndex {
            let intGroups = groups[0...di]
            guard let (v, str) = build(intGroups: intGroups, fraction: groups[di + 1], checkThousands: di > 0) else { return malformed() }
            return (p, ParsedNumber(value: v, decimalAlternative: nil, digitCount: digitCount, isMalformed: false), str)
        }
        guard let (v, str) = build(intGroups: groups[...], fraction: nil, checkThousands: true) else { return malformed() }
        var alt: Double? = nil
        if seps.count == 1, seps[0] == 0x2E {
            alt = Double(digits(groups[0]) + "." + digits(groups[1]))
        }
        return (p, ParsedNumber(value: v, decimalAlternative: alt, digitCount: digitCount, isMalformed: false), str)
    }
}

// MARK: - Sentences

enum ClaimSentences {
    /// Sentence spans as scalar ranges (end exclusive), trimmed of surrounding spaces.
    ///
    /// A sentence ends at a line break, or at `.` `!` `?` `؟` `…` `؛` when the next scalar is a
    /// space, a quote, a line end or the end of text; a `.` between two digits never ends one.
    static func split(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        let n = s.count
        var start = 0
        func push(_ a: Int, _ b: Int) {
            var a = a, b = b
            while a < b, ClaimTokenizer.isSpace(s[a]) { a += 1 }
            while b > a, ClaimTokenizer.isSpace(s[b - 1]) { b -= 1 }
            if a < b { out.append(a..<b) }
        }
        var i = 0
        while i < n {
            let v = s[i].value
            if v == 0x0A || v == 0x0D || v == 0x2029 || v == 0x2028 {
                push(start, i); start = i + 1
            } else if v == 0x2E || v == 0x21 || v == 0x3F || v == 0x061F || v == 0x2026 || v == 0x061B {
                var j = i + 1
                // keep runs of terminators and closing quotes with the sentence
                while j < n, [0x2E, 0x21, 0x3F, 0x061F, 0x22, 0x201D, 0xBB, 0x27, 0x2019].contains(s[j].value) { j += 1 }
                let atBoundary = j >= n || ClaimTokenizer.isSpace(s[j])
                if atBoundary {
                    push(start, j); start = j; i = j; continue
                }
            }
            i += 1
        }
        push(start, n)
        return out
    }
}
