import CGEOS
import GeoCore

extension GEOSContext {
    // MARK: WKT

    /// Parses Well-Known Text (OGC 06-103r4) with x = longitude, y = latitude in degrees.
    /// - Throws: `GeoError.geos` with GEOS's parse message for malformed text;
    ///   `GeoError.invalidCoordinate` when a coordinate is outside lon/lat range.
    public func geometry(wkt: String) throws -> Geometry {
        let reader = try wktReaderHandle()
        // returns NULL on exception
        let g = try owned("GEOSWKTReader_read_r") { h in wkt.withCString { GEOSWKTReader_read_r(h, reader, $0) } }
        return try geometry(g)
    }

    /// Writes Well-Known Text.
    /// - Parameters:
    ///   - precision: decimal digits after the point, or nil for full
    ///     (round-trip) precision. 6 digits ≈ 0.1 m in latitude.
    ///   - trim: drop trailing zeros (`POINT (1 2)` rather than `POINT (1.000000 2.000000)`).
    /// Z is written when the geometry carries altitudes.
    public func wkt(_ g: Geometry, precision: Int? = nil, trim: Bool = true) throws -> String {
        let writer = try wktWriterHandle()
        // These setters return nothing and cannot fail.
        GEOSWKTWriter_setTrim_r(handle, writer, trim ? 1 : 0)
        GEOSWKTWriter_setRoundingPrecision_r(handle, writer, Int32(clamping: precision ?? -1))
        GEOSWKTWriter_setOutputDimension_r(handle, writer, 3)
        let a = try makeGEOS(g)
        // returns NULL on exception; caller frees with GEOSFree_r
        return try withExtendedLifetime(a) {
            try string("GEOSWKTWriter_write_r") { GEOSWKTWriter_write_r($0, writer, a.pointer) }
        }
    }

    // MARK: WKB

    /// Parses Well-Known Binary (either byte order).
    /// - Throws: `GeoError.geos` with GEOS's message for malformed bytes.
    public func geometry(wkb bytes: [UInt8]) throws -> Geometry {
        let reader = try wkbReaderHandle()
        // returns NULL on exception
        let g = try owned("GEOSWKBReader_read_r") { h in
            bytes.withUnsafeBufferPointer { GEOSWKBReader_read_r(h, reader, $0.baseAddress, $0.count) }
        }
        return try geometry(g)
    }

    /// Parses hex-encoded Well-Known Binary (upper or lower case).
    public func geometry(wkbHex hex: String) throws -> Geometry {
        let reader = try wkbReaderHandle()
        let bytes = Array(hex.utf8)
        // returns NULL on exception
        let g = try owned("GEOSWKBReader_readHEX_r") { h in
            bytes.withUnsafeBufferPointer { GEOSWKBReader_readHEX_r(h, reader, $0.baseAddress, $0.count) }
        }
        return try geometry(g)
    }

    /// Well-Known Binary, little-endian (NDR), ISO/OGC flavour, Z when present.
    public func wkb(_ g: Geometry) throws -> [UInt8] {
        try wkbBytes(g, hex: false)
    }

    /// Hex-encoded little-endian WKB in upper case, e.g. `0101000000000000000000F03F0000000000000040` for POINT (1 2).
    public func wkbHex(_ g: Geometry) throws -> String {
        String(decoding: try wkbBytes(g, hex: true), as: UTF8.self)
    }

    private func wkbBytes(_ g: Geometry, hex: Bool) throws -> [UInt8] {
        let writer = try wkbWriterHandle()
        let a = try makeGEOS(g)
        var size = 0
        // returns NULL on exception; caller frees with GEOSFree_r
        let p = try withExtendedLifetime(a) {
            try nonNull(hex ? "GEOSWKBWriter_writeHEX_r" : "GEOSWKBWriter_write_r") { h in
                hex ? GEOSWKBWriter_writeHEX_r(h, writer, a.pointer, &size)
                    : GEOSWKBWriter_write_r(h, writer, a.pointer, &size)
            }
        }
        defer { GEOSFree_r(handle, p) }
        return Array(UnsafeBufferPointer(start: p, count: size))
    }
}
