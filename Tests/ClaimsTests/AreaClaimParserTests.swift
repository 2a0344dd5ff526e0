import Foundation
import Testing
import TestSupport
@testable import Claims

/// One line of `fixtures/anercorp-arabic-area-expressions.jsonl`: a real ANERcorp sentence
/// fragment and the area it states, in km² (value given by the fixture's compiler, not us).
struct AnercorpAreaCase: Decodable {
    let source: String?
    let text: String
    let value_km2: Double
    let note: String?
}

func loadAnercorpAreaCases() throws -> [AnercorpAreaCase]? {
    guard let url = SharedData.file("fixtures/anercorp-arabic-area-expressions.jsonl") else { return nil }
    let data = try String(contentsOf: url, encoding: .utf8)
    return try data.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map {
        try JSONDecoder().decode(AnercorpAreaCase.self, from: Data($0.utf8))
    }
}

func scalars(_ s: String, _ a: Int, _ b: Int) -> String {
    var v = String.UnicodeScalarView()
    v.append(contentsOf: Array(s.unicodeScalars)[a..<b])
    return String(v)
}

func close(_ a: Double, _ b: Double, rel: Double = 1e-9) -> Bool {
    abs(a - b) <= rel * max(1, abs(b))
}

@Suite("Area claims: ANERcorp fixture")
struct AnercorpAreaFixtureTests {
    @Test("every ANERcorp area expression parses to its stated km² value",
          .enabled(if: SharedData.file("fixtures/anercorp-arabic-area-expressions.jsonl") != nil))
    func fixtureValues() throws {
        let cases = try #require(try loadAnercorpAreaCases())
        #expect(!cases.isEmpty)
        var passed = 0
        for c in cases {
            let found = AreaClaimParser.findClaims(in: c.text)
            #expect(found.count == 1, "\(c.text): \(found.map(\.text))")
            if let e = found.first {
                #expect(close(e.valueKm2, c.value_km2), "\(c.text): got \(e.valueKm2), fixture says \(c.value_km2)")
                #expect(scalars(c.text, e.start, e.end) == e.text)
                if close(e.valueKm2, c.value_km2) { passed += 1 }
            }
        }
        print("ANERcorp area fixture: \(passed)/\(cases.count) pass")
        #expect(passed == cases.count)
    }
}

@Suite("Area claims: the seed report")
struct SeedAreaClaimTests {
    @Test("more than 1500 km² from Resafa: qualifier more-than, bounds [1500, ∞)")
    func seedSentence() throws {
        let s = "سيطر الجيش السوري على أكثر من 1500 كم مربع تبدأ من الرصافة"
        let found = AreaClaimParser.findClaims(in: s)
        let e = try #require(found.first)
        #expect(found.count == 1)
        #expect(e.qualifier == .moreThan)
        #expect(e.valueKm2 == 1500)
        #expect(e.lowerKm2 == 1500)
        #expect(e.upperKm2 == nil)
        #expect(e.unit == .km2)
        #expect(e.text == "أكثر من 1500 كم مربع")
        #expect(e.qualifierText == "أكثر من")
        #expect(e.rawNumber == "1500")
        #expect(scalars(s, e.start, e.end) == e.text)
    }

    @Test("'تقدر ب 1500 كم مربع' (estimated at) reads as about 1500")
    func estimatedAt() throws {
        let e = try #require(AreaClaimParser.findClaims(in: "خلال عملياتها العسكرية المتواصلة تقدر ب 1500 كم مربع قطعت").first)
        #expect(e.valueKm2 == 1500)
        #expect(e.qualifier == .about)
        #expect(e.text == "تقدر ب 1500 كم مربع")
        #expect(close(e.lowerKm2, 1200) && close(e.upperKm2 ?? 0, 1800))
    }

