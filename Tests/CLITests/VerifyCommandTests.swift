import Foundation
import Testing
import TestSupport

@Suite struct VerifyCommandTests {
    @Test func helpNamesTheOptionsAndTheSpecForm() throws {
        let r = try CLIRunner.run(["verify", "--help"])
        #expect(r.status == 0)
        for s in ["--json", "--claim", "--gazetteer", "--date", "claimed_km2", "more_than", "consistent"] {
            #expect(r.stdoutText.contains(s), "help lacks \(s)")
        }
    }

    @Test(.enabled(if: SharedData.file("examples/seed-2017-07-11-ar.txt") != nil))
    func seedJSONHasTheFifteenHundredClaim() throws {
        let path = try #require(SharedData.file("examples/seed-2017-07-11-ar.txt")).path
        let r = try CLIRunner.run(["verify", path, "--json", "--date", "2017-07-11"])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try jsonObject(r.stdout)
        let claims = try #require(o["claims"] as? [[String: Any]])
        let c = try #require(claims.first { ($0["claimed_km2"] as? Double) == 1500 && ($0["qualifier"] as? String) == "more_than" })
        for k in ["claimed_km2", "qualifier", "bounds", "claim_text", "start", "end", "anchors", "regions", "models",
                  "range_km2", "implied_width_km", "verdict", "why", "actor", "event", "event_date"] {
            #expect(c.keys.contains(k), "missing \(k)")
        }
        let anchors = try #require(c["anchors"] as? [[String: Any]])
        #expect(anchors.prefix(2).compactMap { $0["gazetteer_id"] as? String } == ["cm:seed:resafa", "cm:seed:ithriya"])
        #expect(anchors.allSatisfy { $0["lat"] is Double && $0["lon"] is Double && $0["name"] is String })
        let models = try #require(c["models"] as? [[String: Any]])
        #expect(models.contains { ($0["name"] as? String) == "corridor_10km" && ($0["params"] as? [String: Any])?["width_km"] as? Double == 10 })
        #expect(abs((c["implied_width_km"] as? Double ?? 0) - 16.165) < 0.01)
        #expect(c["verdict"] as? String == "consistent")
    }

    @Test func claimSpecFromStdinGivesAReadableReport() throws {
        let spec = #"{"claimed_km2": 1500, "qualifier": "more_than", "from": "الرصافة", "to": "أثريا", "regions": ["حلب", "حماة", "الرقة"]}"#
        let r = try CLIRunner.run(["verify", "--claim", "-"], stdin: Data(spec.utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdoutText.contains("corridor_10km") && r.stdoutText.contains("CONSISTENT") && r.stdoutText.contains("16.2 km"))
    }

    @Test func badInputExitCodes() throws {
        let bad = try CLIRunner.run(["verify", "--claim", "-"], stdin: Data(#"{"claimed_km2": -3, "between": ["a", "b"]}"#.utf8))
        #expect(bad.status == 65 && bad.stderr.contains("claimed_km2"))
        let unknown = try CLIRunner.run(["verify", "--claim", "-"], stdin: Data(#"{"claimed_km2": 3, "regions": ["Atlantis"]}"#.utf8))
        #expect(unknown.status == 65 && unknown.stderr.contains("Atlantis"))
        let date = try CLIRunner.run(["verify", "-", "--date", "2017-02-30"], stdin: Data("x".utf8))
        #expect(date.status == 65)
        let missing = try CLIRunner.run(["verify", "/nonexistent/report.txt"])
        #expect(missing.status == 66)
        let both = try CLIRunner.run(["verify", "a.txt", "--claim", "b.json"])
        #expect(both.status == 64)
    }
}
