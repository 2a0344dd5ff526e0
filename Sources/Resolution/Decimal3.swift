import Foundation

/// `x` with exactly three decimals, the same text as `String(format: "%.3f", x)` (C `printf`:
/// the exact binary value rounded to the nearest thousandth, ties to even) without Foundation's
/// formatter. The product x·1000 is split exactly into `hi + lo` with a fused multiply-add, so
/// the rounding decision is taken on the exact value.
/// Values that are negative, not finite or ≥ 10¹² go through `String(format:)`.
func decimal3(_ x: Double) -> String {
    guard x.isFinite, x >= 0, x < 1e12 else { return String(format: "%.3f", x) }
    let hi = x * 1000
    let lo = fmaRemainder(x, hi)
    var f = hi.rounded(.down)
    // Sign of (exact x·1000 − f − 0.5): (hi − f) − 0.5 is exact; adding lo keeps the sign right.
    let d = ((hi - f) - 0.5) + lo
    if d > 0 || (d == 0 && f.truncatingRemainder(dividingBy: 2) != 0) { f += 1 }
    let n = Int64(f)
    let frac = Int(n % 1000)
    let fs = frac < 10 ? "00\(frac)" : (frac < 100 ? "0\(frac)" : "\(frac)")
    return "\(n / 1000).\(fs)"
}

/// The rounding error of `hi = x * 1000`: x·1000 − hi exactly (fused multiply-add).
@inline(__always) private func fmaRemainder(_ x: Double, _ hi: Double) -> Double {
    (-hi).addingProduct(x, 1000)
}
