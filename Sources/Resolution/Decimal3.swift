import Foundation

/// `x` with exactly three decimals, the same text as `String(format: "%.3f", x)`; see
/// ``fixedDecimals(_:_:)``.
func decimal3(_ x: Double) -> String { fixedDecimals(x, 3) }

/// `x` with exactly `digits` decimals (0…3), the same text as `String(format: "%.<digits>f", x)`
/// (C `printf`: the exact binary value rounded to the nearest multiple of 10⁻ᵈ, ties to even)
/// without Foundation's formatter, which costs a few thousand instructions per call. The
/// product x·10ᵈ is split exactly into `hi + lo` with a fused multiply-add, so the rounding
/// decision is taken on the exact value.
/// Values that are negative, not finite or ≥ 10¹², and other digit counts, go through
/// `String(format:)`.
package func fixedDecimals(_ x: Double, _ digits: Int) -> String {
    guard x.isFinite, x >= 0, x < 1e12, digits >= 0, digits <= 3 else { return String(format: "%.\(digits)f", x) }
    let scale: Double = digits == 0 ? 1 : (digits == 1 ? 10 : (digits == 2 ? 100 : 1000))
    let hi = x * scale
    let lo = fmaRemainder(x, scale, hi)
    var f = hi.rounded(.down)
    // Sign of (exact x·10ᵈ − f − 0.5): (hi − f) − 0.5 is exact; adding lo keeps the sign right.
    let d = ((hi - f) - 0.5) + lo
    if d > 0 || (d == 0 && f.truncatingRemainder(dividingBy: 2) != 0) { f += 1 }
    // The digits of n = round(x·10ᵈ), with a point before the last d of them (and a zero
    // before the point when n < 10ᵈ), written right to left into a stack buffer: the result is
    // a small string, with no intermediate ones.
    var n = UInt64(f)
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buf in
        var i = buf.count, written = 0
        repeat {
            i -= 1; buf[i] = 0x30 + UInt8(n % 10); n /= 10; written += 1
            if written == digits { i -= 1; buf[i] = 0x2E }
        } while n > 0 || written <= digits
        return String(decoding: UnsafeBufferPointer(rebasing: buf[i...]), as: UTF8.self)
    }
}

/// The rounding error of `hi = x * scale`: x·scale − hi exactly (fused multiply-add).
@inline(__always) private func fmaRemainder(_ x: Double, _ scale: Double, _ hi: Double) -> Double {
    (-hi).addingProduct(x, scale)
}
