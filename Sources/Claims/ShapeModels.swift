import Foundation
import GeoCore
import Geodesy
import GeometryEngine
import Gazetteer

/// Errors of claim analysis; each message names what is wrong and where.
public enum ClaimAnalysisError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A name or id of a claim spec matches no place.
    case unresolvedPlace(String)
    /// A region name matches no governorate or district outline.
    case unknownRegion(String)
    /// A claim spec is malformed (message names the member).
    case badSpec(String)
    /// The geometry engine failed while building a model.
    case geometry(String)

    public var description: String {
        switch self {
        case .unresolvedPlace(let m): return "unresolved place: \(m)"
        case .unknownRegion(let m): return "unknown region: \(m)"
        case .badSpec(let m): return "bad claim spec: \(m)"
        case .geometry(let m): return "geometry: \(m)"
        }
    }
}

/// Builds the shape models of a claim, each measured geodesically on WGS84 and clipped to the
/// country outline and, when regions are named, to their union.
///
/// Geometry is in lon/lat degrees (WGS84). Buffers are in metres on the ellipsoid
/// (`GEOSContext.buffer(_:metres:)`: local aeqd projection, geodesic densification); areas are
/// Karney's geodesic polygon areas (`Geodesic.measure`, through PROJ `geod_polygonarea`, accurate
/// to well under 1 m² for shapes of this size; the grown hulls are measured by `DiscCache.km2`,
/// the same sum with the edge terms of the cached discs reused). Hull vertices come from GEOS's
/// planar hull in lon/lat, and their edges are measured as geodesics, so a bare triangle's area
/// is exactly the geodesic triangle's.
struct ShapeBuilder {
    /// The clip region (country ∩ named regions), nil when no country outline is known.
    let clip: Geometry?
    /// Human-readable name of the clip region ("Syria ∩ (Aleppo ∪ Hama ∪ Ar-Raqqah)").
    let clipLabel: String
    /// Identifies `clip` completely (gazetteer identity, country, outline codes): the key of its
    /// per-thread prepared copy and of the region-model cache; nil when `clip` is nil.
    var clipKey: String? = nil

    /// Douglas–Peucker tolerance (topology-preserving, degrees) of the `region` model's map
    /// geometry: 0.001° is at most 111 m north–south and 91 m east–west at 35° N. Its `areaKm2`
    /// is measured on the unsimplified geometry (docs/FORMAT.md, `computed_km2`).
    static let regionDisplayToleranceDegrees = 0.001

    /// Corridor buffers: the 1 km geodesic samples of the line are projected (aeqd at the centre
    /// of the line's box) and simplified by 1 cm, and the buffer's straight sides are split every
    /// 5 km before they are projected back. A projected geodesic of 93 km (Resafa–Ithriya) bends
    /// by 2.2 mm, and a 5 km side edge 10–50 km from the centre bows by under 1 mm against the
    /// geodesic through its ends, so areas move by well under 0.001 km² (the rounding of
    /// `computed_km2`) while a corridor has ~100 instead of ~250 vertices.
    static let corridorLineToleranceMetres = 0.01
    static let corridorEdgeMetres = 5_000.0

    static func km2(_ g: Geometry) -> Double { Geodesic.wgs84.measure(g).area / 1e6 }

    /// Polygonal part of a GEOS result as a Polygon/MultiPolygon, nil when empty.
    static func polygonal(_ g: Geometry) -> Geometry? {
        let ps = g.polygons
        if ps.isEmpty { return nil }
        return ps.count == 1 ? .polygon(ps[0]) : .multiPolygon(ps)
    }

    /// Clips `shape` and returns (clipped geometry, clipped km², unclipped km²).
    /// - Parameter km2: the area measure (``km2(_:)``, or `DiscCache.km2`, the same value).
    func clipped(_ ctx: GEOSContext, _ shape: Geometry, km2: (Geometry) -> Double = ShapeBuilder.km2) throws -> (Geometry?, Double, Double) {
        let r = try clippedShape(ctx, shape, km2: km2)
        return (r.geometry, r.area, r.raw)
    }

