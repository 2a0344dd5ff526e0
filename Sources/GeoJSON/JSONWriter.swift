/// Writes JSON text into a `[UInt8]` buffer without Foundation.
///
/// Deterministic: members in stored order; strings escaped per RFC 8259 §7
/// (`"` and `\` escaped, U+0000–U+001F as `\b \f \n \r \t` or `\u00xx`,
/// everything else — including `/` and non-ASCII — written as UTF-8 as is);
/// numbers via `appendNumber`. Pretty output indents by two spaces and puts
/// a space after `:`.
public struct JSONByteWriter: Sendable {
    public var bytes: [UInt8] = []
    public var pretty: Bool
    var lenientNonFinite = false
    var level = 0

    public init(pretty: Bool = false, reservingCapacity: Int = 256) {
        self.pretty = pretty
        bytes.reserveCapacity(reservingCapacity)
    }

    /// Writes a whole value.
    /// - Throws: `JSONError` (kind `.nonFiniteNumber`) naming the path of a NaN or infinite number.
    public mutating func write(_ value: JSONValue) throws(JSONError) {
        var path: [JSONPath.Component] = []
        try write(value, &path)
    }

    mutating func write(_ value: JSONValue, _ path: inout [JSONPath.Component]) throws(JSONError) {
        switch value {
        case .null: append("null")
        case .bool(let b): append(b ? "true" : "false")
        case .number(let d):
            guard d.isFinite || lenientNonFinite else {
                throw JSONError(kind: .nonFiniteNumber, message: "cannot write \(d): JSON has no NaN or infinity",
                                path: JSONPath(path))
            }
            appendNumber(d)
        case .string(let s): writeString(s)
        case .array(let a):
            if a.isEmpty { append("[]"); return }
            bytes.append(UInt8(ascii: "["))
            level += 1
            for (k, v) in a.enumerated() {
                if k > 0 { bytes.append(UInt8(ascii: ",")) }
                newline()
                path.append(.index(k))
                try write(v, &path)
                path.removeLast()
            }
            level -= 1
            newline()
            bytes.append(UInt8(ascii: "]"))
        case .object(let o):
            if o.isEmpty { append("{}"); return }
            beginObject()
            for (k, v) in o {
                member(k)
                path.append(.key(k))
                try write(v, &path)
                path.removeLast()
            }
            endObject()
        }
    }

    // MARK: structural helpers (used by the GeoJSON writer)

    var needComma = false

    mutating func beginObject() {
        bytes.append(UInt8(ascii: "{"))
        level += 1
        needComma = false
    }

