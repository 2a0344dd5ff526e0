import Foundation
import Testing
import ConflictMapKit
import GeoJSON
import TestSupport

/// The embedded default gazetteer behind one pipeline, built once per test process.
let pipeline: MapPipeline = {
    do { return try MapPipeline(extraGazetteer: []) }
    catch { fatalError("the default gazetteer cannot be loaded: \(error)") }
}()

func seed() -> String? {
    guard let u = SharedData.file("examples/seed-2017-07-11-ar.txt") else { return nil }
    return try? String(contentsOf: u, encoding: .utf8)
}

@Suite struct MapPipelineTests {
    static let english = """
    Rebels shelled the town of Salamiyah, and government troops moved into rural Hama. \
    A delegation of the Syrian government travelled to Geneva. Fighting was reported near the village of Qasr Abu Samrah.
    """

    @Test func everyMentionOffsetIsExactAndFeaturesAreOrderedByFirstMention() throws {
        let fc = try pipeline.map(document: Document(id: "en-1", text: Self.english, date: "2017-07-12", source: "test"))
        let scalars = Array(Self.english.unicodeScalars)
        var lastStart = -1
        var ids = Set<String>()
        #expect(fc.features.count >= 4)
        for f in fc.features {
            let p = try #require(f.properties)
            #expect(p["kind"]?.stringValue == "place")
            guard case .string(let id)? = f.id else { Issue.record("feature without string id"); continue }
            #expect(ids.insert(id).inserted, "duplicate id \(id)")
            let ms = try #require(p["mentions"]?.arrayValue)
            let first = try #require(ms.first?["start"]?.intValue)
            #expect(first > lastStart, "features not ordered by first mention")
            lastStart = first
            for m in ms {
                let s = try #require(m["start"]?.intValue), e = try #require(m["end"]?.intValue)
                var v = String.UnicodeScalarView(); v.append(contentsOf: scalars[s..<e])
                #expect(String(v) == m["text"]?.stringValue)
            }
            // Nothing silently placed: a feature without geometry says why.
            if f.geometry == nil { #expect(p["reason"]?.stringValue != nil, "\(p["name"]?.stringValue ?? "") has no geometry and no reason") }
        }
        let meta = try #require(fc.foreignMembers["conflictmap"]?.objectValue)
        #expect(meta["id"]?.stringValue == "en-1")
        #expect(meta["date"]?.stringValue == "2017-07-12")
        #expect(meta["lang"]?.stringValue == "en")
        #expect((meta["gazetteer_sources"]?.arrayValue?.count ?? 0) > 0)
    }

    @Test func rolesAndFallbacksInEnglish() throws {
        let fc = try pipeline.map(document: Document(id: "en-1", text: Self.english))
        func props(_ name: String) -> JSONObject? { fc.features.first { $0.properties?["name"]?.stringValue?.contains(name) == true }?.properties }
        #expect(props("Salamiyah")?["place_type"]?.stringValue == "settlement")
        #expect(props("Salamiyah")?["precision"]?.intValue == 1)
        #expect(props("Hama")?["precision"]?.intValue == 2, "rural Hama is the area around Hama")
        #expect(props("Geneva")?["role"]?.stringValue == "mention")
        #expect(props("Geneva")?["country"]?.stringValue == "CH")
        #expect(props("Syrian")?["role"]?.stringValue == "associative")
        // Qasr Abu Samrah is not in the default gazetteer: kept, not dropped.
        let qasr = fc.features.first { $0.properties?["name"]?.stringValue?.contains("Qasr") == true }
        #expect(qasr != nil, "an unknown village after 'the village of' was dropped")
    }

    @Test(.enabled(if: SharedData.file("examples/seed-2017-07-11-ar.txt") != nil))
    func seedOutputIsDeterministicAndMergesPlaces() throws {
        let text = try #require(seed())
        let doc = Document(id: "seed", text: text, date: "2017-07-11", source: "SANA", lang: "ar")
        let w = GeoJSONWriter(options: .init(decimals: 6))
        let a = try w.write(try pipeline.map(document: doc))
        let b = try w.write(try pipeline.map(document: doc))
        #expect(a == b)
        let fc = try pipeline.map(document: doc)
        // Geneva is named 14 times: one feature.
        let geneva = fc.features.filter { $0.properties?["name_en"]?.stringValue == "Geneva" && $0.properties?["role"]?.stringValue == "mention" }
        #expect(geneva.count == 1)
        #expect((geneva.first?.properties?["mentions"]?.arrayValue?.count ?? 0) >= 10)
        // Associative features carry no geometry.
        for f in fc.features where f.properties?["role"]?.stringValue == "associative" { #expect(f.geometry == nil) }
        // Unlocated hills are present (Rghila).
        #expect(fc.features.contains { $0.properties?["name"]?.stringValue?.contains("رغيلة") == true })
    }

    @Test func jsonDocumentErrorsNameTheMember() {
        #expect(throws: DocumentError.self) { try Document.parseJSON(Array(#"{"id": "x"}"#.utf8), defaultID: "d") }
        #expect(throws: DocumentError.self) { try Document.parseJSON(Array(#"{"text": 5}"#.utf8), defaultID: "d") }
        #expect(throws: DocumentError.self) { try Document.parseJSON(Array(#"{"text": "a""#.utf8), defaultID: "d") }
        let d = try? Document.parseJSON(Array(#"{"text": "في حلب", "id": "a1", "lang": "ar"}"#.utf8), defaultID: "d")
        #expect(d?.id == "a1" && d?.text == "في حلب" && d?.lang == "ar")
    }
}

/// Regression pin for the spotting speed-up (branch `speed`): the place Features of the seed report
/// must be byte-identical to those of the code before the optimisation. The value was recorded
/// from the output of the unoptimised pipeline (`conflictmap map` on the seed, default gazetteer,
/// features only, no foreign members). When the output changes on purpose (new data, new
/// properties), update the pin deliberately and say why in the commit.
@Suite struct SpeedupRegressionPin {
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h
    }

    @Test(.enabled(if: SharedData.file("examples/seed-2017-07-11-ar.txt") != nil))
    func seedPlaceFeaturesAreByteIdenticalToThePreOptimisationOutput() throws {
        let text = try #require(seed())
        let fc = try pipeline.map(document: Document(id: "seed-2017-07-11-ar", text: text))
        let places = fc.features.filter { $0.properties?["kind"]?.stringValue == "place" }
        let bytes = try GeoJSONWriter(options: .init(decimals: 6, pretty: false)).write(FeatureCollection(features: places))
        let h = Self.fnv1a(bytes)
        #expect(bytes.count == 30015 && h == 0xe0804ff4e7173c85,
                "seed place features changed: \(bytes.count) bytes, FNV-1a 0x\(String(h, radix: 16))")
    }
}
