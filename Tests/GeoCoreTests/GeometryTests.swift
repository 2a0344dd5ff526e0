import Testing
@testable import GeoCore

@Suite struct InvalidValuesCannotBeBuiltTests {
    @Test func latitudeOutOfRangeIsRejected() {
        #expect(throws: GeoError.self) { try Position(lon: 10, lat: 91) }
        #expect(throws: GeoError.self) { try Position(lon: 181, lat: 0) }
        #expect(throws: GeoError.self) { try Position(lon: .nan, lat: 0) }
    }

    @Test func ringNeedsFourClosedPositions() throws {
        let a = try Position(lon: 0, lat: 0), b = try Position(lon: 1, lat: 0), c = try Position(lon: 1, lat: 1)
        #expect(throws: GeoError.self) { try LinearRing([a, b, a]) }
        #expect(throws: GeoError.self) { try LinearRing([a, b, c, b]) }
        let ring = try LinearRing([a, b, c, a])
        #expect(ring.isCounterClockwise)
        #expect(!ring.reversed.isCounterClockwise)
        #expect(try LinearRing(closing: [a, b, c]) == ring)
    }

    @Test func lineStringNeedsTwoPositions() throws {
        #expect(throws: GeoError.self) { try LineString([Position(lon: 0, lat: 0)]) }
    }
}
