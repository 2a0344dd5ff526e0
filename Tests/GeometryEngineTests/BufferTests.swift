import Foundation
import Testing
import TestSupport
import GeoCore
import Geodesy
import CGEOS
@testable import GeometryEngine

/// The issue's acceptance test: buffers are in metres on the ellipsoid, never degrees.
@Suite struct MetreBufferTests {
    /// A point buffered by 10 km has a geodesic area within 0.5 % of π·10² km²
    /// (a degree buffer would be off by far more at 60° N, where a degree of
    /// longitude is half a degree of latitude). The area comes from Karney's
    /// geodesic polygon area (Geodesy, PROJ geod), not from GEOS.
    @Test(arguments: [35.0, 60.0])
    func tenKilometrePointBufferHasCircleArea(latitude: Double) throws {
        let ctx = try GEOSContext()
        let centre = try Position(lon: 38.5, lat: latitude)
        let b = try ctx.buffer(.point(centre), metres: 10_000)
        guard case .polygon(let p) = b else { Issue.record("expected a Polygon, got \(b.typeName)"); return }
        let area = Geodesic.wgs84.measure(p).area
        let circle = Double.pi * 10_000 * 10_000
        #expect(abs(area / circle - 1) < 0.005, "area \(area) m² vs π·(10 km)² = \(circle) m²")
        // the 64-gon inscribed in the circle loses 0.16 %: the result is that, not more
        #expect(area < circle)
        #expect(abs(area / circle - 1) < 0.002)
        // every vertex lies 10 km (geodesic) from the centre, to 1 m
        for v in p.exterior.positions {
            #expect(abs(Geodesic.wgs84.distance(centre, v) - 10_000) < 1, "vertex \(v)")
        }
        #expect(try ctx.contains(b, .point(centre)))
        #expect(try ctx.isValid(b))
    }

    @Test func moreQuadrantSegmentsApproachTheCircleArea() throws {
        let ctx = try GEOSContext()
        let centre = try Position(lon: 36.3, lat: 33.5)
        guard case .polygon(let p) = try ctx.buffer(.point(centre), metres: 10_000, quadrantSegments: 32) else {
            Issue.record("not a polygon"); return
        }
        let ratio = Geodesic.wgs84.measure(p).area / (Double.pi * 1e8)
        // inscribed 128-gon: sin(2π/128)/(2π/128) = 0.999598
        #expect(abs(ratio - sin(2 * Double.pi / 128) / (2 * Double.pi / 128)) < 1e-4, "ratio \(ratio)")
    }

    /// A geodesic corridor: the line from Resafa towards Ithriya (about 100 km)
    /// buffered by 5 km covers its geodesic midpoint and has area ≈ 2w·L + πw².
    @Test func geodesicLineBufferIsACorridorOfTheRightWidth() throws {
        let ctx = try GEOSContext()
        let a = try Position(lon: 38.754, lat: 35.628), b = try Position(lon: 37.677, lat: 35.208)
        let w = 5_000.0
        let corridor = try ctx.buffer(.lineString(try LineString([a, b])), metres: w)
        guard case .polygon(let p) = corridor else { Issue.record("expected a Polygon, got \(corridor.typeName)"); return }
        let length = Geodesic.wgs84.distance(a, b)
        let expected = 2 * w * length + Double.pi * w * w
        let area = Geodesic.wgs84.measure(p).area
        #expect(abs(area / expected - 1) < 0.005, "area \(area) vs \(expected)")

        // Across the middle of the geodesic: 4.9 km to either side is inside, 5.1 km is outside.
        let inv = Geodesic.wgs84.inverse(a, b)
        let mid = Geodesic.wgs84.direct(from: a, azimuth: inv.initialAzimuth, distance: length / 2)
        for side in [-90.0, 90.0] {
            let near = Geodesic.wgs84.direct(from: mid.position, azimuth: mid.azimuth + side, distance: 4_900).position
            let far = Geodesic.wgs84.direct(from: mid.position, azimuth: mid.azimuth + side, distance: 5_100).position
            #expect(try ctx.contains(corridor, .point(near)))
            #expect(try !ctx.contains(corridor, .point(far)))
        }
    }

    @Test func polygonBufferGrowsAndNegativeBufferShrinks() throws {
        let ctx = try GEOSContext()
        let sq = try square(38.0, 35.0, 38.2, 35.2) // about 18 km × 22 km
        let area0 = Geodesic.wgs84.measure(sq).area
        let grown = Geodesic.wgs84.measure(try ctx.buffer(sq, metres: 1_000)).area
        let shrunk = Geodesic.wgs84.measure(try ctx.buffer(sq, metres: -1_000)).area
        #expect(grown > area0 && shrunk < area0)
        // the perimeter P grows the area by about P·d + π d² (Steiner's formula)
        let perimeter = Geodesic.wgs84.measure(sq).perimeter
        #expect(abs((grown - area0) / (perimeter * 1_000 + Double.pi * 1e6) - 1) < 0.01)
        // a point buffered inward is empty
        #expect(try ctx.buffer(.point(pos(38, 35)), metres: -10) == .geometryCollection([]))
    }

    @Test func bufferRefusesBadInput() throws {
        let ctx = try GEOSContext()
        #expect(throws: GeoError.self) { try ctx.buffer(.point(pos(38, 35)), metres: .nan) }
        #expect(throws: GeoError.self) { try ctx.buffer(.point(pos(38, 35)), metres: 10, quadrantSegments: 0) }
        let acrossAntimeridian = Geometry.multiPoint([pos(179.5, 0), pos(-179.5, 0)])
        #expect(throws: GeoError.self) { try ctx.buffer(acrossAntimeridian, metres: 10) }
        #expect(try ctx.buffer(.geometryCollection([]), metres: 10) == .geometryCollection([]))
    }
}

