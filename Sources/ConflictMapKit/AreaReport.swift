import Foundation
import GeoCore
import GeoJSON
import Geodesy

/// Geodesic areas of the polygonal features of a GeoJSON document: what
/// `conflictmap area` prints. Areas are on the WGS84 ellipsoid (Karney 2013
/// through PROJ), never planar or spherical.
public struct AreaReport: Sendable {
    /// One polygonal feature's measures.
    public struct Row: Sendable, Hashable {
        /// Position of the feature in the input (0-based; 0 for a bare geometry).
        public let index: Int
        /// The label: the `--label` property, else `name`, else the id, else `#index`.
        public let label: String
        /// Unsigned geodesic area in m² (holes subtracted).
        public let areaM2: Double
        /// Perimeter in metres of every ring, holes included.
        public let perimeterM: Double
        /// The geometry type measured.
        public let geometryType: String
    }

    public let rows: [Row]
    /// Features skipped because they have no polygon (points, lines, null geometry): their indices.
    public let skipped: [Int]
    /// The input as features (a bare geometry becomes one feature), for `--format geojson`.
    public let features: [Feature]
    let isCollection: Bool
    let collection: FeatureCollection?

    public var totalAreaM2: Double { rows.reduce(0) { $0 + $1.areaM2 } }

    /// Measures a parsed document.
    public init(document: GeoJSONObject, labelProperty: String? = nil) {
        var feats: [Feature]
        switch document {
        case .geometry(let g): feats = [Feature(geometry: g, properties: [:])]; isCollection = false; collection = nil
        case .feature(let f): feats = [f]; isCollection = false; collection = nil
        case .featureCollection(let fc): feats = fc.features; isCollection = true; collection = fc
        }
        var rows: [Row] = [], skipped: [Int] = []
        let g = Geodesic.wgs84
        for (i, f) in feats.enumerated() {
            guard let geom = f.geometry, !geom.polygons.isEmpty else { skipped.append(i); continue }
            let m = g.measure(geom)
            rows.append(Row(index: i, label: Self.label(f, i, labelProperty), areaM2: m.area,
                            perimeterM: m.perimeter, geometryType: geom.typeName))
            var props = f.properties ?? [:]
            props["area_m2"] = .number(m.area)
            props["area_km2"] = .number(m.area / 1e6)
            props["perimeter_m"] = .number(m.perimeter)
            feats[i].properties = props
        }
        self.rows = rows
        self.skipped = skipped
        self.features = feats
    }

    static func label(_ f: Feature, _ i: Int, _ prop: String?) -> String {
        let props = f.properties ?? [:]
        for key in [prop, "name"].compactMap({ $0 }) {
            if let v = props[key] {
                switch v {
                case .string(let s): return s
                case .number: return v.description
                default: break
                }
            }
        }
        switch f.id {
        case .string(let s)?: return s
        case .number(let d)?: return JSONValue.number(d).description
        case nil: return "#\(i)"
        }
    }

    /// The input features with `area_m2`, `area_km2` and `perimeter_m` added
    /// to the properties of every polygonal feature (others unchanged), as the
    /// same kind of document as the input.
    public func annotatedDocument() -> GeoJSONObject {
        if isCollection, var fc = collection {
            fc.features = features
            return .featureCollection(fc)
        }
        return .feature(features[0])
    }

    /// A JSON summary: `{"features": [{index, label, geometry_type, area_m2, area_km2, perimeter_m}], "total_area_m2", "total_area_km2", "skipped"}`.
    public func json() -> JSONValue {
        var o = JSONObject()
        o["features"] = .array(rows.map { r in
            var x = JSONObject()
            x["index"] = .number(Double(r.index))
            x["label"] = .string(r.label)
            x["geometry_type"] = .string(r.geometryType)
            x["area_m2"] = .number(r.areaM2)
            x["area_km2"] = .number(r.areaM2 / 1e6)
            x["perimeter_m"] = .number(r.perimeterM)
            return .object(x)
        })
        o["total_area_m2"] = .number(totalAreaM2)
        o["total_area_km2"] = .number(totalAreaM2 / 1e6)
        o["skipped"] = .array(skipped.map { .number(Double($0)) })
        o["method"] = .string("geodesic on WGS84 (Karney 2013, PROJ geod_polygonarea)")
        return .object(o)
    }

    /// A table: one row per polygonal feature (label, km² with thousands
    /// separators, perimeter in km), then the total.
    public func table() -> String {
        let header = ["feature", "area_km2", "perimeter_km"]
        var lines: [[String]] = rows.map { [$0.label, Self.grouped($0.areaM2 / 1e6, 3), Self.grouped($0.perimeterM / 1e3, 3)] }
        lines.append(["total (\(rows.count) feature\(rows.count == 1 ? "" : "s"))", Self.grouped(totalAreaM2 / 1e6, 3), ""])
        let all = [header] + lines
        var widths = [0, 0, 0]
        for l in all { for (i, c) in l.enumerated() { widths[i] = max(widths[i], c.count) } }
        var out = ""
        for (n, l) in all.enumerated() {
            let label = l[0].padding(toLength: widths[0], withPad: " ", startingAt: 0)
            let a = String(repeating: " ", count: widths[1] - l[1].count) + l[1]
            let p = String(repeating: " ", count: widths[2] - l[2].count) + l[2]
            out += "\(label)  \(a)  \(p)".trimmingTrailingSpaces() + "\n"
            if n == 0 || n == all.count - 2 {
                out += String(repeating: "-", count: widths[0] + widths[1] + widths[2] + 4) + "\n"
            }
        }
        return out
    }

    /// Formats with a fixed number of decimals and comma thousands separators
    /// (locale-independent: scripts may parse it).
    static func grouped(_ x: Double, _ decimals: Int) -> String {
        let scale = pow10(decimals)
        let r = (abs(x) * scale).rounded()
        let intPart = Int(r / scale)
        let frac = Int(r - Double(intPart) * scale)
        var digits = String(intPart)
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(digits, at: 0)
        var s = (x < 0 && r != 0 ? "-" : "") + groups.joined(separator: ",")
        if decimals > 0 {
            let f = String(frac)
            s += "." + String(repeating: "0", count: decimals - f.count) + f
        }
        return s
    }

    private static func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * 10 } }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
