import Foundation
import GeoCore
import GeoJSON
import Gazetteer
import Resolution
import Claims

/// Area claims and axes as GeoJSON Features and JSON (docs/FORMAT.md, "Area and axis features";
/// docs/VERDICTS.md for the verdict rules). Numbers: km² and km rounded to 3 decimals
/// (1000 m², 1 m); coordinates lon/lat degrees.
public enum ClaimFeatures {
    static func r3(_ x: Double) -> JSONValue { .number((x * 1000).rounded() / 1000) }
    static func opt(_ x: Double?) -> JSONValue { x.map(r3) ?? .null }
    static func opt(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    static func dateRange(_ a: String?, _ b: String?) -> JSONValue {
        guard let a, let b else { return .null }
        return .array([.string(a), .string(b)])
    }

    static func params(_ m: ShapeModel) -> JSONValue {
        var o = JSONObject()
        for (k, v) in m.params {
            switch v {
            case .number(let d): o.set(k, r3(d))
            case .text(let s): o.set(k, .string(s))
            }
        }
        return .object(o)
    }

    static func bounds(_ c: AreaClaimAnalysis) -> JSONValue {
        guard let lo = c.lowerKm2 else { return .null }
        return .array([r3(lo), opt(c.upperKm2)])
    }

    static func range(_ c: AreaClaimAnalysis) -> JSONValue {
        c.rangeKm2.map { .array([r3($0.min), r3($0.max)]) } ?? .null
    }

    static func anchorJSON(_ a: ClaimAnchor) -> JSONValue {
        var o: JSONObject = ["name": .string(a.name), "gazetteer_id": .string(a.gazetteerID), "name_en": .string(a.nameEn),
                             "role": .string(a.role.rawValue), "lat": .number(a.position.lat), "lon": .number(a.position.lon),
                             "uncertainty_km": r3(a.uncertaintyKm), "place_type": .string(a.placeType)]
        if let c = a.compass { o.set("compass", .string(c)) }
        if let s = a.start, let e = a.end { o.set("start", .number(Double(s))); o.set("end", .number(Double(e))) }
        return .object(o)
    }

    static func regionJSON(_ r: ClaimRegion) -> JSONValue {
        .object(["name": .string(r.name), "code": .string(r.code), "name_en": .string(r.nameEn), "name_ar": .string(r.nameAr),
                 "source": .string(r.source.rawValue)])
    }

    /// One claim as the `verify --json` object (docs/FORMAT.md, `conflictmap verify --json`).
    public static func json(_ c: AreaClaimAnalysis) -> JSONValue {
        var o = JSONObject()
        o.set("claimed_km2", opt(c.claimedKm2))
        o.set("qualifier", c.claimedKm2 == nil ? .null : .string(c.qualifier.jsonName))
        o.set("bounds", bounds(c))
        o.set("claim_text", .string(c.claimText))
        o.set("start", c.start.map { .number(Double($0)) } ?? .null)
        o.set("end", c.end.map { .number(Double($0)) } ?? .null)
        o.set("sentence", c.sentence.map { .string($0.text) } ?? .null)
        o.set("anchors", .array(c.anchors.map(anchorJSON)))
        o.set("regions", .array(c.regions.map(regionJSON)))
        o.set("models", .array(c.models.map { m in
            .object(["name": .string(m.name), "kind": .string(m.kind.rawValue), "area_km2": r3(m.areaKm2),
                     "ceiling": .bool(m.isCeiling), "params": params(m)])
        }))
        o.set("range_km2", range(c))
        o.set("corridor_length_km", opt(c.corridorLengthKm))
        o.set("implied_width_km", opt(c.impliedWidthKm))
        o.set("verdict", .string(c.verdict.rawValue))
        o.set("why", .string(c.why))
        o.set("findings", .array(c.findings.map(JSONValue.string)))
        o.set("unresolved", .array(c.unresolved.map(JSONValue.string)))
        o.set("actor", opt(c.actor))
        o.set("event", opt(c.event?.rawValue))
        o.set("adversary", opt(c.adversary))
        o.set("event_date", opt(c.eventDate))
        o.set("event_date_range", dateRange(c.eventDateEarliest, c.eventDateLatest))
        o.set("area_method", opt(c.areaMethod))
        return .object(o)
    }

    /// One axis as JSON (the `axes` array of `verify --json`).
    public static func json(_ a: AxisClaim) -> JSONValue {
        var o = JSONObject()
        o.set("axis_kind", .string(a.kind.rawValue))
        o.set("from_name", .string(a.fromText))
        o.set("to_name", .string(a.toText))
        o.set("from", a.from.map(anchorJSON) ?? .null)
        o.set("to", a.to.map(anchorJSON) ?? .null)
        o.set("length_km", opt(a.lengthKm))
        o.set("reason", opt(a.reason))
        o.set("text", .string(a.text)); o.set("start", .number(Double(a.start))); o.set("end", .number(Double(a.end)))
        o.set("actor", opt(a.actor)); o.set("event", opt(a.event?.rawValue)); o.set("event_date", opt(a.eventDate))
        o.set("event_date_range", dateRange(a.eventDateEarliest, a.eventDateLatest))
        return .object(o)
    }

    /// The whole report as `{"claims": [...], "axes": [...]}`.
    public static func json(_ r: ClaimReport) -> JSONValue {
        .object(["claims": .array(r.claims.map { json($0) }), "axes": .array(r.axes.map { json($0) })])
    }

    /// Map features: one `area` Feature per shape model of every claim (Polygon/MultiPolygon,
    /// `representative` true for the claim's `area_method`), one `axis` Feature per axis or
    /// advance (LineString, or null geometry with `reason`).
    /// - Parameters:
    ///   - documentID: prefix of the feature ids (`<doc>/a<n>/<model>`, `<doc>/x<n>`).
    ///   - placeFeatureIDs: gazetteer id → place feature id of the same map output; anchors are
    ///     given by feature id when known, else by gazetteer id.
    public static func features(_ report: ClaimReport, documentID: String, placeFeatureIDs: [String: String]) -> [Feature] {
        func ref(_ a: ClaimAnchor) -> JSONValue { .string(placeFeatureIDs[a.gazetteerID] ?? a.gazetteerID) }
        var out: [Feature] = []
        for (n, c) in report.claims.enumerated() {
            // Members shared by the claim's models are built once. Literals append members in
            // the order written (docs/FORMAT.md) without lookups.
            let claimed = opt(c.claimedKm2)
            let qualifier: JSONValue = c.claimedKm2 == nil ? .null : .string(c.qualifier.jsonName)
            let claimBounds = bounds(c), claimRange = range(c)
            let verdict = JSONValue.string(c.verdict.rawValue), why = JSONValue.string(c.why)
            let findings = JSONValue.array(c.findings.map(JSONValue.string))
            let width = opt(c.impliedWidthKm), length = opt(c.corridorLengthKm)
            let anchors = JSONValue.array(c.anchors.map(ref))
            let anchorNames = JSONValue.array(c.anchors.map { .string($0.name) })
            let regions = JSONValue.array(c.regions.map { .string($0.nameEn.isEmpty ? $0.name : $0.nameEn) })
            let actor = opt(c.actor), event = opt(c.event?.rawValue), eventDate = opt(c.eventDate)
            let eventDates = dateRange(c.eventDateEarliest, c.eventDateLatest), method = opt(c.areaMethod)
            let claimText: JSONValue = ["text": .string(c.claimText),
                                        "start": c.start.map { .number(Double($0)) } ?? .null,
                                        "end": c.end.map { .number(Double($0)) } ?? .null]
            for m in c.models {
                guard let g = m.geometry else { continue }
                let o: JSONObject = [
                    "kind": "area",
                    "claimed_km2": claimed,
                    "claim_qualifier": qualifier,
                    "claimed_bounds_km2": claimBounds,
                    "computed_km2": r3(m.areaKm2),
                    "model": .string(m.name),
                    "model_kind": .string(m.kind.rawValue),
                    "model_params": params(m),
                    "ceiling": .bool(m.isCeiling),
                    "representative": .bool(m.name == c.areaMethod),
                    "range_km2": claimRange,
                    "verdict": verdict,
                    "why": why,
                    "findings": findings,
                    "implied_width_km": width,
                    "corridor_length_km": length,
                    "anchors": anchors,
                    "anchor_names": anchorNames,
                    "regions": regions,
                    "actor": actor,
                    "event": event,
                    "event_date": eventDate,
                    "event_date_range": eventDates,
                    "area_method": method,
                    "area_measure": "geodesic_wgs84",
                    "claim_text": claimText,
                ]
                out.append(Feature(id: .string("\(documentID)/a\(n + 1)/\(m.name)"), geometry: g, properties: o))
            }
        }
        for (n, a) in report.axes.enumerated() {
            let o: JSONObject = [
                "kind": "axis",
                "axis_kind": .string(a.kind.rawValue),
                "from": a.from.map(ref) ?? .null,
                "to": a.to.map(ref) ?? .null,
                "from_name": .string(a.fromText),
                "to_name": .string(a.toText),
                "length_km": opt(a.lengthKm),
                "reason": opt(a.reason),
                "actor": opt(a.actor),
                "event": opt(a.event?.rawValue),
                "event_date": opt(a.eventDate),
                "event_date_range": dateRange(a.eventDateEarliest, a.eventDateLatest),
                "text": ["text": .string(a.text), "start": .number(Double(a.start)), "end": .number(Double(a.end))],
            ]
            out.append(Feature(id: .string("\(documentID)/x\(n + 1)"), geometry: a.line.map { .lineString($0) }, properties: o))
        }
        return out
    }

    /// Gazetteer id → feature id of the `place` features of a map output.
    public static func placeFeatureIDs(_ features: [Feature]) -> [String: String] {
        var d: [String: String] = [:]
        for f in features {
            guard let p = f.properties, p["kind"]?.stringValue == "place", let gid = p["gazetteer_id"]?.stringValue,
                  case .string(let fid)? = f.id, d[gid] == nil else { continue }
            d[gid] = fid
        }
        return d
    }

    /// A readable report: per claim its sentence, value, anchors, models, implied width, verdict
    /// and why; then the axes.
    public static func text(_ r: ClaimReport) -> String {
        let f = VerdictRules.format
        var s = ""
        if r.claims.isEmpty { s += "No area claims found.\n" }
        for (n, c) in r.claims.enumerated() {
            s += "Claim \(n + 1): \(c.claimText)"
            if let a = c.start, let b = c.end { s += "  [\(a)–\(b)]" }
            s += "\n"
            if let sen = c.sentence { s += "  sentence:  \(sen.text)\n" }
            if let v = c.claimedKm2 {
                let hi = c.upperKm2.map { f($0) } ?? "∞"
                s += "  claimed:   \(f(v)) km² (\(c.qualifier.jsonName); bounds \(f(c.lowerKm2 ?? 0))–\(hi) km²)\n"
            } else {
                s += "  claimed:   no number\n"
            }
            if c.actor != nil || c.event != nil {
                s += "  event:     \(c.event?.rawValue ?? "-") by \(c.actor ?? "?")\(c.adversary.map { " against \($0)" } ?? "")\(c.eventDate.map { " on \($0)" } ?? c.eventDateEarliest.flatMap { e in c.eventDateLatest.map { " between \(e) and \($0)" } } ?? "")\n"
            }
            for a in c.anchors {
                s += "  anchor:    \(a.role.rawValue) \(a.name) → \(a.nameEn) (\(a.gazetteerID)) \(String(format: "%.4f, %.4f", a.position.lat, a.position.lon)) ±\(f(a.uncertaintyKm)) km\n"
            }
            if !c.regions.isEmpty {
                s += "  regions:   \(c.regions.map { "\($0.nameEn.isEmpty ? $0.name : $0.nameEn) (\($0.source.rawValue))" }.joined(separator: ", "))\n"
            }
            for m in c.models {
                let key = m.params.filter { ["width_km", "radius_km", "length_km", "growth_km", "unclipped_km2"].contains($0.key) }
                    .map { p -> String in
                        switch p.value { case .number(let d): return "\(p.key) \(f(d))"; case .text(let t): return "\(p.key) \(t)" }
                    }.joined(separator: ", ")
                s += "  model:     \(m.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(f(m.areaKm2).leftPad(8)) km²\(m.isCeiling ? " (ceiling)" : "")\(m.name == c.areaMethod ? " *" : "")  \(key)\n"
            }
            if let w = c.impliedWidthKm, let l = c.corridorLengthKm { s += "  implied:   corridor width \(f(w)) km over \(f(l)) km\n" }
            s += "  verdict:   \(c.verdict.rawValue.uppercased())\n  why:       \(c.why)\n"
            for x in c.findings { s += "  finding:   \(x)\n" }
            s += "\n"
        }
        for a in r.axes {
            s += "Axis (\(a.kind.rawValue)): \(a.fromText) → \(a.toText)"
            if let l = a.lengthKm { s += "  \(f(l)) km" }
            if let why = a.reason { s += "  unresolved: \(why)" }
            s += "\n"
        }
        return s
    }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}

extension MapPipeline {
    /// The area and axis features of a document (see ``ClaimFeatures/features(_:documentID:placeFeatureIDs:)``),
    /// given its geoparse and the place features already built (for anchor ids). The document's
    /// `date` (yyyy-mm-dd prefix) resolves relative dates; an unreadable date is ignored.
    public func claimFeatures(document: Document, parse: ParseResult, placeFeatures: [Feature]) -> [Feature] {
        claimFeatures(document: document, parse: parse, placeFeatureIDs: ClaimFeatures.placeFeatureIDs(placeFeatures))
    }

    /// `claimFeatures(document:parse:placeFeatures:)` given the gazetteer id → place feature id
    /// map itself (`map` builds it with the place features).
    func claimFeatures(document: Document, parse: ParseResult, placeFeatureIDs: [String: String]) -> [Feature] {
        let date = document.date.flatMap { try? CivilDate(iso: String($0.prefix(10))) }
        let report = ClaimAnalyzer(gazetteer: gazetteer).analyze(text: document.text, parse: parse, documentDate: date)
        return ClaimFeatures.features(report, documentID: document.id, placeFeatureIDs: placeFeatureIDs)
    }
}