    @Test("the seed file holds exactly its two 1500 km² claims and nothing from its other numbers",
          .enabled(if: SharedData.file("examples/seed-2017-07-11-ar.txt") != nil))
    func seedFile() throws {
        let url = try #require(SharedData.file("examples/seed-2017-07-11-ar.txt"))
        let text = try String(contentsOf: url, encoding: .utf8)
        let found = AreaClaimParser.findClaims(in: text)
        #expect(found.map(\.valueKm2) == [1500, 1500])
        #expect(found.map(\.qualifier) == [.moreThan, .about])
        for e in found { #expect(scalars(text, e.start, e.end) == e.text) }
    }
}

@Suite("Area claims: English")
struct EnglishAreaClaimTests {
    struct Case: Sendable, CustomStringConvertible {
        let text: String; let km2: Double; let q: AreaQualifier; let unit: AreaUnit; let match: String
        var description: String { text }
    }
    static let cases: [Case] = [
        Case(text: "an area of 420 square kilometres east of Aleppo was taken", km2: 420, q: .exact, unit: .km2, match: "420 square kilometres"),
        Case(text: "seized about 35 sq km along the highway", km2: 35, q: .about, unit: .km2, match: "about 35 sq km"),
        Case(text: "more than 1,200 km2", km2: 1200, q: .moreThan, unit: .km2, match: "more than 1,200 km2"),
        Case(text: "some 3 square miles", km2: 3 * 2.589988110336, q: .about, unit: .squareMile, match: "some 3 square miles"),
        Case(text: "5,000 hectares", km2: 50, q: .exact, unit: .hectare, match: "5,000 hectares"),
        Case(text: "up to 2.5 thousand square kilometers", km2: 2500, q: .upTo, unit: .km2, match: "up to 2.5 thousand square kilometers"),
        Case(text: "over 1.5 million acres", km2: 1.5e6 * 0.0040468564224, q: .moreThan, unit: .acre, match: "over 1.5 million acres"),
        Case(text: "at least 12 km² of farmland", km2: 12, q: .atLeast, unit: .km2, match: "at least 12 km²"),
        Case(text: "less than 800 sq. km", km2: 800, q: .lessThan, unit: .km2, match: "less than 800 sq. km"),
        Case(text: "a 250-square-kilometre pocket", km2: 250, q: .exact, unit: .km2, match: "250-square-kilometre"),
        Case(text: "no more than 40 km^2", km2: 40, q: .upTo, unit: .km2, match: "no more than 40 km^2"),
        Case(text: "roughly 9,000 square metres", km2: 0.009, q: .about, unit: .m2, match: "roughly 9,000 square metres"),
        Case(text: "150 km2 or more", km2: 150, q: .atLeast, unit: .km2, match: "150 km2 or more"),
    ]

    @Test("English expressions", arguments: cases)
    func english(_ c: Case) throws {
        let found = AreaClaimParser.findClaims(in: c.text)
        let e = try #require(found.first, "nothing found in \(c.text)")
        #expect(found.count == 1)
        #expect(close(e.valueKm2, c.km2), "\(e.valueKm2) vs \(c.km2)")
        #expect(e.qualifier == c.q)
        #expect(e.unit == c.unit)
        #expect(e.text == c.match)
        #expect(scalars(c.text, e.start, e.end) == e.text)
    }

    @Test("indefinite English quantities give ranges: hundreds, a few hundred, tens of thousands")
    func indefinite() throws {
        let h = try #require(AreaClaimParser.findClaims(in: "hundreds of square kilometres of desert").first)
        #expect(h.isIndefinite && h.lowerKm2 == 200 && h.upperKm2 == 999 && h.valueKm2 == 500)
        #expect(h.text == "hundreds of square kilometres")
        let f = try #require(AreaClaimParser.findClaims(in: "a few hundred hectares").first)
        #expect(close(f.lowerKm2, 2) && close(f.upperKm2 ?? 0, 5) && close(f.valueKm2, 3))
        let t = try #require(AreaClaimParser.findClaims(in: "tens of thousands of dunams").first)
        #expect(close(t.lowerKm2, 20) && close(t.upperKm2 ?? 0, 99))
        let d = try #require(AreaClaimParser.findClaims(in: "dozens of square kilometres").first)
        #expect(d.lowerKm2 == 20 && d.upperKm2 == 99)
    }
}

@Suite("Area claims: Arabic forms")
struct ArabicAreaClaimTests {
    struct Case: Sendable, CustomStringConvertible {
        let text: String; let km2: Double; let q: AreaQualifier
        var description: String { text }
    }
    static let cases: [Case] = [
        Case(text: "مساحة ١٥٠٠ كم²", km2: 1500, q: .exact),
        Case(text: "مساحة ۱۵۰۰ كيلومتر مربع", km2: 1500, q: .exact),
        Case(text: "نحو ١٬٥٠٠ كيلو متر مربع", km2: 1500, q: .about),
        Case(text: "مساحة ١٫٥ ألف كم مربع", km2: 1500, q: .exact),
        Case(text: "ما يزيد على 1.500 كم2", km2: 1500, q: .moreThan),
        Case(text: "بمساحة 1 500 كيلومترات مربعة", km2: 1500, q: .exact),
        Case(text: "حوالي 1.5 كم مربع", km2: 1.5, q: .about),
        Case(text: "قرابة 2,5 كم2", km2: 2.5, q: .about),
        Case(text: "1.5 ألف كم مربع", km2: 1500, q: .exact),
        Case(text: "1.500 مليون دونم", km2: 1500, q: .exact),
        Case(text: "ألفي كيلومتر مربع", km2: 2000, q: .exact),
        Case(text: "ثلاثة آلاف دونم", km2: 3, q: .exact),
        Case(text: "أقل من 500 هكتار", km2: 5, q: .lessThan),
        Case(text: "ما لا يقل عن 40 كم2", km2: 40, q: .atLeast),
        Case(text: "ما يقل عن 40 كم2", km2: 40, q: .lessThan),
        Case(text: "حتى 300 كم مربع", km2: 300, q: .upTo),
        Case(text: "ما يصل إلى 300 كم مربع", km2: 300, q: .upTo),
        Case(text: "لغاية 300 كم مربع", km2: 300, q: .upTo),
        Case(text: "زهاء 70 كيلومترا مربعا", km2: 70, q: .about),
        Case(text: "ما يقارب 70 كم مربع", km2: 70, q: .about),
        Case(text: "أزيد من 70 كم مربع", km2: 70, q: .moreThan),
        Case(text: "70 كم مربع تقريباً", km2: 70, q: .about),
        Case(text: "مساحة 70 ألف متر مربع", km2: 0.07, q: .exact),
        Case(text: "بحوالي 20 ميلا مربعا", km2: 20 * 2.589988110336, q: .about),
        Case(text: "مئة ألف دونم", km2: 100, q: .exact),
        Case(text: "ثلاثمئة كيلومتر مربع", km2: 300, q: .exact),
        Case(text: "مساحته 1412 كم2 فقط", km2: 1412, q: .exact),
        Case(text: "الكيلومترات: مساحة 1412 كيلومتراً مربعاً", km2: 1412, q: .exact),
    ]

