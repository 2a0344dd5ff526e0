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
            let s = GazetteerSerials.shared.serial(of: g)
            #expect(GazetteerSerials.shared.serial(of: g) == s, "a live gazetteer keeps its serial")
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
