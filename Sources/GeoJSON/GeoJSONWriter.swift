import GeoCore

/// Writes GeoJSON (RFC 7946) as deterministic UTF-8 bytes.
///
/// - Member order: `type`, `id`, `bbox`, `geometry` / `coordinates` /
///   `geometries`, `properties`, `features`, then foreign members in their
///   stored order. Foreign members whose names are GeoJSON's own (`type`,
///   `id`, `bbox`, `geometry`, `properties`, `features`, `coordinates`,
///   `geometries`) or `crs` are skipped, so the output stays valid.
/// - Coordinates (longitude, latitude in degrees; altitude in metres) are rounded
///   to `decimals` places, half away from zero on the exact binary value, printed
///   without trailing zeros and never as "-0" (`JSONByteWriter.appendRounded`).
///   Property values are written in shortest round-trip form, unrounded.
/// - Polygons are written with exterior rings counter-clockwise and holes
///   clockwise (RFC 7946 §3.1.6), judged before rounding.
/// - No `crs` member is ever written.
/// - Pretty output: two-space indentation, each position on one line as `[lon, lat]`.
public struct GeoJSONWriter: Sendable {
    public enum BBoxMode: Hashable, Sendable {
        /// Never write a bbox.
        case omit
        /// Write the Feature / FeatureCollection `bbox` as stored (rounded outward).
        case preserve
        /// Compute a bbox for every Feature with a geometry, every FeatureCollection
        /// with at least one geometry, and a root geometry; 3-D when every position has
        /// an altitude. Rounded outward so it still contains the rounded coordinates.
        /// No antimeridian-crossing boxes.
        case compute
    }

    public struct Options: Hashable, Sendable {
        /// Decimal places for coordinates and bbox values, clamped to 0…15;
        /// nil writes full precision (shortest round-trip form).
        /// 6 places ≈ 0.11 m in latitude.
        public var decimals: Int?
        /// Two-space indented output instead of compact.
        public var pretty: Bool
        public var bbox: BBoxMode

        public init(decimals: Int? = 6, pretty: Bool = false, bbox: BBoxMode = .preserve) {
            self.decimals = decimals
            self.pretty = pretty
            self.bbox = bbox
        }
    }

    public var options: Options

    public init(options: Options = Options()) { self.options = options }

    /// The bytes of a GeoJSON text for `object`.
    /// - Throws: `GeoJSONError` (`.nonFiniteNumber`) naming the path of a NaN or infinite value.
    public func write(_ object: GeoJSONObject) throws(GeoJSONError) -> [UInt8] {
        try render(object).out.array
    }

    public func write(_ feature: Feature) throws(GeoJSONError) -> [UInt8] { try write(.feature(feature)) }
    public func write(_ collection: FeatureCollection) throws(GeoJSONError) -> [UInt8] { try write(.featureCollection(collection)) }
    public func write(_ geometry: Geometry) throws(GeoJSONError) -> [UInt8] { try write(.geometry(geometry)) }

    /// The GeoJSON text for `object` as a string.
    public func string(_ object: GeoJSONObject) throws(GeoJSONError) -> String {
        String(decoding: try write(object), as: UTF8.self)
    }

    /// Appends the text for `object` to `buffer` (no trailing newline). On error,
    /// `buffer` is left as it was.
    public func append(_ object: GeoJSONObject, to buffer: inout [UInt8]) throws(GeoJSONError) {
        try render(object).out.append(to: &buffer)
    }

    /// Appends one Feature's text to `buffer`.
    public func append(_ feature: Feature, to buffer: inout [UInt8]) throws(GeoJSONError) {
        try append(.feature(feature), to: &buffer)
    }

    /// The text of `object` in a buffer of its own (sized from a rough estimate of the text).
    func render(_ object: GeoJSONObject) throws(GeoJSONError) -> GeoJSONByteWriter {
        var w = GeoJSONByteWriter(options: options, capacity: Self.estimatedSize(object))
        switch object {
        case .geometry(let g): try w.writeGeometry(g, root: true)
        case .feature(let f): try w.writeFeature(f)
        case .featureCollection(let fc): try w.writeCollection(fc)
        }
        return w
    }

