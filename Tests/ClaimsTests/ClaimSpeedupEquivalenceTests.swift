import Foundation
import Testing
import GeoCore
import Geodesy
import GeometryEngine
import TestSupport
@testable import Claims

/// The speed-ups of the claims stage (prepared clip regions, shared corridor buffers, cached and
/// simplified region models) must not change what is measured. Each test compares the fast path
/// with the plain computation it replaces.
@Suite struct ClaimSpeedupEquivalenceTests {
    static let resafa = ShapeModelOracleTests.resafa
    static let ithriya = ShapeModelOracleTests.ithriya

    /// A lon/lat box (degrees) as a polygon.
    static func box(_ w: Double, _ s: Double, _ e: Double, _ n: Double) throws -> Geometry {
        .polygon(Polygon(exterior: try LinearRing([
            Position(uncheckedLon: w, lat: s), Position(uncheckedLon: e, lat: s), Position(uncheckedLon: e, lat: n),
            Position(uncheckedLon: w, lat: n), Position(uncheckedLon: w, lat: s),
        ])))
    }

    @Test func sharedCorridorBuffersEqualSeparateBuffers() throws {
        let line = Geometry.lineString(try LineString(Geodesic.wgs84.sample(from: Self.resafa.position, to: Self.ithriya.position, maxSpacing: 1000)))
        try withGEOS { ctx in
            let shared = try ctx.buffers(line, metres: [2500, 5000, 10000])
            for (d, g) in zip([2500.0, 5000, 10000], shared) {
                #expect(g == (try ctx.buffer(line, metres: d)), "buffer at \(d) m differs")
            }
        }
    }

    /// Hull discs come from `geodesicDisc`, which must give `buffer(.point)`'s polygon.
    @Test(arguments: [500.0, 2_500, 10_000, 30_000])
    func geodesicDiscEqualsPointBuffer(_ r: Double) throws {
        try withGEOS { ctx in
            for c in [Self.resafa.position, Position(uncheckedLon: 36.2, lat: 33.5), Position(uncheckedLon: -70.1, lat: -45.3)] {
                let disc = try ctx.geodesicDisc(center: c, metres: r)
                let ref = try ctx.buffer(.point(c), metres: r)
                let a = try #require(disc.polygons.first?.exterior.positions), b = try #require(ref.polygons.first?.exterior.positions)
                #expect(a.count == b.count)
                let worst = zip(a, b).map { max(abs($0.lon - $1.lon), abs($0.lat - $1.lat)) }.max() ?? 1
                #expect(worst < 1e-10, "r \(r) at \(c): vertices differ by \(worst)°")
            }
        }
    }

    /// Corridors are built from the 1 km samples simplified by 1 cm in the projection and with
    /// 5 km side edges; against the full 1 km construction the areas move by < 0.001 km² (the
    /// rounding of `computed_km2`) while the vertex count drops by more than half.
    @Test func coarserCorridorEdgesKeepTheAreas() throws {
        let line = Geometry.lineString(try LineString(Geodesic.wgs84.sample(
            from: Self.resafa.position, to: Self.ithriya.position, maxSpacing: VerdictRules.lineSampleSpacingKm * 1000)))
        let models = try ShapeBuilder(clip: nil, clipLabel: "").corridors(from: Self.resafa, to: Self.ithriya).models
        let full = try withGEOS { ctx in try ctx.buffers(line, metres: VerdictRules.standardCorridorWidthsKm.map { $0 * 500 }) }
        #expect(models.count == full.count)
        for (m, f) in zip(models, full) {
            let fullKm2 = Geodesic.wgs84.measure(f).area / 1e6
            #expect(abs(m.areaKm2 - fullKm2) < 1e-3, "\(m.name): \(m.areaKm2) vs 1 km construction \(fullKm2)")
            let n = m.geometry?.polygons.first?.exterior.positions.count ?? 0
            #expect(n > 0 && n * 2 < (f.polygons.first?.exterior.positions.count ?? 0), "\(m.name): \(n) vertices")
        }
    }

    /// The box cuts the Resafa–Ithriya corridors (east of 38.5° E is outside), so the prepared
    /// path runs the overlay; a box around everything takes the "properly inside" shortcut.
    @Test(arguments: [[38.0, 35.0, 38.5, 36.0], [37.0, 34.5, 39.5, 36.5], [40.0, 30.0, 41.0, 31.0]])
    func preparedClipMeasuresLikePlainIntersection(_ b: [Double]) throws {
        let clip = try Self.box(b[0], b[1], b[2], b[3])
        let plain = try ShapeBuilder(clip: clip, clipLabel: "box").corridors(from: Self.resafa, to: Self.ithriya).models
        let fast = try ShapeBuilder(clip: clip, clipLabel: "box", clipKey: "test-box-\(b)").corridors(from: Self.resafa, to: Self.ithriya).models
        #expect(plain.count == fast.count)
        for (p, f) in zip(plain, fast) {
            #expect(abs(p.areaKm2 - f.areaKm2) < 1e-6, "\(p.name): \(p.areaKm2) vs \(f.areaKm2)")
            #expect((p.geometry == nil) == (f.geometry == nil))
        }
    }

