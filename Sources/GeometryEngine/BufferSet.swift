import CGEOS
import Foundation
import GeoCore
import Geodesy

extension GEOSContext {
    /// Buffers one geometry at several distances in **metres** on the WGS84 ellipsoid; the same
    /// method and results as calling ``buffer(_:metres:quadrantSegments:maxSegmentLength:)``
    /// once per distance, but the local projection (ellipsoidal `aeqd` at the centre of the
    /// bounding box), the geodesic densification of the input and its projection are done once
    /// and shared (corridors of one line at 5, 10 and 20 km). The input is converted to GEOS once.
    ///
    /// The projection is ``Geodesy/GeodesicProjection``: PROJ's ellipsoidal `aeqd` computed
    /// directly with the geodesic inverse (forward) and direct (inverse) problems from the centre,
    /// as PROJ itself does, so coordinates agree with a PROJ `aeqd` (``Geodesy/LocalProjection``)
    /// to rounding without creating a PROJ projection per call.
    ///
    /// - Parameters:
    ///   - g: the geometry in lon/lat degrees.
    ///   - distances: buffer distances in metres, each finite.
    ///   - quadrantSegments: segments per quarter circle (1...1000).
    ///   - maxSegmentLength: metres; input edges are densified along geodesics and result edges
    ///     split in the plane to at most this length (`.infinity` disables both).
    ///   - planarTolerance: metres; when > 0 the projected input is simplified (Douglas–Peucker,
    ///     GEOS `Simplify`) by this much before buffering, which drops the vertices of a densely
    ///     sampled geodesic that is straight to within the tolerance in the projection. Every
    ///     buffer boundary then moves by at most this distance, so an area changes by at most
    ///     tolerance × boundary length. 0 (the default) keeps the input as it is.
    /// - Returns: one Polygon/MultiPolygon in lon/lat degrees per distance, in order
    ///   (`.geometryCollection([])` for an empty result).
    /// - Throws: as ``buffer(_:metres:quadrantSegments:maxSegmentLength:)``.
    public func buffers(_ g: Geometry, metres distances: [Double], quadrantSegments: Int = 16,
                        maxSegmentLength: Double = 1_000, planarTolerance: Double = 0) throws -> [Geometry] {
        for d in distances where !d.isFinite {
            throw GeoError.invalidGeometry("buffer distance must be a finite number of metres, got \(d)")
        }
        try Self.checkBufferParameters(quadrantSegments: quadrantSegments, maxSegmentLength: maxSegmentLength)
        guard planarTolerance.isFinite, planarTolerance >= 0 else {
            throw GeoError.invalidGeometry("planarTolerance must be a finite number ≥ 0 metres, got \(planarTolerance)")
        }
        guard !distances.isEmpty else { return [] }
        guard let box = g.boundingBox else { return distances.map { _ in .geometryCollection([]) } }
        guard box.east - box.west <= 180 else {
            throw GeoError.unsupported("buffer: geometry spans \(box.east - box.west)° of longitude (antimeridian or larger than a hemisphere)")
        }
        let center = try Position(lon: (box.west + box.east) / 2, lat: (box.south + box.north) / 2)
        let projection = GeodesicProjection(center: center)
        let input = maxSegmentLength.isFinite ? try densifiedAlongGeodesics(g, maxSpacing: maxSegmentLength) : g
        var planar = try makeGEOS(input) { projection.forward($0) }
        if planarTolerance > 0 {
            let full = planar
            // returns NULL on exception
            planar = try withExtendedLifetime(full) {
                try owned("GEOSSimplify_r") { GEOSSimplify_r($0, full.pointer, planarTolerance) }
            }
        }
        return try distances.map { distance in
            let result = try planarRoundBuffer(planar, distance, quadrantSegments: quadrantSegments,
                                               maxSegmentLength: maxSegmentLength)
            return try geometry(result) { x, y, _ in
                let p = projection.inverse(x: x, y: y)
                return try Position(lon: p.lon, lat: p.lat)
            }
        }
    }

    /// The geometry with every edge longer than `maxSpacing` metres replaced by geodesic samples
    /// (the same as the buffer's own densification; altitudes dropped).
    private func densifiedAlongGeodesics(_ g: Geometry, maxSpacing: Double) throws -> Geometry {
        func line(_ ps: [Position]) -> [Position] {
            guard var out = ps.first.map({ [Position(uncheckedLon: $0.lon, lat: $0.lat)] }) else { return [] }
            for i in 1..<ps.count {
                // An edge that is certainly no longer than maxSpacing stays as it is, which is what
                // `sample` returns for it; the bound saves its inverse problem (corridor lines
                // arrive already sampled every 1 km).
                if Self.geodesicLengthBound(ps[i - 1], ps[i]) <= maxSpacing {
                    out.append(Position(uncheckedLon: ps[i].lon, lat: ps[i].lat))
                    continue
                }
                let samples = Geodesic.wgs84.sample(from: ps[i - 1], to: ps[i], maxSpacing: maxSpacing)
                out.append(contentsOf: samples.dropFirst().map { Position(uncheckedLon: $0.lon, lat: $0.lat) })
            }
            return out
        }
        func ring(_ r: LinearRing) throws -> LinearRing {
            var ps = line(r.positions)
            ps[ps.count - 1] = ps[0]
            return try LinearRing(ps)
        }
        func polygon(_ p: Polygon) throws -> Polygon {
            Polygon(exterior: try ring(p.exterior), holes: try p.holes.map(ring))
        }
        switch g {
        case .point, .multiPoint: return g
        case .lineString(let l): return .lineString(try LineString(line(l.positions)))
        case .multiLineString(let ls): return .multiLineString(try ls.map { try LineString(line($0.positions)) })
        case .polygon(let p): return .polygon(try polygon(p))
        case .multiPolygon(let ps): return .multiPolygon(try ps.map(polygon))
        case .geometryCollection(let gs): return .geometryCollection(try gs.map { try densifiedAlongGeodesics($0, maxSpacing: maxSpacing) })
        }
    }
}

