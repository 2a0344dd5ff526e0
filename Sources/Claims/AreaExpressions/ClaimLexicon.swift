import Foundation

/// The word tables of the area-claim parser and the control-change detector, in one place.
///
/// DESIGN.md asks for word lists in resource files; the Claims target has no resources in
/// Package.swift (helpers may not edit it), so the lists live here as constant tables in
/// natural spelling, one entry per line, and are normalised with ``ClaimNormalizer`` when first
/// used. Each table says what its entries mean and how they are matched. Moving them into
/// `Resources/claims-lexicon.tsv` later only changes this file.
///
/// Matching conventions:
/// - Phrases are written with single spaces between words; "²" stands for a squared mark
///   attached to the previous word ("كم2", "km²", "km^2"); "." is a literal full stop token
///   ("sq. km"). Hyphens between words are skipped ("square-kilometre").
/// - Arabic words in the text may carry the proclitics و ف ب ل (and pairs such as وب) on the
///   FIRST word of a qualifier or trigger; units are matched without clitics.
enum ClaimLexicon {

    // MARK: Units (after the number and its scale words)

    /// Unit phrases → unit. Arabic heads × square words are generated below.
    static let unitPhrases: [(String, AreaUnit)] = {
        var out: [(String, AreaUnit)] = []
        let squares = ["مربع", "مربعا", "مربعة", "المربعة", "المربع", "²"]
        let kmHeads = ["كم", "كلم", "كيلومتر", "كيلومترا", "كيلومترات", "الكيلومترات", "الكيلومتر",
                       "كيلو متر", "كيلو مترا", "كيلو مترات", "الكيلو مترات", "الكيلو متر"]
        for h in kmHeads { for s in squares { out.append(("\(h) \(s)", .km2)) } }
        let mHeads = ["متر", "مترا", "أمتار", "الأمتار", "المتر", "م"]
        for h in mHeads { for s in squares { out.append(("\(h) \(s)", .m2)) } }
        let mileHeads = ["ميل", "ميلا", "أميال", "الأميال", "الميل"]
        for h in mileHeads { for s in squares where s != "²" { out.append(("\(h) \(s)", .squareMile)) } }
        for w in ["دونم", "دونما", "دونمات", "الدونمات", "الدونم", "دنم"] { out.append((w, .dunam)) }
        for w in ["هكتار", "هكتارا", "هكتارات", "الهكتارات", "الهكتار"] { out.append((w, .hectare)) }
        // The feddan (فدان, 4,200 m²) is Egyptian and not a canonical unit here: left out on purpose.
        // English
        let km = ["km", "kms", "kilometre", "kilometres", "kilometer", "kilometers"]
        for k in km {
            out.append(("\(k) ²", .km2))
            out.append(("sq \(k)", .km2)); out.append(("sq . \(k)", .km2))
            out.append(("square \(k)", .km2))
        }
        out += [("sqkm", .km2), ("km2", .km2)]
        for mi in ["mile", "miles", "mi"] {
            out.append(("square \(mi)", .squareMile)); out.append(("sq \(mi)", .squareMile))
            out.append(("sq . \(mi)", .squareMile))
        }
        out.append(("mi ²", .squareMile))
        for m in ["m", "metre", "metres", "meter", "meters"] {
            out.append(("square \(m)", .m2)); out.append(("sq \(m)", .m2)); out.append(("sq . \(m)", .m2))
        }
        out += [("m ²", .m2), ("sqm", .m2)]
        out += [("hectare", .hectare), ("hectares", .hectare), ("ha", .hectare)]
        out += [("acre", .acre), ("acres", .acre)]
        out += [("dunam", .dunam), ("dunams", .dunam), ("donum", .dunam), ("donums", .dunam)]
        return out
    }()

    // MARK: Numbers