    /// Clips `shape`: the clipped geometry, its km², the unclipped km², and whether `shape` lay
    /// properly inside the clip region (so it is its own intersection).
    /// - Parameters:
    ///   - knownInside: the caller knows `shape` lies properly inside the clip region (a narrower
    ///     buffer of a line whose wider buffer was found inside it): the answer
    ///     `PreparedGeometry.clip` would give, without asking it.
    ///   - km2: the area measure (``km2(_:)``, or `DiscCache.km2`, the same value).
    func clippedShape(_ ctx: GEOSContext, _ shape: Geometry, knownInside: Bool = false,
                      km2: (Geometry) -> Double = ShapeBuilder.km2) throws
        -> (geometry: Geometry?, area: Double, raw: Double, inside: Bool) {
        let raw = km2(shape)
        guard let c = clip else { return (Self.polygonal(shape), raw, raw, false) }
        guard let key = clipKey else {
            let g = Self.polygonal(try ctx.intersection(shape, c))
            return (g, g.map(km2) ?? 0, raw, false)
        }
        if knownInside { return (Self.polygonal(shape), raw, raw, true) }
        // The clip region is prepared once per thread; a shape properly inside it is its own
        // intersection, so neither the overlay nor a second measurement is needed.
        let prepared = try ctx.cachedPrepared(key: key) { c }
        let (r, inside) = try prepared.clip(shape)
        if inside { return (Self.polygonal(shape), raw, raw, true) }
        let g = Self.polygonal(r)
        return (g, g.map(km2) ?? 0, raw, false)
    }

    func clipParams(_ raw: Double) -> [(key: String, value: ModelParameter)] {
        [("unclipped_km2", .number(round3(raw))), ("clipped_to", .text(clip == nil ? "nothing (no country outline loaded)" : clipLabel))]
    }

    /// Corridors of the geodesic a–b at the standard widths.
    /// - Parameter lines: the document's geodesic lines (shared with its axes), nil for none.
    func corridors(from a: ClaimAnchor, to b: ClaimAnchor, lines: GeodesicLineMemo? = nil) throws -> (models: [ShapeModel], lengthKm: Double) {
        let (pts, metres) = lines?.line(from: a.position, to: b.position)
            ?? Geodesic.wgs84.sampleAndDistance(from: a.position, to: b.position, maxSpacing: VerdictRules.lineSampleSpacingKm * 1000)
        let lengthKm = metres / 1000
        let line = Geometry.lineString(try LineString(pts))
        let models: [ShapeModel] = try withGEOS { ctx in
            let widths = VerdictRules.standardCorridorWidthsKm
            // One projection and one densified, projected line for all widths.
            let shapes = try ctx.buffers(line, metres: widths.map { $0 * 500 }, maxSegmentLength: Self.corridorEdgeMetres,
                                         planarTolerance: Self.corridorLineToleranceMetres)
            // Clip the widest corridor first: when it lies properly inside the clip region, so do
            // the narrower ones (each lies within the wider buffer with kilometres to spare, far
            // more than the millimetres by which lon/lat chords differ from projected edges).
            var clips = [(geometry: Geometry?, area: Double, raw: Double, inside: Bool)?](repeating: nil, count: widths.count)
            var widestInside = false
            if let wi = widths.indices.max(by: { widths[$0] < widths[$1] }) {
                clips[wi] = try clippedShape(ctx, shapes[wi])
                widestInside = clips[wi]?.inside ?? false
            }
            return try widths.indices.map { i in
                let w = widths[i]
                let (g, area, raw, _) = try clips[i] ?? clippedShape(ctx, shapes[i], knownInside: widestInside)
                return ShapeModel(kind: .corridor, name: "corridor_\(fmtKm(w))km", areaKm2: area,
                                  params: [("width_km", .number(w)), ("length_km", .number(round3(lengthKm))),
                                           ("from", .text(a.gazetteerID)), ("to", .text(b.gazetteerID))] + clipParams(raw),
                                  geometry: g)
            }
        }
        return (models, lengthKm)
    }

