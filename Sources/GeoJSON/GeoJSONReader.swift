import GeoCore

/// Reads RFC 7946 GeoJSON and reports the first violation as a `GeoJSONError`
/// naming the JSON path (and, for text input, line and column).
///
/// Decisions (RFC 7946 leaves room; these are ours):
/// - Errors: everything RFC 7946 states as MUST / MUST NOT, plus
///   - longitude outside [-180, 180] or latitude outside [-90, 90]: positions are
///     WGS84 degrees (§4), and a checked `GeoCore.Position` cannot hold other values
///     (`coordinateRange: .accept` lets them through);
///   - duplicate member names (RFC 8259 makes their meaning unpredictable) —
///     switch to `.keepLast` with `duplicateKeys`;
///   - ring closure compares all elements, altitude included (§3.1.6: "identical values");
///   - type names are case-sensitive (`"feature"` is unknown).
/// - Warnings, never errors (`GeoJSONDocument.warnings`): ring winding (§3.1.6: parsers
///   MUST NOT reject), positions with more than 3 elements (extra ones dropped), nested or
///   single-member GeometryCollections (§3.1.8 SHOULD), a `crs` member (dropped; never
///   kept nor written), foreign members of geometries (dropped), empty coordinates of a
///   Feature's Point/LineString/Polygon (read as a null geometry, §3.1 MAY).
/// - Excessive coordinate precision is neither: the RFC only discusses it (§11.2); the
///   writer rounds.
/// - Geometry `bbox` members are validated, then dropped (the writer can compute one);
///   Feature and FeatureCollection `bbox` members are kept as read.
public struct GeoJSONReader: Sendable {
    /// What to do with a longitude outside [-180, 180] or a latitude outside [-90, 90].
    public enum CoordinateRange: Hashable, Sendable {
        /// Throw `GeoJSONError` with rule `.coordinateOutOfRange` (the default: RFC 7946 §4
        /// positions are WGS84 degrees).
        case reject
        /// Keep the values (through `Position(uncheckedLon:lat:alt:)`); for linting foreign
        /// data such as geojsonhint's `issue82` fixture. Downstream geodesy will not expect them.
        case accept
    }

    public var maxDepth: Int
    public var duplicateKeys: JSONParser.DuplicateKeys
    public var coordinateRange: CoordinateRange

    public init(maxDepth: Int = 512, duplicateKeys: JSONParser.DuplicateKeys = .reject,
                coordinateRange: CoordinateRange = .reject) {
        self.maxDepth = maxDepth
        self.duplicateKeys = duplicateKeys
        self.coordinateRange = coordinateRange
    }

    /// Reads a GeoJSON text from UTF-8 bytes (`[UInt8]`, `Data`, …).
    public func read<Bytes: Collection>(_ bytes: Bytes) throws(GeoJSONError) -> GeoJSONDocument
    where Bytes.Element == UInt8 {
        let parser = JSONParser(maxDepth: maxDepth, duplicateKeys: duplicateKeys)
        let json: JSONValue
        do throws(JSONError) { json = try parser.parse(bytes) } catch {
            throw GeoJSONError(rule: .invalidJSON, path: error.path, message: error.message,
                               line: error.line, column: error.column, json: error)
        }
        do throws(GeoJSONError) { return try read(json: json) } catch {
            var e = error
            if let loc = parser.location(of: e.path, in: bytes) { e.line = loc.line; e.column = loc.column }
            throw e
        }
    }

    /// Reads a GeoJSON text from a string.
    public func read(_ string: String) throws(GeoJSONError) -> GeoJSONDocument {
        try read(Array(string.utf8))
    }

    /// Interprets an already parsed JSON value (errors carry no line and column).
    public func read(json: JSONValue) throws(GeoJSONError) -> GeoJSONDocument {
        var ctx = ReadContext()
        ctx.checkRange = coordinateRange == .reject
        let obj = try ctx.readRoot(json)
        return GeoJSONDocument(object: obj, warnings: ctx.warnings)
    }

    /// Reads a text whose root must be a Feature.
    public func readFeature<Bytes: Collection>(_ bytes: Bytes) throws(GeoJSONError) -> (Feature, [GeoJSONWarning])
    where Bytes.Element == UInt8 {
        let doc = try read(bytes)
        guard case .feature(let f) = doc.object else {
            throw GeoJSONError(rule: .unexpectedRoot, path: .root, message: "expected a Feature, found a \(doc.object.typeName)")
        }
        return (f, doc.warnings)
    }

