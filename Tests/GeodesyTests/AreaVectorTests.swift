import Foundation
import Testing
import GeoCore
@testable import Geodesy

/// A published geodesic polygon area on WGS84.
struct AreaVector: Sendable, CustomTestStringConvertible {
    let id: String
    let source: String
    let ring: [(Double, Double)]   // (lon, lat) degrees, not closed
    var holes: [[(Double, Double)]] = []
    let area: Double               // m², signed (CCW positive) unless unsigned
    let areaTolerance: Double
    var perimeter: Double? = nil   // metres (exterior ring only)
    var perimeterTolerance: Double = 0
    var unsigned = false
    var testDescription: String { id }
}

/// Published values, copied as facts with their sources: GeographicLib's
/// Planimeter tests and documentation (Karney 2013,
/// doi:10.1007/s00190-012-0578-z), PostGIS liblwgeom cu_geodetic.c
/// test_spheroid_area, and pyproj test_geod.py. (Collected in the project's
/// shared fixture geodesic-area-vectors.json.)
let publishedAreaVectors: [AreaVector] = [
        AreaVector(id: "planimeter0a-north-pole", source: "GeographicLib Planimeter0",
                   ring: [(0, 89), (90, 89), (180, 89), (270, 89)],
                   area: 24952305678.0, areaTolerance: 1, perimeter: 631819.8745, perimeterTolerance: 0.0001),
        AreaVector(id: "planimeter0b-south-pole", source: "GeographicLib Planimeter0",
                   ring: [(0, -89), (90, -89), (180, -89), (270, -89)],
                   area: -24952305678.0, areaTolerance: 1, perimeter: 631819.8745, perimeterTolerance: 0.0001),
        AreaVector(id: "planimeter0c-equator-diamond", source: "GeographicLib Planimeter0",
                   ring: [(-1, 0), (0, -1), (1, 0), (0, 1)],
                   area: 24619419146.0, areaTolerance: 1, perimeter: 627598.2731, perimeterTolerance: 0.0001),
        AreaVector(id: "planimeter0d-octant", source: "GeographicLib Planimeter0",
                   ring: [(0, 90), (0, 0), (90, 0)],
                   area: 63758202715511.0, areaTolerance: 1, perimeter: 30022685, perimeterTolerance: 1),
        AreaVector(id: "planimeter5-pole-crossing", source: "GeographicLib Planimeter5",
                   ring: [(0.1, 89), (90.1, 89), (-179.9, 89)],
                   area: 12476152838.5, areaTolerance: 1, perimeter: 539297, perimeterTolerance: 1),
        AreaVector(id: "planimeter13-pole-twice", source: "GeographicLib Planimeter13",
                   ring: [(-360, 89), (-240, 89), (-120, 89), (0, 89), (120, 89), (240, 89)],
                   area: 32415230256.0, areaTolerance: 1, perimeter: 1160741, perimeterTolerance: 1),
        AreaVector(id: "planimeter15-triangle", source: "GeographicLib Planimeter15",
                   ring: [(1, 2), (2, 1), (3, 3)],
                   area: 18454562325.45119, areaTolerance: 0.5),
        AreaVector(id: "planimeter15-triangle-reversed", source: "GeographicLib Planimeter15 (reverse traversal, signed)",
                   ring: [(3, 3), (2, 1), (1, 2)],
                   area: -18454562325.45119, areaTolerance: 0.5),
        AreaVector(id: "antarctica", source: "GeographicLib documentation, 'Measuring areas' example",
                   ring: [(-58, -63.1), (-74, -72.9), (-102, -71.9), (-102, -74.9), (-131, -74.3), (-163, -77.5), (163, -77.4), (172, -71.7), (140, -65.9), (113, -65.7), (88, -66.6), (59, -66.9), (25, -69.8), (-4, -70.0), (-14, -71.0), (-33, -77.3), (-46, -77.9), (-61, -74.7)],
                   area: 13662703680020.1, areaTolerance: 0.1, perimeter: 16831067.893, perimeterTolerance: 0.001),
        AreaVector(id: "postgis-medford-lot", source: "PostGIS cu_geodetic.c test_spheroid_area (unsigned)",
                   ring: [(-122.848227067007, 42.5007249610493), (-122.848309475585, 42.5007179884263), (-122.848327688675, 42.500835880696), (-122.848245279942, 42.5008428533324)],
                   area: 89.86841347930958, areaTolerance: 0.1, unsigned: true),
        AreaVector(id: "postgis-square-2w-3n", source: "PostGIS cu_geodetic.c test_spheroid_area (unsigned)",
                   ring: [(-2, 3), (-2, 4), (-1, 4), (-1, 3)],
                   area: 12286884908.946892, areaTolerance: 0.1, unsigned: true),
        AreaVector(id: "postgis-square-8.5e-1n", source: "PostGIS cu_geodetic.c test_spheroid_area (unsigned)",
                   ring: [(8.5, 2), (8.5, 1), (9.5, 1), (9.5, 2)],
                   area: 12305128751.0429, areaTolerance: 0.1, unsigned: true),
        AreaVector(id: "postgis-square-near-antimeridian", source: "PostGIS cu_geodetic.c test_spheroid_area (unsigned)",
                   ring: [(179.5, 2), (179.5, 1), (178.5, 1), (178.5, 2)],
                   area: 12305128751.0429, areaTolerance: 0.1, unsigned: true),
        AreaVector(id: "postgis-square-across-antimeridian", source: "PostGIS cu_geodetic.c test_spheroid_area (unsigned)",
                   ring: [(179.5, 2), (179.5, 1), (-179.5, 1), (-179.5, 2)],
                   area: 12305128751.0429, areaTolerance: 0.1, unsigned: true),
        AreaVector(id: "pyproj-clockwise-triangle", source: "pyproj test_geod.py",
                   ring: [(1, 2), (3, 4), (5, 2)],
                   area: -49187690467.58623, areaTolerance: 0.01, perimeter: 1072185.2103813463, perimeterTolerance: 0.01),
        AreaVector(id: "pyproj-square-with-hole-ccw", source: "pyproj test_geod.py (shapely orient(poly, 1): shell CCW, hole CW)",
                   ring: [(1, 1), (10, 1), (10, 10), (1, 10)], holes: [[(1, 2), (3, 4), (5, 2)]],
                   area: 944373881400.3394, areaTolerance: 0.01, perimeter: 3979008.0359657984, perimeterTolerance: 0.01),
]

