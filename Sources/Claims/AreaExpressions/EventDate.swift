import Foundation

/// Errors of the claims layer; each message names what is wrong and where.
public enum ClaimsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A date string is not an ISO calendar date `yyyy-mm-dd`.
    case invalidDate(String)

    public var description: String {
        switch self {
        case .invalidDate(let m): return "invalid date: \(m)"
        }
    }
}

/// A proleptic Gregorian calendar day, without time or zone (news dates are local days).
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Builds a date; throws when the month or day does not exist ("2017-02-30").
    public init(year: Int, month: Int, day: Int) throws {
        guard (1...12).contains(month) else { throw ClaimsError.invalidDate("month \(month) of \(year)-\(month)-\(day) is not 1…12") }
        guard day >= 1, day <= CivilDate.daysIn(year: year, month: month) else {
            throw ClaimsError.invalidDate("day \(day) does not exist in \(year)-\(month)")
        }
        self.year = year; self.month = month; self.day = day
    }

    /// Parses `yyyy-mm-dd`.
    public init(iso: String) throws {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else {
            throw ClaimsError.invalidDate("\"\(iso)\" is not yyyy-mm-dd")
        }
        try self.init(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01 (negative before). Algorithm: H. Hinnant, "chrono-Compatible
    /// Low-Level Date Algorithms", days_from_civil.
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date `days` after 1970-01-01 (Hinnant's civil_from_days).
    public init(daysSinceEpoch z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        let d = daysSinceEpoch
        // 1970-01-01 was a Thursday (4)
        return ((d % 7 + 7) % 7 + 3) % 7 + 1
    }

    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// `yyyy-mm-dd`.
    public var iso: String {
        let y = Self.zeroPadded(year, 4), m = Self.zeroPadded(month, 2), d = Self.zeroPadded(day, 2)
        return "\(y)-\(m)-\(d)"
    }

    /// `String(format: "%0<width>d", n)`: the decimal digits of `n`, zero-padded to `width`,
    /// without Foundation's formatter (tens of thousands of instructions per date). Negative
    /// values go through `String(format:)`.
    static func zeroPadded(_ n: Int, _ width: Int) -> String {
        guard n >= 0 else { return String(format: "%0\(width)d", n) }
        let s = String(n)
        let digits = s.utf8.count
        return digits >= width ? s : String(repeating: "0", count: width - digits) + s
    }

    public var description: String { iso }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// How a date expression was turned into days. Every rule is relative to the document date D.
public enum DateRule: String, Sendable, Hashable, Codable {
    /// "اليوم", "today": D.
    case today
    /// "أمس", "امس", "البارحة", "yesterday": D − 1.
    case yesterday
    /// "أول أمس", "the day before yesterday": D − 2.
    case dayBeforeYesterday
    /// A weekday alone ("الاثنين", "on Monday"): the most recent such weekday on or before D.
    case weekday
    /// "امس الاثنين": D − 1; `weekdayConsistent` tells whether D − 1 is that weekday.
    case yesterdayWithWeekday
    /// "اليوم الاثنين": D; `weekdayConsistent` tells whether D is that weekday.
    case todayWithWeekday
    /// "خلال الأيام القليلة الماضية", "in recent days": [D − ``EventDateResolver/recentDaysWindow``, D].
    case recentDays
    /// "الأسبوع الماضي", "last week": the ISO week (Monday–Sunday) before D's week.
    case lastWeek
    /// "مؤخرا", "recently": [D − ``EventDateResolver/recentlyWindow``, D].
    case recently
}

/// A date expression found in text and, when the document date is known, the days it means.
public struct EventDate: Sendable, Hashable {
    /// The words as written ("امس الاثنين", "خلال الأيام القليلة الماضية", "on Monday").
    public var expression: TextSpan
    public var rule: DateRule
    /// ISO weekday named in the expression (1 = Monday … 7 = Sunday), if any.
    public var weekday: Int?
    /// First possible day; nil when no document date was given.
    public var earliest: CivilDate?
    /// Last possible day; nil when no document date was given.
    public var latest: CivilDate?
    /// For "امس الاثنين" / "اليوم الاثنين": whether the named weekday matches the computed day.
    public var weekdayConsistent: Bool?

    /// `yyyy-mm-dd` when the expression names one day, else nil (a range, or no document date).
    public var eventDate: String? {
        guard let e = earliest, let l = latest, e == l else { return nil }
        return e.iso
    }
}

/// Finds relative date expressions and resolves them against a document date.
public enum EventDateResolver {
    /// Days before the document date covered by "the last few days": 7.
    public static let recentDaysWindow = 7
    /// Days before the document date covered by "recently" / "مؤخرا": 30.
    public static let recentlyWindow = 30

    static let phrases = PhraseMatcher<DateRule>(ClaimLexicon.datePhrases)
    static let weekdayWords: [String: Int] = Dictionary(
        ClaimLexicon.weekdays.map { (ClaimNormalizer.normalize($0.0), $0.1) }, uniquingKeysWith: { a, _ in a })

    static let oneWordPhrases: [String: DateRule] = Dictionary(
        ClaimLexicon.datePhrases.filter { !$0.0.contains(" ") }.map { (ClaimNormalizer.normalize($0.0), $0.1) },
        uniquingKeysWith: { a, _ in a })
    /// Every word that can open a date expression.
    static let startWords: Set<String> = {
        var s = Set(weekdayWords.keys)
        for (p, _) in ClaimLexicon.datePhrases { if let f = ClaimNormalizer.words(p).first { s.insert(f) } }
        return s
    }()
    static let weekdayLeads: Set<String> = Set(["on", "يوم", "last"].map(ClaimNormalizer.normalize))

    /// All date expressions in `text`, resolved when `documentDate` is given.
    public static func find(in text: String, documentDate: CivilDate? = nil) -> [EventDate] {
        find(in: ClaimTokenizedText(text), documentDate: documentDate)
    }

    static func weekday(_ tok: ClaimToken) -> Int? {
        guard tok.isWord else { return nil }
        for f in tok.forms { if let w = weekdayWords[f] { return w } }
        return nil
    }

    static func find(in t: ClaimTokenizedText, documentDate: CivilDate?) -> [EventDate] {
        let toks = t.tokens
        var out: [EventDate] = []
        var i = 0
        while i < toks.count {
            // forms.contains(where: startWords.contains), precomputed by the tokenizer
            guard toks[i].isWord, toks[i].lex.forms.contains(.dateStart) else { i += 1; continue }
            var rule: DateRule? = nil
            var end = i + 1
            var wd: Int? = nil
            if let (r, e) = phrases.matchForward(t, at: i) {
                rule = r; end = e
            } else {
                // proclitic form of a one-word phrase ("وأمس", "والیوم")
                for f in toks[i].forms.dropFirst() {
                    if let r = oneWordPhrases[f] { rule = r; break }
                }
            }
            if let r = rule, r == .yesterday || r == .today {
                // "امس الاثنين", "اليوم الثلاثاء"; also across a comma
                var k = end
                if k < toks.count, toks[k].kind == .punct, toks[k].norm == "," || toks[k].norm == "،" { k += 1 }
                if k < toks.count, let w = weekday(toks[k]) {
                    wd = w; end = k + 1
                    rule = r == .yesterday ? .yesterdayWithWeekday : .todayWithWeekday
                }
            } else if rule == nil, let w = weekday(toks[i]) {
                rule = .weekday; wd = w
                // "on Monday", "يوم الاثنين": include the lead word
                var s = i
                if i > 0, toks[i - 1].isWord, weekdayLeads.contains(toks[i - 1].norm) {
                    s = i - 1
                }
                out.append(resolve(t.span(tokens: s, i), rule: .weekday, weekday: w, documentDate: documentDate))
                i += 1
                continue
            }
            if let r = rule {
                out.append(resolve(t.span(tokens: i, end - 1), rule: r, weekday: wd, documentDate: documentDate))
                i = end
            } else {
                i += 1
            }
        }
        return out
    }

    /// Applies `rule` to the document date `documentDate` (see ``DateRule`` for each rule).
    public static func resolve(_ expression: TextSpan, rule: DateRule, weekday: Int?, documentDate: CivilDate?) -> EventDate {
        var e = EventDate(expression: expression, rule: rule, weekday: weekday, earliest: nil, latest: nil, weekdayConsistent: nil)
        guard let d = documentDate else { return e }
        func single(_ x: CivilDate) { e.earliest = x; e.latest = x }
        switch rule {
        case .today: single(d)
        case .yesterday: single(d.adding(days: -1))
        case .dayBeforeYesterday: single(d.adding(days: -2))
        case .weekday:
            if let w = weekday {
                let back = (d.isoWeekday - w + 7) % 7
                single(d.adding(days: -back))
            }
        case .yesterdayWithWeekday:
            let y = d.adding(days: -1)
            single(y)
            if let w = weekday { e.weekdayConsistent = y.isoWeekday == w }
        case .todayWithWeekday:
            single(d)
            if let w = weekday { e.weekdayConsistent = d.isoWeekday == w }
        case .recentDays:
            e.earliest = d.adding(days: -recentDaysWindow); e.latest = d
        case .recently:
            e.earliest = d.adding(days: -recentlyWindow); e.latest = d
        case .lastWeek:
            let monday = d.adding(days: -(d.isoWeekday - 1))
            e.earliest = monday.adding(days: -7); e.latest = monday.adding(days: -1)
        }
        return e
    }
}
