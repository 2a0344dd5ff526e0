/// A line of two or more positions, in order.
public struct LineString: Hashable, Sendable {
    public let positions: [Position]
    /// - Throws: `GeoError.invalidGeometry` with fewer than two positions.
    public init(_ positions: [Position]) throws {
        guard positions.count >= 2 else {
            throw GeoError.invalidGeometry("a line string needs at least 2 positions, got \(positions.count)")
        }
        self.positions = positions
    }
}

/// A closed ring: at least four positions, the first equal to the last
/// (RFC 7946 §3.1.6). Orientation is not enforced here; writers orient rings.
public struct LinearRing: Hashable, Sendable {
    public let positions: [Position]
    /// - Throws: `GeoError.invalidGeometry` when the ring has fewer than 4
    ///   positions or is not closed (first and last positions differ in
    ///   longitude or latitude).
    public init(_ positions: [Position]) throws {
        guard positions.count >= 4 else {
            throw GeoError.invalidGeometry("a linear ring needs at least 4 positions, got \(positions.count)")
        }
        let first = positions[0], last = positions[positions.count - 1]
        guard first.lon == last.lon, first.lat == last.lat else {
            throw GeoError.invalidGeometry("a linear ring must be closed: first position \(first) differs from last \(last)")
        }
        self.positions = positions
    }

    /// Builds a ring from open or closed positions, closing it when needed.
    public init(closing positions: [Position]) throws {
        var p = positions
        if let f = p.first, let l = p.last, f.lon != l.lon || f.lat != l.lat { p.append(f) }
        try self.init(p)
    }

    /// Twice the signed planar area in degrees² (shoelace). Positive when the
    /// ring runs counter-clockwise in lon/lat. Used only for orientation, never
    /// as an area: areas are geodesic (see the Geodesy module).
    public var signedPlanarArea2: Double {
        var s = 0.0
        let p = positions
        for i in 0..<(p.count - 1) {
            s += p[i].lon * p[i + 1].lat - p[i + 1].lon * p[i].lat
        }
        return s
    }

    /// True when the ring runs counter-clockwise in lon/lat.
    public var isCounterClockwise: Bool { signedPlanarArea2 > 0 }

    /// The same ring traversed the other way.
    public var reversed: LinearRing { LinearRing(unchecked: positions.reversed()) }

    /// The ring oriented as asked.
    public func oriented(counterClockwise: Bool) -> LinearRing {
        isCounterClockwise == counterClockwise ? self : reversed
    }

    init(unchecked positions: [Position]) { self.positions = positions }
}

/// A polygon: one exterior ring and zero or more holes.
public struct Polygon: Hashable, Sendable {
    public let exterior: LinearRing
    public let holes: [LinearRing]
    public init(exterior: LinearRing, holes: [LinearRing] = []) {
        self.exterior = exterior
        self.holes = holes
    }
    /// All rings, exterior first.
    public var rings: [LinearRing] { [exterior] + holes }

    /// The RFC 7946 §3.1.6 orientation: exterior counter-clockwise, holes clockwise.
    public var rfc7946Oriented: Polygon {
        Polygon(exterior: exterior.oriented(counterClockwise: true),
                holes: holes.map { $0.oriented(counterClockwise: false) })
    }
}

/// A geometry in lon/lat degrees on WGS84: the seven GeoJSON geometry types.
public indirect enum Geometry: Hashable, Sendable {
    case point(Position)
    case multiPoint([Position])
    case lineString(LineString)
    case multiLineString([LineString])
    case polygon(Polygon)
    case multiPolygon([Polygon])
    case geometryCollection([Geometry])

    /// The GeoJSON type name ("Point", "MultiPolygon", …).
    public var typeName: String {
        switch self {
        case .point: return "Point"
        case .multiPoint: return "MultiPoint"
        case .lineString: return "LineString"
        case .multiLineString: return "MultiLineString"
        case .polygon: return "Polygon"
        case .multiPolygon: return "MultiPolygon"
        case .geometryCollection: return "GeometryCollection"
        }
    }

    /// Every position of the geometry, in order.
    public var allPositions: [Position] {
        switch self {
        case .point(let p): return [p]
        case .multiPoint(let ps): return ps
        case .lineString(let l): return l.positions
        case .multiLineString(let ls): return ls.flatMap(\.positions)
        case .polygon(let p): return p.rings.flatMap(\.positions)
        case .multiPolygon(let ps): return ps.flatMap { $0.rings.flatMap(\.positions) }
        case .geometryCollection(let gs): return gs.flatMap(\.allPositions)
        }
    }

    /// The polygons of a Polygon, MultiPolygon or GeometryCollection (recursively).
    public var polygons: [Polygon] {
        switch self {
        case .polygon(let p): return [p]
        case .multiPolygon(let ps): return ps
        case .geometryCollection(let gs): return gs.flatMap(\.polygons)
        default: return []
        }
    }

    /// True when the geometry has no positions (an empty collection or multi-geometry).
    public var isEmpty: Bool { allPositions.isEmpty }

    /// The lon/lat bounding box [west, south, east, north], or nil when empty.
    /// Does not attempt antimeridian-crossing boxes.
    public var boundingBox: BoundingBox? { BoundingBox(allPositions) }
}

/// A lon/lat bounding box in degrees.
public struct BoundingBox: Hashable, Sendable {
    public var west: Double, south: Double, east: Double, north: Double
    public init(west: Double, south: Double, east: Double, north: Double) {
        self.west = west; self.south = south; self.east = east; self.north = north
    }
    public init?(_ positions: [Position]) {
        guard let f = positions.first else { return nil }
        var b = BoundingBox(west: f.lon, south: f.lat, east: f.lon, north: f.lat)
        for p in positions.dropFirst() {
            b.west = min(b.west, p.lon); b.east = max(b.east, p.lon)
            b.south = min(b.south, p.lat); b.north = max(b.north, p.lat)
        }
        self = b
    }
    public func contains(_ p: Position) -> Bool {
        p.lon >= west && p.lon <= east && p.lat >= south && p.lat <= north
    }
    public func union(_ o: BoundingBox) -> BoundingBox {
        BoundingBox(west: min(west, o.west), south: min(south, o.south),
                    east: max(east, o.east), north: max(north, o.north))
    }
}
