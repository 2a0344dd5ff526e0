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