@Suite struct PublishedGeodesicAreaTests {
    @Test(arguments: publishedAreaVectors)
    func ringAreaMatchesPublishedValue(_ v: AreaVector) throws {
        let g = Geodesic.wgs84
        if v.holes.isEmpty {
            let m = g.ring(lons: v.ring.map(\.0), lats: v.ring.map(\.1))
            let a = v.unsigned ? abs(m.signedArea) : m.signedArea
            #expect(abs(a - v.area) <= v.areaTolerance, "\(v.id): area \(a) vs published \(v.area)")
            if let p = v.perimeter {
                #expect(abs(m.perimeter - p) <= v.perimeterTolerance, "\(v.id): perimeter \(m.perimeter) vs \(p)")
            }
        } else {
            // Polygon with holes through the Polygon API (all in valid lon/lat range).
            func ring(_ r: [(Double, Double)]) throws -> LinearRing {
                try LinearRing(closing: r.map { try Position(lon: $0.0, lat: $0.1) })
            }
            let poly = Polygon(exterior: try ring(v.ring), holes: try v.holes.map(ring))
            let m = g.measure(poly)
            #expect(abs(m.signedArea - v.area) <= v.areaTolerance, "\(v.id): signed \(m.signedArea) vs \(v.area)")
            #expect(abs(m.area - v.area) <= v.areaTolerance, "\(v.id): unsigned \(m.area) vs \(v.area)")
            if let p = v.perimeter {
                #expect(abs(m.exteriorPerimeter - p) <= v.perimeterTolerance)
                #expect(m.perimeter > m.exteriorPerimeter, "perimeter includes the hole")
            }
        }
    }

    @Test func closedAndOpenRingsMeasureTheSame() {
        let v = publishedAreaVectors.first { $0.id == "planimeter15-triangle" }!
        let open = Geodesic.wgs84.ring(lons: v.ring.map(\.0), lats: v.ring.map(\.1))
        let closed = Geodesic.wgs84.ring(lons: v.ring.map(\.0) + [v.ring[0].0], lats: v.ring.map(\.1) + [v.ring[0].1])
        #expect(open == closed)
    }
}

