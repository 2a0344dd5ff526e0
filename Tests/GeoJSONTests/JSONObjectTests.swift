import Testing
@testable import GeoJSON

/// JSONObject built from literals (no lookups) must behave exactly like one built member by
/// member with `updateValue`: same order, lookups, equality, hashing and bytes.
@Suite struct JSONObjectTests {
    @Test func literalKeepsWrittenOrderAndAgreesWithAnObjectBuiltByUpdates() throws {
        let literal: JSONObject = ["kind": "place", "name": "تدمر", "admin1": nil, "n": 3, "list": [1, "a"], "o": ["x": 1.5]]
        var built = JSONObject()
        for (k, v) in [("kind", "place"), ("name", "تدمر"), ("admin1", nil), ("n", 3), ("list", [1, "a"]), ("o", ["x": 1.5])] as [(String, JSONValue)] {
            built.updateValue(v, forKey: k)
        }
        #expect(literal.keys == ["kind", "name", "admin1", "n", "list", "o"])
        #expect(literal == built)
        #expect(literal.hashValue == built.hashValue)
        #expect(literal["name"] == "تدمر" && literal["admin1"] == .null && literal["missing"] == nil)
        #expect(try JSONValue.object(literal).jsonString() == #"{"kind":"place","name":"تدمر","admin1":null,"n":3,"list":[1,"a"],"o":{"x":1.5}}"#)
    }

    /// Past 12 members `updateValue` builds a hash index; an object that started as a literal
    /// (no index) must still find, replace and remove members correctly as it grows.
    @Test func literalObjectsGrowPastTheIndexThresholdCorrectly() {
        var o: JSONObject = ["a": 1, "b": 2, "c": 3]
        o.append(uniqueKey: "d", 4)
        for i in 0..<30 { o["k\(i)"] = .number(Double(i)) }
        o["b"] = "replaced"
        o["k7"] = nil
        #expect(o.count == 33)
        #expect(o["b"] == "replaced" && o.position(of: "b") == 1)
        #expect(o["k7"] == nil && o["k29"] == 29 && o["d"] == 4)
        #expect(o.keys.prefix(5) == ["a", "b", "c", "d", "k0"])
        let reordered = JSONObject(o.reversed().map { ($0.key, $0.value) })
        #expect(reordered == o)
    }
}
