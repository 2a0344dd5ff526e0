import Testing
@testable import TextAnalysis

@Suite struct ArabicFoldingTests {
    @Test func hamzaAndAlefFormsFoldToBareLetters() {
        #expect(ArabicNormalizer.fold("أثريا إدلب آبار ٱلرقة") == "اثريا ادلب ابار الرقه")
        #expect(ArabicNormalizer.fold("مؤتمر بئر مستشفى") == "موتمر بير مستشفي")
    }

    @Test func harakatTatweelAndSuperscriptAlefAreRemoved() {
        #expect(ArabicNormalizer.fold("أَثْرِيَّا") == "اثريا")
        #expect(ArabicNormalizer.fold("حـــلـب") == "حلب")
        #expect(ArabicNormalizer.fold("هٰذا") == "هذا")
        #expect(ArabicNormalizer.fold("كتابٌ مدرسةً") == "كتاب مدرسه")
    }

    @Test func arabicIndicAndEasternDigitsBecomeAscii() {
        #expect(ArabicNormalizer.fold("١٥٠٠ كم") == "1500 كم")
        #expect(ArabicNormalizer.fold("۲۰۱۷") == "2017")
    }

    @Test func persianLettersAndWhitespace() {
        #expect(ArabicNormalizer.fold("کی") == "كي")
        #expect(ArabicNormalizer.fold("  تل\u{00A0}\u{00A0}دكوة\n") == "تل دكوه")
    }
}

@Suite struct LatinFoldingTests {
    @Test func diacriticsApostrophesAndHyphens() {
        #expect(LatinNormalizer.fold("‘Uqayribāt") == "uqayribat")
        #expect(LatinNormalizer.fold("Aḑ Ḑumayr") == "ad dumayr")
        #expect(LatinNormalizer.fold("Ḩamāh") == "hamah")
        #expect(LatinNormalizer.fold("Al-Resafa") == "al resafa")
        #expect(LatinNormalizer.fold("Jabal Mak'hul") == "jabal makhul")
        #expect(LatinNormalizer.fold("Kamışlı") == "kamisli")
    }

    @Test func romanisationVariantsShareAKey() {
        func key(_ s: String) -> String { LatinNormalizer.romanisationKey(s, keepArticle: false) }
        #expect(key("Tell Dakweh") == key("Tall Dakwa"))
        #expect(key("Tal Dakwah") == key("Tall Dakwa"))
        #expect(key("Jebel Makhoul") == key("Jabal Makhul"))
        #expect(key("Salamieh") == key("Salamiyah"))
        #expect(key("Salamiyeh") == key("As Salamiyah"))
        #expect(key("Ar Raqqah") == key("Raqqa"))
        #expect(key("Hamah") == key("Hama"))
        // q and k stay apart in the romanisation key (they are different Arabic letters).
        #expect(key("Qasr") != key("Kasr"))
    }
}

@Suite struct NameKeyTests {
    @Test func latinKeysWithAndWithoutArticle() {
        #expect(NameKey.keys(for: "Ar Raqqah") == ["al raqa", "raqa"])
        #expect(NameKey.keys(for: "al-Raqqa") == ["al raqa", "raqa"])
        #expect(NameKey.keys(for: "Raqqa") == ["raqa"])
    }

    @Test func arabicKeysWithAndWithoutArticle() {
        #expect(NameKey.keys(for: "الرقة") == ["الرقه", "رقه"])
        #expect(NameKey.keys(for: "دير الزور").contains("دير زور"))
        // A two-letter rest keeps the article: ال + حي is stripped, ال + ب is not.
        #expect(NameKey.stripArticle("الحي") == "حي")
        #expect(NameKey.stripArticle("الب") == "الب")
    }

    @Test func cliticKeysOnlyWhenAsked() {
        #expect(!NameKey.keys(for: "بالرقة").contains("رقه"))
        #expect(NameKey.keys(for: "بالرقة", stripClitics: true).contains("رقه"))
        // حلب has no clitic reading: لب would be a two-letter stem.
        #expect(NameKey.keys(for: "حلب", stripClitics: true) == ["حلب"])
    }
}
