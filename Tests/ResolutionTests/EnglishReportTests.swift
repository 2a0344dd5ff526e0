import Foundation
import Testing
import GeoCore
import Gazetteer
import Resolution

/// English reports written for these tests (not translations of the seed), with the phrase types
/// the Arabic report uses; the places must resolve to the same gazetteer records as the Arabic.
@Suite struct EnglishReportTests {
    static let report = """
    DAMASCUS, July 12 - Government forces captured the village of Uqayribat east of Salamiyah on Tuesday, \
    a military source told reporters, after weeks of fighting in the Raqqa countryside.
    Further south, clashes continued on the Sin airport–Dhadha axis, and the Syrian army said it had taken \
    hills between Risha dam, Jabal Makhoul and Jabal Sis.
    Diplomats meanwhile prepared for a new round of talks in Geneva.
    """

    static let result = testGeoparser.parse(report)

    func mention(_ text: String) -> ResolvedMention? {
        Self.result.mentions.first { $0.mention.text.hasPrefix(text) || $0.mention.text.hasSuffix(text) }
    }

    func arabicPlace(_ ar: String) -> Place? { testGeoparser.parse(ar).mentions.first?.place }

    @Test func samePlacesAsTheArabic() throws {
        let pairs: [(String, String)] = [
            ("Uqayribat", "بلدة عقيربات"), ("Salamiyah", "في سلمية"), ("Sin airport", "مطار السين"),
            ("Dhadha", "في ظاظا"), ("Risha dam", "سد ريشة"), ("Jabal Makhoul", "جبل مكحول"), ("Jabal Sis", "جبل سيس"),
        ]
        for (en, ar) in pairs {
            let m = mention(en)
            #expect(m != nil, "\(en) not spotted")
            // The same place (several records of one place, e.g. GeoNames and the curated seed, may be chosen).
            let a = arabicPlace(ar)
            let d = m?.place.flatMap { p in a.map { km(p.position, $0.position.lat, $0.position.lon) } }
            #expect((d ?? .infinity) < 2, "\(en): \(m?.place?.id ?? "none") vs Arabic \(a?.id ?? "none")")
            #expect(m?.place?.type == a?.type)
        }
    }

    @Test func relationsAndRoles() throws {
        let raqqa = try #require(mention("Raqqa"))
        #expect(raqqa.mention.relations.contains { $0.kind == "countryside" })
        #expect(raqqa.place?.admin1.code == "SY.04")
        #expect(raqqa.precision == 2)
        #expect(mention("Salamiyah")?.mention.relations.contains { $0.kind == "direction" && $0.compass == "E" } == true)
        #expect(mention("Uqayribat")?.mention.relations.contains { $0.kind == "direction_of" } == true)
        #expect(mention("Uqayribat")?.mention.headType == .settlement)
        #expect(mention("Sin airport")?.mention.relations.contains { $0.kind == "axis" } == true)
        #expect(mention("Dhadha")?.mention.relations.contains { $0.kind == "axis" } == true)
        #expect(mention("Jabal Sis")?.mention.relations.contains { $0.kind == "between" } == true)
        let geneva = try #require(mention("Geneva"))
        #expect(geneva.mention.role == .mention)
        #expect(geneva.place?.country == "CH")
        let syrian = try #require(mention("Syrian"))
        #expect(syrian.mention.role == .associative)
        #expect(syrian.position == nil)
    }

    @Test func offsetsAreExact() {
        let scalars = Array(Self.report.unicodeScalars)
        for m in Self.result.mentions {
            var v = String.UnicodeScalarView(); v.append(contentsOf: scalars[m.mention.start..<m.mention.end])
            #expect(String(v) == m.mention.text)
        }
    }
}
