import Testing
import GeoCore
@testable import GeometryEngine

func pos(_ lon: Double, _ lat: Double) -> Position { Position(uncheckedLon: lon, lat: lat) }

func ring(_ pairs: [(Double, Double)]) throws -> LinearRing {
    try LinearRing(closing: pairs.map { pos($0.0, $0.1) })
}

func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) throws -> Geometry {
    .polygon(Polygon(exterior: try ring([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])))
}

/// Distinct (lon, lat) pairs of a geometry, for order-independent vertex checks.
struct XY: Hashable { let x: Double, y: Double }
func vertexSet(_ g: Geometry) -> Set<XY> { Set(g.allPositions.map { XY(x: $0.lon, y: $0.lat) }) }

/// WKT strings from the OGC Simple Features examples (06-103r4 §7, as
/// reproduced on Wikipedia's WKT page), in the canonical form GEOS writes
/// with trim on: upper-case type, a space before "(", ", " between positions.
@Suite struct WKTRoundTripTests {
    static let canonical = [
        "POINT (30 10)",
        "POINT Z (1 2 3)",
        "LINESTRING (30 10, 10 30, 40 40)",
        "POLYGON ((35 10, 45 45, 15 40, 10 20, 35 10), (20 30, 35 35, 30 20, 20 30))",
        "MULTILINESTRING ((10 10, 20 20, 10 40), (40 40, 30 30, 40 20, 30 10))",
        "MULTIPOLYGON (((30 20, 45 40, 10 40, 30 20)), ((15 5, 40 10, 10 20, 5 10, 15 5)))",
        "MULTIPOLYGON (((40 40, 20 45, 45 30, 40 40)), ((20 35, 10 30, 10 10, 30 5, 45 20, 20 35), (30 20, 20 15, 20 25, 30 20)))",
        "GEOMETRYCOLLECTION (POINT (40 10), LINESTRING (10 10, 20 20, 10 40), POLYGON ((40 40, 20 45, 45 30, 40 40)))",
        "GEOMETRYCOLLECTION EMPTY",
        "MULTIPOLYGON EMPTY",
    ]

    @Test(arguments: canonical)
    func wktRoundTripsToTheCanonicalString(_ wkt: String) throws {
        let ctx = try GEOSContext()
        let g = try ctx.geometry(wkt: wkt)
        #expect(try ctx.wkt(g) == wkt)
    }

    @Test func polygonWithHoleBuiltInSwiftWritesTheOGCString() throws {
        let ctx = try GEOSContext()
        let p = Polygon(exterior: try ring([(35, 10), (45, 45), (15, 40), (10, 20)]),
                        holes: [try ring([(20, 30), (35, 35), (30, 20)])])
        #expect(try ctx.wkt(.polygon(p)) == "POLYGON ((35 10, 45 45, 15 40, 10 20, 35 10), (20 30, 35 35, 30 20, 20 30))")
        // and back: the hole survives as a hole
        guard case .polygon(let back) = try ctx.geometry(wkt: try ctx.wkt(.polygon(p))) else {
            Issue.record("not a polygon"); return
        }
        #expect(back == p)
    }

    @Test func multiPointReadsBothOGCForms() throws {
        let ctx = try GEOSContext()
        let a = try ctx.geometry(wkt: "MULTIPOINT ((10 40), (40 30), (20 20), (30 10))")
        let b = try ctx.geometry(wkt: "MULTIPOINT (10 40, 40 30, 20 20, 30 10)")
        #expect(a == b)
        #expect(a == .multiPoint([pos(10, 40), pos(40, 30), pos(20, 20), pos(30, 10)]))
        // GEOS 3.11 writes the unparenthesised form (3.12 switched to "((10 40), …)").
        let written = try ctx.wkt(a)
        #expect(try ctx.geometry(wkt: written) == a)
    }

    @Test func emptyMultiPointAndEmptyAtomsBecomeEmptyCollections() throws {
        let ctx = try GEOSContext()
        #expect(try ctx.geometry(wkt: "POINT EMPTY") == .geometryCollection([]))
        #expect(try ctx.geometry(wkt: "POLYGON EMPTY") == .geometryCollection([]))
        #expect(try ctx.wkt(.multiPoint([])) == "MULTIPOINT EMPTY")
        #expect(try ctx.wkt(.multiLineString([])) == "MULTILINESTRING EMPTY")
    }