    /// A rough size of the compact text of `object` in bytes (a starting capacity; the
    /// buffer grows when it is too small).
    static func estimatedSize(_ object: GeoJSONObject) -> Int {
        func positions(_ g: Geometry) -> Int {
            switch g {
            case .point: return 1
            case .multiPoint(let ps): return ps.count
            case .lineString(let l): return l.positions.count
            case .multiLineString(let ls): return ls.reduce(0) { $0 + $1.positions.count }
            case .polygon(let p): return p.exterior.positions.count + p.holes.reduce(0) { $0 + $1.positions.count }
            case .multiPolygon(let ps):
                return ps.reduce(0) { $0 + $1.exterior.positions.count + $1.holes.reduce(0) { $0 + $1.positions.count } }
            case .geometryCollection(let gs): return gs.reduce(0) { $0 + positions($1) }
            }
        }
        func feature(_ f: Feature) -> Int {
            128 + 24 * (f.geometry.map(positions) ?? 0) + 48 * (f.properties?.count ?? 0)
        }
        switch object {
        case .geometry(let g): return 64 + 24 * positions(g)
        case .feature(let f): return feature(f)
        case .featureCollection(let fc): return 256 + fc.features.reduce(0) { $0 + feature($1) }
        }
    }
}

/// Writes one Feature at a time as a stream of GeoJSON texts:
/// - `.rfc8142`: GeoJSON Text Sequences (RFC 8142): each text is prefixed with
///   the record separator 0x1E and followed by a line feed 0x0A (media type
///   `application/geo+json-seq`);
/// - `.newlineDelimited`: newline-delimited GeoJSON: each text followed by 0x0A.
///
/// Texts are always compact (a pretty text would break newline-delimited framing).
public struct GeoJSONSequenceWriter: Sendable {
    public enum Framing: Hashable, Sendable { case rfc8142, newlineDelimited }

    public let framing: Framing
    public let writer: GeoJSONWriter

    public init(framing: Framing, options: GeoJSONWriter.Options = .init()) {
        var o = options
        o.pretty = false
        self.framing = framing
        self.writer = GeoJSONWriter(options: o)
    }

    /// Appends one framed Feature to `buffer`; on error `buffer` is unchanged.
    public func append(_ feature: Feature, to buffer: inout [UInt8]) throws(GeoJSONError) {
        try append(.feature(feature), to: &buffer)
    }

    /// Appends one framed GeoJSON text to `buffer`; on error `buffer` is unchanged.
    public func append(_ object: GeoJSONObject, to buffer: inout [UInt8]) throws(GeoJSONError) {
        let mark = buffer.count
        if framing == .rfc8142 { buffer.append(0x1E) }
        do throws(GeoJSONError) { try writer.append(object, to: &buffer) } catch {
            buffer.removeSubrange(mark...)
            throw error
        }
        buffer.append(0x0A)
    }

    /// The framed bytes of one Feature.
    public func bytes(for feature: Feature) throws(GeoJSONError) -> [UInt8] {
        var b: [UInt8] = []
        try append(feature, to: &b)
        return b
    }
}

/// Writes a FeatureCollection piece by piece, for collections too large to hold:
/// `begin`, any number of `append`, then `end`. The bytes equal those of
/// `GeoJSONWriter.write(FeatureCollection)` for the same features when the
/// collection has no bbox or foreign members (pretty or compact). Feature bboxes
/// follow the options; the collection gets no bbox.
public struct FeatureCollectionStreamWriter: Sendable {
    public let writer: GeoJSONWriter
    public private(set) var count = 0

    public init(options: GeoJSONWriter.Options = .init()) { self.writer = GeoJSONWriter(options: options) }

    public func begin(into buffer: inout [UInt8]) {
        if writer.options.pretty {
            buffer.append(contentsOf: Array("{\n  \"type\": \"FeatureCollection\",\n  \"features\": [".utf8))
        } else {
            buffer.append(contentsOf: Array("{\"type\":\"FeatureCollection\",\"features\":[".utf8))
        }
    }

