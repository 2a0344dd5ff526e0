import Foundation
import Testing
import GeoCore
import Geodesy
import Gazetteer
import Resolution
import TestSupport
@testable import Claims

// Independent numbers used below (computed once, outside this code base):
// - GeographicLib 2.1 for Python (Geodesic.WGS84):
//   Resafa (35.625 N, 38.76 E) – Ithriya (35.365 N, 37.788 E): 92 791.73363379219 m;
//   al-Seen airbase (33.688, 37.218) – Dhadha (33.8147, 37.882): 63 106.20141461235 m;
//   triangle Risha dam (33.4809, 37.407), Jabal Makhoul (33.3927, 37.337), Jabal Sis (33.309, 37.358):
//   39 765 441.576930046 m² (PolygonArea);
//   sector ±45° around 90° from Aleppo (36.2012, 37.1612), radius 25 km, arc every 1° (Direct),
//   measured with pyproj 3.7.2 Geod.polygon_area_perimeter: 490.84830161986423 km².
// - pyproj 3.7.2 (PROJ 9.5.1) + shapely 2.2.0: the geodesic Resafa–Ithriya (Geod.npts, 200
//   points) in an aeqd projection centred on the midpoint, shapely buffer 5 000 m / 10 000 m with
//   quad_segs 16, segmentized to 1 km, back to lon/lat, Geod.geometry_area_perimeter:
//   1 006.3275232870155 km² (10 km corridor) and 2 169.480460714095 km² (20 km); with quad_segs
//   256 the 10 km corridor is 1 006.4531329011633 km², the analytic L·w + π(w/2)² is 1 006.457 km².

/// A corridor, hull and sector measured against the independent values above (no ../shared needed).
@Suite struct ShapeModelOracleTests {
    static let resafa = ClaimAnchor(name: "Resafa", role: .from, gazetteerID: "t:resafa", nameEn: "Resafa",
                                    position: Position(uncheckedLon: 38.76, lat: 35.625), uncertaintyKm: 0.5,
                                    admin1Code: "", placeType: "settlement")
    static let ithriya = ClaimAnchor(name: "Ithriya", role: .to, gazetteerID: "t:ithriya", nameEn: "Ithriya",
                                     position: Position(uncheckedLon: 37.788, lat: 35.365), uncertaintyKm: 1,
                                     admin1Code: "", placeType: "settlement")

    @Test func corridorAreasMatchPyprojShapely() throws {
        let r = try ShapeBuilder(clip: nil, clipLabel: "").corridors(from: Self.resafa, to: Self.ithriya)
        #expect(abs(r.lengthKm - 92.79173363379219) < 0.001)
        let byWidth = Dictionary(uniqueKeysWithValues: r.models.map { ($0.name, $0.areaKm2) })
        let c10 = try #require(byWidth["corridor_10km"]), c20 = try #require(byWidth["corridor_20km"])
        #expect(abs(c10 - 1006.3275232870155) < 0.01, "10 km corridor \(c10)")
        #expect(abs(c20 - 2169.480460714095) < 0.01, "20 km corridor \(c20)")
        // Against the analytic stadium area, allowing for the 16-segment arcs (−0.16 % on the caps).
        #expect(abs(c10 - 1006.457) / 1006.457 < 2e-4)
    }

    @Test func bareTriangleIsTheGeodesicTriangle() throws {
        func a(_ lat: Double, _ lon: Double, _ id: String) -> ClaimAnchor {
            ClaimAnchor(name: id, role: .between, gazetteerID: id, nameEn: id, position: Position(uncheckedLon: lon, lat: lat),
                        uncertaintyKm: 1, admin1Code: "", placeType: "hill")
        }
        let hulls = try ShapeBuilder(clip: nil, clipLabel: "").hulls([a(33.4809, 37.407, "risha"), a(33.3927, 37.337, "makhoul"), a(33.309, 37.358, "sis")])
        let bare = try #require(hulls.first { $0.kind == .hullBare })
        #expect(abs(bare.areaKm2 - 39.765441576930046) < 0.01)
        // Grown hulls contain the triangle.
        for h in hulls where h.kind != .hullBare { #expect(h.areaKm2 > bare.areaKm2, "\(h.name) \(h.areaKm2)") }
    }

    @Test func sectorMatchesGeographicLibDirect() throws {
        let aleppo = ClaimAnchor(name: "Aleppo", role: .direction, gazetteerID: "t:aleppo", nameEn: "Aleppo",
                                 position: Position(uncheckedLon: 37.1612, lat: 36.2012), uncertaintyKm: 5, admin1Code: "", placeType: "settlement")
        let s = try ShapeBuilder(clip: nil, clipLabel: "").sectors(aleppo, compass: "E", radiiKm: [25])
        #expect(abs((s.first?.areaKm2 ?? 0) - 490.84830161986423) < 0.01)
    }
}

/// The seed report (../shared/examples/seed-2017-07-11-ar.txt), read, never copied.
@Suite(.enabled(if: seedReportText() != nil && analyzerFixture != nil))
struct SeedClaimTests {
    static let report: ClaimReport? = { seedReportText().flatMap { try? analyzeText($0, date: "2017-07-11") } }()