    @Test func precisionRoundsAndTrimDropsZeros() throws {
        let ctx = try GEOSContext()
        let g = Geometry.point(pos(38.123456789, 35.5))
        #expect(try ctx.wkt(g, precision: 3) == "POINT (38.123 35.5)")
        #expect(try ctx.wkt(g, precision: 3, trim: false) == "POINT (38.123 35.500)")
        #expect(try ctx.wkt(g) == "POINT (38.123456789 35.5)")
    }

    @Test func badWKTThrowsGEOSParseMessageInsteadOfCrashing() throws {
        let ctx = try GEOSContext()
        do {
            _ = try ctx.geometry(wkt: "POINT (1)")
            Issue.record("malformed WKT was accepted")
        } catch GeoError.geos(let message) {
            // GEOS's own text reaches the error
            #expect(message.contains("ParseException"), "\(message)")
        }
        // the context stays usable after an exception
        #expect(try ctx.geometry(wkt: "POINT (1 2)") == .point(pos(1, 2)))
    }

    @Test func wktOutsideLonLatRangeIsRejected() throws {
        let ctx = try GEOSContext()
        #expect(throws: GeoError.self) { try ctx.geometry(wkt: "POINT (200 10)") }
    }
}

@Suite struct WKBTests {
    /// The little-endian WKB of POINT(1 2) as published in the OGC/PostGIS
    /// documentation: byte order 01, type 1 (uint32 LE), x = 1.0, y = 2.0 (IEEE 754 LE).
    @Test func pointOneTwoIsThePublishedLittleEndianHex() throws {
        let ctx = try GEOSContext()
        #expect(try ctx.wkbHex(.point(pos(1, 2))) == "0101000000000000000000F03F0000000000000040")
        #expect(try ctx.wkb(.point(pos(1, 2))) == [0x01, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 0, 0x40])
        #expect(try ctx.geometry(wkbHex: "0101000000000000000000F03F0000000000000040") == .point(pos(1, 2)))
        // big-endian input is read too
        #expect(try ctx.geometry(wkbHex: "00000000013FF00000000000004000000000000000") == .point(pos(1, 2)))
    }

    @Test func multiPolygonWithHoleRoundTripsThroughBytes() throws {
        let ctx = try GEOSContext()
        let g = try ctx.geometry(wkt: "MULTIPOLYGON (((40 40, 20 45, 45 30, 40 40)), ((20 35, 10 30, 10 10, 30 5, 45 20, 20 35), (30 20, 20 15, 20 25, 30 20)))")
        #expect(try ctx.geometry(wkb: try ctx.wkb(g)) == g)
        #expect(try ctx.geometry(wkbHex: try ctx.wkbHex(g)) == g)
    }

    @Test func truncatedWKBThrowsGEOSMessage() throws {
        let ctx = try GEOSContext()
        #expect(throws: GeoError.self) { try ctx.geometry(wkbHex: "0101000000000000") }
    }

    @Test func altitudeSurvivesAsZ() throws {
        let ctx = try GEOSContext()
        let g = Geometry.lineString(try LineString([Position(uncheckedLon: 1, lat: 2, alt: 300), Position(uncheckedLon: 3, lat: 4, alt: 500)]))
        #expect(try ctx.wkt(g) == "LINESTRING Z (1 2 300, 3 4 500)")
        #expect(try ctx.geometry(wkb: try ctx.wkb(g)) == g)
    }
}

@Suite struct ValidityTests {
    static let bowTie = "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))"

    @Test func bowTieIsInvalidWithSelfIntersectionReason() throws {
        let ctx = try GEOSContext()
        let g = try ctx.geometry(wkt: Self.bowTie)
        #expect(try ctx.isValid(g) == false)
        let reason = try ctx.validityReason(g)
        #expect(reason.contains("Self-intersection"), "\(reason)")
        #expect(reason.contains("0.5 0.5"), "\(reason)")
        #expect(try ctx.validityReason(try square(0, 0, 1, 1)) == "Valid Geometry")
    }

