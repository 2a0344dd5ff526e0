import Foundation
import Testing
import Gazetteer
import Resolution

@Suite struct SpottingTests {
    /// Regression: "وتل دكوة" was missed because the clitic splitter keeps only stems of ≥ 3
    /// letters, so و + تل (a two-letter head noun) was never split.
    @Test func twoLetterHeadNounBehindAProclitic() throws {
        let t = "قصف على مطار السين وتل دكوة"
        let r = testGeoparser.parse(t)
        let dakwa = try #require(r.mentions.first { $0.mention.text == "تل دكوة" })
        #expect(dakwa.place?.id == "cm:seed:tal-dakwa")
        #expect(dakwa.mention.start == Array(t.unicodeScalars).count - "تل دكوة".unicodeScalars.count)
        #expect(r.mentions.first?.mention.text == "مطار السين")
    }

    /// Proclitics stay outside the span: "بمنطقة أثريا" → "منطقة أثريا", "والرقة" → "الرقة".
    @Test func procliticsOutsideTheSpan() {
        let r = testGeoparser.parse("وصلت القوات بمنطقة أثريا والرقة")
        let texts = r.mentions.map(\.mention.text)
        #expect(texts.contains("منطقة أثريا"))
        #expect(texts.contains("الرقة"))
    }

    /// Lists sharing a plural head noun: three hills, each with the list relation after the first.
    @Test func pluralHeadNounList() {
        let r = testGeoparser.parse("تقدم الجيش إلى تلال رغيلة والبقر والأصفر.")
        let hills = r.mentions.filter { $0.mention.headType == .hill }
        #expect(hills.map(\.mention.text) == ["تلال رغيلة", "البقر", "الأصفر"])
        #expect(hills.dropFirst().allSatisfy { $0.mention.relations.contains { $0.kind == "list" } })
    }
}