    /// Writes `,` (when needed), a newline+indent in pretty mode, `"key":` and a space in pretty mode.
    mutating func member(_ key: String) {
        if needComma { bytes.append(UInt8(ascii: ",")) }
        newline()
        writeString(key)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(0x20) }
        needComma = true
    }

    mutating func endObject() {
        level -= 1
        newline()
        bytes.append(UInt8(ascii: "}"))
        needComma = true
    }

    @inline(__always) mutating func newline() {
        guard pretty else { return }
        bytes.append(0x0A)
        for _ in 0..<(level * 2) { bytes.append(0x20) }
    }

    @inline(__always) mutating func append(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    // MARK: strings

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes a quoted, escaped string.
    public mutating func writeString(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { buf in
            var runStart = 0
            for j in 0..<buf.count {
                let b = buf[j]
                if b >= 0x20 && b != 0x22 && b != 0x5C { continue }
                if runStart < j { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<j])) }
                runStart = j + 1
                switch b {
                case 0x22: bytes.append(0x5C); bytes.append(0x22)
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x08: bytes.append(0x5C); bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(0x5C); bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
                default:
                    bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30,
                                              Self.hex[Int(b >> 4)], Self.hex[Int(b & 0xF)]])
                }
            }
            if runStart < buf.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<buf.count])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    // MARK: numbers

    /// Appends a finite number: integral values below 2^53 in magnitude as
    /// integers ("42", never "42.0"; zero and negative zero as "0"); others in
    /// the shortest form that reads back to the same double (the standard
    /// library's locale-independent `description`, e.g. "0.1", "1e-07", "1e+300").
    public mutating func appendNumber(_ d: Double) {
        if d == 0 { bytes.append(0x30); return }
        if d == d.rounded(.towardZero) && abs(d) < 9_007_199_254_740_992 {
            appendInt(Int64(d))
            return
        }
        guard d.isFinite else {
            append(d.isNaN ? "NaN" : (d < 0 ? "-Infinity" : "Infinity"))
            return
        }
        var s = d.description
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends a signed integer in decimal.
    public mutating func appendInt(_ v: Int64) {
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        appendUInt(v.magnitude, minDigits: 0)
    }

    /// Appends `u` in decimal, left-padded with zeros to `minDigits`.
    mutating func appendUInt(_ u: UInt64, minDigits: Int) {
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0) // 24 bytes of scratch for up to 20 digits
        withUnsafeMutableBytes(of: &tmp) { raw in
            var x = u
            var k = 24
            repeat {
                k -= 1
                raw[k] = UInt8(truncatingIfNeeded: x % 10) + 0x30
                x /= 10
            } while x != 0
            while 24 - k < minDigits && k > 0 { k -= 1; raw[k] = 0x30 }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[k..<24]))
        }
    }

    /// Appends `d` rounded to `decimals` places (0…15), half away from zero,
    /// decided on the exact binary value of `d` (so 2.675, stored as
    /// 2.67499999999999982…, gives "2.67"; 0.125 gives "0.13" at 2 places).
    /// Trailing zeros are dropped ("1.5", "2"), and a result that rounds to zero
    /// is written "0", never "-0". Falls back to `appendNumber` when the scaled
    /// value exceeds 2^53 (then no rounding is needed at that precision anyway).
    /// The caller must pass a finite value.
    public mutating func appendRounded(_ d: Double, decimals: Int) {
        let dec = max(0, min(15, decimals))
        let scale = Self.exactPowers[dec]
        let prod = d * scale
        guard abs(prod) < 4_503_599_627_370_496 else { appendNumber(d); return } // 2^52
        var r = prod.rounded(.toNearestOrAwayFromZero)
        if abs(prod - prod.rounded(.towardZero)) == 0.5 {
            // An apparent tie: the exact product may lie just below or above it.
            let err = (-prod).addingProduct(d, scale) // exact residual d·scale − prod
            if err != 0 && (err < 0) != (prod < 0) { r = prod.rounded(.towardZero) }
        }
        let n = Int64(r)
        if n == 0 { bytes.append(0x30); return }
        if n < 0 { bytes.append(UInt8(ascii: "-")) }
        let m = n.magnitude
        let p = UInt64(Self.intPowers[dec])
        appendUInt(m / p, minDigits: 0)
        var frac = m % p
        guard frac != 0 else { return }
        var digits = dec
        while frac % 10 == 0 { frac /= 10; digits -= 1 }
        bytes.append(UInt8(ascii: "."))
        appendUInt(frac, minDigits: digits)
    }

    static let exactPowers: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15]
    static let intPowers: [Int64] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
                                     1_000_000_000, 10_000_000_000, 100_000_000_000, 1_000_000_000_000,
                                     10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000]
}

extension JSONValue {
    /// The JSON text of this value as UTF-8 bytes.
    /// - Throws: `JSONError` (`.nonFiniteNumber`) with the path of a NaN or infinite number.
    public func jsonBytes(pretty: Bool = false) throws(JSONError) -> [UInt8] {
        var w = JSONByteWriter(pretty: pretty)
        try w.write(self)
        return w.bytes
    }

    /// The JSON text of this value.
    public func jsonString(pretty: Bool = false) throws(JSONError) -> String {
        String(decoding: try jsonBytes(pretty: pretty), as: UTF8.self)
    }
}
