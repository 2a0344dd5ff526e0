import Foundation
import GeoCore
import Testing
import TestSupport
@testable import GeoJSON

@Suite struct GeoJSONWriterTests {
    static let damascus = Feature(
        id: 7, geometry: .point(pos(36.2765, 33.5138)),
        properties: ["name": "Damascus", "ar": "دمشق", "pop": 1711000, "share": 0.25, "capital": true, "note": nil],
        foreignMembers: ["source": "GeoNames/170654"])

    @Test func knownFeatureHasExactCompactBytes() throws {
        let s = utf8(try GeoJSONWriter().write(Self.damascus))
        #expect(s == #"{"type":"Feature","id":7,"geometry":{"type":"Point","coordinates":[36.2765,33.5138]},"properties":{"name":"Damascus","ar":"دمشق","pop":1711000,"share":0.25,"capital":true,"note":null},"source":"GeoNames/170654"}"#)
    }

    @Test func knownFeatureHasExactPrettyBytes() throws {
        var f = Self.damascus
        f.properties = ["name": "Damascus", "tags": ["a", 1]]
        f.foreignMembers = [:]
        f.geometry = .lineString(try LineString([pos(36, 33), pos(36.5, 33.25)]))
        let s = utf8(try GeoJSONWriter(options: .init(pretty: true, bbox: .compute)).write(f))
        let expected = """
        {
          "type": "Feature",
          "id": 7,
          "bbox": [36, 33, 36.5, 33.25],
          "geometry": {
            "type": "LineString",
            "coordinates": [
              [36, 33],
              [36.5, 33.25]
            ]
          },
          "properties": {
            "name": "Damascus",
            "tags": [
              "a",
              1
            ]
          }
        }
        """
        #expect(s == expected)
    }

    /// Memberorder follows the brief whatever the order of assignment; null members stay.
    @Test func nullGeometryAndPropertiesAreWrittenAsNull() throws {
        let f = Feature(id: "x", geometry: nil, properties: nil)
        #expect(utf8(try GeoJSONWriter().write(f)) == #"{"type":"Feature","id":"x","geometry":null,"properties":null}"#)
    }

    /// Expected digits come from the exact binary expansions (Python's
    /// `decimal.Decimal(x)`): 0.1234565 is 0.12345649999…, 1.0000005 is 1.00000050000…0699,
    /// 2.675 is 2.67499999…, 5e-7 is 4.99999…e-7, 1.5e-6 is 1.50000…038e-6; 0.125 is an exact tie and rounds away from zero.
    @Test(arguments: [
        (0.1234565, 6, "0.123456"), (1.0000005, 6, "1.000001"), (36.1234565, 6, "36.123457"),
        (0.1234575, 6, "0.123457"), (2.675, 2, "2.67"), (0.125, 2, "0.13"), (-0.125, 2, "-0.13"),
        (0.5, 0, "1"), (-2.5, 0, "-3"), (179.9999996, 6, "180"), (-0.0000004, 6, "0"), (-0.0, 6, "0"),
        (100.0, 6, "100"), (-33.5, 6, "-33.5"), (1e-7, 6, "0"), (5e-7, 6, "0"), (1.5e-6, 6, "0.000002"), (12.000100, 3, "12"),
    ])
    func roundsOnTheExactBinaryValue(value: Double, decimals: Int, expected: String) {
        var w = JSONByteWriter()
        w.appendRounded(value, decimals: decimals)
        #expect(utf8(w.bytes) == expected, "\(value) at \(decimals)")
    }

    @Test func negativeZeroIsNeverWritten() throws {
        let f = Feature(geometry: .multiPoint([pos(-0.0, -0.0), pos(-1e-9, -4e-7, -0.0)]),
                        properties: ["z": .number(-0.0), "tiny": .number(-1e-300)])
        let s = utf8(try GeoJSONWriter().write(f))
        #expect(!s.contains("-0,") && !s.contains("-0]") && !s.contains("-0}"), "\(s)")
        #expect(s.contains(#""coordinates":[[0,0],[0,0,0]]"#))
        #expect(s.contains(#""z":0"#))
    }

    @Test func integersAreWrittenAsIntegers() throws {
        let v: JSONValue = ["a": 3.0, "b": 1e15, "c": -42, "d": 9007199254740991, "e": 0.1, "f": 1e-7, "g": 1e300]
        #expect(try v.jsonString() == #"{"a":3,"b":1000000000000000,"c":-42,"d":9007199254740991,"e":0.1,"f":1e-07,"g":1e+300}"#)
    }

