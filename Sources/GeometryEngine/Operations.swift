import CGEOS
import GeoCore

extension GEOSContext {
    // MARK: helpers

    /// Applies a unary GEOS operation (returns NULL on exception) to a GeoCore value.
    private func unary(_ function: String, _ g: Geometry,
                       _ op: (GEOSContextHandle_t, OpaquePointer) -> OpaquePointer?) throws -> Geometry {
        let a = try makeGEOS(g)
        let r = try withExtendedLifetime(a) { try owned(function) { op($0, a.pointer) } }
        return try geometry(r)
    }

    /// Applies a binary GEOS operation (returns NULL on exception).
    private func binary(_ function: String, _ g1: Geometry, _ g2: Geometry,
                        _ op: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> OpaquePointer?) throws -> Geometry {
        let a = try makeGEOS(g1), b = try makeGEOS(g2)
        let r = try withExtendedLifetime((a, b)) { try owned(function) { op($0, a.pointer, b.pointer) } }
        return try geometry(r)
    }

    /// Applies a binary GEOS predicate (returns 2 on exception).
    private func binaryPredicate(_ function: String, _ g1: Geometry, _ g2: Geometry,
                                 _ op: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar) throws -> Bool {
        let a = try makeGEOS(g1), b = try makeGEOS(g2)
        return try withExtendedLifetime((a, b)) { try predicate(function) { op($0, a.pointer, b.pointer) } }
    }

    // MARK: validity

    /// Whether the geometry is valid in the OGC Simple Features sense (GEOS `isValid`).
    public func isValid(_ g: Geometry) throws -> Bool {
        let a = try makeGEOS(g)
        // returns 2 on exception
        return try withExtendedLifetime(a) { try predicate("GEOSisValid_r") { GEOSisValid_r($0, a.pointer) } }
    }

    /// GEOS's explanation of validity: "Valid Geometry", or the problem and
    /// where it is, e.g. "Self-intersection[0.5 0.5]" (coordinates in degrees).
    public func validityReason(_ g: Geometry) throws -> String {
        let a = try makeGEOS(g)
        // returns NULL on exception; caller frees with GEOSFree_r
        return try withExtendedLifetime(a) { try string("GEOSisValidReason_r") { GEOSisValidReason_r($0, a.pointer) } }
    }

    /// Repairs an invalid geometry without losing vertices (GEOS `MakeValid`,
    /// linework method): a bow-tie polygon becomes a MultiPolygon of two
    /// triangles. A valid input comes back unchanged in shape.
    public func makeValid(_ g: Geometry) throws -> Geometry {
        try unary("GEOSMakeValid_r", g) { GEOSMakeValid_r($0, $1) }
    }

    // MARK: hulls

    /// The convex hull of all positions (planar, in lon/lat degrees).
    public func convexHull(_ g: Geometry) throws -> Geometry {
        try unary("GEOSConvexHull_r", g) { GEOSConvexHull_r($0, $1) }
    }

    /// The convex hull of a set of positions (planar, in lon/lat degrees): the same result as
    /// `convexHull(.multiPoint(positions))`, since GEOS hulls the distinct coordinates in the
    /// order it meets them and a line string through the positions presents the same coordinates
    /// in the same order; but it is built from one coordinate sequence instead of one GEOS point
    /// per position.
    public func convexHull(of positions: [Position]) throws -> Geometry {
        guard positions.count >= 2 else { return try convexHull(.multiPoint(positions)) }
        return try convexHull(.lineString(try LineString(positions)))
    }

    /// A concave hull of all positions (GEOS 3.11 `ConcaveHull`, planar in lon/lat).
    /// - Parameters:
    ///   - ratio: target edge-length ratio in [0, 1]: 1 gives the convex hull,
    ///     smaller values a tighter, more concave hull.
    ///   - allowHoles: whether the hull may contain holes.
    /// - Throws: `GeoError.invalidGeometry` when `ratio` is outside [0, 1].
    public func concaveHull(_ g: Geometry, ratio: Double, allowHoles: Bool = false) throws -> Geometry {
        guard ratio.isFinite, (0.0...1.0).contains(ratio) else {
            throw GeoError.invalidGeometry("concave hull ratio must be in [0, 1], got \(ratio)")
        }
        return try unary("GEOSConcaveHull_r", g) { GEOSConcaveHull_r($0, $1, ratio, allowHoles ? 1 : 0) }
    }