    /// Appends one Feature; on error `buffer` is unchanged and the count stays.
    public mutating func append(_ feature: Feature, into buffer: inout [UInt8]) throws(GeoJSONError) {
        var w = GeoJSONByteWriter(options: writer.options, capacity: GeoJSONWriter.estimatedSize(.feature(feature)))
        w.out.level = 2
        if count > 0 { w.out.byte(UInt8(ascii: ",")) }
        w.out.newline()
        do throws(GeoJSONError) { try w.writeFeature(feature) } catch { throw error.prefixed(.index(count)) }
        w.out.append(to: &buffer)
        count += 1
    }

    public func end(into buffer: inout [UInt8]) {
        if count == 0 {
            buffer.append(contentsOf: Array((writer.options.pretty ? "]\n}" : "]}").utf8))
            return
        }
        if writer.options.pretty {
            buffer.append(contentsOf: Array("\n  ]\n}".utf8))
        } else {
            buffer.append(contentsOf: Array("]}".utf8))
        }
    }
}

private let reservedNames: Set<String> = ["type", "id", "bbox", "geometry", "properties", "features",
                                          "coordinates", "geometries", "crs"]


extension GeoJSONError {
    /// This error with `component` put in front of its path (used while unwinding a write).
    func prefixed(_ component: JSONPath.Component) -> GeoJSONError {
        var e = GeoJSONError(rule: rule, path: JSONPath([component] + path.components), message: message,
                             line: line, column: column)
        e.json = json
        return e
    }
}

/// The GeoJSON writer proper: writes into a `JSONSink`. It keeps no path while writing; an
/// error gets its path (e.g. `features[1].geometry.coordinates[1]`) as it unwinds through
/// the levels that wrote the enclosing members and elements.
struct GeoJSONByteWriter: ~Copyable {
    var out: JSONSink
    let decimals: Int?
    /// 10^decimals as a double and as an integer (when `decimals` is set).
    let scale: Double
    let power: UInt64
    let bboxMode: GeoJSONWriter.BBoxMode

    init(options: GeoJSONWriter.Options, capacity: Int) {
        out = JSONSink(pretty: options.pretty, capacity: capacity)
        let d = options.decimals.map { max(0, min(15, $0)) }
        decimals = d
        scale = d.map { JSONByteWriter.exactPowers[$0] } ?? 1
        power = d.map { UInt64(JSONByteWriter.intPowers[$0]) } ?? 1
        bboxMode = options.bbox
    }

    func fail(_ message: String) -> GeoJSONError {
        GeoJSONError(rule: .nonFiniteNumber, path: JSONPath(), message: message)
    }

    mutating func typeMember(_ name: StaticString) {
        out.member("type")
        out.byte(UInt8(ascii: "\""))
        out.raw(name)
        out.byte(UInt8(ascii: "\""))
    }

    // MARK: features

    mutating func writeCollection(_ fc: FeatureCollection) throws(GeoJSONError) {
        out.beginObject()
        typeMember("FeatureCollection")
        switch bboxMode {
        case .omit: break
        case .preserve: if let b = fc.bbox { try writeBBox(b) }
        case .compute:
            let ps = fc.features.flatMap { $0.geometry?.allPositions ?? [] }
            if let b = computedBBox(ps) { try writeBBox(b) }
        }
        out.member("features")
        if fc.features.isEmpty {
            out.raw("[]")
        } else {
            out.byte(UInt8(ascii: "["))
            out.level += 1
            for k in fc.features.indices {
                if k > 0 { out.byte(UInt8(ascii: ",")) }
                out.newline()
                do throws(GeoJSONError) { try writeFeature(fc.features[k]) } catch {
                    throw error.prefixed(.index(k)).prefixed(.key("features"))
                }
            }
            out.level -= 1
            out.newline()
            out.byte(UInt8(ascii: "]"))
        }
        try writeForeign(fc.foreignMembers)
        out.endObject()
    }

