import CGEOS
import GeoCore

/// Maps a position to the plane GEOS works in. The identity (lon, lat) for
/// ordinary operations; a local projection in metres for buffers.
typealias ToPlane = (Position) throws -> (x: Double, y: Double)
/// Maps a GEOS coordinate back to a position (z is nil or NaN when absent).
typealias FromPlane = (_ x: Double, _ y: Double, _ z: Double?) throws -> Position

func identityToPlane(_ p: Position) -> (x: Double, y: Double) { (p.lon, p.lat) }
/// Checked: a GEOS result outside lon/lat range throws instead of passing on.
func identityFromPlane(_ x: Double, _ y: Double, _ z: Double?) throws -> Position {
    try Position(lon: x, lat: y, alt: z)
}

private func typeId(_ t: GEOSGeomTypes) -> Int32 { Int32(t.rawValue) }

extension GEOSContext {
    // MARK: GeoCore -> GEOS

    /// Converts a GeoCore geometry to a GEOS geometry with a single owner.
    func makeGEOS(_ geometry: Geometry, _ toPlane: ToPlane = identityToPlane) throws -> GEOSObject {
        switch geometry {
        case .point(let p):
            return try simple("GEOSGeom_createPoint_r", [p], toPlane) { GEOSGeom_createPoint_r($0, $1) }
        case .multiPoint(let ps):
            return try collection(GEOS_MULTIPOINT, ps.map { try makeGEOS(.point($0), toPlane) })
        case .lineString(let l):
            return try lineString(l.positions, toPlane)
        case .multiLineString(let ls):
            return try collection(GEOS_MULTILINESTRING, ls.map { try lineString($0.positions, toPlane) })
        case .polygon(let p):
            return try polygon(p, toPlane)
        case .multiPolygon(let ps):
            return try collection(GEOS_MULTIPOLYGON, ps.map { try polygon($0, toPlane) })
        case .geometryCollection(let gs):
            return try collection(GEOS_GEOMETRYCOLLECTION, gs.map { try makeGEOS($0, toPlane) })
        }
    }

    private func lineString(_ ps: [Position], _ toPlane: ToPlane) throws -> GEOSObject {
        try simple("GEOSGeom_createLineString_r", ps, toPlane) { GEOSGeom_createLineString_r($0, $1) }
    }

    private func ring(_ r: LinearRing, _ toPlane: ToPlane) throws -> GEOSObject {
        try simple("GEOSGeom_createLinearRing_r", r.positions, toPlane) { GEOSGeom_createLinearRing_r($0, $1) }
    }

    /// Builds a coordinate sequence and hands it to a constructor that takes
    /// ownership of it (point, line string, linear ring).
    private func simple(_ function: String, _ positions: [Position], _ toPlane: ToPlane,
                        _ create: (GEOSContextHandle_t, OpaquePointer) -> OpaquePointer?) throws -> GEOSObject {
        let seq = try coordSeq(positions, toPlane)
        // The constructor takes ownership of `seq`, also when it fails (GEOS
        // moves it into the geometry before validating), so we never free it.
        // returns NULL on exception
        return try owned(function) { create($0, seq) }
    }

    /// A new coordinate sequence (owned by the caller until passed to a
    /// geometry constructor). Z is kept when every position has an altitude.
    private func coordSeq(_ positions: [Position], _ toPlane: ToPlane) throws -> OpaquePointer {
        let hasZ = !positions.isEmpty && positions.allSatisfy { $0.alt != nil }
        var buffer: [Double] = []
        buffer.reserveCapacity(positions.count * (hasZ ? 3 : 2))
        for p in positions {
            let (x, y) = try toPlane(p)
            buffer.append(x)
            buffer.append(y)
            if hasZ { buffer.append(p.alt ?? .nan) }
        }
        // returns NULL on exception
        return try nonNull("GEOSCoordSeq_copyFromBuffer_r") { h in
            buffer.withUnsafeBufferPointer { b in
                GEOSCoordSeq_copyFromBuffer_r(h, b.baseAddress, UInt32(positions.count), hasZ ? 1 : 0, 0)
            }
        }
    }

    private func polygon(_ p: Polygon, _ toPlane: ToPlane) throws -> GEOSObject {
        let shell = try ring(p.exterior, toPlane)
        let holes = try p.holes.map { try ring($0, toPlane) }
        // GEOSGeom_createPolygon_r takes ownership of the shell and the holes
        // (not of the array), also when it fails (GEOS ticket #1111): release the old owners first.
        var holePointers: [OpaquePointer?] = holes.map { $0.releaseOwnership() }
        let shellPointer = shell.releaseOwnership()
        // returns NULL on exception
        return try owned("GEOSGeom_createPolygon_r") { h in
            holePointers.withUnsafeMutableBufferPointer { b in
                GEOSGeom_createPolygon_r(h, shellPointer, b.baseAddress, UInt32(b.count))
            }
        }
    }

    /// A collection of the given type; empty members give an empty collection.
    func collection(_ type: GEOSGeomTypes, _ members: [GEOSObject]) throws -> GEOSObject {
        if members.isEmpty {
            // returns NULL on exception
            return try owned("GEOSGeom_createEmptyCollection_r") { GEOSGeom_createEmptyCollection_r($0, typeId(type)) }
        }
        // GEOSGeom_createCollection_r takes ownership of the members (not of
        // the array), also when it fails (GEOS ticket #1111): release the old owners first.
        var pointers: [OpaquePointer?] = members.map { $0.releaseOwnership() }
        // returns NULL on exception
        return try owned("GEOSGeom_createCollection_r") { h in
            pointers.withUnsafeMutableBufferPointer { b in
                GEOSGeom_createCollection_r(h, typeId(type), b.baseAddress, UInt32(b.count))
            }
        }
    }

