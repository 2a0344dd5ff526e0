import Foundation
import Testing
import GeoCore
import Gazetteer
import Resolution
import TestSupport

/// The seed report (../shared/examples/seed-2017-07-11-ar.txt) against the reference points of
/// ../shared/geodata/seed-places-reference.tsv.
@Suite(.enabled(if: SharedData.file("examples/seed-2017-07-11-ar.txt") != nil
                && SharedData.file("geodata/seed-places-reference.tsv") != nil))
struct SeedReportTests {
    static let parsed: (text: String, result: ParseResult)? = {
        guard let t = seedText() else { return nil }
        return (t, testGeoparser.parse(t))
    }()

    /// The twelve places the issue names, by the English name that opens their PRIMARY row.
    static let targets = ["Raqqa", "Hama", "Aleppo", "Salamiyah", "Uqayribat", "Resafa", "Ithriya",
                          "al-Thawra oil field", "Tal Dakwa", "Risha dam", "Jabal Makhoul", "Jabal Sis"]

    @Test func primaryPlacesWithin5kmOfTheReference() throws {
        let (_, r) = try #require(Self.parsed)
        let rows = referenceRows().filter { $0.label.hasPrefix("PRIMARY") }
        for name in Self.targets {
            let row = try #require(rows.first { $0.nameEn.hasPrefix(name) }, "no PRIMARY row for \(name)")
            let hits = r.mentions.filter { $0.mention.role != .associative && $0.mention.text.contains(row.nameAr) }
            #expect(!hits.isEmpty, "\(name) (\(row.nameAr)) not spotted")
            let best = hits.compactMap { $0.position }.map { km($0, row.lat, row.lon) }.min()
            #expect((best ?? .infinity) < 5, "\(name): nearest output point \(best.map { String(format: "%.1f km", $0) } ?? "none") from the reference")
        }
    }

    /// Regression: the homonyms al-Thawrah (Tabqa), as-Sin (Aleppo) and Ar Rusafah (Hama) must not appear.
    @Test func noTrapHomonym() throws {
        let (_, r) = try #require(Self.parsed)
        let traps = referenceRows().filter { $0.nameEn.hasPrefix("TRAP") }
        #expect(traps.count >= 3)
        for t in traps {
            for m in r.mentions {
                guard let p = m.position else { continue }
                #expect(km(p, t.lat, t.lon) > 2, "`\(m.mention.text)` placed on the trap \(t.nameEn)")
            }
        }
    }

    @Test func genevaAndMoscowAreMentionsOutsideSyria() throws {
        let (_, r) = try #require(Self.parsed)
        for name in ["جنيف", "موسكو"] {
            let ms = r.mentions.filter { $0.mention.text == name && $0.mention.role != .associative }
            #expect(!ms.isEmpty, "\(name) not spotted")
            for m in ms {
                #expect(m.mention.role == .mention, "\(name) at \(m.mention.start): \(m.mention.role)")
                #expect(m.place != nil && m.place?.country != "SY", "\(name): \(m.place?.id ?? "unresolved")")
            }
        }
        #expect(r.focusCountry == "SY")
    }

    /// "منصة موسكو" (the Moscow platform) and "منصتي الرياض والقاهرة" are opposition groups, not cities.
    @Test func platformsAreAssociative() throws {
        let (text, r) = try #require(Self.parsed)
        let scalars = Array(text.unicodeScalars)
        func offset(of s: String) -> Int? {
            let needle = Array(s.unicodeScalars)
            guard needle.count <= scalars.count else { return nil }
            for i in 0...(scalars.count - needle.count) where Array(scalars[i..<(i + needle.count)]) == needle { return i }
            return nil
        }
        let moscow = try #require(offset(of: "منصة موسكو")) + "منصة ".unicodeScalars.count
        let riyadh = try #require(offset(of: "منصتي الرياض")) + "منصتي ".unicodeScalars.count
        let cairo = try #require(offset(of: "والقاهرة")) + 1
        for (name, start) in [("موسكو", moscow), ("الرياض", riyadh), ("القاهرة", cairo)] {
            let m = r.mentions.first { $0.mention.start == start }
            #expect(m?.mention.role == .associative, "\(name) at \(start): \(m.map { "\($0.mention.role)" } ?? "not spotted")")
            #expect(m?.position == nil)
        }
    }

    /// Places no source locates are kept, with null geometry or a coarse admin fallback, never on
    /// a far homonym (Khirbat al Baqar in Raqqa, Juwar al Baqar in Hama).
    @Test func unlocatedPlacesAreKeptNotMisplaced() throws {
        let (_, r) = try #require(Self.parsed)
        let dakwa = try #require(referenceRows().first { $0.nameEn.hasPrefix("Tal Dakwa") })
        for name in ["رغيلة", "البقر", "خربة الأمباشي"] {
            let ms = r.mentions.filter { $0.mention.text.contains(name) }
            #expect(!ms.isEmpty, "\(name) dropped")
            for m in ms {
                if let p = m.position {
                    #expect(m.precision == 3, "\(name) placed at precision \(m.precision ?? 0)")
                    #expect(km(p, dakwa.lat, dakwa.lon) < 150, "\(name) placed far away")
                } else {
                    #expect(m.reason != nil)
                }
            }
        }
    }

    @Test func mentionOffsetsReproduceTheText() throws {
        let (text, r) = try #require(Self.parsed)
        let scalars = Array(text.unicodeScalars)
        #expect(r.mentions.count > 30)
        for m in r.mentions {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: scalars[m.mention.start..<m.mention.end])
            #expect(String(v) == m.mention.text)
        }
    }

    @Test func relationsOnTheSeed() throws {
        let (_, r) = try #require(Self.parsed)
        func rels(_ t: String) -> [String] { r.mentions.filter { $0.mention.text == t }.flatMap { $0.mention.relations.map(\.kind) } }
        #expect(rels("الرقة").contains("countryside"))          // بريف الرقة
        #expect(rels("منطقة أثريا").contains("direction_of"))  // أثريا شرق حماة
        #expect(rels("منطقة أثريا").contains("extent_to"))     // تبدأ من … وتنتهي بمنطقة أثريا
        #expect(rels("مطار السين").contains("axis"))
        #expect(rels("ظاظا").contains("axis"))
        #expect(rels("جبل سيس").contains("between"))
        #expect(rels("البقر").contains("list"))                 // تلال رغيلة والبقر والأصفر
        let resafa = r.mentions.first { $0.mention.text == "الرصافة" }
        #expect(resafa?.passes.contains { $0.pass == "containment" } == true)
    }
}
