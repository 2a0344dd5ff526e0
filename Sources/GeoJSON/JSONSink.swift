/// The byte buffer behind `JSONByteWriter` and `GeoJSONWriter`: one growable block of memory
/// written through a raw pointer, so that appending a byte is a capacity check and a store
/// (no array uniqueness check, no retain/release), and numbers and escaped strings are
/// formatted straight into it without intermediate `String`s.
///
/// Formatting rules are those documented on `JSONByteWriter` (strings per RFC 8259 §7,
/// numbers in their shortest round-trip form, integers without ".0"); `JSONByteWriter`'s
/// public methods delegate here. Errors carry the path of the offending value, built while
/// the error unwinds (see `JSONError.prefixed(_:)`), so that writing keeps no path on the
/// way down.
struct JSONSink: ~Copyable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    let pretty: Bool
    /// Indentation level (pretty output only).
    var level = 0
    /// Whether the next object member needs a leading comma.
    var needComma = false
    /// Writes NaN and infinities as `NaN`, `Infinity`, `-Infinity` instead of throwing (not JSON;
    /// for `description` only).
    var lenientNonFinite = false

    init(pretty: Bool, capacity: Int = 256) {
        self.capacity = max(64, capacity)
        base = .allocate(capacity: self.capacity)
        self.pretty = pretty
    }

    deinit { base.deallocate() }

    // MARK: buffer

    /// Makes room for `n` more bytes.
    @inline(__always) mutating func reserve(_ n: Int) {
        if capacity &- count < n { grow(n) }
    }

    @inline(never) mutating func grow(_ n: Int) {
        var c = capacity &* 2
        while c &- count < n { c &*= 2 }
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        b.initialize(from: base, count: count)
        base.deallocate()
        base = b
        capacity = c
    }

    @inline(__always) mutating func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count &+= 1
    }

    @inline(__always) mutating func bytes(_ p: UnsafePointer<UInt8>, _ n: Int) {
        reserve(n)
        (base + count).initialize(from: p, count: n)
        count &+= n
    }

    @inline(__always) mutating func raw(_ s: StaticString) {
        bytes(s.utf8Start, s.utf8CodeUnitCount)
    }

    /// Drops everything after the first `mark` bytes.
    mutating func truncate(to mark: Int) { count = min(count, max(0, mark)) }

    /// The bytes written so far, as a new array.
    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Appends the bytes written so far to `buffer`.
    func append(to buffer: inout [UInt8]) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
    }

    // MARK: structure

    @inline(__always) mutating func newline() {
        guard pretty else { return }
        let n = level &* 2
        reserve(n &+ 1)
        base[count] = 0x0A
        (base + (count &+ 1)).initialize(repeating: 0x20, count: n)
        count &+= n &+ 1
    }

    mutating func beginObject() {
        byte(UInt8(ascii: "{"))
        level += 1
        needComma = false
    }

    /// Writes `,` (when needed), a newline+indent in pretty mode, `"key":` and a space in pretty mode.
    @inline(__always) mutating func member(_ key: borrowing String) {
        if needComma { byte(UInt8(ascii: ",")) }
        newline()
        string(key)
        byte(UInt8(ascii: ":"))
        if pretty { byte(0x20) }
        needComma = true
    }

    /// `member` for a key known to need no escaping (the GeoJSON writer's own names).
    @inline(__always) mutating func member(_ key: StaticString) {
        if needComma { byte(UInt8(ascii: ",")) }
        newline()
        let n = key.utf8CodeUnitCount
        reserve(n &+ 4)
        base[count] = 0x22
        (base + (count &+ 1)).initialize(from: key.utf8Start, count: n)
        base[count &+ n &+ 1] = 0x22
        base[count &+ n &+ 2] = UInt8(ascii: ":")
        count &+= n &+ 3
        if pretty { byte(0x20) }
        needComma = true
    }

    mutating func endObject() {
        level -= 1
        newline()
        byte(UInt8(ascii: "}"))
        needComma = true
    }

    // MARK: strings

    /// Writes `s` quoted and escaped (RFC 8259 §7: `"` and `\` escaped, U+0000–U+001F as
    /// `\b \f \n \r \t` or `\u00xx`, everything else — including `/` and non-ASCII — as is).
    @inline(__always) mutating func string(_ s: borrowing String) {
        if s.utf8.withContiguousStorageIfAvailable({ escaped($0) }) == nil {
            var c = copy s
            c.withUTF8 { escaped($0) }
        }
    }

    /// Writes the UTF-8 bytes `buf` quoted and escaped. Runs of bytes that need no escaping
    /// are copied in one go; a string with nothing to escape (the usual case) is one copy.
    mutating func escaped(_ buf: UnsafeBufferPointer<UInt8>) {
        let n = buf.count
        guard let src = buf.baseAddress, n > 0 else { raw("\"\""); return }
        reserve(n &+ 2)
        base[count] = 0x22
        var out = count &+ 1
        var i = 0
        // Fast path: copy while no byte needs escaping (room for all n bytes is reserved),
        // eight bytes at a time while none of the eight is below 0x20, '"' or '\\'. The tests
        // are the exact SWAR ones (Hacker's Delight / "Bit Twiddling Hacks": a byte below
        // 0x20 is `(x - 0x20…) & ~x & 0x80…`, a zero byte of x ^ c is one equal to c); bytes
        // of 0x80 and above never set a flag (their ~x high bit is clear).
        while i &+ 8 <= n {
            let x = UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self)
            let q = x ^ 0x2222_2222_2222_2222, b = x ^ 0x5C5C_5C5C_5C5C_5C5C
            let flags = ((x &- 0x2020_2020_2020_2020) & ~x)
                | ((q &- 0x0101_0101_0101_0101) & ~q)
                | ((b &- 0x0101_0101_0101_0101) & ~b)
            if flags & 0x8080_8080_8080_8080 != 0 { break }
            UnsafeMutableRawPointer(base + out).storeBytes(of: x, as: UInt64.self)
            out &+= 8
            i &+= 8
        }
        // Fewer than eight bytes left of a string of eight or more: test the string's last
        // eight bytes as one word (they overlap bytes already checked and copied, which the
        // store writes again unchanged).
        if i < n && i &+ 8 > n && n >= 8 {
            let x = UnsafeRawPointer(src + (n &- 8)).loadUnaligned(as: UInt64.self)
            let q = x ^ 0x2222_2222_2222_2222, b = x ^ 0x5C5C_5C5C_5C5C_5C5C
            let flags = ((x &- 0x2020_2020_2020_2020) & ~x)
                | ((q &- 0x0101_0101_0101_0101) & ~q)
                | ((b &- 0x0101_0101_0101_0101) & ~b)
            if flags & 0x8080_8080_8080_8080 == 0 {
                out &+= n &- i
                UnsafeMutableRawPointer(base + (out &- 8)).storeBytes(of: x, as: UInt64.self)
                i = n
            }
        }
        while i < n {
            let b = src[i]
            if b < 0x20 || b == 0x22 || b == 0x5C { break }
            base[out] = b
            out &+= 1
            i &+= 1
        }
        count = out
        if i < n { escapedTail(src, from: i, n) }
        byte(0x22)
    }

    @inline(never) mutating func escapedTail(_ src: UnsafePointer<UInt8>, from start: Int, _ n: Int) {
        var runStart = start
        for j in start..<n {
            let b = src[j]
            if b >= 0x20 && b != 0x22 && b != 0x5C { continue }
            if runStart < j { bytes(src + runStart, j &- runStart) }
            runStart = j &+ 1
            switch b {
            case 0x22: byte(0x5C); byte(0x22)
            case 0x5C: byte(0x5C); byte(0x5C)
            case 0x08: byte(0x5C); byte(UInt8(ascii: "b"))
            case 0x0C: byte(0x5C); byte(UInt8(ascii: "f"))
            case 0x0A: byte(0x5C); byte(UInt8(ascii: "n"))
            case 0x0D: byte(0x5C); byte(UInt8(ascii: "r"))
            case 0x09: byte(0x5C); byte(UInt8(ascii: "t"))
            default:
                let hex: StaticString = "0123456789abcdef"
                raw("\\u00")
                byte(hex.utf8Start[Int(b >> 4)])
                byte(hex.utf8Start[Int(b & 0xF)])
            }
        }
        if runStart < n { bytes(src + runStart, n &- runStart) }
    }

    // MARK: numbers

    private static let digitPairs: StaticString =
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// Writes `value` in decimal, left-padded with zeros to at least `minDigits` digits.
    @inline(__always) mutating func uint(_ value: UInt64, minDigits: Int = 1) {
        let total = max(Self.digitCount(value), minDigits)
        reserve(total)
        let start = base + count
        var p = Self.writeDigits(value, endingAt: start + total)
        while p > start { p -= 1; p[0] = 0x30 }
        count &+= total
    }

    /// The number of decimal digits of `v` (1 for 0).
    @inline(__always) static func digitCount(_ v: UInt64) -> Int {
        var n = 1
        var t: UInt64 = 10
        while n < 20 && v >= t { n &+= 1; t = t &* 10 }
        return n
    }

    /// Writes the decimal digits of `v` backwards so that they end just before `end`, two at a
    /// time from the pair table; returns where they start (`end - digitCount(v)`).
    @inline(__always) static func writeDigits(_ v: UInt64, endingAt end: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var p = end
        var x = v
        let pairs = digitPairs.utf8Start
        while x >= 100 {
            let r = Int(truncatingIfNeeded: x % 100) &* 2
            x /= 100
            p -= 2
            p[0] = pairs[r]
            p[1] = pairs[r &+ 1]
        }
        if x >= 10 {
            let r = Int(truncatingIfNeeded: x) &* 2
            p -= 2
            p[0] = pairs[r]
            p[1] = pairs[r &+ 1]
        } else {
            p -= 1
            p[0] = 0x30 &+ UInt8(truncatingIfNeeded: x)
        }
        return p
    }

    mutating func int(_ v: Int64) {
        if v < 0 { byte(UInt8(ascii: "-")) }
        uint(v.magnitude)
    }

    /// A finite number: integral values below 2^53 in magnitude as integers ("42", never
    /// "42.0"; zero and negative zero as "0"); others in the shortest form that reads back to
    /// the same double, exactly as the standard library's `description` writes it ("0.1",
    /// "1e-07", "1e+300"). Non-finite values as `NaN`/`Infinity`/`-Infinity` (callers check).
    mutating func number(_ d: Double) {
        if d == 0 { byte(0x30); return }
        let a = abs(d)
        // Integral test by conversion (exact below 2^53), not `rounded(.towardZero)`, a libm
        // call on baseline x86-64.
        if a < 9_007_199_254_740_992, Double(Int64(d)) == d {
            int(Int64(d))
            return
        }
        guard d.isFinite else {
            raw(d.isNaN ? "NaN" : (d < 0 ? "-Infinity" : "Infinity"))
            return
        }
        if a >= 0.001 && shortDecimal(d) { return }
        var s = d.description
        s.withUTF8 { if let b = $0.baseAddress { bytes(b, $0.count) } }
    }

    /// Writes `d` as `n / 10^k` for the least k ≤ 9 where that decimal reads back as `d`, when
    /// one exists and is provably what `description` writes; returns false (writing nothing)
    /// otherwise. Most numbers we write were rounded to a few decimals, so this avoids
    /// formatting through a `String`.
    ///
    /// Why it is the same text as `description` (shortest round-trip digits, closest to `d`,
    /// plain decimal notation for 1e-4 ≤ |d| < 2^53):
    /// - `n` and `10^k` are exact doubles (|n| < 2^51, k ≤ 9) and IEEE division rounds
    ///   correctly, so `n / 10^k == d` says `d` is the double nearest to the decimal
    ///   n·10^-k: the text reads back as `d`.
    /// - |d|·10^k < 2^51 gives ulp(d) ≤ |d|·2^-52 < 10^-k / 2, so the interval of decimals
    ///   that read back as `d` is narrower than 10^-k and holds no other multiple of 10^-k.
    ///   Any decimal with as few or fewer significant digits at the same magnitude is such
    ///   a multiple (our trimmed digits end at 10^e, e ≥ -k), and one of a smaller magnitude
    ///   lies at least 10^e below; so ours is the unique shortest candidate.
    /// - 0.001 ≤ |d| < 2^51 is inside the range where `description` uses plain decimals.
    /// The tests compare this path with `description` on many values.
    @inline(__always) mutating func shortDecimal(_ d: Double) -> Bool {
        var p = 10.0
        var pi: UInt64 = 10
        for k in 1...9 {
            let s = d * p
            guard abs(s) < 2_251_799_813_685_248 else { return false } // 2^51
            // Nearest integer to s (half away from zero; no libm call). Any candidate will do:
            // the check below proves it.
            let n = Double(Int64(s < 0 ? s - 0.5 : s + 0.5))
            if n / p == d {
                let m = UInt64(abs(n))
                if d < 0 { byte(UInt8(ascii: "-")) }
                fixed(m, decimals: k, power: pi)
                return true
            }
            p *= 10
            pi &*= 10
        }
        return false
    }

    /// Writes m / power (power = 10^decimals) as "int[.frac]", trailing zeros dropped: the
    /// fraction is written zero-padded to `decimals` digits, then its trailing zeros are cut
    /// (it has a non-zero digit, so the cut stops before the ".").
    @inline(__always) mutating func fixed(_ m: UInt64, decimals: Int, power: UInt64) {
        let ip = m / power
        let frac = m &- ip &* power
        uint(ip)
        guard frac != 0 else { return }
        if decimals == 6 {
            // The usual precision: "." and exactly six digits as three pairs (frac < 10^6).
            reserve(7)
            Self.writeSixDigitFraction(frac, at: base + count)
            count &+= 7
        } else {
            byte(UInt8(ascii: "."))
            uint(frac, minDigits: decimals)
        }
        while base[count &- 1] == 0x30 { count &-= 1 }
    }

    /// `d`·scale rounded to an integer half away from zero, decided on the exact binary value
    /// of `d` (see `JSONByteWriter.appendRounded`); nil when |d·scale| ≥ 2^52 (no rounding
    /// is needed at that precision: callers write `d` as it is).
    @inline(__always) static func scaledRounded(_ d: Double, scale: Double) -> Int64? {
        let prod = d * scale
        guard abs(prod) < 4_503_599_627_370_496 else { return nil } // 2^52
        // Half away from zero without libm (round and trunc are calls on baseline x86-64):
        // truncate by conversion (exact: |prod| < 2^52), and step away from zero when the
        // fraction (exact too) is above one half.
        let t = Int64(prod)
        let frac = abs(prod - Double(t))
        if frac > 0.5 { return prod < 0 ? t - 1 : t + 1 }
        if frac == 0.5 {
            // An apparent tie: the exact product may lie just below or above it; away from
            // zero unless the exact value d·scale is nearer to zero than prod.
            let err = (-prod).addingProduct(d, scale) // exact residual d·scale − prod
            if !(err != 0 && (err < 0) != (prod < 0)) { return prod < 0 ? t - 1 : t + 1 }
        }
        return t
    }

    /// `d` rounded to `decimals` places (scale = 10^decimals as a double, power the same as an
    /// integer), half away from zero on the exact binary value; see `JSONByteWriter.appendRounded`.
    @inline(__always) mutating func rounded(_ d: Double, decimals: Int, scale: Double, power: UInt64) {
        guard let n = Self.scaledRounded(d, scale: scale) else { number(d); return }
        if n == 0 { byte(0x30); return }
        if n < 0 { byte(UInt8(ascii: "-")) }
        fixed(n.magnitude, decimals: decimals, power: power)
    }

    /// Writes "." and `frac` (< 10^6) as exactly six digits, zero-padded, at `p` (7 bytes).
    @inline(__always) static func writeSixDigitFraction(_ frac: UInt64, at p: UnsafeMutablePointer<UInt8>) {
        let pairs = digitPairs.utf8Start
        let hi = Int(truncatingIfNeeded: frac / 10_000) &* 2
        let rest = frac % 10_000
        let mid = Int(truncatingIfNeeded: rest / 100) &* 2, lo = Int(truncatingIfNeeded: rest % 100) &* 2
        p[0] = UInt8(ascii: ".")
        p[1] = pairs[hi]; p[2] = pairs[hi &+ 1]
        p[3] = pairs[mid]; p[4] = pairs[mid &+ 1]
        p[5] = pairs[lo]; p[6] = pairs[lo &+ 1]
    }

    /// Writes `v` (< 10^10) in decimal at `p`; returns the end.
    @inline(__always) static func digits(_ v: UInt64, at p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        let end = p + digitCount(v)
        _ = writeDigits(v, endingAt: end)
        return end
    }

    /// Writes `d` rounded to six decimals at `p` — the same bytes as `rounded(d, decimals: 6, …)`
    /// — and returns the end (at most 18 bytes: sign, 10 integer digits, ".", 6 digits); nil,
    /// writing nothing, when |d|·10^6 ≥ 2^52.
    @inline(__always) static func sixDecimals(_ d: Double, at p0: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8>? {
        guard let n = scaledRounded(d, scale: 1e6) else { return nil }
        var p = p0
        if n == 0 { p[0] = 0x30; return p + 1 }
        if n < 0 { p[0] = UInt8(ascii: "-"); p += 1 }
        let m = n.magnitude
        let ip = m / 1_000_000
        let frac = m &- ip &* 1_000_000
        p = digits(ip, at: p)
        guard frac != 0 else { return p }
        writeSixDigitFraction(frac, at: p)
        p += 7
        while p[-1] == 0x30 { p -= 1 } // a non-zero fraction digit stops this before the "."
        return p
    }

    /// Writes `[lon,lat]` with both rounded to six decimals (compact output), through a local
    /// pointer so that no capacity check or count update falls between the bytes. Returns
    /// false, writing nothing, when a coordinate is too large for `sixDecimals` (the caller
    /// then takes the general path, which writes such a value unrounded).
    @inline(__always) mutating func compactPosition6(_ lon: Double, _ lat: Double) -> Bool {
        reserve(40)
        let start = base + count
        var p = start
        p[0] = UInt8(ascii: "[")
        guard let a = Self.sixDecimals(lon, at: p + 1) else { return false }
        p = a
        p[0] = UInt8(ascii: ",")
        guard let b = Self.sixDecimals(lat, at: p + 1) else { return false }
        p = b
        p[0] = UInt8(ascii: "]")
        count &+= (p + 1) - start
        return true
    }

    // MARK: values

    /// Writes a whole JSON value; a NaN or infinity throws (unless `lenientNonFinite`) with
    /// the path of the number relative to `v`.
    mutating func value(_ v: borrowing JSONValue) throws(JSONError) {
        switch v {
        case .null: raw("null")
        case .bool(let b): if b { raw("true") } else { raw("false") }
        case .number(let d):
            guard d.isFinite || lenientNonFinite else {
                throw JSONError(kind: .nonFiniteNumber, message: "cannot write \(d): JSON has no NaN or infinity",
                                path: JSONPath())
            }
            number(d)
        case .string(let s): string(s)
        case .array(let a):
            if a.isEmpty { raw("[]"); return }
            byte(UInt8(ascii: "["))
            level += 1
            try a.withUnsafeBufferPointer { (a) throws(JSONError) in
                for k in 0..<a.count {
                    if k > 0 { byte(UInt8(ascii: ",")) }
                    newline()
                    do throws(JSONError) { try value(a[k]) } catch { throw error.prefixed(.index(k)) }
                }
            }
            level -= 1
            newline()
            byte(UInt8(ascii: "]"))
        case .object(let o): try object(o)
        }
    }

    mutating func object(_ o: borrowing JSONObject) throws(JSONError) {
        if o.isEmpty { raw("{}"); return }
        beginObject()
        // Through a buffer pointer: members are borrowed in place, where the array's
        // subscript would copy (retain and release) each key and value.
        try o.members.withUnsafeBufferPointer { (members) throws(JSONError) in
            for i in 0..<members.count {
                member(members[i].0)
                do throws(JSONError) { try value(members[i].1) } catch { throw error.prefixed(.key(members[i].0)) }
            }
        }
        endObject()
    }
}

extension JSONError {
    /// This error with `component` put in front of its path (used while unwinding a write).
    func prefixed(_ component: JSONPath.Component) -> JSONError {
        JSONError(kind: kind, message: message, path: JSONPath([component] + path.components),
                  offset: offset, line: line, column: column)
    }
}
