import CPROJ
import GeoCore

/// An ellipsoidal azimuthal equidistant projection (PROJ `aeqd` on WGS84)
/// centred on a point: x east and y north in metres. Geodesic distances and
/// azimuths from the centre are exact; elsewhere distortion grows slowly with
/// distance (about 0.02 % in scale at 100 km). Use it to buffer in metres
/// ("never buffer in degrees") and to build sectors and corridors.
///
/// Owns one PROJ context and one transformation, freed in `deinit`. Not
/// thread-safe (PROJ contexts are per thread): make one per task.
public final class LocalProjection {
    /// The projection's centre.
    public let center: Position
    private let ctx: OpaquePointer
    private let pj: OpaquePointer

    /// - Throws: `GeoError.proj` when PROJ cannot build the projection.
    public init(center: Position) throws {
        self.center = center
        // proj_context_create returns NULL on allocation failure.
        guard let ctx = proj_context_create() else { throw GeoError.proj("cannot create a PROJ context") }
        let def = "+proj=aeqd +lat_0=\(center.lat) +lon_0=\(center.lon) +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
        // proj_create returns NULL on error; the reason is in the context's errno.
        guard let pj = proj_create(ctx, def) else {
            let code = proj_context_errno(ctx)
            let msg = proj_context_errno_string(ctx, code).map { String(cString: $0) } ?? "error \(code)"
            proj_context_destroy(ctx)
            throw GeoError.proj("cannot create projection \(def): \(msg)")
        }
        self.ctx = ctx
        self.pj = pj
    }

    deinit {
        proj_destroy(pj)
        proj_context_destroy(ctx)
    }

    /// Projects a lon/lat position to (x, y) metres.
    /// - Throws: `GeoError.proj` when PROJ cannot project the point.
    public func forward(_ p: Position) throws -> (x: Double, y: Double) {
        let c = proj_coord(proj_torad(p.lon), proj_torad(p.lat), 0, 0)
        // proj_trans returns HUGE_VAL coordinates and sets errno on failure.
        let r = proj_trans(pj, PJ_FWD, c)
        guard r.xy.x.isFinite, r.xy.y.isFinite, r.xy.x != .greatestFiniteMagnitude else {
            throw GeoError.proj("cannot project \(p) around \(center): \(lastError())")
        }
        return (r.xy.x, r.xy.y)
    }

    /// Unprojects (x, y) metres to a lon/lat position.
    /// - Throws: `GeoError.proj` when PROJ cannot invert the point.
    public func inverse(x: Double, y: Double) throws -> Position {
        let r = proj_trans(pj, PJ_INV, proj_coord(x, y, 0, 0))
        guard r.lp.lam.isFinite, r.lp.phi.isFinite, r.lp.lam != .greatestFiniteMagnitude else {
            throw GeoError.proj("cannot unproject (\(x), \(y)) around \(center): \(lastError())")
        }
        return Position(uncheckedLon: Geodesic.reduceLongitude(proj_todeg(r.lp.lam)), lat: proj_todeg(r.lp.phi))
    }

    private func lastError() -> String {
        let code = proj_errno(pj)
        proj_errno_reset(pj)
        return proj_context_errno_string(ctx, code).map { String(cString: $0) } ?? "error \(code)"
    }
}
