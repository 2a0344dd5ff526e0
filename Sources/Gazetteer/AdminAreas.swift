import GeoCore

/// An administrative area with its outline, for containment ("بريف الرقة" →
/// inside Raqqa governorate) and for region fallbacks.
public struct AdminArea: Hashable, Sendable {
    /// 0 = country, 1 = governorate, 2 = district.
    public let level: Int
    public let ref: AdminRef
    /// Code of the enclosing admin1 for a district (may be empty).
    public let parentCode: String
    public let polygons: [Polygon]
    public let bbox: BoundingBox
    /// Where the outline comes from and how coarse it is.
    public let source: String

    public init(level: Int, ref: AdminRef, parentCode: String = "", polygons: [Polygon], source: String) {
        self.level = level
        self.ref = ref
        self.parentCode = parentCode
        self.polygons = polygons
        // As `BoundingBox(polygons.flatMap { $0.exterior.positions })`, without the copy.
        var box: BoundingBox?
        for poly in polygons {
            for p in poly.exterior.positions {
                if var b = box {
                    b.west = min(b.west, p.lon); b.east = max(b.east, p.lon)
                    b.south = min(b.south, p.lat); b.north = max(b.north, p.lat)
                    box = b
                } else {
                    box = BoundingBox(west: p.lon, south: p.lat, east: p.lon, north: p.lat)
                }
            }
        }
        self.bbox = box ?? BoundingBox(west: 0, south: 0, east: 0, north: 0)
        self.source = source
    }

    /// True when the point lies inside the outline (even-odd rule over every
    /// ring, so holes are excluded). Planar in lon/lat, which is exact enough
    /// for containment against outlines whose edges are a few km long.
    public func contains(_ p: Position) -> Bool {
        guard bbox.contains(p) else { return false }
        for poly in polygons where Self.inRing(p, poly.exterior.positions) {
            if !poly.holes.contains(where: { Self.inRing(p, $0.positions) }) { return true }
        }
        return false
    }

    static func inRing(_ p: Position, _ ring: [Position]) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let a = ring[i], b = ring[j]
            if (a.lat > p.lat) != (b.lat > p.lat) {
                let x = (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon
                if p.lon < x { inside.toggle() }
            }
            j = i
        }
        return inside
    }
}
