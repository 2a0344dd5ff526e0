import GeoJSON

/// The members a batch run adds to the properties of every layer feature (`doc_id`, `doc_date`,
/// `doc_file`), as the bytes the compact GeoJSON writer writes for them: `,"doc_id":…,"doc_date":…,"doc_file":…`.
///
/// They are the same for every feature of a document, so they are written once per document.
struct LayerExtras: Sendable {
    let framing: GeoJSONSequenceWriter.Framing
    /// Nil when the writer's text for them is not of the expected shape (then the general path runs).
    let members: [UInt8]?

    /// The compact text of a Feature with no geometry starts with this; its properties follow.
    static let probePrefix = Array(#"{"type":"Feature","geometry":null,"properties":{"#.utf8)

    init(docID: String, docDate: String?, docFile: String, framing: GeoJSONSequenceWriter.Framing) {
        self.framing = framing
        // Written by the GeoJSON writer itself, so strings are escaped exactly as in the layer
        // text that the general path would write.
        var p = JSONObject()
        p.append(uniqueKey: "doc_id", .string(docID))
        p.append(uniqueKey: "doc_date", docDate.map(JSONValue.string) ?? .null)
        p.append(uniqueKey: "doc_file", .string(docFile))
        let prefix = Self.probePrefix
        guard let b = try? GeoJSONWriter(options: .init(decimals: 6)).write(Feature(geometry: nil, properties: p)),
              b.count > prefix.count + 2, b.starts(with: prefix), b[b.count - 2] == 0x7D, b[b.count - 1] == 0x7D
        else { members = nil; return }
        members = [0x2C] + b[prefix.count..<(b.count - 2)]
    }
}

/// One document's output text: its FeatureCollection (docs/<stem>.geojson, without the final
/// newline) and its framed layer lines, every feature serialised once.
struct BatchDocumentText {
    var collection: [UInt8]
    var layers: [[UInt8]]
    var counts: [Int]
}

extension BatchRunner {
    static let layerKinds = ["place", "area", "axis"]

    /// The text of `fc` and its layer lines, each feature written once; nil when the document
    /// needs the general path (a write error, whose message names the path inside the whole
    /// collection, or a layer feature the splice below does not cover).
    ///
    /// Why the bytes equal the general path's:
    /// - Collection: the compact writer writes a FeatureCollection as `{"type":"FeatureCollection"`,
    ///   the bbox, `"features":[` f₁ `,` f₂ … `]`, then the foreign members, where each fᵢ is the
    ///   same text `GeoJSONWriter.append(feature)` gives (compact output has no indentation).
    ///   So the text of the collection with its features removed, with the joined feature texts put
    ///   between its `"features":[` and `]`, is the text of the whole collection. The first
    ///   `"features":[]` is that member: only `type` and numeric bbox values come before it.
    /// - Layer line: the general path adds the three members to a copy of the properties (new
    ///   keys go last) and writes the copy with `GeoJSONSequenceWriter`, which is the compact
    ///   writer between the framing bytes. With non-empty properties that lack the three keys and
    ///   no foreign members, the feature text ends with the properties' closing `}` and the
    ///   feature's `}`; the copy's text is that text with `,"doc_id":…,"doc_date":…,"doc_file":…`
    ///   (`LayerExtras.members`) put before those two braces.
    static func documentText(_ fc: FeatureCollection, extras: LayerExtras, collection: Bool = true) -> BatchDocumentText? {
        guard let members = extras.members else { return nil }
        let writer = GeoJSONWriter(options: .init(decimals: 6))
        // The collection's text around its features: `out` gets the part up to and including
        // `"features":[`, then the features, then `tail` (from the `]` on).
        var out: [UInt8] = []
        var tail: ArraySlice<UInt8> = []
        if collection {
            var shell = fc
            shell.features = []
            guard let empty = try? writer.write(shell) else { return nil }
            if fc.features.isEmpty {
                out = empty
            } else {
                guard let at = firstIndex(of: Array(#""features":[]"#.utf8), in: empty) else { return nil }
                let close = at + 12  // the "]" after `"features":[`
                out.reserveCapacity(empty.count + 1024 * fc.features.count)
                out.append(contentsOf: empty[..<close])
                tail = empty[close...]
            }
        }
        var layers: [[UInt8]] = [[], [], []]
        var counts = [0, 0, 0]
        for (i, f) in fc.features.enumerated() {
            if i > 0 { out.append(0x2C) }
            let start = out.count
            do { try writer.append(f, to: &out) } catch { return nil }
            guard let p = f.properties, let kind = p["kind"]?.stringValue,
                  let k = layerKinds.firstIndex(of: kind) else { continue }
            let end = out.count
            guard f.foreignMembers.isEmpty, !p.isEmpty, !p.contains("doc_id"), !p.contains("doc_date"), !p.contains("doc_file"),
                  end - start >= 2, out[end - 2] == 0x7D, out[end - 1] == 0x7D else { return nil }
            if extras.framing == .rfc8142 { layers[k].append(0x1E) }
            layers[k].append(contentsOf: out[start..<(end - 2)])
            layers[k].append(contentsOf: members)
            layers[k].append(contentsOf: [0x7D, 0x7D, 0x0A])
            counts[k] += 1
        }
        if collection { out.append(contentsOf: tail) } else { out = [] }
        return BatchDocumentText(collection: out, layers: layers, counts: counts)
    }

    static func firstIndex(of needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard needle.count <= hay.count else { return nil }
        var i = 0
        while i + needle.count <= hay.count {
            if hay[i] == needle[0], hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