    /// Scale words that multiply the number before them ("313 ألف", "1.5 million", "مئة ألف").
    /// Standalone, the singular/dual forms are numbers themselves (value = the factor, or twice
    /// it for duals): "ألف كيلومتر مربع" = 1000, "ألفي دونم" = 2000.
    static let scaleWords: [(String, Double)] = [
        ("ألف", 1e3), ("الف", 1e3), ("آلاف", 1e3), ("ألفا", 1e3), ("الآلاف", 1e3),
        ("مليون", 1e6), ("ملايين", 1e6), ("مليونا", 1e6), ("الملايين", 1e6),
        ("مليار", 1e9), ("مليارات", 1e9),
        ("مئة", 100), ("مائة", 100), ("مئات", 100), ("المئات", 100),
        ("thousand", 1e3), ("thousands", 1e3), ("million", 1e6), ("millions", 1e6),
        ("billion", 1e9), ("hundred", 100), ("hundreds", 100),
    ]

    /// Number words that stand alone as a number (and may be followed by a scale word):
    /// Arabic duals, compound hundreds, cardinals 1–10 and tens; English cardinals.
    static let numberWords: [(String, Double)] = {
        var out: [(String, Double)] = [
            ("ألف", 1e3), ("الف", 1e3), ("مليون", 1e6), ("مليار", 1e9),
            ("ألفي", 2e3), ("ألفين", 2e3), ("الفي", 2e3), ("مليوني", 2e6), ("مليونين", 2e6),
            ("مئة", 100), ("مائة", 100), ("مئتي", 200), ("مائتي", 200), ("مئتين", 200), ("مائتين", 200),
            ("مئتا", 200), ("مائتا", 200),
            ("واحد", 1), ("اثنان", 2), ("اثنين", 2), ("ثلاث", 3), ("ثلاثة", 3), ("أربع", 4), ("أربعة", 4),
            ("خمس", 5), ("خمسة", 5), ("ست", 6), ("ستة", 6), ("سبع", 7), ("سبعة", 7),
            ("ثماني", 8), ("ثمانية", 8), ("ثمان", 8), ("تسع", 9), ("تسعة", 9), ("عشر", 10), ("عشرة", 10),
            ("عشرون", 20), ("عشرين", 20), ("ثلاثون", 30), ("ثلاثين", 30), ("أربعون", 40), ("أربعين", 40),
            ("خمسون", 50), ("خمسين", 50), ("ستون", 60), ("ستين", 60), ("سبعون", 70), ("سبعين", 70),
            ("ثمانون", 80), ("ثمانين", 80), ("تسعون", 90), ("تسعين", 90),
            ("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6), ("seven", 7),
            ("eight", 8), ("nine", 9), ("ten", 10), ("eleven", 11), ("twelve", 12), ("fifteen", 15),
            ("twenty", 20), ("thirty", 30), ("forty", 40), ("fifty", 50), ("sixty", 60), ("seventy", 70),
            ("eighty", 80), ("ninety", 90),
        ]
        let hundredsStems = [("ثلاث", 300.0), ("أربع", 400), ("خمس", 500), ("ست", 600), ("سبع", 700),
                             ("ثمان", 800), ("تسع", 900)]
        for (stem, v) in hundredsStems {
            out.append(("\(stem)مئة", v)); out.append(("\(stem)مائة", v))
        }
        return out
    }()

    /// Indefinite plural number words that open a quantity ("عشرات الكيلومترات المربعة",
    /// "hundreds of square kilometres"): word → (scale, kind). Kind `tens` uses
    /// ``IndefiniteQuantity/tens``; kind `plural` uses ``IndefiniteQuantity/plural(scale:)``.
    static let indefiniteWords: [(String, Double, IndefiniteKind)] = [
        ("عشرات", 1, .tens), ("العشرات", 1, .tens),
        ("مئات", 100, .plural), ("المئات", 100, .plural),
        ("آلاف", 1e3, .plural), ("الآلاف", 1e3, .plural), ("الاف", 1e3, .plural),
        ("ملايين", 1e6, .plural), ("الملايين", 1e6, .plural),
        ("tens", 1, .tens), ("dozens", 1, .tens),
        ("hundreds", 100, .plural), ("thousands", 1e3, .plural), ("millions", 1e6, .plural),
    ]

    /// Words meaning "a few" / "several" before a scale word ("a few hundred", "بضعة آلاف").
    static let fewPhrases: [(String, IndefiniteKind)] = [
        ("a few", .aFew), ("few", .aFew), ("several", .several),
        ("بضع", .several), ("بضعة", .several), ("عدة", .several),
    ]

    enum IndefiniteKind: Sendable { case tens, plural, aFew, several }

    /// Words allowed between an indefinite quantity and its unit ("hundreds of hectares",
    /// "آلاف من الدونمات").
    static let partitiveWords: Set<String> = Set(["of", "من"].map(ClaimNormalizer.normalize))

    // MARK: Qualifiers

    /// Qualifier phrases that end right before the quantity. Longer phrases win, so "ما لا يقل
    /// عن" (at least) beats "يقل عن" (less than) and "no more than" (up to) beats "more than".
    static let leadingQualifiers: [(String, AreaQualifier)] = [
        // more than
        ("أكثر من", .moreThan), ("ما يزيد عن", .moreThan), ("ما يزيد على", .moreThan),
        ("يزيد عن", .moreThan), ("يزيد على", .moreThan), ("تزيد عن", .moreThan), ("تزيد على", .moreThan),
        ("أزيد من", .moreThan), ("ما يربو على", .moreThan), ("يربو على", .moreThan), ("تفوق", .moreThan),
        ("more than", .moreThan), ("over", .moreThan), ("in excess of", .moreThan), ("upwards of", .moreThan),
        ("upward of", .moreThan), ("greater than", .moreThan),
        // at least
        ("ما لا يقل عن", .atLeast), ("لا يقل عن", .atLeast), ("لا تقل عن", .atLeast), ("ما لا يقل على", .atLeast),
        ("على الأقل", .atLeast),
        ("at least", .atLeast), ("no less than", .atLeast), ("not less than", .atLeast), ("a minimum of", .atLeast),
        // about
        ("نحو", .about), ("حوالي", .about), ("حوالى", .about), ("قرابة", .about), ("ما يقارب", .about),
        ("ما يقرب من", .about), ("يقارب", .about), ("تقارب", .about), ("زهاء", .about), ("تقريبا", .about),
        ("حدود", .about), ("في حدود", .about), ("ما يناهز", .about), ("يناهز", .about), ("تناهز", .about),
        ("تقدر ب", .about), ("يقدر ب", .about), ("قدرت ب", .about), ("قدر ب", .about), ("المقدرة ب", .about),
        ("تقدر", .about), ("يقدر", .about),
        ("about", .about), ("around", .about), ("approximately", .about), ("approx", .about),
        ("approx .", .about), ("nearly", .about), ("almost", .about), ("some", .about), ("roughly", .about),
        ("an estimated", .about), ("estimated at", .about), ("close to", .about), ("circa", .about),
        ("ca .", .about), ("an approximate", .about),
        // less than
        ("أقل من", .lessThan), ("ما يقل عن", .lessThan), ("يقل عن", .lessThan), ("تقل عن", .lessThan),
        ("less than", .lessThan), ("under", .lessThan), ("below", .lessThan), ("fewer than", .lessThan),
        // up to
        ("حتى", .upTo), ("ما يصل إلى", .upTo), ("ما يصل الى", .upTo), ("يصل إلى", .upTo), ("تصل إلى", .upTo),
        ("يصل الى", .upTo), ("تصل الى", .upTo), ("لغاية", .upTo), ("ما لا يزيد عن", .upTo),
        ("لا يزيد عن", .upTo), ("لا تزيد عن", .upTo), ("لا يزيد على", .upTo), ("لا تزيد على", .upTo),
        ("up to", .upTo), ("no more than", .upTo), ("not more than", .upTo), ("at most", .upTo),
        ("as much as", .upTo), ("as many as", .upTo), ("a maximum of", .upTo),
    ]

    /// Qualifier phrases right after the unit.
    static let trailingQualifiers: [(String, AreaQualifier)] = [
        ("تقريبا", .about), ("أو أكثر", .atLeast), ("على الأقل", .atLeast), ("على الاقل", .atLeast),
        ("or so", .about), ("approximately", .about), ("or more", .atLeast), ("at least", .atLeast),
    ]

    /// Arabic proclitics allowed on the first word of a qualifier or trigger, longest first.
    static let proclitics: [String] = ["وب", "فب", "ول", "فل", "وك", "و", "ف", "ب", "ل", "ك"]
        .map(ClaimNormalizer.normalize)

    // MARK: Control-change triggers

    /// How a trigger form is used.
    struct TriggerFlags: OptionSet, Sendable {
        let rawValue: Int
        /// Also a common non-military word ("تقدم" progress, "دخل" income, "took part"): the
        /// event is kept only when an actor or adversary with a known head, or an area
        /// expression, is found in its sentence.
        static let ambiguous = TriggerFlags(rawValue: 1)
        /// A noun of control ("سيطرة", "سيطرتها"): an event only when "على" follows, or as the
        /// second half of a light-verb phrase (see `lightVerbs`).
        static let controlNoun = TriggerFlags(rawValue: 2)
        /// A verbal noun ("تحرير", "استعادة", "انسحاب"): no subject expected after it.
        static let verbalNoun = TriggerFlags(rawValue: 4)
        /// English passive participle ("taken", "captured" after was/were): actor after "by".
        static let participle = TriggerFlags(rawValue: 8)
    }

    /// Trigger forms → kind. Forms are full words after removing proclitics; pronoun suffixes
    /// ه ها هم (and a stray ة, as in the seed's "ويسيطرة") are tried after exact forms.
    static let triggers: [(String, ControlChangeKind, TriggerFlags)] = {
        var t: [(String, ControlChangeKind, TriggerFlags)] = []
        func add(_ words: String, _ k: ControlChangeKind, _ f: TriggerFlags = []) {
            for w in words.split(separator: " ") { t.append((String(w), k, f)) }
        }
        // captured
        add("سيطر سيطرت يسيطر تسيطر سيطروا يسيطرون استولى استولت يستولي تستولي استولوا", .captured)
        add("استيلاء الاستيلاء", .captured, .verbalNoun)
        add("سيطرة السيطرة سيطرته سيطرتها سيطرتهم", .captured, .controlNoun)
        add("دخل دخلت يدخل تدخل دخلوا دخول", .captured, .ambiguous)
        add("captured capture captures capturing seized seize seizes seizing overran overrun overruns", .captured)
        add("took take takes taking", .captured, .ambiguous)
        add("taken", .captured, [.ambiguous, .participle])
        add("entered enter enters gained wrested", .captured, .ambiguous)
        // liberated
        add("حرر حررت يحرر تحرر حرروا يحررون طهر طهرت يطهر تطهر طهروا", .liberated)
        add("تحرير التحرير تطهير", .liberated, .verbalNoun)
        add("liberated liberate liberates liberating freed", .liberated)
        add("liberation", .liberated, .verbalNoun)
        // recaptured
        add("استعاد استعادت يستعيد تستعيد استعادوا استرجع استرجعت يسترجع", .recaptured)
        add("استعادة استرجاع", .recaptured, .verbalNoun)
        add("recaptured recapture recaptures recapturing retook retake retakes retaking retaken regained regain regains", .recaptured)
        // advanced
        add("تقدم تقدمت يتقدم تتقدم تقدموا يتقدمون", .advanced, .ambiguous)
        add("advanced advance advances advancing pushed", .advanced, .ambiguous)
        // expelled
        add("طرد طردت يطرد تطرد طردوا", .expelled)
        add("expelled expel ousted drove", .expelled, .ambiguous)
        // withdrew
        add("انسحب انسحبت ينسحب تنسحب انسحبوا", .withdrew)
        add("انسحاب الانسحاب", .withdrew, .verbalNoun)
        add("تراجع تراجعت", .withdrew, .ambiguous)
        add("withdrew withdraw withdraws withdrawing withdrawn retreated retreat retreating", .withdrew)
        add("withdrawal", .withdrew, .verbalNoun)
        add("pulled", .withdrew, .ambiguous)
        // lost
        add("خسر خسرت يخسر تخسر خسروا فقدت فقدوا يفقد تفقد", .lost, .ambiguous)
        add("lost lose loses losing", .lost, .ambiguous)
        // besieged
        add("حاصر حاصرت يحاصر تحاصر حاصروا", .besieged)
        add("حصار", .besieged, [.verbalNoun, .ambiguous])
        add("besieged besiege encircled encircle", .besieged)
        add("surrounded", .besieged, .ambiguous)
        // attacked
        add("هاجم هاجمت يهاجم تهاجم هاجموا اقتحم اقتحمت يقتحم تقتحم اقتحموا", .attacked)
        add("هجوم اقتحام", .attacked, [.verbalNoun, .ambiguous])
        add("attacked attack attacks stormed storm assaulted", .attacked, .ambiguous)
        return t
    }()

    /// Light verbs that form a capture phrase with a control noun up to five words later:
    /// "فرضت وحدات الجيش سيطرتها", "بسط سيطرته", "أحكم سيطرته/قبضته".
    static let lightVerbs: [String] = "فرض فرضت يفرض تفرض فرضوا بسط بسطت يبسط تبسط أحكم أحكمت احكم"
        .split(separator: " ").map { String($0) }
    /// Nouns completing a light-verb phrase.
    static let lightVerbObjects: [String] = "سيطرة السيطرة سيطرته سيطرتها سيطرتهم قبضته قبضتها قبضتهم"
        .split(separator: " ").map { String($0) }

    /// English multi-word captures, read as one trigger: verb + completions.
    static let englishPhraseCompletions: [String: [String]] = [
        "took": ["control", "over"], "take": ["control", "over"], "taking": ["control", "over"],
        "gained": ["control"], "seized": ["control"], "wrested": ["control"],
        "pulled": ["out", "back"], "drove": ["out"], "pushed": ["out", "into"],
    ]

    /// A trigger preceded by one of these words is a name or a plain noun, not an event:
    /// "هيئة تحرير الشام" (HTS), "جبهة تحرير", "تحقيق تقدم" (making progress).
    static let blockingPrevious: [String: [String]] = [
        "تحرير": ["هيئة", "جبهة", "حركة", "ألوية", "جيش", "منظمة"],
        "تقدم": ["تحقيق", "أي", "إحراز", "احراز"],
        "took": [], "taking": [],
    ]
    /// A trigger followed by one of these words is not an event: "took part", "took place".
    static let blockingNext: [String: [String]] = [
        "took": ["part", "place", "time", "note"], "take": ["part", "place", "time", "note"],
        "taking": ["part", "place"], "taken": ["place", "part", "into"],
        "تحرير": ["الشام"], "تقدم": ["بطلب", "بمشروع"], "تقدمت": ["بطلب", "بمشروع"],
    ]

    // MARK: Actors

    /// Heads of actor noun phrases (matched after removing proclitics and "ال").
    static let actorHeads: Set<String> = Set("""
        جيش قوات وحدات مسلحي مسلحو مسلحين مسلحون عناصر مقاتلي مقاتلو مقاتلين مقاتلون فصائل فصيل \
        تنظيم داعش نصرة جبهة هيئة ميليشيات مليشيات ميليشيا حزب معارضة مجموعات جماعات جماعة \
        إرهابيي إرهابيو إرهابيين إرهابيون ارهابيي ارهابيين حرس جنود قسد مرتزقة كتائب ألوية لواء فرقة \
        army forces troops soldiers militants fighters rebels insurgents jihadists militia militias \
        units isis isil daesh nusra sdf ypg regime government hezbollah hizbollah opposition \
        fsa hts police guard brigade brigades division
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { ClaimNormalizer.normalize(String($0)) })

    /// Heads in construct state that take a genitive noun ("قوات الجيش", "مسلحي تنظيم داعش").
    static let constructHeads: Set<String> = Set("""
        قوات وحدات مسلحي مسلحو عناصر مقاتلي مقاتلو فصائل تنظيم جبهة هيئة ميليشيات مليشيات حزب \
        إرهابيي إرهابيو ارهابيي مجموعات جماعات جماعة حرس جنود مرتزقة كتائب ألوية لواء فرقة
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { ClaimNormalizer.normalize(String($0)) })

    /// Heads that name an armed adversary wherever they appear after the trigger.
    static let adversaryHeads: Set<String> = Set("""
        داعش تنظيم نصرة إرهابيي ارهابيي إرهابيين ارهابيين مسلحي مسلحين مرتزقة \
        isis isil daesh nusra militants jihadists
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { ClaimNormalizer.normalize(String($0)) })

    /// Modifiers that extend an actor phrase though they do not look like nisba adjectives.
    static let actorModifiers: Set<String> = Set("""
        الحر الشام داعش النصرة الله الشعب الديمقراطية سوريا سورية الإسلامية الاسلامية \
        syrian russian iraqi turkish kurdish islamic state government regime pro opposition rebel \
        free democratic arab army isis daesh
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { ClaimNormalizer.normalize(String($0)) })

    /// Words that end an actor phrase (prepositions, conjunctions, particles, auxiliaries).
    static let stopWords: Set<String> = Set("""
        على من في إلى الى عن ضد مع نحو باتجاه بين خلال عبر حتى منذ بعد قبل لدى عند تحت فوق داخل \
        خارج و أو او ثم أن إن ان التي الذي الذين ما لا لم لن قد كان كانت هذه هذا تلك ذلك أمس امس اليوم \
        the a an of from to in on at by with and or but that which who after before during near into \
        towards toward against was were is are been being has have had its their his her this these \
        yesterday today last monday tuesday wednesday thursday friday saturday sunday
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { ClaimNormalizer.normalize(String($0)) })

    /// Prepositions that introduce the adversary: Arabic ضد / من; English from / against / to.
    static let adversaryPrepositions: Set<String> = Set(["ضد", "من", "from", "against", "to"].map(ClaimNormalizer.normalize))

    static let englishArticles: Set<String> = ["the", "a", "an"]
    static let englishPassiveAuxiliaries: Set<String> = ["was", "were", "been", "being", "is", "are", "be", "got"]

    // MARK: Dates

    /// Weekday words → ISO weekday (1 = Monday … 7 = Sunday).
    static let weekdays: [(String, Int)] = [
        ("الاثنين", 1), ("الإثنين", 1), ("الأثنين", 1), ("الثلاثاء", 2), ("الأربعاء", 3), ("الاربعاء", 3),
        ("الخميس", 4), ("الجمعة", 5), ("السبت", 6), ("الأحد", 7), ("الاحد", 7),
        ("monday", 1), ("tuesday", 2), ("wednesday", 3), ("thursday", 4), ("friday", 5),
        ("saturday", 6), ("sunday", 7),
    ]

    /// Relative day and range phrases. Longer phrases win.
    static let datePhrases: [(String, DateRule)] = [
        ("أمس", .yesterday), ("البارحة", .yesterday), ("أول أمس", .dayBeforeYesterday),
        ("اليوم", .today),
        ("خلال الأيام القليلة الماضية", .recentDays), ("الأيام القليلة الماضية", .recentDays),
        ("خلال الأيام الماضية", .recentDays), ("الأيام الماضية", .recentDays), ("الأيام الأخيرة", .recentDays),
        ("في الأيام الأخيرة", .recentDays),
        ("الأسبوع الماضي", .lastWeek), ("الاسبوع الماضي", .lastWeek), ("مؤخرا", .recently),
        ("yesterday", .yesterday), ("the day before yesterday", .dayBeforeYesterday), ("today", .today),
        ("in recent days", .recentDays), ("over the past few days", .recentDays),
        ("in the past few days", .recentDays), ("over the past days", .recentDays),
        ("over the last few days", .recentDays), ("in the last few days", .recentDays),
        ("last week", .lastWeek), ("recently", .recently),
    ]
}
