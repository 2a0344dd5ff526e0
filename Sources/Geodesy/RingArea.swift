import CPROJ
import Foundation
import GeoCore

extension Geodesic {
    /// The edge term of Karney's geodesic polygon area for the geodesic from `p` to `q`: S12, the
    /// area in m² between the geodesic and the equator (`geod_geninverse`'s S12).
    /// `geod_polygonarea` sums these terms over the edges of a ring; the counter-clockwise
    /// positive area is minus that sum, reduced modulo the ellipsoid's area.
    public func edgeArea(_ p: Position, _ q: Position) -> Double {
        var s12 = 0.0, S12 = 0.0
        withUnsafePointer(to: g) { gp in
            _ = geod_geninverse(gp, p.lat, p.lon, q.lat, q.lon, &s12, nil, nil, nil, nil, nil, &S12)
        }
        return S12
    }

    /// Signed area in m² of a ring of positions (open or closed: a repeated closing vertex is
    /// ignored), positive counter-clockwise: the same computation as `geod_polygonarea` (and so
    /// as ``ring(_:)``'s `signedArea`) — the edges' S12 (``edgeArea(_:_:)``) summed in
    /// double-double, the prime-meridian crossings counted, the sum reduced into (−A/2, A/2] of
    /// the ellipsoid's area A — except that the S12 of the edge from vertex i to vertex i + 1
    /// (the last edge closes the ring) is taken from `knownEdgeArea(i)` when that returns a value,
    /// and computed otherwise. Callers pass S12 values they computed earlier with
    /// ``edgeArea(_:_:)`` for exactly those endpoints (edges of shapes cached per place), so the
    /// result equals `ring(positions).signedArea` to the rounding of the final sum; GeodesyTests
    /// check the agreement on the published area vectors.
    public func signedArea(ofRing positions: [Position], knownEdgeArea: (Int) -> Double?) -> Double {
        var n = positions.count
        if n > 1, positions[n - 1].lon == positions[0].lon, positions[n - 1].lat == positions[0].lat { n -= 1 }
        guard n >= 3 else { return 0 }
        var acc = Accumulator()
        var crossings = 0
        for i in 0..<n {
            let p = positions[i], q = positions[(i + 1) % n]
            acc.add(knownEdgeArea(i) ?? edgeArea(p, q))
            crossings += Self.transit(p.lon, q.lon)
        }
        // areareduceA of geodesic.c with reverse = false, sign = true.
        let area0 = 4 * Double.pi * g.c2
        acc.remainder(area0)
        if crossings & 1 != 0 { acc.add((acc.s < 0 ? 1 : -1) * area0 / 2) }
        acc.negate()    // the sum is clockwise-positive; counter-clockwise positive is wanted
        if acc.s > area0 / 2 { acc.add(-area0) } else if acc.s <= -area0 / 2 { acc.add(area0) }
        return 0 + acc.s
    }

    /// geodesic.c's accumulator: an unevaluated sum s + t of two doubles.
    struct Accumulator {
        var s = 0.0, t = 0.0

        /// Error-free sum: u + v = s + t exactly (geodesic.c `sumx`).
        static func sumx(_ u: Double, _ v: Double) -> (s: Double, t: Double) {
            let s = u + v
            var up = s - v
            var vpp = s - up
            up -= u
            vpp -= v
            return (s, s != 0 ? 0 - (up + vpp) : s)
        }

        mutating func add(_ y: Double) {
            let (z, u) = Self.sumx(y, t)
            (s, t) = Self.sumx(z, s)
            if s == 0 { s = u } else { t += u }
        }

        mutating func negate() { s = -s; t = -t }

        mutating func remainder(_ y: Double) {
            s = Foundation.remainder(s, y)
            add(0)
        }
    }

    /// geodesic.c `AngNormalize`: an angle reduced to [-180, 180].
    static func angNormalize(_ x: Double) -> Double {
        let y = Foundation.remainder(x, 360)
        return abs(y) == 180 ? Double(signOf: x, magnitudeOf: 180) : y
    }

    /// geodesic.c `AngDiff` (without the error term): lon2 − lon1 reduced to [-180, 180].
    static func angDiff(_ x: Double, _ y: Double) -> Double {
        var (d, t) = Accumulator.sumx(Foundation.remainder(-x, 360), Foundation.remainder(y, 360))
        (d, t) = Accumulator.sumx(Foundation.remainder(d, 360), t)
        if d == 0 || abs(d) == 180 {
            d = Double(signOf: t == 0 ? y - x : -t, magnitudeOf: d)
        }
        return d
    }

    /// geodesic.c `transit`: 1 or −1 when the edge crosses the prime meridian eastward or
    /// westward, else 0.
    static func transit(_ lon1: Double, _ lon2: Double) -> Int {
        let lon12 = angDiff(lon1, lon2)
        let l1 = angNormalize(lon1), l2 = angNormalize(lon2)
        if lon12 > 0 && ((l1 < 0 && l2 >= 0) || (l1 > 0 && l2 == 0)) { return 1 }
        return lon12 < 0 && l1 >= 0 && l2 < 0 ? -1 : 0
    }
}