    @Test func shortestRoundTripNumbersReadBackExactly() throws {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<5000 {
            let d = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) * (Bool.random(using: &rng) ? 1 : -1)
            let text = try JSONValue.array([.number(d)]).jsonString()
            #expect(try JSONParser().parse(text) == .array([.number(d)]), "\(text)")
        }
    }

    /// The writer formats numbers rounded to a few decimals (the pipeline's km², scores,
    /// gazetteer coordinates) without going through `description`; its text must still be
    /// exactly the standard library's shortest round-trip form, at every magnitude.
    @Test func roundedNumbersAreWrittenExactlyAsTheStandardLibraryDescribesThem() throws {
        var rng = SplitMix64(seed: 11)
        var checked = 0
        for _ in 0..<40_000 {
            let k = Int.random(in: 0...12, using: &rng)
            let magnitude = pow(10.0, Double(Int.random(in: -6...17, using: &rng)))
            let raw = Double.random(in: -1...1, using: &rng) * magnitude
            let p = pow(10.0, Double(k))
            let d = (raw * p).rounded() / p
            guard d.isFinite, d != d.rounded(.towardZero) else { continue }
            #expect(try JSONValue.number(d).jsonString() == d.description, "\(d) (\(k) decimals)")
            checked += 1
        }
        #expect(checked > 20_000)
        for d in [0.001, -0.001, 0.0015, 0.00099, 3370.3, 0.8, 99.81745, 61.70022, 1e15 + 0.5, 2251799813685247.5,
                  123456789012.125, 0.1 + 0.2, 1.0 / 3.0, 5e-324, 1.7976931348623157e308] {
            #expect(try JSONValue.number(d).jsonString() == (d == d.rounded(.towardZero) && abs(d) < 9_007_199_254_740_992
                                                              ? String(Int64(d)) : d.description), "\(d)")
        }
    }

    /// Coordinates are rounded half away from zero on the exact binary value; away from exact
    /// ties that is what C's printf does (it rounds the exact binary value too), so glibc's
    /// `%.*f` is an independent reference.
    @Test func roundedCoordinatesAgreeWithPrintfAwayFromExactTies() {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<20_000 {
            let decimals = Int.random(in: 0...9, using: &rng)
            let d = Double.random(in: -180...180, using: &rng) * pow(10.0, -Double(Int.random(in: 0...5, using: &rng)))
            let scale = pow(10.0, Double(decimals))
            let prod = d * scale
            if abs(prod - prod.rounded(.towardZero)) == 0.5 && (-prod).addingProduct(d, scale) == 0 { continue }
            var w = JSONByteWriter()
            w.appendRounded(d, decimals: decimals)
            var ref = String(format: "%.*f", decimals, d)
            if ref.contains(".") { while ref.hasSuffix("0") { ref.removeLast() }; if ref.hasSuffix(".") { ref.removeLast() } }
            if ref == "-0" { ref = "0" }
            #expect(utf8(w.bytes) == ref, "\(d) at \(decimals)")
        }
    }

    /// The string writer tests eight bytes at a time and the last eight bytes as one word;
    /// every length up to 40 with a character needing an escape at every position (and none)
    /// must come out as RFC 8259 §7 escaping character by character gives.
    @Test func everyEscapePositionInShortAndMediumStringsIsEscaped() throws {
        func reference(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
                default: out.unicodeScalars.append(u)
                }
            }
            return out + "\""
        }
        let fillers: [Character] = ["a", "é", "/", "~"]
        for length in 0...40 {
            for special in ["\"", "\\", "\u{1}", "\n", "\u{1F}", nil] as [Character?] {
                for position in 0..<max(length, 1) {
                    var chars = (0..<length).map { fillers[$0 % fillers.count] }
                    if let special, length > 0 { chars[position] = special }
                    let s = String(chars)
                    #expect(try JSONValue.string(s).jsonString() == reference(s), "\(length) \(position)")
                    if special == nil { break }
                }
            }
        }
    }

    @Test func longStringsWithEscapesAfterLongPlainRunsAreEscapedExactly() throws {
        let plain = String(repeating: "دمشق abc/", count: 500)
        let v: JSONValue = ["k": .string(plain + "\"" + plain + "\u{0}\n" + plain), "\u{1F}key\\": "x"]
        let s = try v.jsonString()
        #expect(s == "{\"k\":\"" + plain + "\\\"" + plain + "\\u0000\\n" + plain + "\",\"\\u001fkey\\\\\":\"x\"}")
        #expect(try JSONParser().parse(s) == v)
    }

    @Test func polygonsAreWrittenCounterClockwiseWithClockwiseHoles() throws {
        // Exterior clockwise, hole counter-clockwise: both wrong for RFC 7946.
        let ext = try LinearRing([pos(0, 0), pos(0, 10), pos(10, 10), pos(10, 0), pos(0, 0)])
        let hole = try LinearRing([pos(2, 2), pos(4, 2), pos(4, 4), pos(2, 4), pos(2, 2)])
        let poly = Polygon(exterior: ext, holes: [hole])
        let bytes = try GeoJSONWriter().write(.geometry(.polygon(poly)))
        #expect(utf8(bytes) == #"{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[2,4],[4,4],[4,2],[2,2]]]}"#)
        let doc = try GeoJSONReader().read(bytes)
        #expect(doc.warnings.isEmpty)
        guard case .geometry(.polygon(let back)) = doc.object else { Issue.record("not a polygon"); return }
        #expect(back.exterior.isCounterClockwise)
        #expect(!back.holes[0].isCounterClockwise)
    }

    @Test func outputIsDeterministicAcrossRunsAndInsertionHistory() throws {
        var props = JSONObject()
        for i in 0..<40 { props["k\(i)"] = .number(Double(i)) }
        props["k3"] = nil
        props["k3"] = "again"   // re-added at the end
        let f = Feature(id: 1, geometry: .point(pos(1, 2)), properties: props)
        let a = try GeoJSONWriter().write(f), b = try GeoJSONWriter().write(f)
        #expect(a == b)
        let s = utf8(a)
        let i39 = try #require(s.range(of: "\"k39\"")), i3 = try #require(s.range(of: "\"k3\""))
        #expect(i39.lowerBound < i3.lowerBound)
        // Re-reading and writing again gives the very same bytes.
        #expect(try GeoJSONWriter().write(GeoJSONReader().read(a).object) == a)
    }

    @Test func nonFiniteValuesAreRejectedWithTheirPath() {
        let f = Feature(geometry: .point(pos(1, 2)), properties: ["ok": 1, "bad": ["x": .number(.nan)]])
        do { _ = try GeoJSONWriter().write(f); Issue.record("NaN written") } catch {
            #expect(error.rule == .nonFiniteNumber)
            #expect(error.path.description == "properties.bad.x")
        }
        let g = FeatureCollection(features: [Feature(geometry: nil), Feature(geometry: .lineString(try! LineString([pos(0, 0), pos(.infinity, 1)])))])
        do { _ = try GeoJSONWriter().write(g); Issue.record("infinity written") } catch {
            #expect(error.path.description == "features[1].geometry.coordinates[1]")
        }
        var buffer: [UInt8] = Array("keep".utf8)
        #expect(throws: GeoJSONError.self) { try GeoJSONWriter().append(f, to: &buffer) }
        #expect(buffer == Array("keep".utf8))
    }

    @Test func stringsAreEscapedPerRFC8259() throws {
        let v: JSONValue = .string("a\"b\\c/d\u{01}\n\t\u{1F}é😀\u{2028}")
        #expect(try v.jsonString() == "\"a\\\"b\\\\c/d\\u0001\\n\\t\\u001fé😀\u{2028}\"")
        #expect(try JSONParser().parse(v.jsonBytes()) == v)
    }

    @Test func crsIsNeverWrittenEvenFromForeignMembers() throws {
        let f = Feature(geometry: nil, properties: [:], foreignMembers: ["crs": ["type": "name"], "type": "x", "title": "t"])
        #expect(utf8(try GeoJSONWriter().write(f)) == #"{"type":"Feature","geometry":null,"properties":{},"title":"t"}"#)
    }

    @Test func bboxIsPreservedRoundedOutwardOrComputed() throws {
        let f = Feature(geometry: .multiPoint([pos(1.23456789, -2.5, 10), pos(3, 4, 20)]), properties: nil,
                        bbox: [1.23456789, -2.5000001, 3.0000001, 4])
        #expect(utf8(try GeoJSONWriter().write(f)).contains(#""bbox":[1.234567,-2.500001,3.000001,4]"#))
        #expect(utf8(try GeoJSONWriter(options: .init(bbox: .compute)).write(f)).contains(#""bbox":[1.234567,-2.5,10,3,4,20]"#))
        #expect(!utf8(try GeoJSONWriter(options: .init(bbox: .omit)).write(f)).contains("bbox"))
    }

    @Test func textSequencesFrameEachFeature() throws {
        let f1 = Feature(id: 1, geometry: .point(pos(1, 2)), properties: nil)
        let f2 = Feature(id: 2, geometry: nil, properties: ["a": 1])
        var seq: [UInt8] = []
        let rs = GeoJSONSequenceWriter(framing: .rfc8142, options: .init(pretty: true))
        try rs.append(f1, to: &seq)
        try rs.append(f2, to: &seq)
        let one = try GeoJSONWriter().write(f1), two = try GeoJSONWriter().write(f2)
        #expect(seq == [0x1E] + one + [0x0A] + [0x1E] + two + [0x0A])
        let nd = GeoJSONSequenceWriter(framing: .newlineDelimited)
        #expect(try nd.bytes(for: f1) + nd.bytes(for: f2) == one + [0x0A] + two + [0x0A])
        // Each record reads back on its own.
        for record in seq.split(separator: 0x1E) {
            #expect(throws: Never.self) { try GeoJSONReader().read(record) }
        }
    }

    @Test(arguments: [false, true])
    func streamedCollectionEqualsBatchWrite(pretty: Bool) throws {
        let opts = GeoJSONWriter.Options(pretty: pretty)
        for n in [0, 1, 3] {
            let fs = (0..<n).map { Feature(id: .number(Double($0)), geometry: .point(pos(Double($0), 1)), properties: ["i": .number(Double($0))]) }
            var s = FeatureCollectionStreamWriter(options: opts)
            var buf: [UInt8] = []
            s.begin(into: &buf)
            for f in fs { try s.append(f, into: &buf) }
            s.end(into: &buf)
            #expect(utf8(buf) == utf8(try GeoJSONWriter(options: opts).write(FeatureCollection(features: fs))))
        }
    }
}