    mutating func writeFeature(_ f: Feature) throws(GeoJSONError) {
        out.beginObject()
        typeMember("Feature")
        if let id = f.id {
            out.member("id")
            switch id {
            case .string(let s): out.string(s)
            case .number(let d):
                guard d.isFinite else { throw fail("cannot write id \(d): not a finite number").prefixed(.key("id")) }
                out.number(d)
            }
        }
        switch bboxMode {
        case .omit: break
        case .preserve: if let b = f.bbox { try writeBBox(b) }
        case .compute: if let g = f.geometry, let b = computedBBox(g.allPositions) { try writeBBox(b) }
        }
        out.member("geometry")
        if let g = f.geometry {
            do throws(GeoJSONError) { try writeGeometry(g, root: false) } catch { throw error.prefixed(.key("geometry")) }
        } else {
            out.raw("null")
        }
        out.member("properties")
        if let p = f.properties {
            do throws(GeoJSONError) { try writeJSONObject(p) } catch { throw error.prefixed(.key("properties")) }
        } else {
            out.raw("null")
        }
        try writeForeign(f.foreignMembers)
        out.endObject()
    }

    mutating func writeForeign(_ o: JSONObject) throws(GeoJSONError) {
        for (k, v) in o where !reservedNames.contains(k) {
            out.member(k)
            do throws(GeoJSONError) { try writeJSON(v) } catch { throw error.prefixed(.key(k)) }
        }
    }

    mutating func writeJSON(_ v: JSONValue) throws(GeoJSONError) {
        do throws(JSONError) { try out.value(v) } catch {
            throw GeoJSONError(rule: .nonFiniteNumber, path: error.path, message: error.message)
        }
    }

    mutating func writeJSONObject(_ o: JSONObject) throws(GeoJSONError) {
        do throws(JSONError) { try out.object(o) } catch {
            throw GeoJSONError(rule: .nonFiniteNumber, path: error.path, message: error.message)
        }
    }

    // MARK: bbox

    func computedBBox(_ ps: [Position]) -> [Double]? {
        guard let b = BoundingBox(ps) else { return nil }
        if ps.allSatisfy({ $0.alt != nil }) {
            var lo = Double.infinity, hi = -Double.infinity
            for p in ps { if let a = p.alt { lo = min(lo, a); hi = max(hi, a) } }
            return [b.west, b.south, lo, b.east, b.north, hi]
        }
        return [b.west, b.south, b.east, b.north]
    }

    mutating func writeBBox(_ b: [Double]) throws(GeoJSONError) {
        out.member("bbox")
        out.byte(UInt8(ascii: "["))
        for (k, v) in b.enumerated() {
            guard v.isFinite else {
                throw fail("cannot write bbox value \(v): not a finite number").prefixed(.index(k)).prefixed(.key("bbox"))
            }
            if k > 0 { out.byte(UInt8(ascii: ",")); if out.pretty { out.byte(0x20) } }
            // Lower corner rounds down, upper corner up: the box still contains the rounded coordinates.
            let lower = k < b.count / 2
            let s = v * scale
            guard let decimals else { out.number(v); continue }
            let r = abs(s) < 4.5e15 ? (lower ? s.rounded(.down) : s.rounded(.up)) / scale : v
            out.rounded(r, decimals: decimals, scale: scale, power: power)
        }
        out.byte(UInt8(ascii: "]"))
    }

    // MARK: geometry

    mutating func writeGeometry(_ g: Geometry, root: Bool) throws(GeoJSONError) {
        out.beginObject()
        switch g {
        case .point: typeMember("Point")
        case .multiPoint: typeMember("MultiPoint")
        case .lineString: typeMember("LineString")
        case .multiLineString: typeMember("MultiLineString")
        case .polygon: typeMember("Polygon")
        case .multiPolygon: typeMember("MultiPolygon")
        case .geometryCollection: typeMember("GeometryCollection")
        }
        if root && bboxMode == .compute, let b = computedBBox(g.allPositions) { try writeBBox(b) }
        if case .geometryCollection(let gs) = g {
            out.member("geometries")
            if gs.isEmpty {
                out.raw("[]")
            } else {
                out.byte(UInt8(ascii: "["))
                out.level += 1
                for k in gs.indices {
                    if k > 0 { out.byte(UInt8(ascii: ",")) }
                    out.newline()
                    do throws(GeoJSONError) { try writeGeometry(gs[k], root: false) } catch {
                        throw error.prefixed(.index(k)).prefixed(.key("geometries"))
                    }
                }
                out.level -= 1
                out.newline()
                out.byte(UInt8(ascii: "]"))
            }
            out.endObject()
            return
        }
        out.member("coordinates")
        do throws(GeoJSONError) {
            switch g {
            case .point(let p): try writePosition(p)
            case .multiPoint(let ps): try writePositions(ps)
            case .lineString(let l): try writePositions(l.positions)
            case .multiLineString(let ls): try writeList(ls.count) { (w, k) throws(GeoJSONError) in try w.writePositions(ls[k].positions) }
            case .polygon(let p): try writePolygon(p)
            case .multiPolygon(let ps): try writeList(ps.count) { (w, k) throws(GeoJSONError) in try w.writePolygon(ps[k]) }
            case .geometryCollection: break
            }
        } catch {
            throw error.prefixed(.key("coordinates"))
        }
        out.endObject()
    }