    @Test("Arabic expressions", arguments: cases)
    func arabic(_ c: Case) throws {
        let found = AreaClaimParser.findClaims(in: c.text)
        let e = try #require(found.first, "nothing found in \(c.text)")
        #expect(found.count == 1)
        #expect(close(e.valueKm2, c.km2), "\(c.text): \(e.valueKm2) vs \(c.km2)")
        #expect(e.qualifier == c.q, "\(c.text)")
        #expect(scalars(c.text, e.start, e.end) == e.text)
    }

    @Test("'عشرات الكيلومترات المربعة' is tens: [20, 99] km², nominal 50")
    func tens() throws {
        let e = try #require(AreaClaimParser.findClaims(in: "سيطر على عشرات الكيلومترات المربعة").first)
        #expect(e.isIndefinite && e.lowerKm2 == 20 && e.upperKm2 == 99 && e.valueKm2 == 50)
        #expect(e.text == "عشرات الكيلومترات المربعة")
        let t = try #require(AreaClaimParser.findClaims(in: "عشرات الآلاف من الدونمات").first)
        #expect(close(t.lowerKm2, 20) && close(t.upperKm2 ?? 0, 99))
        let m = try #require(AreaClaimParser.findClaims(in: "مئات الهكتارات").first)
        #expect(close(m.lowerKm2, 2) && close(m.upperKm2 ?? 0, 9.99))
    }
}

@Suite("Area claims: things that are not area claims")
struct NotAnAreaClaimTests {
    @Test("numbers without an area unit, distances, years and dates are ignored", arguments: [
        "قتل 1500 مقاتل في المعارك",
        "على بعد 50 كم من المدينة",
        "يبعد 5 km عن الطريق",
        "the front is 30 km long and 2 km wide",
        "منذ عام 2017 وحتى 2019",
        "في 11.07.2017 أعلن الجيش",
        "عشرات الآبار والمنشآت النفطية",
        "more than 5 years of sanctions",
        "in 2016, 1,500 fighters",
        "كم مرة سيطر الجيش",
        "5 km 2 villages away",
    ])
    func negatives(_ text: String) {
        #expect(AreaClaimParser.findClaims(in: text).isEmpty, "\(AreaClaimParser.findClaims(in: text).map(\.text))")
    }

    @Test("a qualifier is not borrowed across a previous expression")
    func twoExpressions() {
        let found = AreaClaimParser.findClaims(in: "أكثر من 100 كم مربع و 50 كم مربع")
        #expect(found.map(\.qualifier) == [.moreThan, .exact])
        #expect(found.map(\.valueKm2) == [100, 50])
    }
}

@Suite("Numerals: separator rule")
struct NumeralRuleTests {
    @Test("'1.500' is thousands, '1.5' and '0.500' decimal, '1,500.5' and '1.500,5' mixed", arguments: [
        ("1.500", 1500.0), ("1,500", 1500), ("1.5", 1.5), ("1,5", 1.5), ("0.500", 0.5), ("1234.567", 1234.567),
        ("1,500.5", 1500.5), ("1.500,5", 1500.5), ("1,500,000", 1_500_000), ("1.500.000", 1_500_000),
        ("١٬٥٠٠", 1500), ("١٫٥", 1.5), ("۱۵۰۰", 1500), ("12.25", 12.25),
    ])
    func numerals(_ p: (String, Double)) throws {
        let e = try #require(AreaClaimParser.findClaims(in: "\(p.0) كم2").first)
        #expect(close(e.quantity, p.1), "\(p.0) → \(e.quantity)")
        #expect(e.rawNumber == p.0)
    }
}