    /// Bare, concave and convex hulls of the anchors (the latter two grown by each anchor's
    /// uncertainty, at least ``VerdictRules/minimumAnchorUncertaintyKm``).
    func hulls(_ anchors: [ClaimAnchor]) throws -> [ShapeModel] {
        guard anchors.count >= 2 else { return [] }
        let ids = anchors.map(\.gazetteerID).joined(separator: ",")
        return try withGEOS { ctx in
            var out: [ShapeModel] = []
            let pts = Geometry.multiPoint(anchors.map(\.position))
            let bare = try ctx.convexHull(pts)
            if anchors.count >= 3, let bp = Self.polygonal(bare) {
                let (g, area, raw) = try clipped(ctx, bp)
                out.append(ShapeModel(kind: .hullBare, name: "hull_bare", areaKm2: area,
                                      params: [("vertices", .number(Double(bp.polygons.first.map { $0.exterior.positions.count - 1 } ?? 0))),
                                               ("anchors", .text(ids)), ("growth_km", .number(0))] + clipParams(raw),
                                      geometry: g))
            }
            // Each anchor's disc depends only on its place (position and uncertainty): built once
            // per process (DiscCache) and shared by the concave and convex hulls.
            let discs = try anchors.map { a in
                try DiscCache.shared.disc(ctx, center: a.position, metres: max(VerdictRules.minimumAnchorUncertaintyKm, a.uncertaintyKm) * 1000)
            }
            let growth = anchors.map { max(VerdictRules.minimumAnchorUncertaintyKm, $0.uncertaintyKm) }
            let growthText = growth.map(fmtKm).joined(separator: ",")
            if anchors.count >= 3 {
                // The concave hull of the points themselves, joined with each anchor's disc: tighter
                // than the grown convex hull, never smaller than the bare polygon.
                let concave = try ctx.unaryUnion([try ctx.concaveHull(pts, ratio: VerdictRules.concaveHullRatio)] + discs)
                if let cp = Self.polygonal(concave) {
                    let (g, area, raw) = try clipped(ctx, cp, km2: DiscCache.shared.km2)
                    out.append(ShapeModel(kind: .hullConcave, name: "hull_concave", areaKm2: area,
                                          params: [("ratio", .number(VerdictRules.concaveHullRatio)), ("anchors", .text(ids)),
                                                   ("growth_km", .text(growthText))] + clipParams(raw), geometry: g))
                }
            }
            // The convex hull of the union of the discs is the convex hull of all their vertices
            // (the union's extreme points are disc vertices; its other vertices, edge crossings,
            // lie inside that hull), so the overlay is not needed for it.
            if let vp = Self.polygonal(try ctx.convexHull(of: discs.flatMap { $0.polygons.flatMap { $0.exterior.positions } })) {
                let (g, area, raw) = try clipped(ctx, vp, km2: DiscCache.shared.km2)
                out.append(ShapeModel(kind: .hullConvex, name: "hull_convex", areaKm2: area,
                                      params: [("anchors", .text(ids)), ("growth_km", .text(growthText))] + clipParams(raw), geometry: g))
            }
            return out
        }
    }

    static let compassBearing: [String: Double] = [
        "N": 0, "NNE": 22.5, "NE": 45, "ENE": 67.5, "E": 90, "ESE": 112.5, "SE": 135, "SSE": 157.5,
        "S": 180, "SSW": 202.5, "SW": 225, "WSW": 247.5, "W": 270, "WNW": 292.5, "NW": 315, "NNW": 337.5,
    ]

    /// Wedges ±``VerdictRules/sectorHalfAngleDegrees`` around the compass bearing from the anchor
    /// (ceilings: "east of X" says where the area lies, not how big it is),
    /// at the given radii (default the standard ones); arc sampled every degree by the geodesic
    /// direct problem, radial edges are geodesics from the apex.
    func sectors(_ a: ClaimAnchor, compass: String, radiiKm: [Double] = VerdictRules.standardSectorRadiiKm) throws -> [ShapeModel] {
        guard let bearing = Self.compassBearing[compass.uppercased()] else { return [] }
        let h = VerdictRules.sectorHalfAngleDegrees
        return try withGEOS { ctx in
            try radiiKm.map { r in
                var ring = [a.position]
                var az = bearing - h
                while az <= bearing + h + 1e-9 {
                    ring.append(Geodesic.wgs84.direct(from: a.position, azimuth: az, distance: r * 1000).position)
                    az += 1
                }
                ring.append(a.position)
                let shape = Geometry.polygon(Polygon(exterior: try LinearRing(ring)))
                let (g, area, raw) = try clipped(ctx, shape)
                return ShapeModel(kind: .sector, name: "sector_\(fmtKm(r))km", areaKm2: area,
                                  params: [("radius_km", .number(r)), ("bearing_deg", .number(bearing)),
                                           ("half_angle_deg", .number(h)), ("apex", .text(a.gazetteerID))] + clipParams(raw),
                                  geometry: g, isCeiling: true)
            }
        }
    }

