import Foundation
import Testing
import GeoCore
@testable import Gazetteer

/// Tables of one country (Who's On First's localities of Syria, OCHA units) carry no country
/// column; until 2026-12-07 their rows were imported with none, and ranking lowered every one of
/// them as lying outside the report's country.
@Suite struct ImportCountryTests {
    // Raqqa (GeoNames 172955) and Gaziantep (GeoNames 314830) city points; a point at sea off Cyprus.
    static let tsv = "name\tlat\tlon\nRaqqa\t35.9528\t39.0079\nGaziantep\t37.0594\t37.3825\nAt sea\t34.5\t33.0\n"

    @Test func rowsWithoutACountryGetTheOneWhoseOutlineHoldsTheirPoint() throws {
        var (places, _) = try Importer.readTSV(Array(Self.tsv.utf8), file: "t.tsv", idPrefix: "t", defaultSource: "t")
        let outlines = Gazetteer.embeddedCountryOutlines()
        try #require(outlines.contains { $0.ref.code == "SY" })
        #expect(Importer.fillCountries(&places, outlines: outlines) == 2)
        #expect(places.map(\.country) == ["SY", "TR", ""])
        // An explicit country (--country) fills what the outlines left.
        #expect(Importer.fillCountries(&places, outlines: outlines, fallback: "SY") == 1)
        #expect(places.map(\.country) == ["SY", "TR", "SY"])
    }
}