    /// Reads a text whose root must be a FeatureCollection.
    public func readFeatureCollection<Bytes: Collection>(_ bytes: Bytes) throws(GeoJSONError)
        -> (FeatureCollection, [GeoJSONWarning]) where Bytes.Element == UInt8 {
        let doc = try read(bytes)
        guard case .featureCollection(let fc) = doc.object else {
            throw GeoJSONError(rule: .unexpectedRoot, path: .root,
                               message: "expected a FeatureCollection, found a \(doc.object.typeName)")
        }
        return (fc, doc.warnings)
    }
}

private let geometryTypes: Set<String> = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                                          "MultiPolygon", "GeometryCollection"]
private let allTypes: [String] = ["Feature", "FeatureCollection", "Point", "MultiPoint", "LineString",
                                  "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"]

/// Where a geometry sits: decides what empty coordinates mean.
private enum GeometrySlot { case root, featureGeometry, collectionMember }

private struct ReadContext {
    var path: [JSONPath.Component] = []
    var warnings: [GeoJSONWarning] = []
    var checkRange = true

    func fail(_ rule: GeoJSONError.Rule, _ message: String, extra: JSONPath.Component? = nil) -> GeoJSONError {
        var c = path
        if let extra { c.append(extra) }
        return GeoJSONError(rule: rule, path: JSONPath(c), message: message)
    }

    mutating func warn(_ kind: GeoJSONWarning.Kind, _ message: String) {
        warnings.append(GeoJSONWarning(kind: kind, path: JSONPath(path), message: message))
    }

    // MARK: objects

    mutating func readRoot(_ v: JSONValue) throws(GeoJSONError) -> GeoJSONObject {
        guard case .object(let o) = v else {
            throw fail(.notAnObject, "the root of a GeoJSON text must be an object, found \(article(v.kindName))")
        }
        let type = try typeOf(o)
        switch type {
        case "Feature": return .feature(try readFeature(o))
        case "FeatureCollection": return .featureCollection(try readFeatureCollection(o))
        default:
            guard let g = try readGeometry(o, type: type, slot: .root) else {
                throw fail(.emptyGeometry, "an empty \(type) cannot be represented")
            }
            return .geometry(g)
        }
    }

    func typeOf(_ o: JSONObject) throws(GeoJSONError) -> String {
        guard let t = o["type"] else { throw fail(.missingType, "\"type\" member required") }
        guard case .string(let s) = t else {
            throw fail(.typeNotString, "\"type\" member must be a string, found \(article(t.kindName))", extra: .key("type"))
        }
        guard allTypes.contains(s) else {
            var msg = "unknown type \"\(s)\""
            if let m = allTypes.first(where: { $0.lowercased() == s.lowercased() }) {
                msg += " (type names are case-sensitive: did you mean \"\(m)\"?)"
            }
            throw fail(.unknownType, msg, extra: .key("type"))
        }
        return s
    }

    func forbid(_ o: JSONObject, _ names: [String], in what: String) throws(GeoJSONError) {
        for n in names where o.contains(n) {
            throw fail(.forbiddenMember, "a \(what) must not have a \"\(n)\" member (RFC 7946 §7.1)", extra: .key(n))
        }
    }

    mutating func foreign(_ o: JSONObject, reserved: Set<String>) -> JSONObject {
        var f = JSONObject()
        for (k, v) in o where !reserved.contains(k) {
            if k == "crs" {
                path.append(.key("crs"))
                warn(.crsIgnored, "\"crs\" member ignored (removed in RFC 7946): coordinates are read as WGS84 longitude, latitude")
                path.removeLast()
                continue
            }
            f[k] = v
        }
        return f
    }

