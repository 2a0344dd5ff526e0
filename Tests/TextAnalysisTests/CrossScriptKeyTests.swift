import Foundation
import Testing
import TestSupport
@testable import TextAnalysis

/// Pairs of one place written in Arabic and in romanisations found in gazetteers and news
/// (Wikipedia's Syrian civil war map labels, GeoNames, Who's On First).
@Suite struct CrossScriptKeyTests {
    static let pairs: [(String, [String])] = [
        ("تل دكوة", ["Tall Dakwa", "Tell Dakweh", "Tal Dakwah"]),
        ("الرصافة", ["Resafa", "Rusafa", "Ar Rasafah", "Al-Resafa", "Al Resafa"]),
        ("أثريا", ["Ithriya", "Athriya", "Ithriyah"]),
        ("عقيربات", ["Uqayribat", "`Uqayribat", "‘Uqayribāt"]),
        ("سلمية", ["Salamiyah", "As Salamiyah", "Salamieh", "Salamiyeh", "As Salamīyah"]),
        ("حماة", ["Hama", "Hamah", "Ḩamāh"]),
        ("جبل مكحول", ["Jabal Mak'hul", "Jabal Makhoul", "Jabal Makhul", "Jebel Makhoul"]),
        ("جبل سيس", ["Jebel Seis", "Jabal Seis", "Jabal Sis"]),
        ("سد ريشة", ["Risha Dam", "Sadd Risha", "Sad Rishe"]),
        ("تل سد ريشة", ["Tall Sad Rishe", "Tal Sad Risha"]),
        ("الرقة", ["Raqqa", "Ar Raqqah", "Raqqah", "al-Raqqa"]),
        ("حلب", ["Halab", "Ḩalab"]),
        ("تلال رغيلة", ["Rughaylah hills", "Tulul Rughayla"]),
        ("مطار السين", ["al-Seen airport", "Sin airport"]),
        ("ظاظا", ["Zaza", "Dhadha"]),
        ("حقل الثورة النفطي", ["Thawrah Oil Field"]),
        ("مطار الضمير العسكري", ["Dumayr Military Airport", "Al-Dumayr airbase"]),
        ("الضمير", ["Ad Dumayr", "Aḑ Ḑumayr", "Al-Dumayr"]),
        ("تدمر", ["Tadmur", "Tadmor"]),
        ("تل الأصفر", ["Tal Asfar", "Tall Asfar", "Tal al-Asfar"]),
    ]

    @Test(arguments: pairs)
    func arabicNameMeetsItsRomanisations(_ arabic: String, _ latin: [String]) {
        let k = NameKey.crossScript(arabic)
        for l in latin { #expect(NameKey.crossScript(l) == k, "\(l) vs \(arabic)") }
    }

    @Test func differentPlacesDoNotMeet() {
        let distinct = ["حماة", "حمص", "حلب", "الرقة", "الرصافة", "تدمر", "دمشق", "أثريا", "سلمية"]
        #expect(Set(distinct.map(NameKey.crossScript)).count == distinct.count)
        // The oil field is not the city of al-Thawrah (Tabqa): the head noun keeps them apart.
        #expect(NameKey.crossScript("حقل الثورة") != NameKey.crossScript("Ath Thawrah"))
        #expect(NameKey.crossScript("مطار السين") != NameKey.crossScript("As Sin"))
    }

    @Test func aleppoIsAnExonymThatCannotBeDerived() {
        #expect(NameKey.crossScript("Aleppo") != NameKey.crossScript("حلب"))
    }

    /// Measured on Who's On First Syria (sy-localities.tsv): 92.8 % of the 9,655 places with an
    /// English and an Arabic name get equal cross-script keys for the two; a place's key is shared
    /// on average by 4.4 places (counting itself), against 1.8 for the exact romanisation key.
    @Test(.enabled(if: SharedData.file("geodata/sy-localities.tsv") != nil))
    func syriaLocalitiesAgreeAcrossScripts() throws {
        let url = try #require(SharedData.file("geodata/sy-localities.tsv"))
        let text = try String(contentsOf: url, encoding: .utf8)
        var total = 0, equal = 0
        var byKey: [String: Int] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count > 4, !f[2].isEmpty, !f[3].isEmpty else { continue }
            total += 1
            let en = NameKey.crossScript(String(f[2]))
            if en == NameKey.crossScript(String(f[3])) { equal += 1 }
            byKey[en, default: 0] += 1
        }
        #expect(total > 9000)
        let agreement = Double(equal) / Double(total)
        #expect(agreement >= 0.925, "cross-script agreement \(agreement)")
        let meanBucket = Double(byKey.values.map { $0 * $0 }.reduce(0, +)) / Double(total)
        #expect(meanBucket <= 4.6, "places per key \(meanBucket)")
    }

    /// Every PRIMARY row of the seed's reference table: its Arabic name meets at least one of its
    /// Latin names (label or alternates), except exonyms.
    @Test(.enabled(if: SharedData.file("geodata/seed-places-reference.tsv") != nil))
    func seedReferencePlacesMeetTheirLatinNames() throws {
        let url = try #require(SharedData.file("geodata/seed-places-reference.tsv"))
        let text = try String(contentsOf: url, encoding: .utf8)
        var checked = 0
        var failures: [String] = []
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count > 8, f[8].trimmingCharacters(in: CharacterSet(charactersIn: "\"")).hasPrefix("PRIMARY")
            else { continue }
            let arabic = f[1]
            let latin = [f[0].components(separatedBy: " (")[0]]
                + f[2].components(separatedBy: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            let key = NameKey.crossScript(arabic)
            checked += 1
            if !latin.contains(where: { NameKey.crossScript($0) == key }) { failures.append(arabic) }
        }
        #expect(checked >= 15)
        #expect(failures.isEmpty, "no Latin name meets \(failures)")
    }
}