@Suite struct GeodesicProblemTests {
    /// GeographicLib's GeodSolve documentation example (JFK to LHR area):
    /// `echo 40.6 -73.8 51.6 -0.5 | GeodSolve -i` gives s12 = 5551759.400319 m
    /// and azi1 = 51.198882845°. The final azimuth is pyproj 3 `Geod.inv`'s
    /// back azimuth (-72.17822326448574°) plus 180°.
    @Test func inverseMatchesGeodSolveExample() throws {
        let r = Geodesic.wgs84.inverse(try Position(lon: -73.8, lat: 40.6), try Position(lon: -0.5, lat: 51.6))
        #expect(abs(r.distance - 5551759.400319) < 1e-6)
        #expect(abs(r.initialAzimuth - 51.198882845) < 1e-9)
        #expect(abs(r.finalAzimuth - (180 - 72.17822326448574)) < 1e-9)
    }

    @Test func directInvertsInverse() throws {
        let p = try Position(lon: -73.8, lat: 40.6)
        let d = Geodesic.wgs84.direct(from: p, azimuth: 51.198882845, distance: 5551759.400319)
        #expect(abs(d.position.lon - -0.5) < 1e-8)
        #expect(abs(d.position.lat - 51.6) < 1e-8)
        #expect(abs(d.azimuth - (180 - 72.17822326448574)) < 1e-8)
    }

    @Test func samplesLieOnTheGeodesicAndAreEvenlySpaced() throws {
        let a = try Position(lon: 38.76, lat: 35.625), b = try Position(lon: 37.788, lat: 35.365)
        let pts = Geodesic.wgs84.sample(from: a, to: b, maxSpacing: 5_000)
        let total = Geodesic.wgs84.distance(a, b)
        #expect(pts.first == a && pts.last == b)
        #expect(pts.count == Int((total / 5_000).rounded(.up)) + 1)
        // Sum of the pieces equals the whole: the samples are on the geodesic.
        #expect(abs(Geodesic.wgs84.length(pts) - total) < 1e-6)
    }

    @Test func longitudesReduceIntoRange() {
        #expect(Geodesic.reduceLongitude(190) == -170)
        #expect(Geodesic.reduceLongitude(-190) == 170)
        #expect(Geodesic.reduceLongitude(540) == 180)
    }
}

@Suite struct LocalProjectionTests {
    /// Azimuthal equidistant: the projected distance from the centre equals the
    /// geodesic distance, and the direction equals the geodesic azimuth.
    @Test func distancesFromCentreAreGeodesic() throws {
        let c = try Position(lon: 37.0, lat: 35.0)
        let proj = try LocalProjection(center: c)
        for (az, dist) in [(0.0, 10_000.0), (90, 50_000), (225, 120_000), (300, 3_000)] {
            let p = Geodesic.wgs84.direct(from: c, azimuth: az, distance: dist).position
            let (x, y) = try proj.forward(p)
            #expect(abs((x * x + y * y).squareRoot() - dist) < 1e-3)
            let back = try proj.inverse(x: x, y: y)
            #expect(abs(back.lon - p.lon) < 1e-9 && abs(back.lat - p.lat) < 1e-9)
        }
    }
}

/// `GeodesicProjection` (aeqd through the geodesic problems) against PROJ's `aeqd`
/// (`LocalProjection`) as the oracle: the buffers of corridors project with the former, so
/// a disagreement would move every corridor vertex.
@Suite struct GeodesicProjectionTests {
    /// A corridor of the seed's size (Ithriya–Resafa, ~93 km, buffered up to 10 km): the line's
    /// 1 km samples and points up to 60 km from the centre in every direction project and
    /// unproject to within 1 mm (and 1e-8°) of PROJ's answers.
    @Test func agreesWithPROJOnCorridorVertices() throws {
        let a = try Position(lon: 37.6891, lat: 35.3612), b = try Position(lon: 38.7546, lat: 35.6281)
        let centre = try Position(lon: (a.lon + b.lon) / 2, lat: (a.lat + b.lat) / 2)
        let proj = try LocalProjection(center: centre)
        let geo = GeodesicProjection(center: centre)
        var points = Geodesic.wgs84.sample(from: a, to: b, maxSpacing: 1_000)
        for az in stride(from: -180.0, to: 180, by: 7.5) {
            for d in [0.5, 5_000, 25_000, 60_000] {
                points.append(Geodesic.wgs84.direct(from: centre, azimuth: az, distance: d).position)
            }
        }
        points.append(centre)
        var worst = 0.0
        for p in points {
            let (px, py) = try proj.forward(p)
            let (gx, gy) = geo.forward(p)
            worst = max(worst, hypot(px - gx, py - gy))
            #expect(hypot(px - gx, py - gy) < 1e-3, "forward \(p): PROJ (\(px), \(py)) vs (\(gx), \(gy))")
            let pb = try proj.inverse(x: px, y: py), gb = geo.inverse(x: px, y: py)
            #expect(abs(pb.lon - gb.lon) < 1e-8 && abs(pb.lat - gb.lat) < 1e-8, "inverse of (\(px), \(py)): \(pb) vs \(gb)")
            #expect(Geodesic.wgs84.distance(pb, gb) < 1e-3)
        }
        // Both are the same formulas: the agreement is at rounding level, far below the bound.
        #expect(worst < 1e-6, "largest forward difference \(worst) m")
    }