    mutating func readFeature(_ o: JSONObject) throws(GeoJSONError) -> Feature {
        try forbid(o, ["coordinates", "geometries", "features"], in: "Feature")
        var id: FeatureID? = nil
        if let v = o["id"] {
            switch v {
            case .string(let s): id = .string(s)
            case .number(let d): id = .number(d)
            default: throw fail(.invalidID, "\"id\" must be a string or a number, found \(article(v.kindName))", extra: .key("id"))
            }
        }
        guard let gv = o["geometry"] else { throw fail(.missingMember, "a Feature needs a \"geometry\" member (it may be null)") }
        var geometry: Geometry? = nil
        path.append(.key("geometry"))
        switch gv {
        case .null: break
        case .object(let go):
            let t = try typeOf(go)
            guard geometryTypes.contains(t) else {
                throw fail(.wrongType, "\"geometry\" must be a geometry object or null, found a \(t)", extra: .key("type"))
            }
            geometry = try readGeometry(go, type: t, slot: .featureGeometry)
        default:
            throw fail(.invalidMember, "\"geometry\" must be an object or null, found \(article(gv.kindName))")
        }
        path.removeLast()
        guard let pv = o["properties"] else {
            throw fail(.missingMember, "a Feature needs a \"properties\" member (it may be null)")
        }
        var properties: JSONObject? = nil
        switch pv {
        case .null: break
        case .object(let po): properties = po
        default:
            throw fail(.invalidMember, "\"properties\" must be an object or null, found \(article(pv.kindName))",
                       extra: .key("properties"))
        }
        let bbox = try readBBox(o)
        let fm = foreign(o, reserved: ["type", "id", "geometry", "properties", "bbox"])
        return Feature(id: id, geometry: geometry, properties: properties, bbox: bbox, foreignMembers: fm)
    }

    mutating func readFeatureCollection(_ o: JSONObject) throws(GeoJSONError) -> FeatureCollection {
        try forbid(o, ["coordinates", "geometries", "geometry", "properties"], in: "FeatureCollection")
        guard let fv = o["features"] else { throw fail(.missingMember, "a FeatureCollection needs a \"features\" member") }
        guard case .array(let arr) = fv else {
            throw fail(.invalidMember, "\"features\" must be an array, found \(article(fv.kindName))", extra: .key("features"))
        }
        var features: [Feature] = []
        features.reserveCapacity(arr.count)
        path.append(.key("features"))
        for (k, e) in arr.enumerated() {
            path.append(.index(k))
            guard case .object(let fo) = e else {
                throw fail(.notAnObject, "every feature must be an object, found \(article(e.kindName))")
            }
            let t = try typeOf(fo)
            guard t == "Feature" else {
                throw fail(.wrongType, "every member of \"features\" must be a Feature, found a \(t)", extra: .key("type"))
            }
            features.append(try readFeature(fo))
            path.removeLast()
        }
        path.removeLast()
        let bbox = try readBBox(o)
        let fm = foreign(o, reserved: ["type", "features", "bbox"])
        return FeatureCollection(features: features, bbox: bbox, foreignMembers: fm)
    }

    // MARK: bbox

    func readBBox(_ o: JSONObject) throws(GeoJSONError) -> [Double]? {
        guard let v = o["bbox"] else { return nil }
        guard case .array(let a) = v else {
            throw fail(.invalidBBox, "\"bbox\" must be an array of numbers, found \(article(v.kindName))", extra: .key("bbox"))
        }
        var out: [Double] = []
        out.reserveCapacity(a.count)
        for (k, e) in a.enumerated() {
            guard case .number(let d) = e else {
                var c = path; c.append(.key("bbox")); c.append(.index(k))
                throw GeoJSONError(rule: .invalidBBox, path: JSONPath(c),
                                   message: "every element of \"bbox\" must be a number, found \(article(e.kindName))")
            }
            out.append(d)
        }
        guard out.count == 4 || out.count == 6 else {
            throw fail(.invalidBBox, "\"bbox\" must have 4 elements (2-D) or 6 (3-D), found \(out.count)", extra: .key("bbox"))
        }
        let n = out.count / 2
        let (w, s, e, nn) = (out[0], out[1], out[n], out[n + 1])
        guard s <= nn else {
            throw fail(.invalidBBox, "\"bbox\" south \(s) is greater than north \(nn)", extra: .key("bbox"))
        }
        guard !checkRange || ((-90.0...90.0).contains(s) && (-90.0...90.0).contains(nn)
              && (-180.0...180.0).contains(w) && (-180.0...180.0).contains(e)) else {
            throw fail(.invalidBBox, "\"bbox\" longitudes must lie in [-180, 180] and latitudes in [-90, 90]", extra: .key("bbox"))
        }
        return out
    }

    // MARK: geometries

