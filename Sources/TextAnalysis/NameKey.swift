/// Lookup keys for place names, shared by the gazetteer (index) and the geoparser (query).
public enum NameKey {
    /// The exact normalised key(s) of a name, most specific first, without duplicates.
    ///
    /// - Arabic (the name has an Arabic letter): `WordLists.foldKey` of the name (see
    ///   `ArabicNormalizer`); then the same with the article ال removed from every word whose
    ///   rest has ≥ 2 letters (الرقة → رقه, دير الزور → دير زور). With `stripClitics`, the first
    ///   word's proclitic splits (`ArabicClitics`: و ف ب ل ك, وال بال لل …) are added, each with
    ///   and without the article — useful for text spans ("بالرقة"), not for indexing names.
    /// - Latin: `LatinNormalizer.romanisationKey` with the article canonicalised to "al"
    ///   ("Ar Raqqah", "al-Raqqa" → "al raqa") and without it ("raqa").
    public static func keys(for name: String, stripClitics: Bool = false) -> [String] {
        var out: [String] = []
        func add(_ k: String) { if !k.isEmpty, !out.contains(k) { out.append(k) } }
        guard containsArabic(name) else {
            add(LatinNormalizer.romanisationKey(name, keepArticle: true))
            add(LatinNormalizer.romanisationKey(name, keepArticle: false))
            return out
        }
        let folded = WordLists.foldKey(name)
        add(folded)
        var words = folded.split(separator: " ").map(String.init)
        add(words.map(stripArticle).joined(separator: " "))
        if stripClitics, let first = words.first {
            for seg in ArabicClitics.segmentations(ofFolded: first).dropFirst() {
                words[0] = seg.stem
                add(words.joined(separator: " "))
                add(words.map(stripArticle).joined(separator: " "))
            }
        }
        return out
    }

    /// A folded Arabic word without a leading ال when ≥ 2 letters remain.
    static func stripArticle(_ word: String) -> String {
        let s = word.unicodeScalars
        guard s.count >= 4, s.first?.value == 0x0627,
              s[s.index(after: s.startIndex)].value == 0x0644 else { return word }
        return String(String.UnicodeScalarView(s.dropFirst(2)))
    }

    static func containsArabic(_ s: String) -> Bool {
        s.unicodeScalars.contains { ArabicNormalizer.isArabicLetter($0.value) }
    }