extension GEOSContext {
    /// An upper bound, in metres, of the WGS84 geodesic distance between two positions: the length
    /// of the path along the meridian of `p` from its latitude to that of `q`, then along the
    /// parallel of `q` (|Δlon| reduced to ≤ 180°). On WGS84 a degree of meridian is at most
    /// a/√(1−e²)·π/180 = 111 694.0 m (at the poles) and a degree of the parallel at latitude φ is
    /// N(φ)·cos φ·π/180 ≤ 111 694.0 m · cos φ; 111 700 m covers both with margin, and the shortest
    /// path (the geodesic) is no longer than this one.
    static func geodesicLengthBound(_ p: Position, _ q: Position) -> Double {
        var dlon = abs(q.lon - p.lon).truncatingRemainder(dividingBy: 360)
        if dlon > 180 { dlon = 360 - dlon }
        let cosLat = cos(q.lat * .pi / 180)
        return 111_700 * (abs(q.lat - p.lat) + dlon * max(0, cosLat)) * (1 + 1e-12)
    }

    /// The buffer of one point by `metres` on the WGS84 ellipsoid: the same polygon as
    /// `buffer(.point(center), metres:…)` (GEOS's planar disc in the aeqd projection centred on the
    /// point, split to `maxSegmentLength`), but each vertex (x, y) is taken back with the geodesic
    /// direct problem from the centre (azimuth atan2(x, y), distance hypot(x, y)), which is what
    /// the ellipsoidal aeqd inverse computes, without building a PROJ projection for every disc.
    /// Coordinates agree with `buffer` to floating-point rounding (≪ 1 mm).
    /// - Parameters:
    ///   - center: the point, lon/lat degrees.
    ///   - distance: radius in metres (> 0 for a non-empty disc).
    /// - Returns: a Polygon in lon/lat degrees, or `.geometryCollection([])` when `distance` ≤ 0.
    /// - Throws: `GeoError.invalidGeometry` for a non-finite radius or bad parameters.
    public func geodesicDisc(center: Position, metres distance: Double, quadrantSegments: Int = 16,
                             maxSegmentLength: Double = 1_000) throws -> Geometry {
        guard distance.isFinite else {
            throw GeoError.invalidGeometry("buffer distance must be a finite number of metres, got \(distance)")
        }
        try Self.checkBufferParameters(quadrantSegments: quadrantSegments, maxSegmentLength: maxSegmentLength)
        let origin = try makeGEOS(.point(Position(uncheckedLon: 0, lat: 0)))
        let result = try planarRoundBuffer(origin, distance, quadrantSegments: quadrantSegments,
                                           maxSegmentLength: maxSegmentLength)
        let c = Position(uncheckedLon: center.lon, lat: center.lat)
        return try geometry(result) { x, y, _ in
            let p = Geodesic.wgs84.direct(from: c, azimuth: atan2(x, y) * 180 / .pi, distance: hypot(x, y)).position
            return try Position(lon: Geodesic.reduceLongitude(p.lon), lat: p.lat)
        }
    }
}

extension GEOSContext {
    /// Rejects segment counts outside 1...1000 and non-positive or NaN segment lengths.
    static func checkBufferParameters(quadrantSegments: Int, maxSegmentLength: Double) throws {
        guard quadrantSegments >= 1, quadrantSegments <= 1_000 else {
            throw GeoError.invalidGeometry("quadrantSegments must be in 1...1000, got \(quadrantSegments)")
        }
        guard maxSegmentLength > 0, !maxSegmentLength.isNaN else {
            throw GeoError.invalidGeometry("maxSegmentLength must be > 0 metres, got \(maxSegmentLength)")
        }
    }

    /// GEOS's planar buffer (round caps and joins) of a projected geometry, its edges then split
    /// to at most `maxSegmentLength` (no split when infinite); distances in the projection's metres.
    func planarRoundBuffer(_ planar: GEOSObject, _ distance: Double, quadrantSegments: Int,
                           maxSegmentLength: Double) throws -> GEOSObject {
        // returns NULL on exception
        var result = try withExtendedLifetime(planar) {
            try owned("GEOSBufferWithStyle_r") {
                GEOSBufferWithStyle_r($0, planar.pointer, distance, Int32(quadrantSegments),
                                      Int32(GEOSBUF_CAP_ROUND.rawValue), Int32(GEOSBUF_JOIN_ROUND.rawValue), 5.0)
            }
        }
        if maxSegmentLength.isFinite {
            let buffered = result
            // returns NULL on exception
            result = try withExtendedLifetime(buffered) {
                try owned("GEOSDensify_r") { GEOSDensify_r($0, buffered.pointer, maxSegmentLength) }
            }
        }
        return result
    }
}
