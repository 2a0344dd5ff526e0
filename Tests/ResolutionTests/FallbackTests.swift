import Foundation
import Testing
import GeoCore
import Gazetteer
import Resolution

/// Places the gazetteer does not know, placed only as coarsely as the text places them.
@Suite struct FallbackTests {
    /// A village no gazetteer has ("طحيمرة", "Tuhaymira"), qualified by the Hama countryside:
    /// kept at the Hama governorate with precision 3, not dropped and not put on the city.
    @Test func unknownVillageInTheCountrysideFallsBackToTheGovernorate() throws {
        let texts = ["سيطرت القوات على قرية طحيمرة بريف حماة الشرقي.",
                     "Government troops entered the village of Tuhaymira in the Hama countryside."]
        for t in texts {
            let r = testGeoparser.parse(t)
            let v = try #require(r.mentions.first { $0.mention.text.contains("طحيمرة") || $0.mention.text.contains("Tuhaymira") }, "dropped in: \(t)")
            #expect(v.place == nil)
            #expect(v.reason == "not in gazetteer")
            #expect(v.mention.headType == .settlement)
            #expect(v.fallback?.type == .admin1 && v.fallback?.admin1.code == "SY.10", "\(v.fallback?.id ?? "no fallback")")
            #expect(v.precision == 3)
            #expect((v.uncertaintyKm ?? 0) >= 25)
            let hama = try #require(r.mentions.first { $0.mention.text.contains("حماة") || $0.mention.text == "Hama" })
            #expect(hama.precision == 2, "the Hama countryside is the area around the city")
            // Offsets reproduce the text.
            let sc = Array(t.unicodeScalars)
            var s = String.UnicodeScalarView(); s.append(contentsOf: sc[v.mention.start..<v.mention.end])
            #expect(String(s) == v.mention.text)
        }
    }

    /// "الثورة" (the revolution) and "الفجر" (the dawn) in running text are not places; the same
    /// word after a head noun ("حقل الثورة النفطي") is.
    @Test func commonWordsNeedAHeadNoun() {
        let r = testGeoparser.parse("أعلن قادة الثورة بدء عملية الفجر الكبرى قرب حقل الثورة النفطي.")
        #expect(!r.mentions.contains { $0.mention.text == "الثورة" })
        #expect(!r.mentions.contains { $0.mention.text.contains("الفجر") })
        #expect(r.mentions.contains { $0.mention.text == "حقل الثورة النفطي" && $0.place?.type == .oilField })
    }
}