    /// Away from Syria too: high latitude, southern hemisphere, across the antimeridian.
    @Test(arguments: [(25.0, 65.0), (-58.4, -34.6), (179.9, -17.0), (0.0, 0.0)])
    func agreesWithPROJElsewhere(lon: Double, lat: Double) throws {
        let centre = try Position(lon: lon, lat: lat)
        let proj = try LocalProjection(center: centre)
        let geo = GeodesicProjection(center: centre)
        for az in stride(from: -170.0, to: 180, by: 20) {
            let p = Geodesic.wgs84.direct(from: centre, azimuth: az, distance: 80_000).position
            let (px, py) = try proj.forward(p)
            let (gx, gy) = geo.forward(p)
            #expect(hypot(px - gx, py - gy) < 1e-3, "forward \(p): PROJ (\(px), \(py)) vs (\(gx), \(gy))")
            #expect(Geodesic.wgs84.distance(try proj.inverse(x: gx, y: gy), geo.inverse(x: gx, y: gy)) < 1e-3)
        }
    }
}

/// `signedArea(ofRing:knownEdgeArea:)` re-does geod_polygonarea's accumulation so that cached
/// edge terms can be used; geod_polygonarea (PROJ) is the oracle.
@Suite struct RingAreaWithKnownEdgesTests {
    /// Rings of the published vectors plus rings across the prime meridian (both directions), the
    /// antimeridian and around a pole: the same signed area as geod_polygonarea, with no edge
    /// known, with every edge known, and with every other edge known.
    @Test func agreesWithGeodPolygonArea() throws {
        var rings = publishedAreaVectors.map { $0.ring }
        rings.append([(-1, 14), (1.5, 14), (1.5, 16), (-1, 16)])      // Mali: crosses 0° eastward
        rings.append([(-1, 16), (1.5, 16), (1.5, 14), (-1, 14)])      // the same, clockwise
        rings.append([(0, 10), (2, 10), (2, 12), (0, 12)])            // vertices on the meridian
        rings.append([(179, -17), (-179, -17), (-179, -15), (179, -15)])
        rings.append([(0, 80), (120, 80), (-120, 80)])               // around the north pole
        let g = Geodesic.wgs84
        for r in rings {
            let ps = r.map { Position(uncheckedLon: $0.0, lat: $0.1) }
            let expected = g.ring(lons: r.map(\.0), lats: r.map(\.1)).signedArea
            let n = ps.count
            let terms = (0..<n).map { g.edgeArea(ps[$0], ps[($0 + 1) % n]) }
            let tolerance = max(1e-6, abs(expected) * 1e-14)
            let none = g.signedArea(ofRing: ps, knownEdgeArea: { _ in nil })
            let all = g.signedArea(ofRing: ps, knownEdgeArea: { terms[$0] })
            let half = g.signedArea(ofRing: ps, knownEdgeArea: { $0 % 2 == 0 ? terms[$0] : nil })
            let closed = g.signedArea(ofRing: ps + [ps[0]], knownEdgeArea: { _ in nil })
            for (what, a) in [("none", none), ("all", all), ("half", half), ("closed", closed)] {
                #expect(abs(a - expected) <= tolerance, "\(r) with \(what) known: \(a) vs geod_polygonarea \(expected)")
            }
        }
    }

    /// A known term is used as given: one 1 000 m² too small makes the (counter-clockwise
    /// positive) area exactly 1 000 m² larger, the area being −Σ S12 before its reduction.
    @Test func knownTermsAreUsed() throws {
        let ps = [(37.0, 35.0), (37.1, 35.0), (37.1, 35.1), (37.0, 35.1)].map { Position(uncheckedLon: $0.0, lat: $0.1) }
        let g = Geodesic.wgs84
        let base = g.signedArea(ofRing: ps, knownEdgeArea: { _ in nil })
        let shifted = g.signedArea(ofRing: ps, knownEdgeArea: { $0 == 1 ? g.edgeArea(ps[1], ps[2]) - 1_000 : nil })
        #expect(abs((shifted - base) - 1_000) < 1e-6)
    }
}