    /// "The countryside of X…": the union of the outlines minus the city discs, as a ceiling.
    ///
    /// The clipped geometry and its areas depend only on the gazetteer's outlines, the clip region
    /// and the city discs (gazetteer places and radii), never on the document: with
    /// `outlinesKey` (identifying `outlines` completely) and ``clipKey`` they are computed once per
    /// process and kept in ``RegionModelCache`` (docs/FORMAT.md, "Area and axis features").
    func region(outlines: [Geometry], cities: [(anchor: ClaimAnchor, radiusKm: Double)], label: String,
                outlinesKey: String? = nil) throws -> ShapeModel? {
        guard !outlines.isEmpty else { return nil }
        let discs = cities.map { "\($0.anchor.gazetteerID)@\($0.anchor.position.lon),\($0.anchor.position.lat):\($0.radiusKm)" }
        let build = { () throws -> RegionModelCache.Entry in
            try withGEOS { ctx in
                var shape = try ctx.unaryUnion(try outlines.map { try ctx.makeValid($0) })
                for c in cities {
                    shape = try ctx.difference(shape, try ctx.buffer(.point(c.anchor.position), metres: c.radiusKm * 1000))
                }
                guard let sp = Self.polygonal(shape) else { return RegionModelCache.Entry(geometry: nil, areaKm2: 0, rawKm2: 0, empty: true) }
                let (g, area, raw) = try clipped(ctx, sp)
                // The map shows the outline simplified (areas come from the full geometry).
                let shown = try g.flatMap { Self.polygonal(try ctx.simplify($0, toleranceDegrees: Self.regionDisplayToleranceDegrees)) } ?? g
                return RegionModelCache.Entry(geometry: shown, areaKm2: area, rawKm2: raw, empty: false)
            }
        }
        let e: RegionModelCache.Entry
        if let ok = outlinesKey {
            e = try RegionModelCache.shared.get("\(clipKey ?? "-")#\(ok)#\(discs.joined(separator: ";"))", build)
        } else {
            e = try build()
        }
        if e.empty { return nil }
        let (g, area, raw) = (e.geometry, e.areaKm2, e.rawKm2)
        return ShapeModel(kind: .region, name: "region", areaKm2: area,
                          params: [("regions", .text(label)),
                                   ("city_discs", .text(cities.map { "\($0.anchor.gazetteerID):\(fmtKm($0.radiusKm))km" }.joined(separator: ",")))]
                              + clipParams(raw),
                          geometry: g, isCeiling: true)
    }
}

func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
func fmtKm(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%g", x) }

/// Country outlines: from the gazetteer's level-0 admin areas, else read once from the
/// `country.geojson` of the default GeoData folder (the embedded DCW outline).
enum CountryOutlines {
    /// Outlines by ISO alpha-2 code from the embedded GeoData `country.geojson`, read once
    /// (`Gazetteer.embeddedCountryOutlines()`, the reader the importer uses too).
    static let embedded: [String: Geometry] = {
        var out: [String: Geometry] = [:]
        for a in Gazetteer.embeddedCountryOutlines() { out[a.ref.code] = .multiPolygon(a.polygons) }
        return out
    }()

    /// The outline of a country (ISO alpha-2), nil when none is known.
    static func outline(_ code: String, gazetteer: Gazetteer) -> (geometry: Geometry, source: String)? {
        let cc = code.uppercased()
        if let a = gazetteer.adminAreas.first(where: { $0.level == 0 && ($0.ref.code.uppercased() == cc || $0.ref.code.uppercased().hasPrefix(cc) && $0.ref.code.count <= 3) }) {
            return (.multiPolygon(a.polygons), a.source)
        }
        if let g = embedded[cc] { return (g, "GeoData country.geojson (DCW-GMT)") }
        return nil
    }
}

/// Geodesic discs (`GEOSContext.geodesicDisc`, default segments) by centre and radius, with the
/// geodesic area term (S12, `Geodesic.edgeArea`) of each of their edges in both directions, shared
/// by all analyzers of a process: an anchor's disc is a function of its gazetteer place (position
/// and location uncertainty), not of any document. The hulls built from discs keep most disc
/// edges (same endpoints, bit for bit: GEOS hulls and floating-point overlays copy input
/// coordinates), so ``km2(_:)`` measures them mostly from these terms. Thread-safe; plain values
/// only; emptied beyond 512 discs (about 65 000 edge terms, 4 MB).
final class DiscCache: @unchecked Sendable {
    struct Key: Hashable { var lon: Double; var lat: Double; var metres: Double }
    struct Edge: Hashable { var lon1: Double; var lat1: Double; var lon2: Double; var lat2: Double }
    static let shared = DiscCache()
    private let lock = NSLock()
    private var discs: [Key: Geometry] = [:]
    private var edgeTerms: [Edge: Double] = [:]

    func disc(_ ctx: GEOSContext, center: Position, metres: Double) throws -> Geometry {
        let key = Key(lon: center.lon, lat: center.lat, metres: metres)
        lock.lock()
        if let g = discs[key] { lock.unlock(); return g }
        lock.unlock()
        let g = try ctx.geodesicDisc(center: center, metres: metres)
        var terms: [(Edge, Double)] = []
        for p in g.polygons {
            for r in [p.exterior] + p.holes {
                let ps = r.positions
                for i in ps.indices.dropLast() {
                    let a = ps[i], b = ps[i + 1]
                    terms.append((Edge(lon1: a.lon, lat1: a.lat, lon2: b.lon, lat2: b.lat), Geodesic.wgs84.edgeArea(a, b)))
                    terms.append((Edge(lon1: b.lon, lat1: b.lat, lon2: a.lon, lat2: a.lat), Geodesic.wgs84.edgeArea(b, a)))
                }
            }
        }
        lock.lock()
        if discs.count >= 512 { discs.removeAll(); edgeTerms.removeAll() }
        discs[key] = g
        for (e, t) in terms { edgeTerms[e] = t }
        lock.unlock()
        return g
    }

    /// The geodesic area in km² of a polygonal geometry: the same value as `ShapeBuilder.km2`
    /// (`Geodesic.measure`: |exterior| − Σ|holes| per polygon, summed), each ring measured by
    /// `Geodesic.signedArea(ofRing:knownEdgeArea:)` with the S12 of edges that are edges of cached
    /// discs taken from the cache instead of solving their inverse problem again.
    func km2(_ g: Geometry) -> Double {
        var total = 0.0
        for p in g.polygons {
            var area = 0.0
            for (k, r) in ([p.exterior] + p.holes).enumerated() {
                var ps = r.positions
                if ps.count > 1, ps[ps.count - 1].lon == ps[0].lon, ps[ps.count - 1].lat == ps[0].lat { ps.removeLast() }
                let n = ps.count
                lock.lock()
                let known: [Double?] = (0..<n).map { i in
                    let a = ps[i], b = ps[(i + 1) % n]
                    return edgeTerms[Edge(lon1: a.lon, lat1: a.lat, lon2: b.lon, lat2: b.lat)]
                }
                lock.unlock()
                let s = abs(Geodesic.wgs84.signedArea(ofRing: ps, knownEdgeArea: { known[$0] }))
                area += k == 0 ? s : -s
            }
            total += area
        }
        return total / 1e6
    }
}

/// Values by key shared by all analyzers of a process (clip regions, region models): keys name
/// everything a value depends on, never a document. Thread-safe; plain values only; emptied when
/// a value is added to more than `limit` entries. `make` runs outside the lock, so two threads
/// may each build the same value once (the later one is kept; both are equal).
final class SharedCache<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var map: [String: Value] = [:]
    private let limit: Int
    init(limit: Int) { self.limit = limit }

    func get(_ key: String, _ make: () throws -> Value) rethrows -> Value {
        lock.lock()
        if let v = map[key] { lock.unlock(); return v }
        lock.unlock()
        let v = try make()
        lock.lock(); if map.count > limit { map.removeAll() }; map[key] = v; lock.unlock()
        return v
    }
}

