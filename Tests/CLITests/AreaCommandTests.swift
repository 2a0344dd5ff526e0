import Foundation
import Testing
import TestSupport

/// Areas of the OCHA COD-AB governorates of Syria (../shared/geodata/
/// syr_admbnda_adm1_uncs_unocha.json) computed with GeographicLib 2.1 for
/// Python (Karney's own pure-Python implementation: Geodesic.WGS84.Polygon,
/// |exterior| − |holes|), an implementation independent of PROJ's C code.
let governorateAreasGeographicLib: [String: Double] = [
    "SY08": 23168793956.62665, "SY02": 19891000659.857388, "SY11": 17626625527.797745,
    "SY13": 6357268455.027112, "SY01": 116678441.80517913, "SY12": 3833526415.0914598,
    "SY09": 25151583421.710815, "SY05": 11094868801.10855, "SY04": 43226867055.17483,
    "SY07": 5416462766.104548, "SY06": 2388350727.1731906, "SY14": 1718066368.8917956,
    "SY03": 26246752849.672802, "SY10": 1873973161.6017408,
]

func jsonObject(_ d: Data) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: d) as? [String: Any])
}

@Suite struct AreaCommandTests {
    @Test(.enabled(if: SharedData.file("geodata/syr_admbnda_adm1_uncs_unocha.json") != nil))
    func governorateAreasMatchGeographicLibToOnePartInABillion() throws {
        let path = try #require(SharedData.file("geodata/syr_admbnda_adm1_uncs_unocha.json")).path
        let r = try CLIRunner.run(["area", path, "--format", "geojson"])
        #expect(r.status == 0, "\(r.stderr)")
        let fc = try jsonObject(r.stdout)
        let features = try #require(fc["features"] as? [[String: Any]])
        #expect(features.count == 14)
        for f in features {
            let props = try #require(f["properties"] as? [String: Any])
            let code = try #require(props["ADM1_PCODE"] as? String)
            let area = try #require(props["area_m2"] as? Double)
            let expected = try #require(governorateAreasGeographicLib[code])
            #expect(abs(area - expected) / expected < 1e-9, "\(code): \(area) vs \(expected)")
            #expect(abs((props["area_km2"] as? Double ?? 0) - area / 1e6) < 1e-6)
            #expect((props["perimeter_m"] as? Double ?? 0) > 0)
        }
    }

    /// GeographicLib 2.1 for Python: the triangle Risha dam – Jabal Sis –
    /// Jabal Makhoul is 39,765,441.5769 m² with perimeter 40,840.1201 m; the
    /// one-degree square with its hole is 7,549,680,148.649 m².
    @Test func bundledExampleTableShowsGeodesicAreasAndTotal() throws {
        let r = try CLIRunner.run(["area", "GeoData/examples/risha-makhoul-sis.geojson", "--format", "table"])
        #expect(r.status == 0)
        let t = r.stdoutText
        #expect(t.contains("39.765"))
        #expect(t.contains("40.840"))
        #expect(t.contains("7,549.680"))
        #expect(t.contains("7,589.446"))   // the total
        #expect(r.stderr.isEmpty)
    }

    @Test func jsonFormatAndLabelProperty() throws {
        let r = try CLIRunner.run(["area", "-", "--format", "json", "--label", "code"], stdin: Data("""
        {"type":"Feature","properties":{"code":"T1"},"geometry":{"type":"Polygon",
         "coordinates":[[[37.407,33.4809],[37.358,33.309],[37.337,33.3927],[37.407,33.4809]]]}}
        """.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        let o = try jsonObject(r.stdout)
        let rows = try #require(o["features"] as? [[String: Any]])
        #expect(rows.first?["label"] as? String == "T1")
        #expect(abs((rows.first?["area_m2"] as? Double ?? 0) - 39765441.576930046) < 1e-3)
    }

    @Test func pointsAndLinesAreSkippedAndCounted() throws {
        let r = try CLIRunner.run(["area", "--format", "json"], stdin: Data("""
        {"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[37,35]}},
          {"type":"Feature","properties":{},"geometry":null}]}
        """.utf8))
        #expect(r.status == 0)
        #expect(r.stderr.contains("2 feature(s) without a polygon skipped"))
    }

    @Test func badInputExitsSixtyFiveNamingThePath() throws {
        let r = try CLIRunner.run(["area"], stdin: Data(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}}]}"#.utf8))
        #expect(r.status == 65)
        #expect(r.stderr.contains("features[0].geometry.coordinates[0]: a linear ring needs at least 4 positions"))
        #expect(r.stdout.isEmpty)
    }

    @Test func missingFileExitsSixtySix() throws {
        let r = try CLIRunner.run(["area", "/nonexistent/x.geojson"])
        #expect(r.status == 66)
        #expect(r.stderr.contains("/nonexistent/x.geojson"))
    }

    @Test func badUsageExitsSixtyFour() throws {
        #expect(try CLIRunner.run(["area", "--format", "xml"]).status == 64)
        #expect(try CLIRunner.run(["area", "--no-such-flag"]).status == 64)
    }

    /// Every invalid document of the geojson/schema suite is rejected with
    /// exit 65 and a message that names a JSON path; every valid one is accepted.
    @Test(.enabled(if: SharedData.file("fixtures/geojson/geojson-schema/test/fixtures") != nil))
    func fixtureSuiteThroughTheCommand() throws {
        let root = try #require(SharedData.file("fixtures/geojson/geojson-schema/test/fixtures"))
        let fm = FileManager.default
        var checked = 0
        for kind in ["valid", "invalid"] {
            let dir = root.appendingPathComponent(kind)
            guard let e = fm.enumerator(atPath: dir.path) else { continue }
            for case let rel as String in e where rel.hasSuffix(".json") {
                let r = try CLIRunner.run(["area", dir.appendingPathComponent(rel).path, "--format", "json"])
                if kind == "valid" {
                    #expect(r.status == 0, "\(kind)/\(rel): \(r.stderr)")
                } else {
                    #expect(r.status == 65, "\(kind)/\(rel) accepted")
                    #expect(r.stderr.contains(rel) && r.stderr.contains(":"), "\(kind)/\(rel): \(r.stderr)")
                }
                checked += 1
            }
        }
        #expect(checked > 50)
    }

    @Test func helpDescribesFormatsAndExitCodes() throws {
        let r = try CLIRunner.run(["area", "--help"])
        #expect(r.status == 0)
        #expect(r.stdoutText.contains("--format"))
        #expect(r.stdoutText.contains("geodesic") || r.stdoutText.contains("WGS84"))
        let top = try CLIRunner.run(["--help"])
        #expect(top.stdoutText.contains("65 bad input data"))
    }
}
