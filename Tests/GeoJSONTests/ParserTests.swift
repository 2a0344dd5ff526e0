import Foundation
import GeoCore
import Testing
import TestSupport
@testable import GeoJSON

@Suite struct JSONParserTests {
    @Test func errorsGiveLineColumnAndPath() {
        let text = "{\n  \"features\": [\n    {\"a\": 1},\n    {\"b\": [1, 2 3]}\n  ]\n}"
        do { _ = try JSONParser().parse(text); Issue.record("accepted") } catch {
            #expect(error.kind == .unexpectedCharacter)
            #expect(error.line == 4 && error.column == 17, "\(error)")
            #expect(error.path.description == "features[1].b[2]")
            #expect(error.description.hasPrefix("4:17: features[1].b[2]: "))
        }
    }

    @Test func keyOrderIsKept() throws {
        let v = try JSONParser().parse(#"{"z":1,"a":2,"m":{"y":true,"b":null}}"#)
        #expect(v.objectValue?.keys == ["z", "a", "m"])
        #expect(v["m"]?.objectValue?.keys == ["y", "b"])
        #expect(try v.jsonString() == #"{"z":1,"a":2,"m":{"y":true,"b":null}}"#)
    }

    @Test func duplicateKeysAreRejectedOrKeptLastOnRequest() throws {
        let text = #"{"type":"A","x":1,"type":"B"}"#
        do { _ = try JSONParser().parse(text); Issue.record("accepted") } catch {
            #expect(error.kind == .duplicateKey)
            #expect(error.column == 19)
        }
        let v = try JSONParser(duplicateKeys: .keepLast).parse(text)
        #expect(v.objectValue?.keys == ["type", "x"])
        #expect(v["type"] == "B")
    }

    @Test(arguments: [
        ([0x22, 0xC0, 0x80, 0x22], "overlong NUL"),
        ([0x22, 0xED, 0xA0, 0x80, 0x22], "UTF-8 encoded surrogate"),
        ([0x22, 0xF5, 0x80, 0x80, 0x80, 0x22], "above U+10FFFF"),
        ([0x22, 0xE2, 0x82, 0x22], "truncated sequence"),
        ([0x22, 0x80, 0x22], "lone continuation byte"),
    ] as [([UInt8], String)])
    func invalidUTF8IsRejected(bytes: [UInt8], why: String) {
        #expect(throws: JSONError.self, "\(why)") { try JSONParser().parse(bytes) }
    }

    @Test func validUTF8AndEscapesDecode() throws {
        #expect(try JSONParser().parse(Array("\"دمشق – 😀\"".utf8)) == "دمشق – 😀")
        #expect(try JSONParser().parse(#""\ud83d\ude00\u00e9\/\n""#) == "😀é/\n")
        #expect(throws: JSONError.self) { try JSONParser().parse(#""\ud83d""#) }
        #expect(throws: JSONError.self) { try JSONParser().parse(#""\ude00x""#) }
        #expect(throws: JSONError.self) { try JSONParser().parse("\"a\u{01}b\"") }
        #expect(try JSONParser().parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == [1])
    }

    @Test(arguments: ["[1] x", "{} {}", "nul", "[01]", "[1.]", "[.5]", "[1e]", "[-]", "[+1]", "{\"a\" 1}", "{\"a\":1,}",
                      "[1,]", "", "   ", "[1e999]", "{'a':1}", "[NaN]", "[Infinity]", "\"abc"])
    func malformedTextIsRejected(text: String) {
        #expect(throws: JSONError.self) { try JSONParser().parse(text) }
    }

    @Test func numbersMatchTheStandardLibrary() throws {
        var rng = SplitMix64(seed: 7)
        let samples = ["0", "-0", "1e22", "1e23", "9007199254740993", "123456789012345678901234567890",
                       "0.1", "2.675", "-80.59869", "5e-324", "1.7976931348623157e308", "4.9e-324", "1e-400",
                       "0.000000000000000000000000000001", "36.12345678901234567890"]
        for s in samples {
            #expect(try JSONParser().parse(s) == .number(try #require(Double(s))), "\(s)")
        }
        for _ in 0..<20000 {
            let digits = Int.random(in: 1...20, using: &rng)
            var s = Bool.random(using: &rng) ? "-" : ""
            s += String(Int.random(in: 1...9, using: &rng))
            for _ in 1..<digits { s += String(Int.random(in: 0...9, using: &rng)) }
            let dot = Int.random(in: 0...digits, using: &rng)
            if dot > 0 && dot < digits { s.insert(".", at: s.index(s.startIndex, offsetBy: dot + (s.hasPrefix("-") ? 1 : 0))) }
            if Bool.random(using: &rng) { s += "e\(Int.random(in: -30...30, using: &rng))" }
            #expect(try JSONParser().parse(s) == .number(try #require(Double(s))), "\(s)")
        }
    }

    @Test func depthLimitIsEnforced() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: Never.self) { try JSONParser().parse(ok) }
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        do { _ = try JSONParser().parse(deep); Issue.record("accepted") } catch { #expect(error.kind == .tooDeep) }
    }