    // MARK: overlay

    /// The union of two geometries.
    public func union(_ a: Geometry, _ b: Geometry) throws -> Geometry {
        try binary("GEOSUnion_r", a, b) { GEOSUnion_r($0, $1, $2) }
    }

    /// The union of many geometries at once (a collection, then GEOS `UnaryUnion`);
    /// faster and more robust than folding `union(_:_:)`. An empty list gives
    /// `.geometryCollection([])`.
    public func unaryUnion(_ geometries: [Geometry]) throws -> Geometry {
        let members = try geometries.map { try makeGEOS($0) }
        let c = try collection(GEOS_GEOMETRYCOLLECTION, members)
        // returns NULL on exception
        let r = try withExtendedLifetime(c) { try owned("GEOSUnaryUnion_r") { GEOSUnaryUnion_r($0, c.pointer) } }
        return try geometry(r)
    }

    /// The intersection of two geometries (empty → `.geometryCollection([])`).
    public func intersection(_ a: Geometry, _ b: Geometry) throws -> Geometry {
        try binary("GEOSIntersection_r", a, b) { GEOSIntersection_r($0, $1, $2) }
    }

    /// The part of `a` not in `b`.
    public func difference(_ a: Geometry, _ b: Geometry) throws -> Geometry {
        try binary("GEOSDifference_r", a, b) { GEOSDifference_r($0, $1, $2) }
    }

    // MARK: predicates

    /// Whether `a` contains `b` (no point of `b` outside `a`, and their interiors meet).
    public func contains(_ a: Geometry, _ b: Geometry) throws -> Bool {
        // returns 2 on exception
        try binaryPredicate("GEOSContains_r", a, b) { GEOSContains_r($0, $1, $2) }
    }

    /// Whether `a` and `b` share at least one point.
    public func intersects(_ a: Geometry, _ b: Geometry) throws -> Bool {
        // returns 2 on exception
        try binaryPredicate("GEOSIntersects_r", a, b) { GEOSIntersects_r($0, $1, $2) }
    }

    /// Whether `a` lies within `b` (the converse of `contains`).
    public func within(_ a: Geometry, _ b: Geometry) throws -> Bool {
        // returns 2 on exception
        try binaryPredicate("GEOSWithin_r", a, b) { GEOSWithin_r($0, $1, $2) }
    }

    // MARK: simplification and points

    /// Topology-preserving simplification (GEOS `TopologyPreserveSimplify`,
    /// Douglas–Peucker that keeps rings simple and holes inside).
    /// - Parameter tolerance: maximum deviation **in degrees** of lon/lat
    ///   (planar); 0.001° ≈ 111 m in latitude, less in longitude (× cos lat).
    public func simplify(_ g: Geometry, toleranceDegrees tolerance: Double) throws -> Geometry {
        guard tolerance.isFinite, tolerance >= 0 else {
            throw GeoError.invalidGeometry("simplification tolerance must be a finite number ≥ 0 degrees, got \(tolerance)")
        }
        return try unary("GEOSTopologyPreserveSimplify_r", g) { GEOSTopologyPreserveSimplify_r($0, $1, tolerance) }
    }

    /// The planar centroid in lon/lat degrees, or nil for an empty geometry.
    /// Good for labels and projection centres of small shapes; not a geodesic centre of mass.
    public func centroid(_ g: Geometry) throws -> Position? {
        let r = try unary("GEOSGetCentroid_r", g) { GEOSGetCentroid_r($0, $1) }
        if case .point(let p) = r { return p }
        return nil
    }

    /// A position guaranteed to lie in the geometry (inside a polygon, on a
    /// line), in lon/lat degrees; nil for an empty geometry.
    public func pointOnSurface(_ g: Geometry) throws -> Position? {
        let r = try unary("GEOSPointOnSurface_r", g) { GEOSPointOnSurface_r($0, $1) }
        if case .point(let p) = r { return p }
        return nil
    }
}
