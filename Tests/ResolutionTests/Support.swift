import Foundation
import GeoCore
import Geodesy
import Gazetteer
import Resolution
import TestSupport

/// The embedded default gazetteer and a geoparser over it, built once per test process.
let testGeoparser: Geoparser = {
    do { return Geoparser(gazetteer: try Gazetteer.load(layers: Array(Gazetteer.defaultLayers().prefix(1)))) }
    catch { fatalError("the embedded GeoData cannot be loaded: \(error)") }
}()

func km(_ a: Position, _ lat: Double, _ lon: Double) -> Double {
    Geodesic.wgs84.distance(a, Position(uncheckedLon: lon, lat: lat)) / 1000
}

/// A row of ../shared/geodata/seed-places-reference.tsv.
struct ReferenceRow { let nameEn: String; let nameAr: String; let lat: Double; let lon: Double; let label: String }

/// PRIMARY and TRAP rows of the reference table (read, never copied).
func referenceRows() -> [ReferenceRow] {
    guard let url = SharedData.file("geodata/seed-places-reference.tsv"),
          let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
    var out: [ReferenceRow] = []
    for line in text.split(separator: "\n").dropFirst() {
        let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard f.count >= 9, let lat = Double(f[4]), let lon = Double(f[5]) else { continue }
        out.append(ReferenceRow(nameEn: f[0], nameAr: f[1], lat: lat, lon: lon, label: f[8].hasPrefix("\"") ? String(f[8].dropFirst()) : f[8]))
    }
    return out
}

func seedText() -> String? {
    guard let u = SharedData.file("examples/seed-2017-07-11-ar.txt") else { return nil }
    return try? String(contentsOf: u, encoding: .utf8)
}
