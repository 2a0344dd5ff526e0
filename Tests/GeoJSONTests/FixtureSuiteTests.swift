import Foundation
import GeoCore
import Testing
@testable import GeoJSON
import TestSupport

/// The oracle: geojson/schema's valid/invalid fixtures and mapbox/geojsonhint's
/// good/bad fixtures with their expected complaints.
@Suite struct GeoJSONSchemaFixtureTests {
    @Test(.enabled(if: Fixtures.schemaRoot != nil))
    func everyValidFixtureIsAcceptedAndRoundTrips() throws {
        let valid = Fixtures.files(under: Fixtures.schemaRoot?.appendingPathComponent("valid"), ext: "json")
        #expect(valid.count >= 25)
        for (name, bytes) in valid {
            let doc: GeoJSONDocument
            do { doc = try GeoJSONReader().read(bytes) } catch {
                Issue.record("valid/\(name) rejected: \(error)"); continue
            }
            try expectRoundTrip(doc.object, name: name)
        }
    }

    /// The expected rule follows from the fixture's own name (no-type, 1d, bad-bbox …).
    static func expectedRule(_ name: String) -> Set<GeoJSONError.Rule> {
        let stem = (name as NSString).lastPathComponent.replacingOccurrences(of: ".json", with: "")
        switch stem {
        case "no-type": return [.missingType]
        case "1d", "1d-point": return [.invalidPosition]
        case "bad-bbox": return [.invalidBBox]
        case "no-coordinates", "no-geometries", "no-geometry", "no-properties", "no-features": return [.missingMember]
        case "bad-type", "bad-geometry": return [.unknownType]
        case "boolean-id", "object-id": return [.invalidID]
        default: return []
        }
    }

    @Test(.enabled(if: Fixtures.schemaRoot != nil))
    func everyInvalidFixtureIsRejectedNamingThePath() {
        let invalid = Fixtures.files(under: Fixtures.schemaRoot?.appendingPathComponent("invalid"), ext: "json")
        #expect(invalid.count >= 30)
        for (name, bytes) in invalid {
            do {
                _ = try GeoJSONReader().read(bytes)
                Issue.record("invalid/\(name) was accepted")
            } catch {
                #expect(error.description.hasPrefix("\(error.path): "), "\(name): \(error)")
                #expect(error.line > 0, "\(name): no line in \(error)")
                let rules = Self.expectedRule(name)
                #expect(!rules.isEmpty, "no expectation for \(name)")
                #expect(rules.contains(error.rule), "\(name): got \(error.rule): \(error)")
            }
        }
    }
}

/// Read → write (full precision) → read gives the same object, up to RFC 7946
/// ring orientation; and writing with the default 6 decimals is idempotent.
func expectRoundTrip(_ object: GeoJSONObject, name: String) throws {
    let full = GeoJSONWriter(options: .init(decimals: nil))
    let bytes = try full.write(object)
    let again = try GeoJSONReader().read(bytes)
    #expect(again.object == rfcOriented(object), "\(name): round trip differs:\n\(utf8(bytes))")
    let w6 = GeoJSONWriter()
    let b6 = try w6.write(object)
    let b6again = try w6.write(GeoJSONReader().read(b6).object)
    #expect(b6 == b6again, "\(name): 6-decimal output not idempotent")
    let pretty = try GeoJSONWriter(options: .init(decimals: nil, pretty: true)).write(object)
    #expect(try GeoJSONReader().read(pretty).object == rfcOriented(object), "\(name): pretty round trip differs")
}

@Suite struct GeoJSONHintFixtureTests {
    @Test(.enabled(if: Fixtures.hintRoot != nil))
    func everyGoodFixtureIsAcceptedAndRoundTrips() throws {
        let good = Fixtures.files(under: Fixtures.hintRoot?.appendingPathComponent("good"), ext: "geojson")
        #expect(good.count >= 15)
        for (name, bytes) in good where name != "issue82.geojson" {
            let doc: GeoJSONDocument
            do { doc = try GeoJSONReader().read(bytes) } catch {
                Issue.record("good/\(name) rejected: \(error)"); continue
            }
            try expectRoundTrip(doc.object, name: name)
        }
    }

    /// geojsonhint's issue82 has latitudes like -107°: fine for a linter that does not check
    /// ranges, not WGS84. We reject it by default, naming the first bad latitude, and read it
    /// with `coordinateRange: .accept`.
    @Test(.enabled(if: Fixtures.hintRoot != nil))
    func issue82OutOfRangeLatitudeIsRejectedByDefaultAndAcceptedOnRequest() throws {
        let url = try #require(Fixtures.hintRoot).appendingPathComponent("good/issue82.geojson")
        let bytes = [UInt8](try Data(contentsOf: url))
        do {
            _ = try GeoJSONReader().read(bytes)
            Issue.record("issue82 accepted with lat -107")
        } catch {
            #expect(error.rule == .coordinateOutOfRange)
            #expect(error.path.description == "coordinates[0][0][0][1]")
            #expect(error.line == 8)
        }
        let lenient = GeoJSONReader(coordinateRange: .accept)
        let doc = try lenient.read(bytes)
        let again = try lenient.read(GeoJSONWriter(options: .init(decimals: nil)).write(doc.object))
        #expect(again.object == rfcOriented(doc.object))
    }

    enum Outcome: Hashable { case error(GeoJSONError.Rule), warning(GeoJSONWarning.Kind) }

