/// Writes JSON text into a `[UInt8]` buffer without Foundation.
///
/// Deterministic: members in stored order; strings escaped per RFC 8259 §7
/// (`"` and `\` escaped, U+0000–U+001F as `\b \f \n \r \t` or `\u00xx`,
/// everything else — including `/` and non-ASCII — written as UTF-8 as is);
/// numbers via `appendNumber`. Pretty output indents by two spaces and puts
/// a space after `:`. Each call formats into an internal buffer (`JSONSink`)
/// and appends the result to `bytes`.
public struct JSONByteWriter: Sendable {
    public var bytes: [UInt8] = []
    public var pretty: Bool
    var lenientNonFinite = false

    public init(pretty: Bool = false, reservingCapacity: Int = 256) {
        self.pretty = pretty
        bytes.reserveCapacity(reservingCapacity)
    }

    /// Writes a whole value.
    /// - Throws: `JSONError` (kind `.nonFiniteNumber`) naming the path of a NaN or infinite number;
    ///   `bytes` is then unchanged.
    public mutating func write(_ value: JSONValue) throws(JSONError) {
        var sink = JSONSink(pretty: pretty, capacity: 512)
        sink.lenientNonFinite = lenientNonFinite
        try sink.value(value)
        sink.append(to: &bytes)
    }

    /// Writes a quoted, escaped string.
    public mutating func writeString(_ s: String) {
        var sink = JSONSink(pretty: pretty, capacity: s.utf8.count + 16)
        sink.string(s)
        sink.append(to: &bytes)
    }

    /// Appends a finite number: integral values below 2^53 in magnitude as
    /// integers ("42", never "42.0"; zero and negative zero as "0"); others in
    /// the shortest form that reads back to the same double (the standard
    /// library's locale-independent `description`, e.g. "0.1", "1e-07", "1e+300").
    public mutating func appendNumber(_ d: Double) {
        var sink = JSONSink(pretty: false, capacity: 32)
        sink.number(d)
        sink.append(to: &bytes)
    }

    /// Appends a signed integer in decimal.
    public mutating func appendInt(_ v: Int64) {
        var sink = JSONSink(pretty: false, capacity: 32)
        sink.int(v)
        sink.append(to: &bytes)
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
        var sink = JSONSink(pretty: false, capacity: 32)
        sink.rounded(d, decimals: dec, scale: Self.exactPowers[dec], power: UInt64(Self.intPowers[dec]))
        sink.append(to: &bytes)
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
        var sink = JSONSink(pretty: pretty, capacity: 1024)
        try sink.value(self)
        return sink.array
    }

    /// The JSON text of this value.
    public func jsonString(pretty: Bool = false) throws(JSONError) -> String {
        String(decoding: try jsonBytes(pretty: pretty), as: UTF8.self)
    }
}
