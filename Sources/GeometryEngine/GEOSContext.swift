import CGEOS
import Foundation
import GeoCore

/// The last error and notice messages GEOS reported on one context.
///
/// GEOS calls the handlers below synchronously, on the thread that made the
/// failing call, so the box needs no locking: it belongs to exactly one
/// `GEOSContext`, which is never shared between threads.
final class GEOSMessageBox {
    var lastError: String?
    var lastNotice: String?
}

/// GEOS error handler (`GEOSMessageHandler_r`): the userdata pointer is an
/// unretained `GEOSMessageBox` kept alive by its `GEOSContext`.
private let geosErrorHandler: GEOSMessageHandler_r = { message, userdata in
    guard let userdata else { return }
    let box = Unmanaged<GEOSMessageBox>.fromOpaque(userdata).takeUnretainedValue()
    box.lastError = message.map { String(cString: $0) } ?? "unknown GEOS error"
}

/// GEOS notice handler (`GEOSMessageHandler_r`), e.g. the reason printed by `GEOSisValid_r`.
private let geosNoticeHandler: GEOSMessageHandler_r = { message, userdata in
    guard let userdata else { return }
    let box = Unmanaged<GEOSMessageBox>.fromOpaque(userdata).takeUnretainedValue()
    box.lastNotice = message.map { String(cString: $0) }
}

/// One reentrant GEOS context (`GEOS_init_r` … `GEOS_finish_r`) and the
/// operations of the geometry engine.
///
/// **Threading.** A context is *not* `Sendable` and must be used by one thread
/// or task at a time: GEOS contexts hold mutable state (the message buffers,
/// the readers and writers cached here). Create one per task or thread, or use
/// `withGEOS(_:)`, which hands out a per-thread context for the duration of a
/// synchronous closure. Pass plain `GeoCore` values (or WKB) between tasks,
/// never a context.
///
/// **Units.** Coordinates are longitude, latitude in degrees on WGS84
/// (RFC 7946 order). Planar operations (union, intersection, hulls,
/// simplification, centroid, predicates) work in lon/lat degrees as GEOS does;
/// this is fine for topology and for small shapes, but never use GEOS for areas
/// or lengths (see the Geodesy module). `buffer(_:metres:)` is the exception:
/// it works in metres in a local azimuthal equidistant projection.
///
/// **Altitude.** When every position of a coordinate sequence has an altitude
/// it is passed to GEOS as Z and comes back as `alt`; otherwise altitudes are
/// dropped for that sequence.
///
/// **Empty results.** GeoCore has no empty Point/LineString/Polygon: those
/// come back as `.geometryCollection([])`; empty multi-geometries keep their type.
public final class GEOSContext {
    /// The GEOS handle; valid until `deinit`.
    let handle: GEOSContextHandle_t
    private let messages = GEOSMessageBox()
    private var wktReader: OpaquePointer?
    private var wktWriter: OpaquePointer?
    private var wkbReader: OpaquePointer?
    private var wkbWriter: OpaquePointer?

    /// Creates a fresh GEOS context with error and notice handlers installed.
    /// - Throws: `GeoError.geos` when GEOS cannot allocate a context.
    public init() throws {
        // returns NULL on failure (out of memory)
        guard let h = GEOS_init_r() else {
            throw GeoError.geos("GEOS_init_r could not create a context")
        }
        handle = h
        let box = Unmanaged.passUnretained(messages).toOpaque()
        // Both return the previous handler (NULL here); nothing to check.
        _ = GEOSContext_setErrorMessageHandler_r(handle, geosErrorHandler, box)
        _ = GEOSContext_setNoticeMessageHandler_r(handle, geosNoticeHandler, box)
    }

    deinit {
        // Readers and writers belong to this context: destroy them before it.
        if let r = wktReader { GEOSWKTReader_destroy_r(handle, r) }
        if let w = wktWriter { GEOSWKTWriter_destroy_r(handle, w) }
        if let r = wkbReader { GEOSWKBReader_destroy_r(handle, r) }
        if let w = wkbWriter { GEOSWKBWriter_destroy_r(handle, w) }
        GEOS_finish_r(handle)
    }

    /// The last notice GEOS printed on this context (for diagnostics), if any.
    public var lastNotice: String? { messages.lastNotice }

    // MARK: - Failure conventions

    /// Builds the error for a failed GEOS call, with GEOS's own message.
    func failure(_ function: String) -> GeoError {
        let message = messages.lastError ?? "no message from GEOS"
        return GeoError.geos("\(function) failed: \(message)")
    }

    /// Runs a call whose C convention is "returns NULL on exception" and that
    /// returns a new geometry the caller owns; wraps it in its single owner.
    func owned(_ function: String, _ call: (GEOSContextHandle_t) -> OpaquePointer?) throws -> GEOSObject {
        messages.lastError = nil
        guard let p = call(handle) else { throw failure(function) }
        return GEOSObject(self, p)
    }

    /// Runs a call whose C convention is "returns NULL on exception" and that
    /// returns a pointer the caller must not free (or frees itself).
    func nonNull<T>(_ function: String, _ call: (GEOSContextHandle_t) -> T?) throws -> T {
        messages.lastError = nil
        guard let p = call(handle) else { throw failure(function) }
        return p
    }

