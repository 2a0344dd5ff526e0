/// A position on the WGS84 ellipsoid: longitude and latitude in degrees
/// (RFC 7946 order: longitude first), with an optional altitude in metres
/// above the ellipsoid.
///
/// Invalid values cannot be built through the throwing initialiser: the
/// latitude must lie in [-90, 90], the longitude in [-180, 180] (GeoJSON allows
/// no other range), and neither may be NaN or infinite. The non-throwing
/// `init(uncheckedLon:lat:)` exists for code that has already checked.
public struct Position: Hashable, Sendable, CustomStringConvertible {
    /// Longitude in degrees, east positive, in [-180, 180].
    public let lon: Double
    /// Latitude in degrees, north positive, in [-90, 90].
    public let lat: Double
    /// Altitude in metres, or nil when the position is 2-D.
    public let alt: Double?

    /// Builds a checked position.
    /// - Throws: `GeoError.invalidCoordinate` when a value is out of range or not finite.
    public init(lon: Double, lat: Double, alt: Double? = nil) throws {
        guard lon.isFinite, lat.isFinite else {
            throw GeoError.invalidCoordinate("coordinates must be finite numbers, got (\(lon), \(lat))")
        }
        guard (-90.0...90.0).contains(lat) else {
            throw GeoError.invalidCoordinate("latitude \(lat) is outside [-90, 90]")
        }
        guard (-180.0...180.0).contains(lon) else {
            throw GeoError.invalidCoordinate("longitude \(lon) is outside [-180, 180]")
        }
        if let alt, !alt.isFinite {
            throw GeoError.invalidCoordinate("altitude must be a finite number, got \(alt)")
        }
        self.lon = lon
        self.lat = lat
        self.alt = alt
    }

    /// Builds a position without range checks. Use only for values that come
    /// from a source already known to be valid (GEOS output of valid input,
    /// geodesic computations).
    public init(uncheckedLon lon: Double, lat: Double, alt: Double? = nil) {
        self.lon = lon
        self.lat = lat
        self.alt = alt
    }

    public var description: String {
        if let alt { return "(\(lon), \(lat), \(alt))" }
        return "(\(lon), \(lat))"
    }
}