    /// The cross-script key: a consonant skeleton in a shared alphabet, equal for an Arabic name
    /// and its usual romanisations (تل دكوة ↔ "Tall Dakwa", الرصافة ↔ "Resafa"/"Ar Rasafah",
    /// سد ريشة ↔ "Risha Dam").
    ///
    /// Construction, per word, after folding (Arabic: `ArabicNormalizer`; Latin: `LatinNormalizer`):
    /// 1. Articles drop: Arabic ال at a word start (when ≥ 2 letters remain), Latin article words
    ///    (al, el, ar, as, ash, adh …) followed by another word.
    /// 2. Head nouns from `head-nouns.tsv` (تل/tall/tell/hill, جبل/jabal/mount, سد/sadd/dam,
    ///    مطار/airport/air base, خربة/khirbat, عين/ayn …) become a code word `<hill>`,
    ///    `<mountain>`, `<dam>` …; the codes are sorted and put first, so word order does not
    ///    matter. Generic classifiers (مدينة, قرية, منطقة, city, village, district …) and
    ///    modifiers (النفطي, العسكري, military) drop. A name made only of head nouns keeps them
    ///    as letters.
    /// 3. Letters map to consonant classes; vowels (a e i o u), w, y, and Arabic ا و ي ى ء ع drop
    ///    (long vowels and ʿayn are written inconsistently in romanisations):
    ///    ب پ b p → b · ت ط t → t · ث th → th · ج j dj g → j · ح ه h → h · خ kh → kh ·
    ///    د ض d → d · ذ ظ ز dh z → z (romanisations write ظ as z̧, z or dh, and ذ as dh or z:
    ///    ظاظا = "Zaza" = "Dhadha") · ر r → r · س ص s → s · ش ch sh → sh ·
    ///    غ gh → gh · ف ڤ f v ph → f · ق ك q k c → k · ل l · م m · ن n · x → ks · digits kept.
    ///    Digraphs are units: "Makhoul", "Mak'hul" and مكحول all give m-kh-l.
    ///    A word-initial vowel (Latin a e i o u; Arabic ا ع ء) leaves the marker "a", which keeps
    ///    Ithriya/أثريا ("athr") apart from names starting with th (measured: −0.3 pp agreement,
    ///    −6 % places in shared keys).
    /// 4. Word-final ه/ة (ta marbuta) drops, and so does a Latin word-final h after a or e
    ///    ("Hamah", "Rishe", "Dakweh"): حماة = "Hama" = "Hamah" → "hm"; a Latin "-at" ending of a
    ///    word that is not the last is the construct state of ة and drops its t
    ///    ("Kanisat Nakhlah" = كنيسة نخلة).
    /// 5. Latin doubled consonants collapse when adjacent (Raqqa → rk, Dukhkhan → dkhn); not
    ///    across a dropped vowel (Seis/سيس → "ss"). Arabic writes gemination with shadda, so two
    ///    written Arabic letters are two consonants (ططري = "Tatari" → "ttr").
    /// 6. The words' skeletons are concatenated without separators, so word splits do not matter
    ///    (البوكمال = "Abu Kamal" = "bkml").
    ///
    /// Measured on ../shared/geodata/sy-localities.tsv (Who's On First Syria, 9,655 places with
    /// both an English and an Arabic name, mostly GeoNames BGN/PCGN romanisations): the Arabic and
    /// English names of 92.8 % of the places give the same key (the misses are mostly records
    /// whose two names differ, e.g. "Tall Halaf" / حضارة حلف, and ح/ه ambiguity at word end).
    /// Keys are coarse by design: the English names give 5,981 distinct keys; 1,226 keys are
    /// shared by more than one place and cover 4,900 places; a place's key is shared on average
    /// by 4.4 places (itself included). For comparison the exact romanisation key already puts
    /// 2,375 places in 841 shared keys (true homonyms: 50 places are called Mushayrifah), 1.8
    /// places per key. Resolution must therefore rank candidates by context and region.
    public static func crossScript(_ name: String) -> String {
        let folded = WordLists.foldKey(name)
        var words = folded.split(separator: " ").map(String.init)
        let lists = WordLists.shared
        // 1. Latin articles (a word, followed by another word).
        var kept: [String] = []
        for (i, w) in words.enumerated() {
            if i + 1 < words.count, LatinNormalizer.articles.contains(w) { continue }
            kept.append(w)
        }
        // Arabic: the head-noun lookup sees the word with its article (النفطي) and without it
        // (العين → عين); the skeleton is made without it.
        words = kept.map { w in
            guard containsArabic(w), lists.headNouns[w] == nil else { return w }
            return stripArticle(w)
        }
        // 2. Head nouns (longest phrase first), only when something else remains.
        var codes: [String] = []
        var isHead = [Bool](repeating: false, count: words.count)
        var headCodes: [String] = []
        var i = 0
        while i < words.count {
            if let m = lists.headNouns.longestMatch(words, from: i) {
                for j in i..<(i + m.count) { isHead[j] = true }
                if let c = m.value.crossScriptCode { headCodes.append(c) }
                i += m.count
            } else {
                i += 1
            }
        }
        if isHead.contains(false) {
            codes = Array(Set(headCodes)).sorted()
            words = zip(words, isHead).filter { !$0.1 }.map(\.0)
        }
        var units: [UInt8] = []
        units.reserveCapacity(folded.utf8.count)
        for (k, w) in words.enumerated() {
            if containsArabic(w) { arabicSkeleton(stripArticle(w), into: &units) }
            else { latinSkeleton(w, isLast: k == words.count - 1, into: &units) }
        }
        var out = codes.map { "<\($0)>" }.joined()
        for u in units {
            switch u {
            case UInt8(ascii: "X"): out += "kh"
            case UInt8(ascii: "S"): out += "sh"
            case UInt8(ascii: "T"): out += "th"
            case UInt8(ascii: "G"): out += "gh"
            default: out.unicodeScalars.append(Unicode.Scalar(u))
            }
        }
        return out
    }

    /// Appends a unit unless it doubles the previous one with nothing dropped in between.
    @inline(__always)
    private static func push(_ u: UInt8, _ units: inout [UInt8], _ adjacent: inout Bool) {
        if !(adjacent && units.last == u) { units.append(u) }
        adjacent = true
    }