    /// Runs a predicate: returns 1 on true, 0 on false, 2 on exception.
    func predicate(_ function: String, _ call: (GEOSContextHandle_t) -> CChar) throws -> Bool {
        messages.lastError = nil
        switch call(handle) {
        case 1: return true
        case 0: return false
        default: throw failure(function)
        }
    }

    /// Runs a call whose convention is "returns 0 on exception" (non-zero on success).
    func nonZero(_ function: String, _ call: (GEOSContextHandle_t) -> Int32) throws {
        messages.lastError = nil
        if call(handle) == 0 { throw failure(function) }
    }

    /// Runs a count: returns -1 on exception.
    func count(_ function: String, _ call: (GEOSContextHandle_t) -> Int32) throws -> Int {
        messages.lastError = nil
        let n = call(handle)
        if n < 0 { throw failure(function) }
        return Int(n)
    }

    /// Takes a string GEOS allocated (NULL on exception), copies it and frees it with `GEOSFree_r`.
    func string(_ function: String, _ call: (GEOSContextHandle_t) -> UnsafeMutablePointer<CChar>?) throws -> String {
        messages.lastError = nil
        guard let p = call(handle) else { throw failure(function) }
        defer { GEOSFree_r(handle, p) }
        return String(cString: p)
    }

    // MARK: - Lazily created readers and writers (owned by the context)

    func wktReaderHandle() throws -> OpaquePointer {
        if let r = wktReader { return r }
        // returns NULL on exception
        let r = try nonNull("GEOSWKTReader_create_r") { GEOSWKTReader_create_r($0) }
        wktReader = r
        return r
    }

    func wktWriterHandle() throws -> OpaquePointer {
        if let w = wktWriter { return w }
        // returns NULL on exception
        let w = try nonNull("GEOSWKTWriter_create_r") { GEOSWKTWriter_create_r($0) }
        wktWriter = w
        return w
    }

    func wkbReaderHandle() throws -> OpaquePointer {
        if let r = wkbReader { return r }
        // returns NULL on exception
        let r = try nonNull("GEOSWKBReader_create_r") { GEOSWKBReader_create_r($0) }
        wkbReader = r
        return r
    }

    func wkbWriterHandle() throws -> OpaquePointer {
        if let w = wkbWriter { return w }
        // returns NULL on exception
        let w = try nonNull("GEOSWKBWriter_create_r") { GEOSWKBWriter_create_r($0) }
        // Little-endian (NDR), the byte order every published example uses.
        GEOSWKBWriter_setByteOrder_r(handle, w, Int32(GEOS_WKB_NDR.rawValue))
        // Write Z when a geometry has it (GEOS writes 2-D geometries as 2-D).
        GEOSWKBWriter_setOutputDimension_r(handle, w, 3)
        wkbWriter = w
        return w
    }
}

/// The single owner of one GEOS geometry pointer (GEOSwift's `GEOSObject`):
/// it calls `GEOSGeom_destroy_r` in `deinit` unless ownership has moved into
/// another GEOS geometry (a polygon or collection), see `releaseOwnership()`.
/// It keeps its context alive, so the context always outlives its geometries.
final class GEOSObject {
    let context: GEOSContext
    let pointer: OpaquePointer
    private var owned = true

    init(_ context: GEOSContext, _ pointer: OpaquePointer) {
        self.context = context
        self.pointer = pointer
    }

    /// Gives the pointer to a GEOS constructor that takes ownership
    /// (`GEOSGeom_createPolygon_r`, `GEOSGeom_createCollection_r`); from now on
    /// this object no longer frees it.
    func releaseOwnership() -> OpaquePointer {
        precondition(owned, "GEOS geometry ownership released twice")
        owned = false
        return pointer
    }

    deinit {
        if owned { GEOSGeom_destroy_r(context.handle, pointer) }
    }
}

// MARK: - Per-thread contexts

/// The per-thread slot used by `withGEOS`.
private final class GEOSContextSlot {
    var context: GEOSContext?
    var inUse = false
}

private let slotKey = "conflictmap.GeometryEngine.GEOSContextSlot"

/// Runs `body` with a GEOS context reserved for the current thread.
///
/// The context is created on first use on a thread and reused by later calls
/// on that thread (it is freed when the thread ends). Because `body` is
/// synchronous, no other task can run on this thread, and so use this
/// context, while `body` runs; a nested call gets a fresh context. Do not let
/// the context escape `body` (store it, or capture it in an escaping closure):
/// a per-thread context is only safe for the duration of the call.
///
/// This is the convenient way to use GEOS from async code: call it inside any
/// task, do the geometry work in the closure, and return plain values.
///
/// - Throws: whatever `body` throws, or `GeoError.geos` when no context can be created.
public func withGEOS<R>(_ body: (GEOSContext) throws -> R) throws -> R {
    let dict = Thread.current.threadDictionary
    let slot: GEOSContextSlot
    if let s = dict[slotKey] as? GEOSContextSlot {
        slot = s
    } else {
        slot = GEOSContextSlot()
        dict[slotKey] = slot
    }
    if slot.inUse {
        // Nested use on the same thread: give the inner call its own context.
        return try body(GEOSContext())
    }
    let context: GEOSContext
    if let c = slot.context {
        context = c
    } else {
        context = try GEOSContext()
        slot.context = context
    }
    slot.inUse = true
    defer { slot.inUse = false }
    return try body(context)
}