    // MARK: GEOS -> GeoCore

    /// Converts an owned GEOS geometry to GeoCore.
    func geometry(_ object: GEOSObject, _ fromPlane: FromPlane = identityFromPlane) throws -> Geometry {
        try withExtendedLifetime(object) { try geometry(borrowing: object.pointer, fromPlane) }
    }

    /// Converts a GEOS geometry the caller keeps alive (a parent's child, say).
    private func geometry(borrowing g: OpaquePointer, _ fromPlane: FromPlane) throws -> Geometry {
        // returns -1 on exception
        let type = try count("GEOSGeomTypeId_r") { GEOSGeomTypeId_r($0, g) }
        // returns 2 on exception
        if try predicate("GEOSisEmpty_r", { GEOSisEmpty_r($0, g) }) {
            // Empty multi-geometries keep their type; GeoCore has no empty
            // Point, LineString or Polygon, so those become an empty collection.
            switch Int32(type) {
            case typeId(GEOS_MULTIPOINT): return .multiPoint([])
            case typeId(GEOS_MULTILINESTRING): return .multiLineString([])
            case typeId(GEOS_MULTIPOLYGON): return .multiPolygon([])
            default: return .geometryCollection([])
            }
        }
        switch Int32(type) {
        case typeId(GEOS_POINT):
            let ps = try positions(of: g, fromPlane)
            guard let p = ps.first else { return .geometryCollection([]) }
            return .point(p)
        case typeId(GEOS_LINESTRING), typeId(GEOS_LINEARRING):
            return .lineString(try LineString(positions(of: g, fromPlane)))
        case typeId(GEOS_POLYGON):
            return .polygon(try polygon(borrowing: g, fromPlane))
        case typeId(GEOS_MULTIPOINT):
            return .multiPoint(try children(of: g).compactMap { c in
                if case .point(let p) = try geometry(borrowing: c, fromPlane) { return p }
                return nil // an empty member point
            })
        case typeId(GEOS_MULTILINESTRING):
            return .multiLineString(try children(of: g).compactMap { c in
                if case .lineString(let l) = try geometry(borrowing: c, fromPlane) { return l }
                return nil
            })
        case typeId(GEOS_MULTIPOLYGON):
            return .multiPolygon(try children(of: g).compactMap { c in
                if case .polygon(let p) = try geometry(borrowing: c, fromPlane) { return p }
                return nil
            })
        case typeId(GEOS_GEOMETRYCOLLECTION):
            return .geometryCollection(try children(of: g).map { try geometry(borrowing: $0, fromPlane) })
        default:
            throw GeoError.unsupported("GEOS geometry type id \(type) has no GeoJSON equivalent")
        }
    }

    /// The direct children of a collection (owned by it: do not free).
    private func children(of g: OpaquePointer) throws -> [OpaquePointer] {
        // returns -1 on exception
        let n = try count("GEOSGetNumGeometries_r") { GEOSGetNumGeometries_r($0, g) }
        return try (0..<n).map { i in
            // returns NULL on exception; owned by the parent, do not free
            try nonNull("GEOSGetGeometryN_r") { GEOSGetGeometryN_r($0, g, Int32(i)) }
        }
    }

    private func polygon(borrowing g: OpaquePointer, _ fromPlane: FromPlane) throws -> Polygon {
        // returns NULL on exception; owned by the polygon, do not free
        let shell = try nonNull("GEOSGetExteriorRing_r") { GEOSGetExteriorRing_r($0, g) }
        // returns -1 on exception
        let nHoles = try count("GEOSGetNumInteriorRings_r") { GEOSGetNumInteriorRings_r($0, g) }
        let holes = try (0..<nHoles).map { i in
            // returns NULL on exception; owned by the polygon, do not free
            let r = try nonNull("GEOSGetInteriorRingN_r") { GEOSGetInteriorRingN_r($0, g, Int32(i)) }
            return try LinearRing(positions(of: r, fromPlane))
        }
        return Polygon(exterior: try LinearRing(positions(of: shell, fromPlane)), holes: holes)
    }

    /// The positions of a point, line string or linear ring.
    private func positions(of g: OpaquePointer, _ fromPlane: FromPlane) throws -> [Position] {
        // returns NULL on exception; owned by the geometry, do not free
        let seq = try nonNull("GEOSGeom_getCoordSeq_r") { GEOSGeom_getCoordSeq_r($0, g) }
        var size: UInt32 = 0
        // returns 0 on exception
        try nonZero("GEOSCoordSeq_getSize_r") { GEOSCoordSeq_getSize_r($0, seq, &size) }
        let n = Int(size)
        if n == 0 { return [] }
        var buffer = [Double](repeating: .nan, count: n * 3)
        // returns 0 on exception; Z is NaN where the sequence has none
        try nonZero("GEOSCoordSeq_copyToBuffer_r") { h in
            buffer.withUnsafeMutableBufferPointer { GEOSCoordSeq_copyToBuffer_r(h, seq, $0.baseAddress, 1, 0) }
        }
        return try (0..<n).map { i in
            let z = buffer[3 * i + 2]
            return try fromPlane(buffer[3 * i], buffer[3 * i + 1], z.isNaN ? nil : z)
        }
    }
}
