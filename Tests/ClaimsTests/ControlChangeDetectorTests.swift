import Foundation
import Testing
import TestSupport
@testable import Claims

func loadSeed() throws -> String? {
    guard let url = SharedData.file("examples/seed-2017-07-11-ar.txt") else { return nil }
    return try String(contentsOf: url, encoding: .utf8)
}

func describe(_ c: ControlChange) -> String {
    "\(c.kind) [\(c.triggers.map(\.text).joined(separator: " … "))] actor=\(c.actor?.text ?? "-")(\(c.actorPosition?.rawValue ?? "-")) adv=\(c.adversary?.text ?? "-") date=\(c.date.map { "\($0.expression.text)→\($0.earliest?.iso ?? "?")..\($0.latest?.iso ?? "?")" } ?? "-") areas=\(c.areaClaims.map(\.text))"
}

@Suite("Control changes: the seed report (2017-07-11)")
struct SeedControlChangeTests {
    static let seedDate = "2017-07-11"  // from the file name seed-2017-07-11-ar.txt

    @Test("the army's capture of more than 1500 km² from Resafa: actor الجيش السوري, adversary Daesh, recent days",
          .enabled(if: SharedData.file("examples/seed-2017-07-11-ar.txt") != nil))
    func resafaCapture() throws {
        let text = try #require(try loadSeed())
        let all = try ControlChangeDetector.find(in: text, documentDateISO: Self.seedDate)
        for c in all { print(describe(c)) }
        let c = try #require(all.first { $0.areaClaims.contains { $0.qualifier == .moreThan && $0.valueKm2 == 1500 } })
        #expect(c.kind == .captured)
        #expect(c.triggers.map(\.text) == ["سيطر"])
        #expect(c.actor?.text == "الجيش السوري")
        #expect(c.actorPosition == .afterTrigger)
        #expect(c.adversary?.text.contains("داعش") == true)
        #expect(c.adversary?.text.hasPrefix("إرهابيي") == true)
        #expect(c.sentence.text.hasPrefix("ميدانيا سيطر الجيش السوري"))
        #expect(c.sentence.text.hasSuffix("من البادية السورية."))
        let d = try #require(c.date)
        #expect(d.rule == .recentDays)
        #expect(d.expression.text == "خلال الأيام القليلة الماضية")
        #expect(d.earliest?.iso == "2017-07-04" && d.latest?.iso == "2017-07-11")
        for s in [c.sentence] + c.triggers + [c.actor, c.adversary].compactMap({ $0 }) {
            #expect(scalars(text, s.start, s.end) == s.text)
        }
    }

    @Test("'فرضت وحدات الجيش سيطرتها … تقدر ب 1500 كم مربع' is one capture by وحدات الجيش",
          .enabled(if: SharedData.file("examples/seed-2017-07-11-ar.txt") != nil))
    func lightVerbPhrase() throws {
        let text = try #require(try loadSeed())
        let all = ControlChangeDetector.find(in: text)
        let c = try #require(all.first { $0.triggers.first?.text == "فرضت" })
        #expect(c.kind == .captured)
        #expect(c.triggers.map(\.text) == ["فرضت", "سيطرتها"])
        #expect(c.actor?.text == "وحدات الجيش")
        #expect(c.actorPosition == .insidePhrase)
        #expect(c.areaClaims.contains { $0.qualifier == .about && $0.valueKm2 == 1500 })
    }

    @Test("'امس الاثنين' in a 2017-07-11 report is 2017-07-10, a Monday",
          .enabled(if: SharedData.file("examples/seed-2017-07-11-ar.txt") != nil))
    func yesterdayMonday() throws {
        let text = try #require(try loadSeed())
        let dates = EventDateResolver.find(in: text, documentDate: try CivilDate(iso: Self.seedDate))
        let ym = dates.filter { $0.rule == .yesterdayWithWeekday }
        #expect(ym.count == 3)
        for d in ym {
            #expect(d.expression.text == "امس الاثنين")
            #expect(d.eventDate == "2017-07-10")
            #expect(d.weekdayConsistent == true)
        }
        // 'الجيش بدأ، الاثنين، المرحلة الثانية': a bare weekday, the most recent Monday
        let bare = try #require(dates.first { $0.rule == .weekday })
        #expect(bare.eventDate == "2017-07-10")
    }

