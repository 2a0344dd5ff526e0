import Foundation
import GeoCore
@testable import GeoJSON
import TestSupport

/// Fixture files under ../shared/fixtures/geojson, read at test time (never committed).
enum Fixtures {
    static let schemaRoot = SharedData.file("fixtures/geojson/geojson-schema/test/fixtures")
    static let hintRoot = SharedData.file("fixtures/geojson/geojsonhint/test/data")

    /// (relative name, bytes) of every file with `ext` under `dir`, sorted by name.
    static func files(under dir: URL?, ext: String) -> [(String, [UInt8])] {
        guard let dir, let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil) else { return [] }
        var out: [(String, [UInt8])] = []
        for case let u as URL in e where u.pathExtension == ext {
            guard let d = try? Data(contentsOf: u) else { continue }
            let rel = String(u.path.dropFirst(dir.path.count + 1))
            out.append((rel, [UInt8](d)))
        }
        return out.sorted { $0.0 < $1.0 }
    }
}

/// The same object with every polygon in RFC 7946 orientation: what a written
/// and re-read document must equal.
func rfcOriented(_ o: GeoJSONObject) -> GeoJSONObject {
    func g(_ x: Geometry) -> Geometry {
        switch x {
        case .polygon(let p): return .polygon(p.rfc7946Oriented)
        case .multiPolygon(let ps): return .multiPolygon(ps.map(\.rfc7946Oriented))
        case .geometryCollection(let gs): return .geometryCollection(gs.map(g))
        default: return x
        }
    }
    func f(_ x: Feature) -> Feature { var y = x; y.geometry = x.geometry.map(g); return y }
    switch o {
    case .geometry(let x): return .geometry(g(x))
    case .feature(let x): return .feature(f(x))
    case .featureCollection(let c): var d = c; d.features = c.features.map(f); return .featureCollection(d)
    }
}

func pos(_ lon: Double, _ lat: Double, _ alt: Double? = nil) -> Position {
    Position(uncheckedLon: lon, lat: lat, alt: alt)
}

func utf8(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
