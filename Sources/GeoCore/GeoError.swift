/// Errors raised by the geometry and geodesy layers. Each case carries a
/// message meant for a person: what is wrong and, where known, where.
public enum GeoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A coordinate is out of range or not a finite number.
    case invalidCoordinate(String)
    /// A geometry breaks a structural rule (ring too short, not closed, …).
    case invalidGeometry(String)
    /// GEOS reported an error; the message is GEOS's own.
    case geos(String)
    /// PROJ reported an error; the message is PROJ's own.
    case proj(String)
    /// The operation does not apply to this kind of geometry.
    case unsupported(String)

    public var description: String {
        switch self {
        case .invalidCoordinate(let m): return "invalid coordinate: \(m)"
        case .invalidGeometry(let m): return "invalid geometry: \(m)"
        case .geos(let m): return "GEOS: \(m)"
        case .proj(let m): return "PROJ: \(m)"
        case .unsupported(let m): return "unsupported: \(m)"
        }
    }
}
