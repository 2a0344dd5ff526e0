import Foundation
import Testing
import GeoCore
import Geodesy
import GeometryEngine
import Gazetteer
@testable import Claims

/// Clip regions, region models and prepared clip regions are cached per process under keys that
/// name the gazetteer. They used to name it by `ObjectIdentifier` (its address), which a new
/// gazetteer can reuse once the old one is freed: the new gazetteer then got the old one's clip
/// region. Keys now carry a serial number that is never reused.
@Suite struct ClipCacheIdentityTests {
    static let resafa = ShapeModelOracleTests.resafa
    static let ithriya = ShapeModelOracleTests.ithriya

    /// A gazetteer whose only outline is a level-0 "SY" box of the given half-size (degrees)
    /// around the Resafa–Ithriya line.
    static func gazetteer(halfSize h: Double) throws -> Gazetteer {
        let (lon, lat) = (38.27, 35.5)
        let ring = try LinearRing([
            Position(uncheckedLon: lon - h, lat: lat - h), Position(uncheckedLon: lon + h, lat: lat - h),
            Position(uncheckedLon: lon + h, lat: lat + h), Position(uncheckedLon: lon - h, lat: lat + h),
            Position(uncheckedLon: lon - h, lat: lat - h),
        ])
        let sy = AdminArea(level: 0, ref: AdminRef(code: "SY", nameEn: "Syria"), polygons: [Polygon(exterior: ring)], source: "test box")
        return Gazetteer(places: [], adminAreas: [sy])
    }

    @Test func serialsAreNeverReusedWhenGazetteerAddressesAre() throws {
        var serials = Set<UInt64>()
        for _ in 0..<20 {
            let g = Gazetteer(places: [])
            let s = g.serial
            #expect(serials.insert(s).inserted, "serial \(s) given to two gazetteers")
        }
    }

    /// Gazetteers made and freed one after another (their addresses are typically reused) each
    /// clip a corridor to their own country outline, not to a freed gazetteer's cached one.
    @Test func aFreedGazetteersClipRegionIsNotReusedForANewOne() throws {
        let geo = ClaimAnalyzer.ClaimGeography(corridor: (Self.resafa, Self.ithriya))
        for h in [0.2, 0.5, 0.3, 0.8, 0.25, 0.6] {
            let g = try Self.gazetteer(halfSize: h)
            let got = ClaimAnalyzer(gazetteer: g).evaluate(geo: geo, claimedKm2: 100, qualifier: .about, lower: 100, upper: 100)
            let c20 = try #require(got.models.first { $0.name == "corridor_20km" })
            // The same corridor clipped by a plain intersection with this gazetteer's own outline.
            let clip = try withGEOS { ctx in try ctx.makeValid(.multiPolygon(g.adminAreas[0].polygons)) }
            let plain = try ShapeBuilder(clip: clip, clipLabel: "SY").corridors(from: Self.resafa, to: Self.ithriya)
            let ref = try #require(plain.models.first { $0.name == "corridor_20km" })
            #expect(abs(c20.areaKm2 - ref.areaKm2) < 1e-6, "box ±\(h)°: \(c20.areaKm2) km², own outline gives \(ref.areaKm2) km²")
        }
    }
}

/// Corridors and axes of one document share their geodesic samples through `GeodesicLineMemo`;
/// what it gives must be exactly what `Geodesic.sample` and `Geodesic.distance` give.
@Suite struct GeodesicLineMemoTests {
    @Test func memoGivesTheSamplesAndLengthOfTheGeodesic() throws {
        let memo = GeodesicLineMemo()
        let ends: [(Position, Position)] = [
            (ShapeModelOracleTests.resafa.position, ShapeModelOracleTests.ithriya.position),
            (ShapeModelOracleTests.ithriya.position, ShapeModelOracleTests.resafa.position),
            (Position(uncheckedLon: 36.2, lat: 33.5), Position(uncheckedLon: 36.2004, lat: 33.5003)),  // < 1 km: ends only
            (Position(uncheckedLon: 179.5, lat: 10), Position(uncheckedLon: -179.7, lat: 10.4)),      // across the antimeridian
        ]
        for _ in 0..<2 {  // second round answered from the memo
            for (a, b) in ends {
                let got = memo.line(from: a, to: b)
                let samples = Geodesic.wgs84.sample(from: a, to: b, maxSpacing: VerdictRules.lineSampleSpacingKm * 1000)
                #expect(got.positions == samples)
                #expect(got.distance == Geodesic.wgs84.distance(a, b))
            }
        }
        // Reversed ends are a different line (samples from the other end), not the memo's first one.
        let ab = memo.line(from: ends[0].0, to: ends[0].1), ba = memo.line(from: ends[0].1, to: ends[0].0)
        #expect(ab.positions.first == ends[0].0 && ba.positions.first == ends[0].1)
    }
}
