import Foundation
import Testing
import ConflictMapKit
import GeoJSON
import TestSupport

/// `map` output: area and axis features beside the places (docs/FORMAT.md, "Area and axis features").
@Suite struct ClaimFeaturesTests {
    @Test(.enabled(if: seed() != nil)) func seedMapHasTheCorridorTheTriangleAndTheSinDhadhaAxis() throws {
        let text = try #require(seed())
        let fc = try pipeline.map(document: Document(id: "seed", text: text, date: "2017-07-11"))
        let places = fc.features.filter { $0.properties?["kind"]?.stringValue == "place" }
        let areas = fc.features.filter { $0.properties?["kind"]?.stringValue == "area" }
        let axes = fc.features.filter { $0.properties?["kind"]?.stringValue == "axis" }
        #expect(!places.isEmpty && !areas.isEmpty && !axes.isEmpty)
        let placeIDs = Set(places.compactMap { f -> String? in if case .string(let s)? = f.id { return s }; return nil })

        let corridor = try #require(areas.first { $0.properties?["representative"]?.boolValue == true
            && $0.properties?["claimed_km2"]?.doubleValue == 1500 && $0.properties?["claim_qualifier"]?.stringValue == "more_than" })
        let p = try #require(corridor.properties)
        #expect(p["model"]?.stringValue == "corridor_20km" && p["area_method"]?.stringValue == "corridor_20km")
        #expect(abs((p["implied_width_km"]?.doubleValue ?? 0) - 16.165) < 0.01)
        #expect(p["verdict"]?.stringValue == "consistent")
        #expect(p["event"]?.stringValue == "captured" && p["actor"]?.stringValue == "الجيش السوري")
        let anchors = p["anchors"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(anchors.count >= 2 && anchors.prefix(2).allSatisfy { placeIDs.contains($0) }, "anchors \(anchors) are place feature ids")
        #expect(p["claim_text"]?["text"]?.stringValue == "أكثر من 1500 كم مربع")
        switch corridor.geometry { case .polygon?, .multiPolygon?: break; default: Issue.record("corridor geometry \(String(describing: corridor.geometry))") }

        let triangle = try #require(areas.first { $0.properties?["model"]?.stringValue == "hull_bare" })
        #expect(abs((triangle.properties?["computed_km2"]?.doubleValue ?? 0) - 39.765) < 0.01)

        let sin = try #require(axes.first { $0.properties?["axis_kind"]?.stringValue == "axis" })
        if case .lineString? = sin.geometry {} else { #expect(sin.properties?["reason"]?.stringValue != nil) }

        // The whole collection writes and reads back as valid GeoJSON.
        let bytes = try GeoJSONWriter(options: .init(decimals: 6)).write(fc)
        let back = try GeoJSONReader().read(bytes)
        if case .featureCollection(let fc2) = back.object { #expect(fc2.features.count == fc.features.count) } else { Issue.record("not a FeatureCollection") }
    }

    @Test func aTextWithoutClaimsHasOnlyPlaces() throws {
        let fc = try pipeline.map(document: Document(id: "en", text: "Talks were held in Geneva on Monday."))
        #expect(fc.features.allSatisfy { $0.properties?["kind"]?.stringValue == "place" })
    }
}