    @Test("the seed's events: liberations, the recapture of the oil wells, the advance of قوات الجيش",
          .enabled(if: SharedData.file("examples/seed-2017-07-11-ar.txt") != nil))
    func seedEvents() throws {
        let text = try #require(try loadSeed())
        let all = ControlChangeDetector.find(in: text)
        // headline: "الجيش يحرر مدينة الرصافة الأثرية ويسيطرة على عشرات الآبار"
        let headline = all.filter { $0.sentence.text.hasPrefix("* الجيش يحرر") }
        #expect(headline.map(\.kind) == [.liberated, .captured])
        #expect(headline.allSatisfy { $0.actor?.text == "الجيش" })
        // "تمت استعادة السيطرة على العديد من الآبار النفطية"
        let re = try #require(all.first { $0.triggers.first?.text == "استعادة" })
        #expect(re.kind == .recaptured)
        #expect(re.triggers.map(\.text) == ["استعادة", "السيطرة"])
        // "الآبار والمنشآت النفطية التي حررها الجيش"
        let hr = try #require(all.first { $0.triggers.first?.text == "حررها" })
        #expect(hr.kind == .liberated && hr.actor?.text == "الجيش")
        #expect(hr.date?.rule == .recently)
        // "أن قوات الجيش تقدمت من جهة تل دكوة" (subject before verb)
        let adv = try #require(all.first { $0.kind == .advanced })
        #expect(adv.actor?.text == "قوات الجيش")
        #expect(adv.actorPosition == .beforeTrigger)
        // "وسيطر على عدد من التلال الحاكمة": omitted subject, the army named earlier
        let hills = try #require(all.first { $0.sentence.text.contains("التلال الحاكمة") && $0.kind == .captured })
        #expect(hills.actor?.text == "الجيش")
        #expect(hills.actorPosition == .earlierInSentence)
    }

    @Test("progress in talks is not an advance: 'تحقيق تقدم خلال الجولة السابعة' yields nothing",
          .enabled(if: SharedData.file("examples/seed-2017-07-11-ar.txt") != nil))
    func talksProgressIsNotAnAdvance() throws {
        let text = try #require(try loadSeed())
        let all = ControlChangeDetector.find(in: text)
        #expect(!all.contains { $0.sentence.text.contains("تحقيق تقدم") })
        #expect(all.filter { $0.kind == .advanced }.count == 1)
    }
}

@Suite("Control changes: Arabic sentences")
struct ArabicControlChangeTests {
    @Test("HTS's name is not a liberation: 'هيئة تحرير الشام'")
    func htsIsNotLiberation() {
        #expect(ControlChangeDetector.find(in: "هاجمت هيئة تحرير الشام مواقع الجيش").allSatisfy { $0.kind != .liberated })
    }

    @Test("a state of control is not a change: 'تحت سيطرة داعش'")
    func underControlIsNotCapture() {
        #expect(ControlChangeDetector.find(in: "المدينة ما زالت تحت سيطرة تنظيم داعش.").isEmpty)
    }

    @Test("طرد with an adversary object: 'طردت قوات الجيش مسلحي تنظيم داعش من القرية'")
    func expelled() throws {
        let c = try #require(ControlChangeDetector.find(in: "طردت قوات الجيش مسلحي تنظيم داعش من القرية امس").first)
        #expect(c.kind == .expelled)
        #expect(c.actor?.text == "قوات الجيش")
        #expect(c.adversary?.text == "مسلحي تنظيم داعش")
        #expect(c.date?.rule == .yesterday)
    }

    @Test("withdrawal: 'انسحب مسلحو داعش من البلدة'")
    func withdrew() throws {
        let c = try #require(ControlChangeDetector.find(in: "انسحب مسلحو داعش من البلدة").first)
        #expect(c.kind == .withdrew)
        #expect(c.actor?.text == "مسلحو داعش")
    }

    @Test("recapture with a clitic: 'واستعادت وحدات الجيش السيطرة على القرية اليوم'")
    func recapture() throws {
        let c = try #require(ControlChangeDetector.find(in: "واستعادت وحدات الجيش السيطرة على القرية اليوم", documentDate: try CivilDate(iso: "2017-07-11")).first)
        #expect(c.kind == .recaptured)
        #expect(c.actor?.text == "وحدات الجيش")
        #expect(c.date?.eventDate == "2017-07-11")
    }
}

@Suite("Control changes: English sentences")
struct EnglishControlChangeTests {
    static let date = "2017-07-11"  // a Tuesday

    @Test("'Syrian forces took the village from ISIS yesterday'")
    func took() throws {
        let c = try #require(try ControlChangeDetector.find(in: "Syrian forces took the village from ISIS yesterday.", documentDateISO: Self.date).first)
        #expect(c.kind == .captured)
        #expect(c.actor?.text == "Syrian forces")
        #expect(c.adversary?.text == "ISIS")
        #expect(c.date?.eventDate == "2017-07-10")
    }

