import Foundation
import GeoCore
import GeoJSON
import Gazetteer
import Resolution
import TextAnalysis

/// A report to map: its text and metadata.
public struct Document: Sendable, Hashable {
    public var id: String
    public var text: String
    /// Publication date as given (ISO 8601 recommended); not parsed.
    public var date: String?
    public var source: String?
    /// "ar", "en", or nil/"auto" to detect by script.
    public var lang: String?
    public init(id: String, text: String, date: String? = nil, source: String? = nil, lang: String? = nil) {
        self.id = id; self.text = text; self.date = date; self.source = source; self.lang = lang
    }
}

/// Errors reading a JSON document.
public struct DocumentError: Error, Sendable, CustomStringConvertible, Equatable {
    public let message: String
    public var description: String { message }
}

extension Document {
    /// Parses a JSON document `{"id", "text", "date", "source", "lang"}` (only "text" required;
    /// every member must be a string when present).
    /// - Throws: `DocumentError` naming the member, or the JSON error with its line and column.
    public static func parseJSON(_ bytes: [UInt8], defaultID: String) throws -> Document {
        let v: JSONValue
        do { v = try JSONParser().parse(bytes) } catch { throw DocumentError(message: "malformed JSON: \(error)") }
        guard let o = v.objectValue else { throw DocumentError(message: "expected a JSON object, found \(v.kindName)") }
        func str(_ k: String) throws -> String? {
            guard let x = o[k], !x.isNull else { return nil }
            guard let s = x.stringValue else { throw DocumentError(message: "member \"\(k)\" must be a string, found \(x.kindName)") }
            return s
        }
        guard let text = try str("text") else { throw DocumentError(message: "member \"text\" (string) is missing") }
        return Document(id: try str("id") ?? defaultID, text: text, date: try str("date"), source: try str("source"), lang: try str("lang"))
    }
}

/// Text → GeoJSON: spots and resolves the places of a document and writes one Feature per
/// distinct place. Holds the gazetteer and the geoparser; build once, map many documents.
public final class MapPipeline: Sendable {
    public let gazetteer: Gazetteer
    public let geoparser: Geoparser
    let attribution: Attribution

    public init(gazetteer: Gazetteer) {
        self.gazetteer = gazetteer
        self.geoparser = Geoparser(gazetteer: gazetteer)
        self.attribution = Attribution(gazetteer.sources)
    }

    /// Loads the default gazetteer layers plus `extra` folders (e.g. `--gazetteer DIR`).
    public convenience init(extraGazetteer extra: [URL] = []) throws {
        self.init(gazetteer: try Gazetteer.loadDefault(extra: extra))
    }

    /// The places of a document as an RFC 7946 FeatureCollection.
    ///
    /// One Feature per distinct place (mentions of the same gazetteer place with the same kind of
    /// role are merged; unresolved names merge by name), ordered by first mention, with ids
    /// "<doc id>/p<n>". Geometry: a Point at the place (lon, lat degrees), or at the admin area
    /// of a coarse fallback (precision 3), or null (associative or unresolved, with `reason`).
    /// Mention offsets count Unicode scalars, end exclusive.
    public func map(document: Document) throws -> FeatureCollection {
        let result = geoparser.parse(document.text)
        var features: [Feature] = []
        // Gazetteer id → id of the first place feature showing it (what
        // `ClaimFeatures.placeFeatureIDs(features)` finds, without reading the properties back).
        var placeIDs: [String: String] = [:]
        // Mentions are read in place and grouped by position (they are large structs: copying
        // them into groups cost more than building their features).
        result.mentions.withUnsafeBufferPointer { ms in
            // Merge.
            var groups = [MergeKey: Int](minimumCapacity: ms.count)  // no regrowth while grouping
            var merged: [[Int]] = []
            for i in ms.indices {
                let assoc = ms[i].mention.role == .associative
                let key: MergeKey
                if let id = ms[i].place?.id { key = .place(id: id, associative: assoc) }
                else { key = .name(ms[i].mention.key, head: ms[i].mention.headType?.rawValue ?? "", associative: assoc) }
                if let g = groups[key] { merged[g].append(i) } else { groups[key] = merged.count; merged.append([i]) }
            }
            features.reserveCapacity(merged.count)
            for (n, group) in merged.enumerated() {
                let (f, gazetteerID) = feature(ms, group, id: "\(document.id)/p\(n + 1)")
                if let gazetteerID, case .string(let fid)? = f.id, placeIDs[gazetteerID] == nil { placeIDs[gazetteerID] = fid }
                features.append(f)
            }
        }
        features += claimFeatures(document: document, parse: result, placeFeatureIDs: placeIDs)
        let lang = (document.lang == nil || document.lang == "auto") ? detectLanguage(document.text) : (document.lang ?? "")
        // The licences, and (source, licence) pairs, of the places and fallback areas this output
        // uses, each once. A document has a few distinct ones, mostly the very same string
        // objects, so a scan with == (equal storage compares at once) costs less than hashing
        // every mention's texts into a set.
        var licences: [String] = []
        var sourceKeys: [Attribution.SourceKey] = []
        func note(_ source: String?, _ licence: String?) {
            guard let source, let licence else { return }
            if !licences.contains(licence) { licences.append(licence) }
            let k = Attribution.SourceKey(source: source, licence: licence)
            if !sourceKeys.contains(k) { sourceKeys.append(k) }
        }
        for i in result.mentions.indices { note(result.mentions[i].place?.source, result.mentions[i].place?.licence) }
        for i in result.mentions.indices { note(result.mentions[i].fallback?.source, result.mentions[i].fallback?.licence) }
        // Attribution: the sources of the places (and fallback areas) this output uses.
        let credited: [JSONValue] = attribution.sources(creditedBy: sourceKeys).map { s in
            ["name": .string(s.name), "licence": .string(s.licence), "attribution": .string(s.attribution)]
        }
        let meta: JSONObject = [
            "id": .string(document.id), "lang": .string(lang), "focus_country": .string(result.focusCountry),
            "date": document.date.map(JSONValue.string) ?? .null,
            "source": document.source.map(JSONValue.string) ?? .null,
            "gazetteer_sources": .array(credited),
            "licences_used": .array(licences.sorted().map(JSONValue.string)),
        ]
        return FeatureCollection(features: features, foreignMembers: ["conflictmap": .object(meta)])
    }

