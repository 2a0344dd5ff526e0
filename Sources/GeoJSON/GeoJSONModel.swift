import GeoCore

/// A Feature identifier (RFC 7946 §3.2): a JSON string or number.
public enum FeatureID: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case string(String)
    /// A number; integers up to 2^53 are exact and are written without ".0".
    case number(Double)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
}

/// A GeoJSON Feature (RFC 7946 §3.2).
///
/// `geometry` and `properties` may be nil: they are written as JSON `null`
/// (both members are always present in the output, as the RFC requires).
/// `bbox` is stored as read: `[west, south, east, north]` or
/// `[west, south, minAlt, east, north, maxAlt]`, degrees (and metres).
/// `foreignMembers` are the other members of the Feature object, in document
/// order; they are written after the standard members. A `crs` member is never
/// kept (RFC 7946 removed it).
public struct Feature: Hashable, Sendable {
    public var id: FeatureID?
    public var geometry: Geometry?
    public var properties: JSONObject?
    public var bbox: [Double]?
    public var foreignMembers: JSONObject

    public init(id: FeatureID? = nil, geometry: Geometry?, properties: JSONObject? = [:],
                bbox: [Double]? = nil, foreignMembers: JSONObject = [:]) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
        self.bbox = bbox
        self.foreignMembers = foreignMembers
    }
}

/// A GeoJSON FeatureCollection (RFC 7946 §3.3).
public struct FeatureCollection: Hashable, Sendable {
    public var features: [Feature]
    public var bbox: [Double]?
    public var foreignMembers: JSONObject

    public init(features: [Feature] = [], bbox: [Double]? = nil, foreignMembers: JSONObject = [:]) {
        self.features = features
        self.bbox = bbox
        self.foreignMembers = foreignMembers
    }
}

/// The root of a GeoJSON text: a Geometry, a Feature or a FeatureCollection.
///
/// A bare geometry carries neither bbox nor foreign members: GeoCore's
/// `Geometry` has no room for them, so the reader drops them (with a warning
/// for foreign members) and the writer can compute a bbox.
public enum GeoJSONObject: Hashable, Sendable {
    case geometry(Geometry)
    case feature(Feature)
    case featureCollection(FeatureCollection)

    /// "Feature", "FeatureCollection" or the geometry type name.
    public var typeName: String {
        switch self {
        case .geometry(let g): return g.typeName
        case .feature: return "Feature"
        case .featureCollection: return "FeatureCollection"
        }
    }
}

/// A violation of RFC 7946 (or of JSON itself) found while reading, or a
/// value that cannot be written.
///
/// `description` reads `path: message`, e.g.
/// `features[3].geometry.coordinates[0]: a linear ring needs at least 4 positions, found 3`,
/// followed by ` (line L, column C)` when the error was found in a text.
public struct GeoJSONError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Rule: String, Hashable, Sendable {
        /// The text is not JSON (see `json` for the parser's error).
        case invalidJSON
        /// A GeoJSON object (the root, a feature, a geometry) is not a JSON object.
        case notAnObject
        /// The `type` member is missing.
        case missingType
        /// The `type` member is not a string.
        case typeNotString
        /// The `type` is not one of the nine GeoJSON types (names are case-sensitive).
        case unknownType
        /// A known type where another is required (e.g. a Polygon inside `features`).
        case wrongType
        /// A required member is missing (`geometry`, `properties`, `features`, `coordinates`, `geometries`).
        case missingMember
        /// A member has the wrong JSON kind (`properties` not an object or null, `features` not an array, …).
        case invalidMember
        /// A member that changes GeoJSON semantics (RFC 7946 §7.1), e.g. `coordinates` in a Feature.
        case forbiddenMember
        /// `id` is neither a string nor a number.
        case invalidID
        /// Coordinates nested too shallowly or too deeply for the geometry type.
        case coordinateNesting
        /// A position with fewer than 2 elements or with a non-number element.
        case invalidPosition
        /// Longitude outside [-180, 180] or latitude outside [-90, 90] (WGS84 degrees).
        case coordinateOutOfRange
        /// A LineString with fewer than 2 positions.
        case lineTooShort
        /// A linear ring with fewer than 4 positions.
        case ringTooShort
        /// A linear ring whose first and last positions differ.
        case ringNotClosed
        /// A Polygon in a MultiPolygon with no rings.
        case polygonWithoutRings
        /// A Point, LineString or Polygon with empty coordinates outside a Feature's
        /// `geometry` (where it reads as null): GeoCore cannot represent it.
        case emptyGeometry
        /// `bbox` is not an array of 4 or 6 numbers with south ≤ north in range.
        case invalidBBox
        /// The root is not the kind the caller asked for (`readFeature`, `readFeatureCollection`).
        case unexpectedRoot
        /// A NaN or infinite number cannot be written.
        case nonFiniteNumber
    }

    public let rule: Rule
    public let path: JSONPath
    public let message: String
    /// 1-based line and column in the text where the offending value starts; 0 when unknown.
    public var line: Int
    public var column: Int
    /// The JSON parser's error when `rule == .invalidJSON`.
    public var json: JSONError?

    public init(rule: Rule, path: JSONPath, message: String, line: Int = 0, column: Int = 0, json: JSONError? = nil) {
        self.rule = rule; self.path = path; self.message = message
        self.line = line; self.column = column; self.json = json
    }

    public var description: String {
        let base = "\(path): \(message)"
        return line > 0 ? base + " (line \(line), column \(column))" : base
    }
}

/// Something the RFC advises against (SHOULD / SHOULD NOT) but allows, or
/// information the reader dropped. Reading goes on.
public struct GeoJSONWarning: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        /// An exterior ring runs clockwise (RFC 7946 §3.1.6 asks for counter-clockwise;
        /// parsers must not reject it). The writer re-orients.
        case clockwiseExteriorRing
        /// A hole runs counter-clockwise (RFC 7946 §3.1.6 asks for clockwise).
        case counterClockwiseHole
        /// A position has more than 3 elements (RFC 7946 §3.1.1 SHOULD NOT); the extra ones are dropped.
        case extraPositionElements
        /// A GeometryCollection inside a GeometryCollection (RFC 7946 §3.1.8 SHOULD avoid).
        case nestedGeometryCollection
        /// A GeometryCollection with a single geometry (RFC 7946 §3.1.8 SHOULD avoid).
        case singleGeometryCollection
        /// A `crs` member (removed by RFC 7946, see Appendix B.1) was ignored and dropped:
        /// coordinates are taken as WGS84 longitude/latitude.
        case crsIgnored
        /// Foreign members of a geometry object were dropped (GeoCore geometries cannot hold them).
        case geometryForeignMembersDropped
        /// A Feature's geometry had empty coordinates and was read as null (RFC 7946 §3.1 MAY).
        case emptyGeometryAsNull
    }

    public let kind: Kind
    public let path: JSONPath
    public let message: String

    public var description: String { "\(path): \(message)" }
}

/// What the reader returns: the object and the warnings met on the way, in document order.
public struct GeoJSONDocument: Hashable, Sendable {
    public var object: GeoJSONObject
    public var warnings: [GeoJSONWarning]
}