    @Test func makeValidSplitsBowTieIntoTwoTriangles() throws {
        let ctx = try GEOSContext()
        let fixed = try ctx.makeValid(try ctx.geometry(wkt: Self.bowTie))
        guard case .multiPolygon(let parts) = fixed else {
            Issue.record("expected a MultiPolygon, got \(fixed.typeName)"); return
        }
        #expect(parts.count == 2)
        #expect(try ctx.isValid(fixed))
        for part in parts {
            #expect(part.exterior.positions.count == 4) // a closed triangle
            #expect(vertexSet(.polygon(part)).contains(XY(x: 0.5, y: 0.5)))
        }
        #expect(vertexSet(fixed) == [XY(x: 0, y: 0), XY(x: 1, y: 1), XY(x: 1, y: 0), XY(x: 0, y: 1), XY(x: 0.5, y: 0.5)])
    }
}

@Suite struct OverlayTests {
    @Test func unionOfOverlappingSquaresHasTheEightOutlineVertices() throws {
        let ctx = try GEOSContext()
        let u = try ctx.union(try square(0, 0, 2, 2), try square(1, 1, 3, 3))
        guard case .polygon(let p) = u else { Issue.record("expected a Polygon, got \(u.typeName)"); return }
        #expect(p.holes.isEmpty)
        #expect(p.exterior.positions.count == 9)
        #expect(vertexSet(u) == [XY(x: 0, y: 0), XY(x: 2, y: 0), XY(x: 2, y: 1), XY(x: 3, y: 1),
                                 XY(x: 3, y: 3), XY(x: 1, y: 3), XY(x: 1, y: 2), XY(x: 0, y: 2)])
    }

    @Test func unaryUnionMergesManyAndKeepsDisjointApart() throws {
        let ctx = try GEOSContext()
        let u = try ctx.unaryUnion([try square(0, 0, 1, 1), try square(1, 0, 2, 1), try square(5, 5, 6, 6)])
        guard case .multiPolygon(let ps) = u else { Issue.record("expected a MultiPolygon, got \(u.typeName)"); return }
        #expect(ps.count == 2)
        #expect(vertexSet(u).isSuperset(of: [XY(x: 0, y: 0), XY(x: 2, y: 0), XY(x: 2, y: 1), XY(x: 0, y: 1)]))
        #expect(!vertexSet(u).contains(XY(x: 1, y: 0.5)))
        #expect(try ctx.unaryUnion([]) == .geometryCollection([]))
    }

    @Test func intersectionAndDifferenceOfSquares() throws {
        let ctx = try GEOSContext()
        let a = try square(0, 0, 2, 2), b = try square(1, 1, 3, 3)
        #expect(vertexSet(try ctx.intersection(a, b)) == [XY(x: 1, y: 1), XY(x: 2, y: 1), XY(x: 2, y: 2), XY(x: 1, y: 2)])
        #expect(vertexSet(try ctx.difference(a, b)) == [XY(x: 0, y: 0), XY(x: 2, y: 0), XY(x: 2, y: 1),
                                                      XY(x: 1, y: 1), XY(x: 1, y: 2), XY(x: 0, y: 2)])
        #expect(try ctx.intersection(a, try square(5, 5, 6, 6)) == .geometryCollection([]))
    }

    @Test func polygonWithHoleDoesNotContainPointInHole() throws {
        let ctx = try GEOSContext()
        let donut = Geometry.polygon(Polygon(exterior: try ring([(0, 0), (10, 0), (10, 10), (0, 10)]),
                                             holes: [try ring([(4, 4), (4, 6), (6, 6), (6, 4)])]))
        #expect(try ctx.contains(donut, .point(pos(2, 2))))
        #expect(try !ctx.contains(donut, .point(pos(5, 5))))
    }
}