    /// What merges mentions into one place feature: the same gazetteer place, or for unresolved
    /// mentions the same name key and head type; associative mentions apart from the others.
    enum MergeKey: Hashable {
        case place(id: String, associative: Bool)
        case name(String, head: String, associative: Bool)
    }

    /// The place feature of a group of merged mentions (`group`: their positions in
    /// `mentions`, in document order), and the gazetteer id of the place it shows (nil when
    /// unresolved).
    func feature(_ mentions: UnsafeBufferPointer<ResolvedMention>, _ group: [Int], id: String) -> (Feature, gazetteerID: String?) {
        // The most decisive mention leads: resolved before unresolved, event before mention
        // (the first such, as `min(by:)` would pick). Passed by pointer: read in place.
        var li = group[0]
        for j in group.dropFirst() {
            let aResolved = mentions[j].place != nil, bResolved = mentions[li].place != nil
            if aResolved != bResolved ? aResolved : mentions[j].mention.role < mentions[li].mention.role { li = j }
        }
        return feature(mentions, group, lead: mentions.baseAddress! + li, id: id)
    }

    /// `lead` points into `mentions`: its fields are read in place (`lead.pointee.place?.id`
    /// copies the id only; a borrowed `ResolvedMention` parameter was still copied whole).
    private func feature(_ mentions: UnsafeBufferPointer<ResolvedMention>, _ group: [Int], lead: UnsafePointer<ResolvedMention>,
                         id: String) -> (Feature, gazetteerID: String?) {
        let resolved = lead.pointee.place != nil
        let pid = lead.pointee.place?.id
        // `ResolvedMention.position`, from the fields (calling the getter on `pointee` copied the
        // whole mention).
        let geo = lead.pointee.mention.role == .associative ? nil : (lead.pointee.place?.position ?? lead.pointee.fallback?.position)
        var rels: [JSONValue] = []
        for r in group {
            for rel in mentions[r].mention.relations {
                // One literal per shape (type, compass, other in this order): no array regrowth.
                let v: JSONValue
                switch (rel.compass, rel.other) {
                case let (c?, x?): v = ["type": .string(rel.kind), "compass": .string(c), "other": .string(x)]
                case let (c?, nil): v = ["type": .string(rel.kind), "compass": .string(c)]
                case let (nil, x?): v = ["type": .string(rel.kind), "other": .string(x)]
                case (nil, nil): v = ["type": .string(rel.kind)]
                }
                if !rels.contains(v) { rels.append(v) }
            }
        }
        var role = mentions[group[0]].mention.role
        for j in group where mentions[j].mention.role < role { role = mentions[j].mention.role }
        // The place's admin area and country, else the fallback area's.
        let admin1: JSONValue, country: JSONValue
        let a1 = resolved ? lead.pointee.place?.admin1 : lead.pointee.fallback?.admin1
        let cc = resolved ? lead.pointee.place?.country : lead.pointee.fallback?.country
        admin1 = a1.map { $0.isEmpty ? .null : .string($0.display) } ?? .null
        country = cc.map { $0.isEmpty ? .null : .string($0) } ?? .null
        // Up to three other candidates, in order (fields read in place through the handles).
        var alternatives: [JSONValue] = []
        let candidates = lead.pointee.candidates
        alternatives.reserveCapacity(min(3, candidates.count))
        candidates.withUnsafeBufferPointer { cs in
            for c in cs.indices where alternatives.count < 3 && cs[c].handle.id != pid {
                let pos = cs[c].handle.position
                alternatives.append(["gazetteer_id": .string(cs[c].handle.id), "name_en": .string(cs[c].handle.displayNameEn),
                                     "lon": .number(pos.lon), "lat": .number(pos.lat),
                                     "score": .number((cs[c].score * 1000).rounded() / 1000)])
            }
        }
        let nameAr = lead.pointee.place?.nameAr
        let placeType = lead.pointee.place?.type ?? lead.pointee.mention.headType
        // Members in this order (docs/FORMAT.md); a literal appends them without lookups.
        var o: JSONObject = [
            "kind": "place",
            "name": .string(mentions[group[0]].mention.text),
            "name_en": (lead.pointee.place?.displayNameEn).map { .string($0) } ?? .null,
            "name_ar": nameAr.map { $0.isEmpty ? .null : .string($0) } ?? .null,
            "gazetteer_id": pid.map { .string($0) } ?? .null,
            "place_type": placeType.map { .string($0.rawValue) } ?? .null,
            "admin1": admin1,
            "country": country,
            "role": .string(role.rawValue),
            "precision": geo == nil ? .null : lead.pointee.precision.map { .number(Double($0)) } ?? .null,
            "uncertainty_km": geo == nil ? .null : lead.pointee.uncertaintyKm.map { .number(($0 * 1000).rounded() / 1000) } ?? .null,
            "confidence": .number((lead.pointee.confidence * 1000).rounded() / 1000),
            "mentions": .array(group.map { r in
                ["start": .number(Double(mentions[r].mention.start)), "end": .number(Double(mentions[r].mention.end)),
                 "text": .string(mentions[r].mention.text)]
            }),
            "relations": .array(rels),
            "resolution": .array(lead.pointee.passes.map { ["pass": .string($0.pass), "decision": .string($0.decision)] }),
            "alternatives": .array(alternatives),
        ]
        if let reason = lead.pointee.reason { o.append(uniqueKey: "reason", .string(reason)) }
        if !resolved, let f = lead.pointee.fallback?.id { o.append(uniqueKey: "fallback_area", .string(f)) }
        return (Feature(id: .string(id), geometry: geo.map { .point($0) }, properties: o), pid)
    }
}