    @Test func resafaIthriyaClaimIsACorridorOf16Km() throws {
        let r = try #require(Self.report)
        let c = try #require(r.claims.first { $0.claimedKm2 == 1500 && $0.qualifier == .moreThan }, "no 'more than 1500 km²' claim")
        #expect(c.claimText == "أكثر من 1500 كم مربع")
        let from = try #require(c.anchors.first { $0.role == .from }), to = try #require(c.anchors.first { $0.role == .to })
        #expect(from.gazetteerID == "cm:seed:resafa" && to.gazetteerID == "cm:seed:ithriya")
        let length = try #require(c.corridorLengthKm)
        #expect(abs(length - 92.79173363379219) < 0.01, "length \(length)")
        let w = try #require(c.impliedWidthKm)
        #expect(abs(w - 1500 / 92.79173363379219) < 0.01 && abs(w - 16.17) < 0.05, "implied width \(w)")
        // Aleppo, Hama, Raqqa governorates (GeoNames admin1 codes SY.09, SY.10, SY.04).
        let codes = Set(c.regions.map(\.code))
        #expect(codes.isSuperset(of: ["SY.09", "SY.10", "SY.04"]), "regions \(c.regions.map(\.name))")
        #expect(c.verdict == .consistent)
        #expect(c.why.contains("16.2 km") && c.why.contains("→ consistent"), "\(c.why)")
        #expect(c.findings.allSatisfy { !$0.contains("wider than") })
        // The corridor is inside the country and the three governorates: clipping keeps it whole.
        for m in c.models where m.kind == .corridor {
            if case .number(let raw)? = m.param("unclipped_km2") { #expect(m.areaKm2 > 0.95 * raw, "\(m.name) clipped to \(m.areaKm2) of \(raw)") }
        }
        #expect(c.actor == "الجيش السوري" && c.event == .captured)
        // "خلال الأيام القليلة الماضية" in a report of 2017-07-11: a range ending that day, no single day.
        #expect(c.eventDate == nil && c.eventDateLatest == "2017-07-11" && (c.eventDateEarliest ?? "") < "2017-07-11")
    }

    @Test func rishaMakhoulSisAreaIsAPolygonOfTheGeodesicTriangle() throws {
        let r = try #require(Self.report)
        let c = try #require(r.claims.first { $0.anchors.contains { $0.gazetteerID == "cm:seed:risha-dam" } })
        #expect(Set(c.anchors.map(\.gazetteerID)) == ["cm:seed:risha-dam", "cm:seed:jabal-makhoul", "cm:seed:jabal-sis"])
        let bare = try #require(c.models.first { $0.kind == .hullBare })
        #expect(abs(bare.areaKm2 - 39.765441576930046) < 0.01, "bare triangle \(bare.areaKm2)")
        if case .polygon(let p)? = bare.geometry { #expect(p.exterior.positions.count == 4) } else { Issue.record("not a polygon: \(String(describing: bare.geometry))") }
        #expect(c.claimedKm2 == nil && c.verdict == .unverifiable)
        #expect(c.event == .liberated)
    }

    @Test func sinAirportDhadhaAxisIsALine() throws {
        let r = try #require(Self.report)
        let a = try #require(r.axes.first { $0.kind == .axis && $0.fromText.contains("السين") })
        #expect(a.toText == "ظاظا")
        if let line = a.line {
            #expect(a.from?.gazetteerID == "cm:seed:al-seen-airbase" && a.to?.gazetteerID == "cm:seed:dhadha")
            #expect(abs((a.lengthKm ?? 0) - 63.10620141461235) < 2, "length \(a.lengthKm ?? 0)")
            #expect(line.positions.count > 60)  // sampled every 1 km along the geodesic
        } else {
            #expect(!(a.reason ?? "").isEmpty)
        }
    }

    /// Regression: an end the gazetteer does not know gives a reason, never a line to a guess.
    @Test func advanceToUnknownHillsIsUnresolvedWithAReason() throws {
        let r = try #require(Self.report)
        let a = try #require(r.axes.first { $0.kind == .advance && $0.toText.contains("رغيلة") })
        #expect(a.line == nil && a.from?.gazetteerID == "cm:seed:tal-dakwa")
        #expect(a.reason?.contains("رغيلة") == true)
    }

    /// Regression: "من بلدة عقيربات … حيث يقول قائد … إلى الرصافة" is not a corridor (a quotation
    /// and a speech verb lie between the two names).
    @Test func uqayribatToResafaAcrossASpeechVerbIsNoCorridor() throws {
        let r = try #require(Self.report)
        #expect(!r.axes.contains { $0.from?.gazetteerID == "cm:seed:uqayribat" })
        #expect(!r.claims.contains { c in c.anchors.contains { $0.gazetteerID == "cm:seed:uqayribat" && $0.role == .from } })
    }
}

/// English reports written for these tests.
@Suite(.enabled(if: analyzerFixture != nil))
struct EnglishClaimTests {
    @Test func areaEastOfAleppoIsASector() throws {
        let r = try #require(try analyzeText("Government forces said on Monday that an area of 420 square kilometres east of Aleppo was taken from ISIS.", date: "2017-07-11"))
        let c = try #require(r.claims.first)
        #expect(c.claimedKm2 == 420 && c.qualifier == .exact)
        #expect(c.anchors.first?.gazetteerID == "cm:seed:aleppo" && c.anchors.first?.compass == "E")
        #expect(c.models.map(\.name) == ["sector_10km", "sector_25km", "sector_50km"])
        let s25 = try #require(c.models.first { $0.name == "sector_25km" })
        if case .number(let raw)? = s25.param("unclipped_km2") { #expect(abs(raw - 490.848) < 0.01) } else { Issue.record("no unclipped_km2") }
        #expect(c.verdict == .consistent)
        #expect(c.eventDate == "2017-07-10")
    }

    @Test func thirtyFiveSqKmAlongTheHighwayIsUnderstatedForTheWholeRoute() throws {
        let r = try #require(try analyzeText("The army seized about 35 sq km along the highway from Ithriya to Resafa."))
        let c = try #require(r.claims.first)
        #expect(c.claimedKm2 == 35 && c.qualifier == .about && c.lowerKm2 == 28 && c.upperKm2 == 42)
        #expect(c.anchors.map(\.gazetteerID) == ["cm:seed:ithriya", "cm:seed:resafa"])
        #expect(abs((c.impliedWidthKm ?? 0) - 35 / 92.79173363379219) < 0.001)
        #expect(c.verdict == .understated)
        #expect(c.why.contains("did not cover the whole route"))
        #expect(r.axes.contains { $0.kind == .advance && $0.from?.gazetteerID == "cm:seed:ithriya" })
    }

    @Test func fiveThousandKm2AlongNinetyThreeKmIsOverstatedWithAWidthFinding() throws {
        let r = try #require(try analyzeText("Troops captured more than 5,000 square kilometres from Resafa to Ithriya last week."))
        let c = try #require(r.claims.first)
        #expect(c.claimedKm2 == 5000 && c.qualifier == .moreThan)
        #expect(c.verdict == .overstated)
        #expect(c.findings.contains { $0.contains("53.9 km wide") && $0.contains("wider than the 20.0 km") })
    }

    /// Regression: "50 km² east of Palmyra" was called understated because a 10 km wedge holds
    /// 79 km²; a direction says where the area lies, not how big it is.
    @Test func smallAreaEastOfAPlaceIsNotUnderstated() throws {
        let r = try #require(try analyzeText("Troops took 50 square kilometres east of Palmyra."))
        let c = try #require(r.claims.first)
        #expect(c.models.allSatisfy(\.isCeiling) && c.verdict == .consistent)
        #expect(c.why.contains("never an understatement"))
    }

    @Test func statedDistanceIsTheSectorRadius() throws {
        let r = try #require(try analyzeText("الجيش سيطر على 5000 كم مربع على بعد ٢٠ كم شرق تدمر."))
        let c = try #require(r.claims.first)
        #expect(c.models.map(\.name) == ["sector_20km"])
        // π·20²/4 = 314.16 km² on a sphere; the ellipsoidal wedge differs by well under 1 %.
        #expect(abs((c.models.first?.areaKm2 ?? 0) - 314.16) / 314.16 < 0.01)
        #expect(c.verdict == .overstated)
        #expect(ClaimAnalyzer.statedDistanceKm("an area 30 km ") == 30)
        #expect(ClaimAnalyzer.statedDistanceKm("300 square km ") == nil)
    }

    @Test func claimWithoutPlacesIsUnverifiable() throws {
        let r = try #require(try analyzeText("The army said it captured 250 square kilometres in recent days."))
        let c = try #require(r.claims.first)
        #expect(c.verdict == .unverifiable && c.models.isEmpty && c.rangeKm2 == nil)
    }
}

@Suite(.enabled(if: analyzerFixture != nil))
struct ClaimSpecTests {
    @Test func seedSpecGivesTheSameCorridorAsTheText() throws {
        let f = try #require(analyzerFixture)
        let spec = try ClaimSpec.parse(json: Array(#"{"claimed_km2": 1500, "qualifier": "more_than", "from": "الرصافة", "to": "أثريا", "regions": ["حلب", "حماة", "الرقة"]}"#.utf8))
        let c = try f.analyzer.analyze(spec: spec)
        #expect(c.anchors.map(\.gazetteerID) == ["cm:seed:resafa", "cm:seed:ithriya"])
        #expect(abs((c.impliedWidthKm ?? 0) - 16.165) < 0.01)
        #expect(c.verdict == .consistent)
        #expect(c.regions.filter { $0.source == .spec }.count == 3)
    }

    @Test func betweenByIdsAndNames() throws {
        let f = try #require(analyzerFixture)
        let c = try f.analyzer.analyze(spec: try ClaimSpec.parse(json: Array(#"{"claimed_km2": 40, "between": ["cm:seed:risha-dam", "جبل مكحول", "جبل سيس"]}"#.utf8)))
        #expect(c.verdict == .consistent)
        #expect(abs((c.models.first { $0.kind == .hullBare }?.areaKm2 ?? 0) - 39.765) < 0.01)
    }

    /// Regression: "Nowhereville" was matched fuzzily to Naperville, Illinois, and measured as a
    /// 9 846 km corridor.
    @Test func fuzzyNameIsNotAClaimAnchor() throws {
        let f = try #require(analyzerFixture)
        let spec = try ClaimSpec.parse(json: Array(#"{"claimed_km2": 5, "from": "Nowhereville", "to": "أثريا"}"#.utf8))
        #expect(throws: ClaimAnalysisError.self) { try f.analyzer.analyze(spec: spec) }
    }

    @Test func malformedSpecsNameTheMember() {
        let cases: [(String, String)] = [
            (#"{"qualifier": "about"}"#, "claimed_km2"),
            (#"{"claimed_km2": "x"}"#, "claimed_km2"),
            (#"{"claimed_km2": 10, "qualifier": "roughly", "between": ["a", "b"]}"#, "qualifier"),
            (#"{"claimed_km2": 10, "from": "الرصافة"}"#, "\"to\""),
            (#"{"claimed_km2": 10, "between": ["a"], "colour": "red"}"#, "colour"),
            (#"{"claimed_km2": 10}"#, "no geography"),
            (#"[1]"#, "object"),
        ]
        for (json, needle) in cases {
            do {
                _ = try ClaimSpec.parse(json: Array(json.utf8))
                Issue.record("accepted \(json)")
            } catch {
                #expect("\(error)".contains(needle), "\(json): \(error)")
            }
        }
    }
}

@Suite struct VerdictRuleTests {
    func model(_ km2: Double, ceiling: Bool = false) -> ShapeModel {
        ShapeModel(kind: ceiling ? .region : .corridor, name: "m\(km2)", areaKm2: km2, params: [], geometry: nil, isCeiling: ceiling)
    }

    @Test func toleranceIsTenPercentEachWay() {
        let ms = [model(500), model(1000)]
        #expect(VerdictRules.decide(lower: 1100, upper: 1100, models: ms).verdict == .consistent)
        #expect(VerdictRules.decide(lower: 1101, upper: 1101, models: ms).verdict == .overstated)
        #expect(VerdictRules.decide(lower: 450, upper: 450, models: ms).verdict == .consistent)
        #expect(VerdictRules.decide(lower: 0, upper: 449, models: ms).verdict == .understated)
        #expect(VerdictRules.decide(lower: 10, upper: nil, models: ms).verdict == .consistent)
    }

    @Test func aCeilingAloneBoundsFromAbove() {
        #expect(VerdictRules.decide(lower: 100, upper: 100, models: [model(5000, ceiling: true)]).verdict == .consistent)
        #expect(VerdictRules.decide(lower: 6000, upper: 6000, models: [model(5000, ceiling: true)]).verdict == .overstated)
        #expect(VerdictRules.decide(lower: 6000, upper: nil, models: []).verdict == .unverifiable)
        // Two families: the area lies in the 50 km wedge and in the region, so the smaller bounds it.
        let sector = ShapeModel(kind: .sector, name: "sector_50km", areaKm2: 1900, params: [], geometry: nil, isCeiling: true)
        #expect(VerdictRules.decide(lower: 3000, upper: 3000, models: [sector, model(9000, ceiling: true)]).verdict == .overstated)
        #expect(VerdictRules.decide(lower: 30, upper: 30, models: [sector, model(9000, ceiling: true)]).verdict == .consistent)
    }
}
