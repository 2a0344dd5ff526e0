import CPROJ
import GeoCore

/// Geodesics on an ellipsoid of revolution through PROJ's implementation of
/// Karney's algorithms (C. F. F. Karney, "Algorithms for geodesics",
/// J. Geodesy 87, 43–55 (2013), doi:10.1007/s00190-012-0578-z). Distances are
/// accurate to about 15 nm and polygon areas match GeographicLib's Planimeter
/// to about 1e-14 relative on this machine.
///
/// Conventions: angles in degrees, longitudes and latitudes on the ellipsoid
/// (WGS84 unless built otherwise), azimuths clockwise from north in
/// [-180, 180], distances in metres, areas in square metres. A signed area is
/// positive for a ring traversed counter-clockwise (GeographicLib's convention).
///
/// The value is immutable after creation and safe to share between threads:
/// PROJ's `geod_*` functions only read the `geod_geodesic` struct.
public struct Geodesic: @unchecked Sendable {
    /// PROJ's ellipsoid parameters (read by the extensions of this module; set only in `init`).
    private(set) var g = geod_geodesic()

    /// Equatorial radius in metres.
    public let equatorialRadius: Double
    /// Flattening (dimensionless).
    public let flattening: Double

    /// An ellipsoid with the given equatorial radius (metres) and flattening.
    public init(equatorialRadius a: Double, flattening f: Double) {
        equatorialRadius = a
        flattening = f
        geod_init(&g, a, f)
    }

    /// The WGS84 ellipsoid: a = 6378137 m, f = 1/298.257223563.
    public static let wgs84 = Geodesic(equatorialRadius: 6_378_137, flattening: 1 / 298.257223563)

    // MARK: - Inverse and direct problems

    /// The solution of the inverse problem between two points.
    public struct Inverse: Hashable, Sendable {
        /// Geodesic distance in metres.
        public let distance: Double
        /// Azimuth at the first point, degrees clockwise from north.
        public let initialAzimuth: Double
        /// Azimuth at the second point (forward direction), degrees clockwise from north.
        public let finalAzimuth: Double
    }

    /// Shortest geodesic between two positions (lon/lat degrees).
    public func inverse(_ p1: Position, _ p2: Position) -> Inverse {
        var s12 = 0.0, azi1 = 0.0, azi2 = 0.0
        withUnsafePointer(to: g) { gp in
            geod_inverse(gp, p1.lat, p1.lon, p2.lat, p2.lon, &s12, &azi1, &azi2)
        }
        return Inverse(distance: s12, initialAzimuth: azi1, finalAzimuth: azi2)
    }

    /// Geodesic distance in metres between two positions.
    public func distance(_ p1: Position, _ p2: Position) -> Double {
        inverse(p1, p2).distance
    }

    /// The solution of the direct problem: the point reached from `start`
    /// along `azimuth` (degrees clockwise from north) after `distance` metres,
    /// and the forward azimuth there. Longitudes are reduced to [-180, 180].
    public func direct(from start: Position, azimuth: Double, distance: Double) -> (position: Position, azimuth: Double) {
        var lat2 = 0.0, lon2 = 0.0, azi2 = 0.0
        withUnsafePointer(to: g) { gp in
            geod_direct(gp, start.lat, start.lon, azimuth, distance, &lat2, &lon2, &azi2)
        }
        return (Position(uncheckedLon: Self.reduceLongitude(lon2), lat: lat2), azi2)
    }

    /// Positions along the geodesic from `p1` to `p2`, both ends included, no
    /// two consecutive ones more than `maxSpacing` metres apart (at least the
    /// two ends). Useful to densify a line before buffering or projecting it.
    public func sample(from p1: Position, to p2: Position, maxSpacing: Double) -> [Position] {
        sampleAndDistance(from: p1, to: p2, maxSpacing: maxSpacing).positions
    }

    /// ``sample(from:to:maxSpacing:)`` together with the geodesic distance p1–p2 in metres
    /// (the same value as ``distance(_:_:)``), from one solution of the inverse problem.
    public func sampleAndDistance(from p1: Position, to p2: Position, maxSpacing: Double) -> (positions: [Position], distance: Double) {
        let inv = inverse(p1, p2)
        guard maxSpacing > 0, inv.distance > maxSpacing else { return ([p1, p2], inv.distance) }
        let n = Int((inv.distance / maxSpacing).rounded(.up))
        return (sample(from: p1, to: p2, segments: n), inv.distance)
    }

    /// `segments + 1` equally spaced positions along the geodesic from `p1` to `p2`.
    public func sample(from p1: Position, to p2: Position, segments: Int) -> [Position] {
        let n = max(1, segments)
        var line = geod_geodesicline()
        withUnsafePointer(to: g) { gp in
            geod_inverseline(&line, gp, p1.lat, p1.lon, p2.lat, p2.lon, 0)
        }
        var out: [Position] = [p1]
        out.reserveCapacity(n + 1)
        let total = line.s13
        for i in 1..<n {
            var lat = 0.0, lon = 0.0
            geod_position(&line, total * Double(i) / Double(n), &lat, &lon, nil)
            out.append(Position(uncheckedLon: Self.reduceLongitude(lon), lat: lat))
        }
        out.append(p2)
        return out
    }