    @Test("'The army captured Maskanah on Monday': actor without its article, Monday = 2017-07-10")
    func captured() throws {
        let c = try #require(try ControlChangeDetector.find(in: "The army captured Maskanah on Monday.", documentDateISO: Self.date).first)
        #expect(c.kind == .captured)
        #expect(c.actor?.text == "army")
        #expect(c.date?.expression.text == "on Monday")
        #expect(c.date?.eventDate == "2017-07-10")
    }

    @Test("passive with an area: 'an area of 420 square kilometres east of Aleppo was taken'")
    func passiveArea() throws {
        let c = try #require(ControlChangeDetector.find(in: "An area of 420 square kilometres east of Aleppo was taken by government forces last week.", documentDate: try CivilDate(iso: Self.date)).first)
        #expect(c.kind == .captured)
        #expect(c.actor?.text == "government forces")
        #expect(c.actorPosition == .passiveAgent)
        #expect(c.areaClaims.first?.valueKm2 == 420)
        #expect(c.date?.rule == .lastWeek)
        #expect(c.date?.earliest?.iso == "2017-07-03" && c.date?.latest?.iso == "2017-07-09")
    }

    @Test("recaptured, withdrew, lost-to")
    func otherKinds() throws {
        let r = try #require(ControlChangeDetector.find(in: "Government troops recaptured the oil field.").first)
        #expect(r.kind == .recaptured && r.actor?.text == "Government troops")
        let w = try #require(ControlChangeDetector.find(in: "ISIS fighters withdrew from Resafa in recent days.").first)
        #expect(w.kind == .withdrew && w.actor?.text == "ISIS fighters" && w.date?.rule == .recentDays)
        let l = try #require(ControlChangeDetector.find(in: "Rebels lost the town to government forces.").first)
        #expect(l.kind == .lost && l.actor?.text == "Rebels" && l.adversary?.text == "government forces")
        let t = try #require(ControlChangeDetector.find(in: "The SDF took control of the dam.").first)
        #expect(t.kind == .captured && t.triggers.map(\.text) == ["took", "control"])
    }

    @Test("non-military uses are ignored: talks advanced, took part, took place", arguments: [
        "The talks advanced slowly in Geneva.",
        "The minister took part in the meeting.",
        "The meeting took place on Monday.",
        "He lost his temper.",
    ])
    func nonMilitary(_ s: String) {
        #expect(ControlChangeDetector.find(in: s).isEmpty, "\(ControlChangeDetector.find(in: s).map(describe))")
    }
}

@Suite("Dates")
struct EventDateTests {
    @Test("civil-day arithmetic agrees with Foundation's Gregorian calendar over 1900–2100")
    func civilDaysAgreeWithFoundation() throws {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        for days in stride(from: -25567, through: 47482, by: 97) {
            let d = CivilDate(daysSinceEpoch: days)
            let f = Date(timeIntervalSince1970: Double(days) * 86400)
            let c = cal.dateComponents([.year, .month, .day, .weekday], from: f)
            #expect(d.year == c.year && d.month == c.month && d.day == c.day)
            #expect(d.daysSinceEpoch == days)
            // Foundation: 1 = Sunday … 7 = Saturday; ISO: 1 = Monday … 7 = Sunday
            #expect(d.isoWeekday == ((c.weekday! + 5) % 7) + 1)
        }
    }

    @Test("bad document dates throw with the offending text", arguments: ["2017-02-30", "11/07/2017", "2017-13-01", ""])
    func badDates(_ s: String) {
        #expect(throws: ClaimsError.self) { try CivilDate(iso: s) }
    }

    @Test("'امس الأحد' in a Tuesday report is flagged inconsistent but still yesterday")
    func inconsistentWeekday() throws {
        let d = try #require(EventDateResolver.find(in: "وقال امس الأحد", documentDate: try CivilDate(iso: "2017-07-11")).first)
        #expect(d.rule == .yesterdayWithWeekday)
        #expect(d.eventDate == "2017-07-10")
        #expect(d.weekdayConsistent == false)
    }

    @Test("without a document date the rule is known and the days are not")
    func noDocumentDate() throws {
        let d = try #require(EventDateResolver.find(in: "yesterday").first)
        #expect(d.rule == .yesterday && d.earliest == nil && d.eventDate == nil)
    }
}