/// `Gazetteer.sources(creditedBy:)` with the sources' phrases computed once and the answer
/// memoised per distinct (source, licence) text of a place (a few dozen in a gazetteer);
/// thread-safe.
final class Attribution: @unchecked Sendable {
    let sources: [Gazetteer.SourceInfo]
    let phrases: [String]
    private let lock = NSLock()
    private var memo: [SourceKey: [Int]] = [:]

    /// A place's (source, licence) texts, the memo's key (none built).
    ///
    /// Hashed on the lengths and last bytes of the two texts only: a gazetteer has a few dozen
    /// distinct pairs, which these tell apart, and hashing whole texts (non-ASCII ones are
    /// normalised for hashing) cost more than the rest of the attribution. Equality compares
    /// the texts, so a collision can only cost a comparison.
    struct SourceKey: Hashable {
        let source: String
        let licence: String

        func hash(into hasher: inout Hasher) {
            Self.combine(source, into: &hasher)
            Self.combine(licence, into: &hasher)
        }

        private static func combine(_ s: String, into hasher: inout Hasher) {
            var tail: UInt64 = 0
            for b in s.utf8.suffix(8) { tail = tail << 8 | UInt64(b) }
            hasher.combine(s.utf8.count)
            hasher.combine(tail)
        }
    }

    init(_ sources: [Gazetteer.SourceInfo]) {
        self.sources = sources
        self.phrases = sources.map(\.identifyingPhrase)
    }

    /// The sources credited by places with these (source, licence) texts, in the gazetteer's order.
    func sources(creditedBy keys: [SourceKey]) -> [Gazetteer.SourceInfo] {
        var used = [Bool](repeating: false, count: sources.count)
        // A repeated key sets the same flags again: no need to make the keys distinct first.
        for k in keys {
            lock.lock(); let hit = memo[k]; lock.unlock()
            let idx: [Int]
            if let hit { idx = hit } else {
                let s = k.source.lowercased(), l = k.licence.lowercased()
                idx = phrases.indices.filter { !phrases[$0].isEmpty && (s.contains(phrases[$0]) || l.contains(phrases[$0])) }
                lock.lock(); if memo.count < 10_000 { memo[k] = idx }; lock.unlock()
            }
            for i in idx { used[i] = true }
        }
        return sources.indices.filter { used[$0] }.map { sources[$0] }
    }

    /// The sources credited by `places`, in the gazetteer's order.
    func sources(creditedBy places: [Place]) -> [Gazetteer.SourceInfo] {
        sources(creditedBy: places.map { SourceKey(source: $0.source, licence: $0.licence) })
    }
}

extension JSONObject {
    mutating func set(_ k: String, _ v: JSONValue) { _ = updateValue(v, forKey: k) }
}