    // MARK: - Areas

    /// Area and perimeter of one ring.
    public struct RingMeasure: Hashable, Sendable {
        /// Signed area in m², positive when counter-clockwise.
        public let signedArea: Double
        /// Perimeter in metres.
        public let perimeter: Double
    }

    /// Area and perimeter of a ring given as raw (lon, lat) degrees. The ring
    /// may be open or closed (a repeated closing vertex is ignored);
    /// longitudes need not be reduced (e.g. 270 or -360 are accepted, as by
    /// GeographicLib's Planimeter). Rings around a pole are handled.
    public func ring(lons: [Double], lats: [Double]) -> RingMeasure {
        var n = min(lons.count, lats.count)
        if n > 1, lons[n - 1] == lons[0], lats[n - 1] == lats[0] { n -= 1 }
        guard n >= 3 else {
            // A degenerate ring has no area; its perimeter is the out-and-back path.
            var p = 0.0
            if n == 2 {
                p = 2 * inverse(Position(uncheckedLon: lons[0], lat: lats[0]),
                                Position(uncheckedLon: lons[1], lat: lats[1])).distance
            }
            return RingMeasure(signedArea: 0, perimeter: p)
        }
        var area = 0.0, perimeter = 0.0
        // geod_polygonarea only reads the first n values of its arrays (they are not declared
        // const in C), so the arrays are passed without a copy.
        withUnsafePointer(to: g) { gp in
            lats.withUnsafeBufferPointer { la in
                lons.withUnsafeBufferPointer { lo in
                    geod_polygonarea(gp, UnsafeMutablePointer(mutating: la.baseAddress), UnsafeMutablePointer(mutating: lo.baseAddress),
                                     Int32(n), &area, &perimeter)
                }
            }
        }
        return RingMeasure(signedArea: area, perimeter: perimeter)
    }

    /// Area and perimeter of a ring of positions.
    public func ring(_ positions: [Position]) -> RingMeasure {
        var lons: [Double] = [], lats: [Double] = []
        lons.reserveCapacity(positions.count); lats.reserveCapacity(positions.count)
        for p in positions { lons.append(p.lon); lats.append(p.lat) }
        return ring(lons: lons, lats: lats)
    }

    /// Area and perimeter of a polygonal geometry.
    public struct AreaMeasure: Hashable, Sendable {
        /// Unsigned area in m²: |exterior| − Σ|holes| for each polygon, summed
        /// over the polygons (holes reduce the area whatever their winding).
        public let area: Double
        /// Signed area in m²: the sum of the rings' signed areas (so a
        /// counter-clockwise shell with clockwise holes gives +area, as pyproj's
        /// `geometry_area_perimeter` does).
        public let signedArea: Double
        /// Length in metres of every ring, holes included (PostGIS ST_Perimeter).
        public let perimeter: Double
        /// Length in metres of the exterior rings only (pyproj's convention).
        public let exteriorPerimeter: Double

        public static let zero = AreaMeasure(area: 0, signedArea: 0, perimeter: 0, exteriorPerimeter: 0)

        static func + (a: AreaMeasure, b: AreaMeasure) -> AreaMeasure {
            AreaMeasure(area: a.area + b.area, signedArea: a.signedArea + b.signedArea,
                        perimeter: a.perimeter + b.perimeter,
                        exteriorPerimeter: a.exteriorPerimeter + b.exteriorPerimeter)
        }
    }

    /// Geodesic area and perimeter of a polygon with holes.
    public func measure(_ polygon: Polygon) -> AreaMeasure {
        let ext = ring(polygon.exterior.positions)
        var unsigned = abs(ext.signedArea)
        var signed = ext.signedArea
        var perim = ext.perimeter
        for h in polygon.holes {
            let m = ring(h.positions)
            unsigned -= abs(m.signedArea)
            signed += m.signedArea
            perim += m.perimeter
        }
        return AreaMeasure(area: unsigned, signedArea: signed, perimeter: perim, exteriorPerimeter: ext.perimeter)
    }

    /// Geodesic area and perimeter of every polygon in a geometry (Polygon,
    /// MultiPolygon, or the polygons inside a GeometryCollection); zero for
    /// points and lines. Overlapping polygons are counted twice: union them first.
    public func measure(_ geometry: Geometry) -> AreaMeasure {
        geometry.polygons.reduce(AreaMeasure.zero) { $0 + measure($1) }
    }

    /// Geodesic length in metres of a line.
    public func length(_ positions: [Position]) -> Double {
        guard positions.count > 1 else { return 0 }
        var s = 0.0
        for i in 1..<positions.count { s += distance(positions[i - 1], positions[i]) }
        return s
    }

    /// Reduces a longitude to [-180, 180].
    public static func reduceLongitude(_ lon: Double) -> Double {
        var x = lon.truncatingRemainder(dividingBy: 360)
        if x > 180 { x -= 360 } else if x < -180 { x += 360 }
        return x
    }
}