    static func latinSkeleton(_ word: String, isLast: Bool, into units: inout [UInt8]) {
        var b = Array(word.utf8)
        // Construct-state ta marbuta: "Kanisat Nakhlah" = كنيسة نخلة.
        if !isLast, b.count >= 4, b.last == UInt8(ascii: "t"), b[b.count - 2] == UInt8(ascii: "a") {
            b.removeLast()
        }
        if let f = b.first, "aeiou".utf8.contains(f) { units.append(UInt8(ascii: "a")) }
        var adjacent = false
        var i = 0
        while i < b.count {
            let c = b[i]
            let next: UInt8 = i + 1 < b.count ? b[i + 1] : 0
            var u: UInt8 = 0
            var step = 1
            switch c {
            case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"),
                 UInt8(ascii: "u"), UInt8(ascii: "y"), UInt8(ascii: "w"):
                adjacent = false; i += 1; continue
            case UInt8(ascii: "k") where next == UInt8(ascii: "h"): u = UInt8(ascii: "X"); step = 2
            case UInt8(ascii: "s") where next == UInt8(ascii: "h"),
                 UInt8(ascii: "c") where next == UInt8(ascii: "h"): u = UInt8(ascii: "S"); step = 2
            case UInt8(ascii: "t") where next == UInt8(ascii: "h"): u = UInt8(ascii: "T"); step = 2
            case UInt8(ascii: "d") where next == UInt8(ascii: "h"): u = UInt8(ascii: "z"); step = 2
            case UInt8(ascii: "g") where next == UInt8(ascii: "h"): u = UInt8(ascii: "G"); step = 2
            case UInt8(ascii: "p") where next == UInt8(ascii: "h"): u = UInt8(ascii: "f"); step = 2
            case UInt8(ascii: "d") where next == UInt8(ascii: "j"): u = UInt8(ascii: "j"); step = 2
            case UInt8(ascii: "c") where next == UInt8(ascii: "k"): u = UInt8(ascii: "k"); step = 2
            case UInt8(ascii: "h"):
                if i + 1 == b.count, i > 0, b[i - 1] == UInt8(ascii: "a") || b[i - 1] == UInt8(ascii: "e") {
                    i += 1; continue
                }
                u = UInt8(ascii: "h")
            case UInt8(ascii: "p"), UInt8(ascii: "b"): u = UInt8(ascii: "b")
            case UInt8(ascii: "v"), UInt8(ascii: "f"): u = UInt8(ascii: "f")
            case UInt8(ascii: "q"), UInt8(ascii: "k"), UInt8(ascii: "c"): u = UInt8(ascii: "k")
            case UInt8(ascii: "g"), UInt8(ascii: "j"): u = UInt8(ascii: "j")
            case UInt8(ascii: "x"):
                push(UInt8(ascii: "k"), &units, &adjacent); u = UInt8(ascii: "s")
            case UInt8(ascii: "d"), UInt8(ascii: "l"), UInt8(ascii: "m"), UInt8(ascii: "n"),
                 UInt8(ascii: "r"), UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                u = c
            default:
                adjacent = false; i += 1; continue
            }
            push(u, &units, &adjacent)
            i += step
        }
    }

    static func arabicSkeleton(_ word: String, into units: inout [UInt8]) {
        let s = Array(word.unicodeScalars)
        if let f = s.first?.value, f == 0x0627 || f == 0x0639 || f == 0x0621 {
            units.append(UInt8(ascii: "a"))
        }
        for (i, sc) in s.enumerated() {
            let u: UInt8
            switch sc.value {
            case 0x0628, 0x067E: u = UInt8(ascii: "b")          // ب پ
            case 0x062A, 0x0637: u = UInt8(ascii: "t")          // ت ط
            case 0x062B: u = UInt8(ascii: "T")                  // ث
            case 0x062C, 0x06AF: u = UInt8(ascii: "j")          // ج گ
            case 0x062D: u = UInt8(ascii: "h")                  // ح
            case 0x0647:                                        // ه (and folded ة)
                if i == s.count - 1 { continue }
                u = UInt8(ascii: "h")
            case 0x062E: u = UInt8(ascii: "X")                  // خ
            case 0x062F, 0x0636: u = UInt8(ascii: "d")          // د ض
            case 0x0630: u = UInt8(ascii: "z")                  // ذ
            case 0x0631: u = UInt8(ascii: "r")                  // ر
            case 0x0632, 0x0638, 0x0698: u = UInt8(ascii: "z")  // ز ظ ژ (and ذ below)
            case 0x0633, 0x0635: u = UInt8(ascii: "s")          // س ص
            case 0x0634, 0x0686: u = UInt8(ascii: "S")          // ش چ
            case 0x063A: u = UInt8(ascii: "G")                  // غ
            case 0x0641, 0x06A4: u = UInt8(ascii: "f")          // ف ڤ
            case 0x0642, 0x0643: u = UInt8(ascii: "k")          // ق ك
            case 0x0644: u = UInt8(ascii: "l")
            case 0x0645: u = UInt8(ascii: "m")
            case 0x0646: u = UInt8(ascii: "n")
            case 0x30...0x39: u = UInt8(sc.value)
            default: continue                                   // ا و ي ء ع, others
            }
            units.append(u)
        }
    }
}
