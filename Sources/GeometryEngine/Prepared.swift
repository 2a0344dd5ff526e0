import CGEOS
import Foundation
import GeoCore

/// A GEOS geometry with its prepared form (`GEOSPrepare_r`: cached spatial indexes of its edges
/// and a point-in-area locator), for testing and clipping many shapes against one large
/// geometry (a country outline, a union of governorates) without converting and indexing it again
/// for every shape.
///
/// **Threading.** A prepared geometry belongs to the GEOS context that made it, like every GEOS
/// object: use it only inside the `withGEOS` call (or with the context) that created or fetched
/// it, on that thread. It is deliberately not `Sendable`. To share a clip region between threads,
/// share the plain `Geometry` and let each thread prepare its own copy
/// (``GEOSContext/cachedPrepared(key:_:)`` does this lazily, once per thread and context).
///
/// **Units.** Lon/lat degrees, planar in degrees as all GEOS operations here (never use the
/// results for lengths or areas directly; measure them with the Geodesy module).
public final class PreparedGeometry {
    let object: GEOSObject
    let prepared: OpaquePointer
    /// The bounding box of the geometry in lon/lat degrees, nil when empty.
    public let boundingBox: BoundingBox?

    init(object: GEOSObject, boundingBox: BoundingBox?) throws {
        self.object = object
        self.boundingBox = boundingBox
        // returns NULL on exception
        prepared = try object.context.nonNull("GEOSPrepare_r") { GEOSPrepare_r($0, object.pointer) }
    }

    deinit {
        // The prepared form refers to the geometry: destroy it first (the geometry goes with `object`).
        GEOSPreparedGeom_destroy_r(object.context.handle, prepared)
    }

    /// Whether every point of `g` lies in the interior of this geometry (GEOS
    /// `PreparedContainsProperly`): then `intersection(g)` is `g` itself.
    public func containsProperly(_ g: Geometry) throws -> Bool {
        let ctx = object.context
        let b = try ctx.makeGEOS(g)
        // returns 2 on exception
        return try withExtendedLifetime(b) {
            try ctx.predicate("GEOSPreparedContainsProperly_r") { GEOSPreparedContainsProperly_r($0, prepared, b.pointer) }
        }
    }

    /// Whether `g` and this geometry share at least one point (GEOS `PreparedIntersects`).
    public func intersects(_ g: Geometry) throws -> Bool {
        let ctx = object.context
        let b = try ctx.makeGEOS(g)
        // returns 2 on exception
        return try withExtendedLifetime(b) {
            try ctx.predicate("GEOSPreparedIntersects_r") { GEOSPreparedIntersects_r($0, prepared, b.pointer) }
        }
    }

    /// `g` clipped to this geometry: the same result as `GEOSContext.intersection(g, geometry)`
    /// (GEOS `Intersection`, with `g` first), with two shortcuts that do not change it:
    /// when this geometry contains `g` properly, `g` comes back unchanged (`inside` true) without
    /// an overlay; when their bounding boxes or the geometries do not meet, the result is
    /// `.geometryCollection([])`.
    /// - Returns: the clipped geometry (lon/lat degrees) and whether the shortcut applied.
    public func clip(_ g: Geometry) throws -> (geometry: Geometry, inside: Bool) {
        guard let gb = g.boundingBox else { return (.geometryCollection([]), false) }
        guard let cb = boundingBox, cb.west <= gb.east, gb.west <= cb.east, cb.south <= gb.north, gb.south <= cb.north else {
            return (.geometryCollection([]), false)
        }
        let ctx = object.context
        let b = try ctx.makeGEOS(g)
        return try withExtendedLifetime(b) {
            // returns 2 on exception
            if try ctx.predicate("GEOSPreparedContainsProperly_r", { GEOSPreparedContainsProperly_r($0, prepared, b.pointer) }) {
                return (g, true)
            }
            // returns NULL on exception
            let r = try ctx.owned("GEOSIntersection_r") { GEOSIntersection_r($0, b.pointer, object.pointer) }
            return (try ctx.geometry(r), false)
        }
    }
}

/// Per-thread store of prepared geometries (in the thread dictionary, so it is freed with the
/// thread). Entries keep their context alive, so a context's identity is never reused while an
/// entry for it exists.
private final class PreparedStore {
    var entries: [String: PreparedGeometry] = [:]
}

private let preparedStoreKey = "conflictmap.GeometryEngine.PreparedStore"

extension GEOSContext {
    /// Prepares `g` in this context (see ``PreparedGeometry``).
    public func prepare(_ g: Geometry) throws -> PreparedGeometry {
        try PreparedGeometry(object: try makeGEOS(g), boundingBox: g.boundingBox)
    }

    /// The prepared form of the geometry `make()` returns, prepared once per thread and context and
    /// kept for later calls with the same `key` (at most 64 entries per thread; the store is
    /// emptied when it would grow beyond). `make` runs only when the key is new on this thread.
    ///
    /// The key must identify the geometry completely (callers use e.g. the gazetteer's identity and
    /// the codes of the outlines it is built from): a different geometry under a known key is
    /// silently answered with the old one.
    public func cachedPrepared(key: String, _ make: () throws -> Geometry) throws -> PreparedGeometry {
        let dict = Thread.current.threadDictionary
        let store: PreparedStore
        if let s = dict[preparedStoreKey] as? PreparedStore { store = s } else { store = PreparedStore(); dict[preparedStoreKey] = store }
        let k = "\(UInt(bitPattern: ObjectIdentifier(self).hashValue))|\(key)"
        if let p = store.entries[k] { return p }
        let p = try prepare(try make())
        if store.entries.count >= 64 { store.entries.removeAll() }
        store.entries[k] = p
        return p
    }
}