    /// Our decision for each of geojsonhint's complaints. RFC 7946 MUST / MUST NOT → error;
    /// SHOULD / SHOULD NOT → warning (winding §3.1.6, >3 position elements §3.1.1,
    /// nested or single GeometryCollections §3.1.8); duplicate names → error (RFC 8259/I-JSON).
    static func outcomes(forHintMessage m: String) -> Set<Outcome> {
        let table: [(String, Set<Outcome>)] = [
            ("right-hand rule", [.warning(.clockwiseExteriorRing), .warning(.counterClockwiseHole)]),
            ("should not have more than 3 elements", [.warning(.extraPositionElements)]),
            ("avoid nested geometry collections", [.warning(.nestedGeometryCollection)]),
            ("with a single geometry should be avoided", [.warning(.singleGeometryCollection)]),
            ("old-style crs", [.warning(.crsIgnored)]),
            ("duplicate members", [.error(.invalidJSON)]),
            ("Parse error", [.error(.invalidJSON)]),
            ("cannot contain a", [.error(.forbiddenMember)]),
            ("\"type\" member required", [.error(.missingType)]),
            ("member required", [.error(.missingMember)]),
            ("\"type\" member should be string", [.error(.typeNotString)]),
            ("\"features\" member should be an array", [.error(.invalidMember)]),
            ("\"coordinates\" member should be an array", [.error(.coordinateNesting)]),
            ("should be object, but is", [.error(.invalidMember)]),
            ("nested more deeply", [.error(.coordinateNesting)]),
            ("position should be an array", [.error(.coordinateNesting)]),
            ("each element in a position must be a number", [.error(.invalidPosition)]),
            ("position must have 2 or more elements", [.error(.invalidPosition)]),
            ("Every feature must be an object", [.error(.notAnObject)]),
            ("must contain only geometry objects", [.error(.notAnObject)]),
            ("root of a GeoJSON object must be an object", [.error(.notAnObject)]),
            ("\"id\" member must have a string or number", [.error(.invalidID)]),
            ("bbox", [.error(.invalidBBox)]),
            ("first and last positions", [.error(.ringNotClosed)]),
            ("four or more positions", [.error(.ringTooShort)]),
            ("two or more coordinates", [.error(.lineTooShort)]),
            ("type=feature", [.error(.unknownType), .error(.wrongType)]),
            ("is unknown", [.error(.unknownType)]),
            ("case sensitive", [.error(.unknownType)]),
        ]
        for (needle, o) in table where m.contains(needle) { return o }
        return []
    }

    struct HintMessage: Decodable { let message: String }

    @Test(.enabled(if: Fixtures.hintRoot != nil))
    func everyBadFixtureGetsTheComplaintGeoJSONHintExpects() throws {
        let dir = try #require(Fixtures.hintRoot).appendingPathComponent("bad")
        let bad = Fixtures.files(under: dir, ext: "geojson")
        #expect(bad.count >= 40)
        var rejected = 0, warned = 0
        for (name, bytes) in bad {
            let stem = String(name.dropLast(".geojson".count))
            guard let rd = try? Data(contentsOf: dir.appendingPathComponent(stem + ".result")) else { continue }
            let expected = try JSONDecoder().decode([HintMessage].self, from: rd)
            var outcomes: [Set<Outcome>] = []
            for e in expected {
                let o = Self.outcomes(forHintMessage: e.message)
                #expect(!o.isEmpty, "\(name): no decision for geojsonhint's \"\(e.message)\"")
                outcomes.append(o)
            }
            let errorRules = Set(outcomes.flatMap { $0 }.compactMap { if case .error(let r) = $0 { return r }; return nil })
            do {
                let doc = try GeoJSONReader().read(bytes)
                #expect(errorRules.isEmpty, "\(name) accepted, geojsonhint expects errors \(expected.map(\.message))")
                let got = Set(doc.warnings.map { Outcome.warning($0.kind) })
                for o in outcomes { #expect(!o.isDisjoint(with: got), "\(name): expected one of \(o), got \(doc.warnings)") }
                warned += doc.warnings.isEmpty ? 0 : 1
            } catch {
                rejected += 1
                #expect(!errorRules.isEmpty, "\(name) rejected, but geojsonhint only warns: \(error)")
                #expect(errorRules.contains(error.rule), "\(name): got \(error.rule) (\(error)), expected one of \(errorRules)")
                #expect(error.description.hasPrefix("\(error.path): "), "\(name): \(error)")
            }
        }
        #expect(rejected >= 30)
        #expect(warned >= 5)
    }

    /// Pins the paths of a few complaints, checked against where the fixture puts the fault.
    @Test(.enabled(if: Fixtures.hintRoot != nil))
    func errorPathsPointAtTheFault() throws {
        let dir = try #require(Fixtures.hintRoot).appendingPathComponent("bad")
        let cases: [(String, String, Int)] = [
            ("short-linearring", "coordinates[0]", 3),
            ("badcoordtype", "features[0].geometry.coordinates[0][0][0]", 9),
            ("badfeatureid", "features[0].id", 6),
            ("stringcoord", "features[0].geometry.coordinates[1]", 11),
            ("short-multilinestring", "coordinates[1]", 4),
            ("bbox-4or6elements", "bbox", 4),
            ("different-first-size", "coordinates[1][0]", 4),
        ]
        for (stem, path, line) in cases {
            let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(stem + ".geojson")))
            #expect(throws: GeoJSONError.self) { try GeoJSONReader().read(bytes) }
            do { _ = try GeoJSONReader().read(bytes) } catch {
                #expect(error.path.description == path, "\(stem): \(error)")
                #expect(error.line == line, "\(stem): \(error)")
            }
        }
    }
}
