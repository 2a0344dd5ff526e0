import Testing
@testable import Claims

/// Regression: "more than 400 km² between Uqayribat and Ithriya" was judged overstated against a
/// "hull" of two points (a 45 km line grown by 1–2 km, 147 km²). Two places bound no area.
@Suite struct TwoPlacesBoundNoAreaTests {
    @Test(.enabled(if: analyzerFixture != nil))
    func betweenTwoPlacesGivesNoHullAndNoOverstatement() throws {
        let r = try #require(try analyzeText("The army said it controls more than 400 square kilometres between Uqayribat and Ithriya."))
        let c = try #require(r.claims.first, "the claim is found")
        #expect(!c.models.contains { $0.name.hasPrefix("hull") }, "\(describe(c))")
        #expect(c.verdict != .overstated, "\(describe(c))")
        #expect(c.findings.contains { $0.contains("two located places") })
    }

    @Test func anEnglishArticleStillCoordinates() {
        #expect(ClaimAnalyzer.isCoordination(" and the "))
        #expect(ClaimAnalyzer.isCoordination(", "))
        #expect(ClaimAnalyzer.isCoordination(" و"))
        #expect(!ClaimAnalyzer.isCoordination(" east of "))
        #expect(!ClaimAnalyzer.isCoordination(" said "))
    }
}
