import Foundation
import Testing
import TestSupport

/// The README's main job: `conflictmap map` on the bundled example reports.
/// Reference points: GeoNames (Uqayribat 162803: 35.0431, 37.46442; Salamiyah
/// 164947: 35.01127, 37.05324) and Wikipedia's Syrian Civil War map module
/// (Risha Dam 33.4809, 37.407; Jabal Mak'hul 33.3927, 37.337), as listed in
/// the seed reference table.
@Suite struct ExampleReportTests {
    struct Place { let name: String; let role: String; let lon: Double?; let lat: Double?; let gid: String? }

    static func places(_ file: String) throws -> (places: [Place], text: [Unicode.Scalar], json: [String: Any]) {
        let r = try CLIRunner.run(["map", file])
        #expect(r.status == 0, "\(r.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: r.stdout) as? [String: Any])
        let feats = try #require(o["features"] as? [[String: Any]])
        let text = try String(contentsOf: SharedData.repoRoot.appendingPathComponent(file), encoding: .utf8)
        var out: [Place] = []
        for f in feats {
            let p = try #require(f["properties"] as? [String: Any])
            let c = (f["geometry"] as? [String: Any])?["coordinates"] as? [Double]
            out.append(Place(name: p["name_en"] as? String ?? p["name"] as? String ?? "", role: p["role"] as? String ?? "",
                             lon: c?[0], lat: c?[1], gid: p["gazetteer_id"] as? String))
            // Every mention's offsets reproduce the text.
            let scalars = Array(text.unicodeScalars)
            for m in p["mentions"] as? [[String: Any]] ?? [] {
                let s = try #require(m["start"] as? Int), e = try #require(m["end"] as? Int)
                #expect(String(String.UnicodeScalarView(scalars[s..<e])) == m["text"] as? String)
            }
        }
        return (out, Array(text.unicodeScalars), o)
    }

    static func near(_ ps: [Place], _ lat: Double, _ lon: Double, km: Double = 5) -> Bool {
        ps.contains { p in
            guard let a = p.lat, let b = p.lon else { return false }
            let dy = (a - lat) * 111.0, dx = (b - lon) * 111.0 * cos(lat * .pi / 180)
            return (dx * dx + dy * dy).squareRoot() < km
        }
    }

    @Test(arguments: ["GeoData/examples/report-en.txt", "GeoData/examples/report-ar.txt"])
    func examplePlacesComeOutAtTheirReferencePoints(_ file: String) throws {
        let (ps, _, json) = try Self.places(file)
        #expect(Self.near(ps, 35.0431, 37.46442), "Uqayribat")
        #expect(Self.near(ps, 35.01127, 37.05324), "Salamiyah")
        #expect(Self.near(ps, 33.4809, 37.407), "Risha dam")
        #expect(Self.near(ps, 33.3927, 37.337), "Jabal Makhoul")
        #expect(ps.contains { $0.role == "associative" && $0.lat == nil }, "the Syrian army / الجيش السوري is associative")
        #expect(json["conflictmap"] != nil)
    }

    @Test func englishExampleNamesGenevaAndMoscowAsMentions() throws {
        let (ps, _, _) = try Self.places("GeoData/examples/report-en.txt")
        #expect(ps.contains { $0.name == "Geneva" && $0.role == "mention" })
        #expect(ps.contains { $0.name == "Moscow" && $0.role == "mention" })
    }
}
