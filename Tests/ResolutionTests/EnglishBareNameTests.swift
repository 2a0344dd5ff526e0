import Foundation
import Testing
import GeoCore
import Gazetteer
import Resolution

/// The commonest sentence of English conflict news names a place right after a verb, with no
/// preposition: "Government forces entered Manbij." Until 2026-12-07 such a name was dropped
/// unless the place was prominent (a city of ≥ 500,000, a governorate, a curated seed place):
/// the rule that keeps Arabic common words from becoming villages was applied to English too,
/// where the capital letter already says "name". And "Homs" alone stayed unresolved, ambiguous
/// with a Hasakah village that the conflict map also labels Homs.
@Suite struct EnglishBareNameTests {
    /// The places of `text` that have a point, as (text, gazetteer id).
    func located(_ text: String) -> [(text: String, id: String)] {
        testGeoparser.parse(text).mentions.compactMap { m in
            guard m.position != nil, let p = m.place else { return nil }
            return (m.mention.text, p.id)
        }
    }

    /// Kilometres from the place chosen for `name` in `text` to (lat, lon), nil when none is.
    func distance(_ text: String, _ name: String, _ lat: Double, _ lon: Double) -> Double? {
        guard let m = testGeoparser.parse(text).mentions.first(where: { $0.mention.text == name }),
              let p = m.place else { return nil }
        return km(p.position, lat, lon)
    }

    // Reference points: GeoNames (Manbij 167357, Douma 170592, Homs 169577, Saraqib 164816, Jarablus 169179).
    @Test func aTownNamedAfterAVerbIsAPlace() {
        #expect((distance("Government forces entered Manbij.", "Manbij", 36.528, 37.955) ?? .infinity) < 3)
        #expect((distance("Rebels shelled Douma on Monday.", "Douma", 33.572, 36.402) ?? .infinity) < 3)
        #expect((distance("Government troops recaptured Saraqib on Thursday.", "Saraqib", 35.864, 36.806) ?? .infinity) < 3)
        #expect((distance("Turkish-backed rebels entered Jarablus.", "Jarablus", 36.818, 38.011) ?? .infinity) < 3)
    }

    @Test func homsAloneIsTheCityNotTheHasakahVillage() {
        #expect((distance("Government forces entered Homs.", "Homs", 34.724, 36.726) ?? .infinity) < 2)
        #expect((distance("Homs", "Homs", 34.724, 36.726) ?? .infinity) < 2)
    }

    /// At the start of a sentence a capital proves nothing; such a name still needs a preposition,
    /// prominence or a neighbour, as before.
    @Test func aSentenceStartIsNotEvidence() {
        #expect(located("Manbij fell on Monday.").isEmpty)
    }

    /// Capitalised words of Syria reporting that are not places stay unmapped: organisations,
    /// acronyms, people, weekdays. ("al-Sham" of the group names was Damascus, and SANA a village
    /// of the conflict map, before 2026-12-07.)
    @Test func organisationsPeopleAndAcronymsAreNotPlaces() {
        let text = """
        Fighters of the Free Syrian Army and the SDF met envoys of President Bashar al-Assad on Monday, \
        the Syrian Observatory for Human Rights said. Hayat Tahrir al-Sham and Ahrar al-Sham denied it, \
        and the YPG told Reuters and SANA that the Islamic State had withdrawn before the Kurdish-led \
        forces of Jaish al-Islam and Faylaq al-Rahman arrived.
        """
        #expect(located(text).map(\.text) == [], "\(located(text))")
    }

    /// A romanised article inside a name ("Deir ez-Zor", "Maarat al-Numan") ends no key and starts
    /// none, since keys drop it; the name matcher stopped there and matched the first word alone,
    /// so until 2026-12-07 "east of Deir ez-Zor" was a village called Deir in Turkey.
    @Test func deirEzZorIsTheCityNotAVillageInTurkey() {
        for text in ["Fighting was reported east of Deir ez-Zor.", "Clashes in Deir al-Zor.", "Clashes in Deir Ezzor."] {
            let m = testGeoparser.parse(text).mentions.first
            #expect(m?.mention.text.hasPrefix("Deir") == true && m?.mention.text.count ?? 0 > 4, "\(text): \(m?.mention.text ?? "none")")
            #expect((m?.place.map { km($0.position, 35.336, 40.141) } ?? .infinity) < 3, "\(text): \(m?.place?.id ?? "none")")
        }
        #expect((distance("Russian jets struck Idlib and Maarat al-Numan.", "Maarat al-Numan", 35.648, 36.677) ?? .infinity) < 3)
        // An English word that is also a romanised article ends the name unless hyphenated.
        #expect(located("Fighting in Aleppo in the north and Homs.").map(\.text) == ["Aleppo", "Homs"])
    }
}