/// Region models (union of governorate outlines minus city discs, clipped) by key. Keys name the
/// gazetteer, the outlines (level, code, source), the clip region and the discs (place id,
/// position, radius): functions of the gazetteer, not of any document.
enum RegionModelCache {
    struct Entry: Sendable {
        var geometry: Geometry?
        var areaKm2: Double
        var rawKm2: Double
        var empty: Bool
    }
    static let shared = SharedCache<Entry>(limit: 256)
}

/// The geodesic lines between anchor positions of ONE `ClaimAnalyzer.analyze(text:)` call: an
/// axis and a corridor between the same two places (in the same order) use the same samples
/// (every ``VerdictRules/lineSampleSpacingKm``) and length, so they are computed once per document
/// and never kept beyond it. A value is exactly `Geodesic.wgs84.sampleAndDistance` of its ends
/// (keys compare the positions bit for bit, altitude included). Not thread-safe: one per call.
final class GeodesicLineMemo {
    private struct Key: Hashable {
        var lon1: UInt64, lat1: UInt64, alt1: UInt64?, lon2: UInt64, lat2: UInt64, alt2: UInt64?
        init(_ a: Position, _ b: Position) {
            lon1 = a.lon.bitPattern; lat1 = a.lat.bitPattern; alt1 = a.alt?.bitPattern
            lon2 = b.lon.bitPattern; lat2 = b.lat.bitPattern; alt2 = b.alt?.bitPattern
        }
    }
    private var lines: [Key: (positions: [Position], distance: Double)] = [:]

    /// Samples (lon/lat degrees, both ends included) and length in metres of the geodesic a → b.
    func line(from a: Position, to b: Position) -> (positions: [Position], distance: Double) {
        let k = Key(a, b)
        if let l = lines[k] { return l }
        let l = Geodesic.wgs84.sampleAndDistance(from: a, to: b, maxSpacing: VerdictRules.lineSampleSpacingKm * 1000)
        lines[k] = l
        return l
    }
}