    /// Reads a geometry object whose type is already known to be `type`.
    /// Returns nil only for empty Point/LineString/Polygon coordinates in a Feature's geometry.
    mutating func readGeometry(_ o: JSONObject, type: String, slot: GeometrySlot) throws(GeoJSONError) -> Geometry? {
        try forbid(o, ["geometry", "properties", "features"], in: "geometry object")
        _ = try readBBox(o)
        let reserved: Set<String> = type == "GeometryCollection" ? ["type", "geometries", "bbox"] : ["type", "coordinates", "bbox"]
        let fm = foreign(o, reserved: reserved)
        if !fm.isEmpty {
            warn(.geometryForeignMembersDropped,
                 "foreign members of a geometry dropped: " + fm.keys.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        if type == "GeometryCollection" {
            guard let gv = o["geometries"] else {
                throw fail(.missingMember, "a GeometryCollection needs a \"geometries\" member")
            }
            guard case .array(let arr) = gv else {
                throw fail(.invalidMember, "\"geometries\" must be an array, found \(article(gv.kindName))", extra: .key("geometries"))
            }
            if slot == .collectionMember {
                warn(.nestedGeometryCollection, "a GeometryCollection nested in another (RFC 7946 §3.1.8: should be avoided)")
            }
            if arr.count == 1 {
                warn(.singleGeometryCollection,
                     "a GeometryCollection with a single geometry (RFC 7946 §3.1.8: use that geometry instead)")
            }
            var gs: [Geometry] = []
            gs.reserveCapacity(arr.count)
            path.append(.key("geometries"))
            for (k, e) in arr.enumerated() {
                path.append(.index(k))
                guard case .object(let eo) = e else {
                    throw fail(.notAnObject, "every member of \"geometries\" must be a geometry object, found \(article(e.kindName))")
                }
                let t = try typeOf(eo)
                guard geometryTypes.contains(t) else {
                    throw fail(.wrongType, "every member of \"geometries\" must be a geometry, found a \(t)", extra: .key("type"))
                }
                guard let g = try readGeometry(eo, type: t, slot: .collectionMember) else {
                    throw fail(.emptyGeometry, "an empty \(t) inside a GeometryCollection cannot be represented")
                }
                gs.append(g)
                path.removeLast()
            }
            path.removeLast()
            return .geometryCollection(gs)
        }

        guard let cv = o["coordinates"] else { throw fail(.missingMember, "a \(type) needs a \"coordinates\" member") }
        path.append(.key("coordinates"))
        defer { path.removeLast() }
        guard case .array(let c) = cv else {
            throw fail(.coordinateNesting, "\"coordinates\" must be an array, found \(article(cv.kindName))")
        }
        if c.isEmpty && (type == "Point" || type == "LineString" || type == "Polygon") {
            guard slot == .featureGeometry else {
                throw fail(.emptyGeometry, "an empty \(type) cannot be represented outside a Feature's geometry")
            }
            path.removeLast()
            warn(.emptyGeometryAsNull, "a \(type) with empty coordinates read as a null geometry (RFC 7946 §3.1)")
            path.append(.key("coordinates"))
            return nil
        }
        switch type {
        case "Point":
            return .point(try position(cv))
        case "MultiPoint":
            return .multiPoint(try positions(c))
        case "LineString":
            return .lineString(try line(c))
        case "MultiLineString":
            var ls: [LineString] = []
            ls.reserveCapacity(c.count)
            for (k, e) in c.enumerated() {
                path.append(.index(k))
                ls.append(try line(try nested(e, "a line (an array of positions)")))
                path.removeLast()
            }
            return .multiLineString(ls)
        case "Polygon":
            return .polygon(try polygon(c))
        case "MultiPolygon":
            var ps: [Polygon] = []
            ps.reserveCapacity(c.count)
            for (k, e) in c.enumerated() {
                path.append(.index(k))
                let rings = try nested(e, "a polygon (an array of linear rings)")
                guard !rings.isEmpty else { throw fail(.polygonWithoutRings, "a polygon needs at least an exterior ring") }
                ps.append(try polygon(rings))
                path.removeLast()
            }
            return .multiPolygon(ps)
        default:
            throw fail(.unknownType, "unknown geometry type \"\(type)\"")
        }
    }

    /// `e` as an array where an array of arrays is expected.
    func nested(_ e: JSONValue, _ what: String) throws(GeoJSONError) -> [JSONValue] {
        guard case .array(let a) = e else {
            let hint = e.doubleValue != nil ? ": the coordinates need to be nested more deeply" : ""
            throw fail(.coordinateNesting, "expected \(what), found \(article(e.kindName))\(hint)")
        }
        return a
    }

    mutating func position(_ v: JSONValue) throws(GeoJSONError) -> Position {
        guard case .array(let a) = v else {
            let hint = v.doubleValue != nil ? ": the coordinates need to be nested more deeply" : ""
            throw fail(.coordinateNesting, "expected a position (an array of numbers), found \(article(v.kindName))\(hint)")
        }
        guard a.count >= 2 else {
            throw fail(.invalidPosition, "a position needs at least 2 numbers (longitude, latitude), found \(a.count)")
        }
        var xs: (Double, Double, Double?) = (0, 0, nil)
        for k in 0..<min(3, a.count) {
            guard case .number(let d) = a[k] else {
                let hint = a[k].arrayValue != nil ? ": the coordinates are nested too deeply" : ""
                throw fail(.invalidPosition, "every element of a position must be a number, found \(article(a[k].kindName))\(hint)",
                           extra: .index(k))
            }
            switch k { case 0: xs.0 = d; case 1: xs.1 = d; default: xs.2 = d }
        }
        if a.count > 3 {
            for k in 3..<a.count {
                guard case .number = a[k] else {
                    throw fail(.invalidPosition, "every element of a position must be a number, found \(article(a[k].kindName))",
                               extra: .index(k))
                }
            }
            warn(.extraPositionElements,
                 "a position with \(a.count) elements (RFC 7946 §3.1.1: at most 3); elements after the altitude dropped")
        }
        guard !checkRange || (-180.0...180.0).contains(xs.0) else {
            throw fail(.coordinateOutOfRange, "longitude \(xs.0) is outside [-180, 180]", extra: .index(0))
        }
        guard !checkRange || (-90.0...90.0).contains(xs.1) else {
            throw fail(.coordinateOutOfRange, "latitude \(xs.1) is outside [-90, 90]", extra: .index(1))
        }
        return Position(uncheckedLon: xs.0, lat: xs.1, alt: xs.2)
    }

    mutating func positions(_ c: [JSONValue]) throws(GeoJSONError) -> [Position] {
        var out: [Position] = []
        out.reserveCapacity(c.count)
        for (k, e) in c.enumerated() {
            path.append(.index(k))
            out.append(try position(e))
            path.removeLast()
        }
        return out
    }

    mutating func line(_ c: [JSONValue]) throws(GeoJSONError) -> LineString {
        let ps = try positions(c)
        guard ps.count >= 2 else {
            throw fail(.lineTooShort, "a line string needs at least 2 positions, found \(ps.count)")
        }
        do { return try LineString(ps) } catch {
            throw fail(.lineTooShort, "\(error)")
        }
    }

    mutating func ring(_ c: [JSONValue]) throws(GeoJSONError) -> LinearRing {
        let ps = try positions(c)
        guard ps.count >= 4 else {
            throw fail(.ringTooShort, "a linear ring needs at least 4 positions, found \(ps.count)")
        }
        guard let f = ps.first, let l = ps.last, f == l else {
            throw fail(.ringNotClosed, "a linear ring must be closed: its first and last positions must be identical")
        }
        do { return try LinearRing(ps) } catch {
            throw fail(.ringNotClosed, "\(error)")
        }
    }

    mutating func polygon(_ c: [JSONValue]) throws(GeoJSONError) -> Polygon {
        var rings: [LinearRing] = []
        rings.reserveCapacity(c.count)
        for (k, e) in c.enumerated() {
            path.append(.index(k))
            let r = try ring(try nested(e, "a linear ring (an array of positions)"))
            let a = r.signedPlanarArea2
            if k == 0 && a < 0 {
                warn(.clockwiseExteriorRing, "the exterior ring runs clockwise (RFC 7946 §3.1.6: counter-clockwise)")
            } else if k > 0 && a > 0 {
                warn(.counterClockwiseHole, "a hole runs counter-clockwise (RFC 7946 §3.1.6: clockwise)")
            }
            rings.append(r)
            path.removeLast()
        }
        guard let ext = rings.first else { throw fail(.polygonWithoutRings, "a polygon needs at least an exterior ring") }
        return Polygon(exterior: ext, holes: Array(rings.dropFirst()))
    }
}

private func article(_ kind: String) -> String {
    switch kind {
    case "null": return "null"
    case "object", "array": return "an \(kind)"
    default: return "a \(kind)"
    }
}