    /// Hostile nesting (a million brackets) must end in an error, not a stack overflow.
    @Test func millionDeepNestingDoesNotOverflowTheStack() {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        #expect(throws: JSONError.self) { try JSONParser().parse(bytes) }
        #expect(throws: GeoJSONError.self) { try GeoJSONReader().read(bytes) }
        let objs = Array(String(repeating: "{\"a\":", count: 200_000).utf8)
        #expect(throws: GeoJSONError.self) { try GeoJSONReader().read(objs) }
    }

    @Test func foundationDataIsAccepted() throws {
        let d = Data(#"{"type":"Point","coordinates":[36.3,33.5]}"#.utf8)
        #expect(try GeoJSONReader().read(d).object == .geometry(.point(pos(36.3, 33.5))))
    }
}

@Suite struct GeoJSONReaderTests {
    @Test func ringErrorNamesItsPathAsInTheBrief() {
        let text = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}}]}"#
        do { _ = try GeoJSONReader().read(text); Issue.record("accepted") } catch {
            #expect(error.rule == .ringTooShort)
            #expect(error.description == "features[0].geometry.coordinates[0]: a linear ring needs at least 4 positions, found 3 (line 1, column 119)")
        }
    }

    @Test func warningsForWindingExtraElementsCrsAndEmptyGeometry() throws {
        let text = """
        {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4326"}},"features":[
         {"type":"Feature","properties":null,"geometry":{"type":"Polygon","coordinates":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}},
         {"type":"Feature","properties":null,"geometry":{"type":"Point","coordinates":[1,2,3,4]}},
         {"type":"Feature","properties":null,"geometry":{"type":"Polygon","coordinates":[]}}]}
        """
        let doc = try GeoJSONReader().read(text)
        #expect(doc.warnings.map(\.kind) == [.clockwiseExteriorRing, .extraPositionElements, .emptyGeometryAsNull, .crsIgnored])
        #expect(doc.warnings.map(\.path.description) == ["features[0].geometry.coordinates[0]", "features[1].geometry.coordinates",
                                                         "features[2].geometry", "crs"])
        guard case .featureCollection(let fc) = doc.object else { Issue.record("not a collection"); return }
        #expect(fc.foreignMembers.isEmpty)
        #expect(fc.features[1].geometry == .point(pos(1, 2, 3)))
        #expect(fc.features[2].geometry == nil)
    }

    @Test func foreignMembersKeepTheirOrderAndSurviveRoundTrip() throws {
        let text = #"{"type":"Feature","z":1,"id":"a","geometry":null,"a":{"q":[1,2]},"properties":{"b":2,"a":1}}"#
        let doc = try GeoJSONReader().read(text)
        guard case .feature(let f) = doc.object else { Issue.record("not a feature"); return }
        #expect(f.foreignMembers.keys == ["z", "a"])
        #expect(f.properties?.keys == ["b", "a"])
        #expect(utf8(try GeoJSONWriter().write(f)) == #"{"type":"Feature","id":"a","geometry":null,"properties":{"b":2,"a":1},"z":1,"a":{"q":[1,2]}}"#)
    }

    @Test func outOfRangeAndSemanticsErrors() {
        let cases: [(String, GeoJSONError.Rule, String)] = [
            (#"{"type":"Point","coordinates":[181,0]}"#, .coordinateOutOfRange, "coordinates[0]"),
            (#"{"type":"Point","coordinates":[0,-90.5]}"#, .coordinateOutOfRange, "coordinates[1]"),
            (#"{"type":"Point","coordinates":[0,0],"bbox":[0,1,0,0]}"#, .invalidBBox, "bbox"),
            (#"{"type":"Feature","geometry":null,"properties":null,"coordinates":[]}"#, .forbiddenMember, "coordinates"),
            (#"{"type":"Feature","geometry":{"type":"Feature"},"properties":null}"#, .wrongType, "geometry.type"),
            (#"{"type":"MultiPolygon","coordinates":[[]]}"#, .polygonWithoutRings, "coordinates[0]"),
            (#"{"type":"Polygon","coordinates":[]}"#, .emptyGeometry, "coordinates"),
            (#"{"type":"LineString","coordinates":[[1,2],[3,"4"]]}"#, .invalidPosition, "coordinates[1][1]"),
            (#"[1]"#, .notAnObject, "(root)"),
            (#"{"type":"Point","coordinates":[1,2]"#, .invalidJSON, "coordinates"),
        ]
        for (text, rule, path) in cases {
            do { _ = try GeoJSONReader().read(text); Issue.record("accepted \(text)") } catch {
                #expect(error.rule == rule, "\(text): \(error)")
                #expect(error.path.description == path, "\(text): \(error)")
            }
        }
    }
}

@Suite struct RobustnessTests {
    static let sample = Array("""
    {"type":"FeatureCollection","features":[{"type":"Feature","id":3,"properties":{"name":"حلب","n":[1,2.5,null,true]},
    "geometry":{"type":"GeometryCollection","geometries":[{"type":"Polygon","coordinates":[[[37,36],[38,36],[38,37],[37,36]]]},
    {"type":"MultiLineString","coordinates":[[[37.1,36.2],[37.3,36.4]]]}]}}],"bbox":[37,36,38,37]}
    """.utf8)

    /// Every prefix of a valid document fails cleanly with a GeoJSONError.
    @Test func truncatedDocumentsFailCleanly() throws {
        _ = try GeoJSONReader().read(Self.sample)
        for n in 0..<Self.sample.count {
            do { _ = try GeoJSONReader().read(Self.sample[0..<n]); Issue.record("prefix \(n) accepted") } catch {
                #expect(error.rule == .invalidJSON)
            }
        }
    }

    /// Random bytes and random single-byte mutations never crash the reader.
    @Test func randomBytesAndMutationsNeverCrash() {
        var rng = SplitMix64(seed: 2017)
        let alphabet = Array("{}[],:\"0123456789.-eE truefalsnul\\u\u{1E}\n".utf8) + [0xC3, 0xA9, 0xFF, 0xED]
        for _ in 0..<3000 {
            let n = Int.random(in: 0...64, using: &rng)
            let bytes = (0..<n).map { _ in alphabet.randomElement(using: &rng)! }
            _ = try? GeoJSONReader().read(bytes)
            var m = Self.sample
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                m[Int.random(in: 0..<m.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
            if let doc = try? GeoJSONReader().read(m) {
                // Whatever is accepted can be written and read again.
                #expect(throws: Never.self) { try GeoJSONReader().read(GeoJSONWriter().write(doc.object)) }
            }
        }
    }
}
