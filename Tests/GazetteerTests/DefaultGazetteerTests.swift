import Foundation
import Testing
import GeoCore
import Geodesy
@testable import Gazetteer

/// The embedded default, loaded once for the suite.
let defaultGazetteer: Gazetteer = {
    do { return try Gazetteer.load(layers: Gazetteer.defaultLayers().prefix(1).map { $0 }) }
    catch { fatalError("the embedded GeoData cannot be loaded: \(error)") }
}()

func km(_ a: Position, _ lat: Double, _ lon: Double) -> Double {
    Geodesic.wgs84.distance(a, Position(uncheckedLon: lon, lat: lat)) / 1000
}

@Suite struct DefaultGazetteerTests {
    @Test func loadsWithoutBadRows() {
        #expect(defaultGazetteer.places.count > 10_000)
        #expect(defaultGazetteer.loadIssues.isEmpty, "\(defaultGazetteer.loadIssues.count) bad rows, first: \(defaultGazetteer.loadIssues.prefix(3))")
        #expect(defaultGazetteer.adminAreas.contains { $0.level == 1 })
        #expect(defaultGazetteer.sources.contains { $0.licence.contains("CC BY-SA") })
    }

    /// Resafa the ruined city (35.625, 38.76), not the villages called Ar Rusafah in Hama.
    @Test func resafaInRaqqaIsTheRuinedCity() throws {
        let c = try defaultGazetteer.resolve(PlaceQuery(name: "الرصافة", within: ["الرقة"]))
        let top = try #require(c.first)
        #expect(km(top.place.position, 35.625, 38.76) < 2, "\(top.place.id) \(top.reasons)")
    }

    @Test func thawraOilFieldIsNotTabqa() throws {
        let c = try defaultGazetteer.resolve(PlaceQuery(name: "حقل الثورة"))
        let top = try #require(c.first)
        #expect(km(top.place.position, 35.630, 38.444) < 3, "\(top.place.id) \(top.reasons)")
        #expect(top.place.type == .oilField)
    }

    @Test func jabalMakhoulInRifDimashqIsTheSyrianMountain() throws {
        let c = try defaultGazetteer.resolve(PlaceQuery(name: "جبل مكحول", within: ["ريف دمشق"]))
        let top = try #require(c.first)
        #expect(km(top.place.position, 33.3927, 37.337) < 3, "\(top.place.id) \(top.reasons)")
    }

    /// Reference points: GeoNames (via the seed reference table) for the cities.
    @Test(arguments: [
        ("الرقة", 35.95283, 39.00788), ("Raqqa", 35.95283, 39.00788),
        ("حماة", 35.13179, 36.75783), ("Hama", 35.13179, 36.75783),
        ("سلمية", 35.012, 37.053), ("Salamiyah", 35.012, 37.053),
        ("أثريا", 35.365, 37.788), ("Ithriya", 35.365, 37.788),
        ("عقيربات", 35.042, 37.464), ("Uqayribat", 35.042, 37.464),
        ("حلب", 36.20124, 37.16117), ("Aleppo", 36.20124, 37.16117),
        ("دمشق", 33.5102, 36.29128), ("Damascus", 33.5102, 36.29128),
    ])
    func syrianPlacesResolveInBothScripts(_ name: String, _ lat: Double, _ lon: Double) throws {
        let c = try defaultGazetteer.resolve(PlaceQuery(name: name, focusCountry: "SY"))
        let top = try #require(c.first, "\(name) resolves to nothing")
        #expect(km(top.place.position, lat, lon) < 5, "\(name) → \(top.place.id) \(top.place.name)")
    }

    @Test(arguments: [("جنيف", "CH"), ("Geneva", "CH"), ("موسكو", "RU"), ("Moscow", "RU")])
    func foreignCitiesResolveInBothScripts(_ name: String, _ country: String) throws {
        let c = try defaultGazetteer.resolve(PlaceQuery(name: name))
        let top = try #require(c.first, "\(name) resolves to nothing")
        #expect(top.place.country == country, "\(name) → \(top.place.id) \(top.place.name)")
    }

    @Test func unknownAdminAreaIsReported() {
        #expect(throws: GazetteerError.self) { try defaultGazetteer.resolve(PlaceQuery(name: "الرصافة", within: ["Atlantis"])) }
    }
}