    /// Writes the rings of `p` as `p.rfc7946Oriented` has them (exterior counter-clockwise,
    /// holes clockwise), reading a ring backwards where that reverses it instead of copying it.
    mutating func writePolygon(_ p: Polygon) throws(GeoJSONError) {
        try writeList(1 + p.holes.count) { (w, k) throws(GeoJSONError) in
            let ring = k == 0 ? p.exterior : p.holes[k - 1]
            try w.writePositions(ring.positions, reversed: ring.isCounterClockwise != (k == 0))
        }
    }

    /// Writes `[e0, e1, …]` with one element per line in pretty mode.
    mutating func writeList(_ count: Int, _ element: (inout GeoJSONByteWriter, Int) throws(GeoJSONError) -> Void) throws(GeoJSONError) {
        if count == 0 { out.raw("[]"); return }
        out.byte(UInt8(ascii: "["))
        out.level += 1
        for k in 0..<count {
            if k > 0 { out.byte(UInt8(ascii: ",")) }
            out.newline()
            do throws(GeoJSONError) { try element(&self, k) } catch { throw error.prefixed(.index(k)) }
        }
        out.level -= 1
        out.newline()
        out.byte(UInt8(ascii: "]"))
    }

    /// Writes `[p0, p1, …]` (or the positions last to first when `reversed`); the same bytes
    /// as `writeList` over `writePosition`, in one loop.
    mutating func writePositions(_ ps: [Position], reversed: Bool = false) throws(GeoJSONError) {
        if ps.isEmpty { out.raw("[]"); return }
        out.byte(UInt8(ascii: "["))
        out.level += 1
        let last = ps.count - 1
        for k in 0...last {
            if k > 0 { out.byte(UInt8(ascii: ",")) }
            out.newline()
            do throws(GeoJSONError) { try writePosition(ps[reversed ? last - k : k]) } catch { throw error.prefixed(.index(k)) }
        }
        out.level -= 1
        out.newline()
        out.byte(UInt8(ascii: "]"))
    }

    @inline(__always) mutating func writePosition(_ p: Position) throws(GeoJSONError) {
        guard p.lon.isFinite, p.lat.isFinite, p.alt?.isFinite ?? true else {
            throw fail("cannot write position \(p): coordinates must be finite numbers")
        }
        // The usual case (compact, six decimals, no altitude) in one go; the same bytes.
        if decimals == 6 && !out.pretty && p.alt == nil && out.compactPosition6(p.lon, p.lat) { return }
        out.byte(UInt8(ascii: "["))
        coordinate(p.lon)
        out.byte(UInt8(ascii: ","))
        if out.pretty { out.byte(0x20) }
        coordinate(p.lat)
        if let a = p.alt {
            out.byte(UInt8(ascii: ","))
            if out.pretty { out.byte(0x20) }
            coordinate(a)
        }
        out.byte(UInt8(ascii: "]"))
    }

    @inline(__always) mutating func coordinate(_ v: Double) {
        if decimals == 6 {
            // The usual precision, with constant powers: the division by 10^6 becomes a multiply.
            out.rounded(v, decimals: 6, scale: 1e6, power: 1_000_000)
        } else if let decimals {
            out.rounded(v, decimals: decimals, scale: scale, power: power)
        } else {
            out.number(v)
        }
    }
}
