import Foundation
import GeoCore
import GeoJSON

/// Reads administrative outlines from GeoJSON: the GeoData form
/// (`admin1_code`, `name_en`, `name_ar`, `country`) and OCHA COD-AB field
/// names (`ADM1_EN`, `ADM1_AR`, `ADM1_PCODE`, `ADM2_…`, `ADM0_…`).
enum AdminOutlines {
    static func read(_ bytes: [UInt8], file: String) throws -> [AdminArea] {
        let doc: GeoJSONDocument
        do { doc = try GeoJSONReader().read(bytes) } catch {
            throw GazetteerError.badTable("\(file): \(error)")
        }
        let features: [Feature]
        switch doc.object {
        case .featureCollection(let fc): features = fc.features
        case .feature(let f): features = [f]
        case .geometry: throw GazetteerError.badTable("\(file): expected features with properties, found a bare geometry")
        }
        var out: [AdminArea] = []
        for f in features {
            guard let g = f.geometry, !g.polygons.isEmpty else { continue }
            let p = f.properties ?? [:]
            func s(_ k: String) -> String { p[k]?.stringValue ?? "" }
            if let area = area(s, polygons: g.polygons, file: file) { out.append(area) }
        }
        return out
    }

    /// Interprets the properties of one outline; nil when they name no unit.
    static func area(_ s: (String) -> String, polygons: [Polygon], file: String) -> AdminArea? {
        let src = s("source").isEmpty ? URL(fileURLWithPath: file).lastPathComponent : s("source")
        for level in [3, 2, 1] where !s("ADM\(level)_PCODE").isEmpty || !s("ADM\(level)_EN").isEmpty {
            return AdminArea(level: level,
                             ref: AdminRef(code: s("ADM\(level)_PCODE"), nameEn: s("ADM\(level)_EN"), nameAr: s("ADM\(level)_AR")),
                             parentCode: level > 1 ? s("ADM\(level - 1)_PCODE") : s("ADM0_PCODE"),
                             polygons: polygons, source: src)
        }
        if !s("ADM0_PCODE").isEmpty || !s("ADM0_EN").isEmpty {
            return AdminArea(level: 0, ref: AdminRef(code: s("ADM0_PCODE"), nameEn: s("ADM0_EN"), nameAr: s("ADM0_AR")),
                             polygons: polygons, source: src)
        }
        if !s("admin2_code").isEmpty {
            return AdminArea(level: 2, ref: AdminRef(code: s("admin2_code"), nameEn: s("name_en"), nameAr: s("name_ar")),
                             parentCode: s("admin1_code"), polygons: polygons, source: src)
        }
        if !s("admin1_code").isEmpty {
            return AdminArea(level: 1, ref: AdminRef(code: s("admin1_code"), nameEn: s("name_en"), nameAr: s("name_ar")),
                             parentCode: s("country"), polygons: polygons, source: src)
        }
        if !s("country").isEmpty {
            return AdminArea(level: 0, ref: AdminRef(code: s("country"), nameEn: s("name_en"), nameAr: s("name_ar")),
                             polygons: polygons, source: src)
        }
        return nil
    }

    /// Reads `sources.json` (`{"sources": [{"name", "licence", "attribution"}]}`); bad content yields nothing.
    static func readSources(_ bytes: [UInt8]) -> [Gazetteer.SourceInfo] {
        guard let v = try? JSONParser().parse(bytes), let arr = v["sources"]?.arrayValue else { return [] }
        return arr.compactMap { s in
            guard let name = s["name"]?.stringValue else { return nil }
            return Gazetteer.SourceInfo(name: name, licence: s["licence"]?.stringValue ?? "",
                                        attribution: s["attribution"]?.stringValue ?? "")
        }
    }
}
