import Foundation
import Testing
import GeoCore
import Geodesy
import GeometryEngine
@testable import Gazetteer

/// Imports ../shared's Who's On First localities and OCHA boundaries into a
/// temporary store, once.
let importedGazetteer: Gazetteer? = {
    guard let loc = SharedDataFiles.url("geodata/sy-localities.tsv"),
          let adm1 = SharedDataFiles.url("geodata/syr_admbnda_adm1_uncs_unocha.json") else { return nil }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cm-import-\(getpid())")
    do {
        var (places, _) = try Importer.readTSV(Array(try Data(contentsOf: loc)), file: loc.path, idPrefix: "sy-localities",
                                               defaultSource: "sy-localities.tsv")
        // As `conflictmap gazetteer import` does: the table has no country column.
        _ = Importer.fillCountries(&places, outlines: Gazetteer.embeddedCountryOutlines())
        _ = try Importer.writeAtomically(Data(PlaceTable.write(places).utf8), to: dir, name: "sy-localities.tsv")
        let bytes = Array(try Data(contentsOf: adm1))
        let (_, units) = try withGEOS { ctx in
            try Importer.readAdminBoundaries(bytes, file: adm1.path) { g in (try? ctx.pointOnSurface(g)) ?? nil }
        }
        _ = try Importer.writeAtomically(Data(bytes), to: dir, name: "admin-adm1.geojson")
        _ = try Importer.writeAtomically(Data(PlaceTable.write(units).utf8), to: dir, name: "adm1-units.tsv")
        // The acceptance tests below run on the index as read back from the cache.
        let cache = dir.appendingPathComponent(".cache")
        let layers = Array(Gazetteer.defaultLayers().prefix(1)) + [dir]
        _ = try Gazetteer.load(layers: layers, cacheDirectory: cache)
        let g = try Gazetteer.load(layers: layers, cacheDirectory: cache)
        if !g.loadedFromCache { Issue.record("the imported store's index was not read from its cache") }
        return g
    } catch {
        Issue.record("import failed: \(error)")
        return nil
    }
}()

/// `TestSupport.SharedData` without the dependency (this target links only Gazetteer).
enum SharedDataFiles {
    static func url(_ rel: String) -> URL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")
        let u = root.appendingPathComponent(rel)
        return FileManager.default.fileExists(atPath: u.path) ? u : nil
    }
}

@Suite struct ImportTests {
    /// Issue 3's acceptance: a place of sy-localities.tsv looked up by its
    /// Arabic name and governorate comes back at its own coordinates (within
    /// 1 km) for at least 95 % of the places whose name is unique in their governorate.
    @Test(.enabled(if: SharedDataFiles.url("geodata/sy-localities.tsv") != nil))
    func importedLocalitiesResolveByArabicNameAndGovernorate() throws {
        let g = try #require(importedGazetteer)
        let rows = g.places.filter { $0.id.hasPrefix("wof:") && !$0.nameAr.isEmpty && !$0.admin1.nameAr.isEmpty }
        #expect(rows.count > 8_500)
        var groups: [String: Int] = [:]
        for p in rows { groups[p.admin1.nameAr + "\u{1}" + p.nameAr, default: 0] += 1 }
        let unique = rows.filter { groups[$0.admin1.nameAr + "\u{1}" + $0.nameAr] == 1 }
        var hits = 0
        var misses: [String] = []
        // Places whose governorate is not a governorate (the UNDOF zone) cannot be asked "in" it.
        let askable = unique.filter { g.adminConstraint(named: $0.admin1.nameAr) != nil }
        #expect(Double(askable.count) > 0.99 * Double(unique.count))
        for p in askable {
            let c = try g.resolve(PlaceQuery(name: p.nameAr, within: [p.admin1.nameAr], limit: 1))
            if let top = c.first, Geodesic.wgs84.distance(top.place.position, p.position) <= 1000 { hits += 1 }
            else if misses.count < 5 { misses.append("\(p.id) \(p.nameAr) in \(p.admin1.nameAr) → \(c.first?.place.id ?? "none")") }
        }
        let rate = Double(hits) / Double(askable.count)
        #expect(rate >= 0.95, "\(hits)/\(askable.count) = \(rate); e.g. \(misses)")
    }

    @Test(.enabled(if: SharedDataFiles.url("geodata/syr_admbnda_adm1_uncs_unocha.json") != nil))
    func ochaGovernoratesBecomeOutlinesAndPlaces() throws {
        let g = try #require(importedGazetteer)
        #expect(g.adminAreas.filter { $0.level == 1 && $0.ref.code.hasPrefix("SY") && $0.ref.code.count == 4 }.count == 14)
        let raqqa = try #require(g.adminConstraint(named: "الرقة"))
        #expect(raqqa.contains(try #require(g.place(id: "cm:seed:resafa"))))
    }

    @Test func badRowsAreReportedWithLineNumbersAndSkipped() throws {
        let tsv = "name\tname_ar\tlat\tlon\nGood\tجيد\t35.1\t38.2\nBad\tسيء\tx\t38\nFar\t\t95\t10\n"
        let (places, issues) = try Importer.readTSV(Array(tsv.utf8), file: "t.tsv", idPrefix: "t", defaultSource: "t")
        #expect(places.map(\.name) == ["Good"])
        #expect(issues.map(\.line) == [3, 4])
        #expect(issues[1].description.contains("latitude 95.0 is outside"))
    }

    @Test func headerWithoutCoordinatesIsRejected() {
        #expect(throws: GazetteerError.self) {
            try Importer.readTSV(Array("name\tfoo\nA\t1\n".utf8), file: "t.tsv", idPrefix: "t", defaultSource: "t")
        }
    }

    /// Two lines of the GeoNames `geoname` table (Ar Raqqah, SY.txt) and an
    /// alternateNamesV2 row giving its Arabic name.
    @Test func geonamesDumpRowsBecomePlaces() {
        let dump = "172955\tAr Raqqah\tAr Raqqah\tRaqqa,Rakka\t35.95283\t39.00788\tP\tPPLA\tSY\t\t04\t\t\t\t177636\t\t252\tAsia/Damascus\t2012-01-18\n"
            + "999\tBroken\tBroken\t\tnorth\t39\tP\tPPL\tSY\n"
        let alt = "1\t172955\tar\tالرقة\t1\t\t\t\t\t\n"
        let (places, issues) = Importer.readGeoNames(Array(dump.utf8), file: "SY.txt", alternateNames: Array(alt.utf8))
        #expect(places.count == 1)
        #expect(places[0].id == "geonames:172955")
        #expect(places[0].nameAr == "الرقة")
        #expect(places[0].admin1.code == "SY.04")
        #expect(places[0].sizeClass == "city")
        #expect(issues.map(\.line) == [2])
    }
}