@Suite struct PredicateTests {
    @Test func containsWithinIntersectsOnKnownCases() throws {
        let ctx = try GEOSContext()
        let sq = try square(0, 0, 2, 2)
        let inside = Geometry.point(pos(1, 1)), onEdge = Geometry.point(pos(2, 1)), outside = Geometry.point(pos(3, 3))
        #expect(try ctx.contains(sq, inside))
        #expect(try ctx.within(inside, sq))
        // OGC: a boundary point is not contained (interiors must meet), but it intersects.
        #expect(try !ctx.contains(sq, onEdge))
        #expect(try !ctx.within(onEdge, sq))
        #expect(try ctx.intersects(sq, onEdge))
        #expect(try !ctx.intersects(sq, outside))
        #expect(try ctx.contains(sq, try square(0.5, 0.5, 1.5, 1.5)))
        #expect(try !ctx.contains(try square(0.5, 0.5, 1.5, 1.5), sq))
        // a line crossing out of the square is not within it
        let crossing = Geometry.lineString(try LineString([pos(1, 1), pos(3, 1)]))
        #expect(try !ctx.within(crossing, sq))
        #expect(try ctx.intersects(crossing, sq))
    }
}

@Suite struct HullTests {
    /// Points on a 0.5° grid filling an L: the bar 0…4 × 0…1 and the stem 0…1 × 0…4.
    static func lShape() -> Geometry {
        var ps: [Position] = []
        for i in 0...8 { for j in 0...8 {
            let x = Double(i) * 0.5, y = Double(j) * 0.5
            if y <= 1 || x <= 1 { ps.append(pos(x, y)) }
        } }
        return .multiPoint(ps)
    }

    @Test func convexHullCoversTheNotchConcaveHullDoesNot() throws {
        let ctx = try GEOSContext()
        let notch = Geometry.point(pos(2, 2)) // inside the hull's diagonal x + y = 5, outside the L
        let convex = try ctx.convexHull(Self.lShape())
        #expect(vertexSet(convex) == [XY(x: 0, y: 0), XY(x: 4, y: 0), XY(x: 4, y: 1), XY(x: 1, y: 4), XY(x: 0, y: 4)])
        #expect(try ctx.contains(convex, notch))
        let concave = try ctx.concaveHull(Self.lShape(), ratio: 0.1)
        #expect(try !ctx.contains(concave, notch))
        #expect(try ctx.contains(concave, .point(pos(0.25, 3.75))))
        #expect(try ctx.contains(concave, .point(pos(3.75, 0.25))))
        #expect(try ctx.within(concave, convex) || ctx.contains(convex, concave))
        // ratio 1 gives the convex hull's shape back (GEOS keeps the collinear
        // grid points on its edges as vertices, so compare point sets, not vertices)
        let one = try ctx.concaveHull(Self.lShape(), ratio: 1)
        #expect(try ctx.difference(one, convex) == .geometryCollection([]))
        #expect(try ctx.difference(convex, one) == .geometryCollection([]))
    }

    @Test func concaveHullRatioOutsideUnitIntervalIsRejected() throws {
        let ctx = try GEOSContext()
        #expect(throws: GeoError.self) { try ctx.concaveHull(Self.lShape(), ratio: 1.5) }
        #expect(throws: GeoError.self) { try ctx.concaveHull(Self.lShape(), ratio: .nan) }
    }
}

@Suite struct SimplifyAndPointTests {
    @Test func simplifyDropsWiggleBelowToleranceKeepsEnds() throws {
        let ctx = try GEOSContext()
        let line = Geometry.lineString(try LineString([pos(0, 0), pos(1, 0.001), pos(2, -0.001), pos(3, 0), pos(3, 2)]))
        let s = try ctx.simplify(line, toleranceDegrees: 0.01)
        #expect(s == .lineString(try LineString([pos(0, 0), pos(3, 0), pos(3, 2)])))
        #expect(try ctx.simplify(line, toleranceDegrees: 0.0001) == line)
        #expect(throws: GeoError.self) { try ctx.simplify(line, toleranceDegrees: -1) }
    }

    @Test func centroidAndPointOnSurface() throws {
        let ctx = try GEOSContext()
        #expect(try ctx.centroid(try square(0, 0, 2, 2)) == pos(1, 1))
        #expect(try ctx.centroid(.geometryCollection([])) == nil)
        let l = try ctx.concaveHull(HullTests.lShape(), ratio: 0.1)
        let inside = try #require(try ctx.pointOnSurface(l))
        #expect(try ctx.intersects(l, .point(inside)))
    }
}