    /// Hulls take cached discs, the convex hull of the disc vertices (no union) and areas from
    /// the discs' cached edge terms; the plain construction (discs, their union, its convex hull,
    /// the union with the concave hull, `Geodesic.measure`) gives the same polygons and areas.
    /// Anchor sets: three close places (their discs overlap), spread-out places, and four
    /// places of which one lies inside the hull of the others; with and without a clip region
    /// (the box misses the first set, cuts the second and holds the third; both paths clip
    /// through the prepared region).
    @Test(arguments: [false, true])
    func hullsEqualThePlainConstruction(clipped: Bool) throws {
        func anchor(_ id: String, _ lon: Double, _ lat: Double, _ km: Double) -> ClaimAnchor {
            ClaimAnchor(name: id, role: .between, gazetteerID: "t:\(id)", nameEn: id, position: Position(uncheckedLon: lon, lat: lat),
                        uncertaintyKm: km, admin1Code: "", placeType: "settlement")
        }
        let sets: [[ClaimAnchor]] = [
            [anchor("a", 38.76, 35.625, 0.5), anchor("b", 38.81, 35.66, 1), anchor("c", 38.72, 35.69, 2)],
            [Self.resafa, Self.ithriya, anchor("d", 38.2, 35.9, 5)],
            [anchor("e", 36.0, 34.0, 3), anchor("f", 36.6, 34.1, 0.5), anchor("g", 36.3, 34.7, 1), anchor("h", 36.3, 34.2, 10)],
        ]
        let clip = clipped ? try Self.box(35.5, 33.5, 38.5, 36.0) : nil
        for anchors in sets {
            let builder = ShapeBuilder(clip: clip, clipLabel: "box", clipKey: clip.map { _ in "test-hull-box" })
            let fast = try builder.hulls(anchors)
            let (concave, convex) = try withGEOS { ctx -> (Geometry, Geometry) in
                let pts = Geometry.multiPoint(anchors.map(\.position))
                let discs = try anchors.map {
                    try ctx.geodesicDisc(center: $0.position, metres: max(VerdictRules.minimumAnchorUncertaintyKm, $0.uncertaintyKm) * 1000)
                }
                let concave = try ctx.unaryUnion([try ctx.concaveHull(pts, ratio: VerdictRules.concaveHullRatio)] + discs)
                return (concave, try ctx.convexHull(try ctx.unaryUnion(discs)))
            }
            let byName = Dictionary(uniqueKeysWithValues: fast.map { ($0.name, $0) })
            for (name, plain) in [("hull_concave", concave), ("hull_convex", convex)] {
                let m = try #require(byName[name], "\(name) missing for \(anchors.map(\.gazetteerID))")
                // Clipped by the same (prepared) clip step, measured by `Geodesic.measure`.
                let (expected, km2, raw) = try withGEOS { ctx in try builder.clipped(ctx, try #require(ShapeBuilder.polygonal(plain))) }
                #expect(m.geometry == expected, "\(name) of \(anchors.map(\.gazetteerID)): polygon differs")
                #expect(abs(m.areaKm2 - km2) < 1e-9, "\(name) of \(anchors.map(\.gazetteerID)): \(m.areaKm2) vs \(km2) km²")
                #expect(abs(raw - ShapeBuilder.km2(plain)) < 1e-9)
                #expect(m.param("unclipped_km2") == .number(round3(raw)), "\(name): unclipped \(String(describing: m.param("unclipped_km2"))) vs \(raw)")
            }
        }
    }

    /// The region model's map geometry is simplified at 0.001°; its area stays that of the full
    /// geometry, and the shown outline differs from it by well under 0.1 % (seed report regions).
    @Test(.enabled(if: seedReportText() != nil && analyzerFixture != nil))
    func simplifiedRegionOutlineKeepsTheFullArea() throws {
        let text = try #require(seedReportText())
        let r = try #require(try analyzeText(text, date: "2017-07-11"))
        let regions = r.claims.flatMap(\.models).filter { $0.kind == .region }
        #expect(!regions.isEmpty)
        for m in regions {
            let shown = try #require(m.geometry)
            let shownKm2 = Geodesic.wgs84.measure(shown).area / 1e6
            #expect(abs(shownKm2 - m.areaKm2) / m.areaKm2 < 1e-3, "shown \(shownKm2) km² vs computed \(m.areaKm2) km²")
        }
        // Analysing again (cached region models) gives the same models.
        let again = try #require(try analyzeText(text, date: "2017-07-11"))
        #expect(again.claims.flatMap(\.models) == r.claims.flatMap(\.models))
    }
}