@Suite struct PerThreadContextTests {
    /// Many tasks at once, each using its own thread's context through withGEOS.
    @Test func concurrentTasksUseSeparateContexts() async throws {
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<16 {
                group.addTask {
                    try withGEOS { ctx in
                        let d = Double(i % 4)
                        let u = try ctx.union(try square(d, 0, d + 2, 2), try square(d + 1, 1, d + 3, 3))
                        // nested use gets its own context
                        let n = try withGEOS { inner in try inner.wkt(.point(pos(d, 0))) }
                        #expect(n == "POINT (\(Int(d)) 0)")
                        return vertexSet(u).count
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: 8, count: 16))
    }
}

/// The corridor buffers project with `GeodesicProjection` (aeqd through the geodesic problems)
/// instead of a PROJ `aeqd` built per call; PROJ's projection (`LocalProjection`) is the oracle.
@Suite struct BufferProjectionOracleTests {
    /// The seed's corridor (1 km samples of a ~93 km geodesic, 5/10/20 km wide, 5 km edges,
    /// 1 cm line tolerance) rebuilt step by step through PROJ's aeqd: the same number of vertices,
    /// each within 1 mm (1e-8°) of `buffers`' vertex, and the same area to 1 m².
    @Test func corridorVerticesMatchTheProjPath() throws {
        let ctx = try GEOSContext()
        let a = try Position(lon: 38.7546, lat: 35.6281), b = try Position(lon: 37.6891, lat: 35.3612)
        let line = Geometry.lineString(try LineString(Geodesic.wgs84.sample(from: a, to: b, maxSpacing: 1_000)))
        let distances = [2_500.0, 5_000, 10_000]
        let fast = try ctx.buffers(line, metres: distances, maxSegmentLength: 5_000, planarTolerance: 0.01)

        // The PROJ path: same centre, input already denser than 5 km, Douglas–Peucker by 1 cm.
        let box = try #require(line.boundingBox)
        let proj = try LocalProjection(center: try Position(lon: (box.west + box.east) / 2, lat: (box.south + box.north) / 2))
        let full = try ctx.makeGEOS(line) { try proj.forward($0) }
        let planar = try withExtendedLifetime(full) { try ctx.owned("GEOSSimplify_r") { GEOSSimplify_r($0, full.pointer, 0.01) } }
        for (d, f) in zip(distances, fast) {
            let r = try ctx.planarRoundBuffer(planar, d, quadrantSegments: 16, maxSegmentLength: 5_000)
            let oracle = try ctx.geometry(r) { x, y, _ in try proj.inverse(x: x, y: y) }
            guard case .polygon(let po) = oracle, case .polygon(let pf) = f else {
                Issue.record("expected polygons, got \(oracle.typeName) and \(f.typeName)"); continue
            }
            let vo = po.exterior.positions, vf = pf.exterior.positions
            #expect(vo.count == vf.count, "\(d) m: \(vo.count) vertices through PROJ, \(vf.count) here")
            var worst = 0.0
            for (p, q) in zip(vo, vf) { worst = max(worst, abs(p.lon - q.lon), abs(p.lat - q.lat)) }
            #expect(worst < 1e-8, "\(d) m: largest vertex difference \(worst)°")
            #expect(abs(Geodesic.wgs84.measure(po).area - Geodesic.wgs84.measure(pf).area) < 1)
        }
    }
}

/// Densification skips the inverse problem of edges that `geodesicLengthBound` proves short
/// enough; the bound must never be below the geodesic distance (or an edge that needs samples
/// would keep none).
@Suite struct GeodesicLengthBoundTests {

    /// 20 000 pairs from millimetres to 90° apart, anywhere (poles and antimeridian included).
    @Test func boundIsNeverBelowTheGeodesicDistance() throws {
        var rng = SplitMix64(seed: 20_171_107)
        for _ in 0..<20_000 {
            let lat = Double.random(in: -89.9...89.9, using: &rng), lon = Double.random(in: -180...180, using: &rng)
            let scale = [0.001, 0.01, 0.1, 1, 10, 90][Int.random(in: 0..<6, using: &rng)]
            let q = Position(uncheckedLon: Geodesic.reduceLongitude(lon + Double.random(in: -scale...scale, using: &rng)),
                             lat: max(-90, min(90, lat + Double.random(in: -scale...scale, using: &rng))))
            let p = Position(uncheckedLon: lon, lat: lat)
            let d = Geodesic.wgs84.distance(p, q)
            #expect(GEOSContext.geodesicLengthBound(p, q) >= d, "\(p) → \(q): bound \(GEOSContext.geodesicLengthBound(p, q)) < \(d) m")
        }
    }

    /// The seed corridor's 1 km samples are all proven shorter than the 5 km edge length.
    @Test func oneKilometreSamplesAreProvenShort() {
        let a = Position(uncheckedLon: 38.7546, lat: 35.6281), b = Position(uncheckedLon: 37.6891, lat: 35.3612)
        let ps = Geodesic.wgs84.sample(from: a, to: b, maxSpacing: 1_000)
        for i in 1..<ps.count { #expect(GEOSContext.geodesicLengthBound(ps[i - 1], ps[i]) < 2_000) }
    }
}
