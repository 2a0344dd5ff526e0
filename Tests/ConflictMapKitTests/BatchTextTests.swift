import Foundation
import Testing
import ConflictMapKit
import GeoCore
import GeoJSON

/// The batch writes each feature once and derives the layer lines from those bytes. These tests
/// build the expected files the long way — the collection with `GeoJSONWriter`, each layer line
/// from a copy of the feature with `doc_id`, `doc_date`, `doc_file` set by `updateValue` and
/// written by `GeoJSONSequenceWriter` — and require the run's files to equal them byte for byte,
/// for features the fast path takes and for those it must hand to the general path.
@Suite struct BatchFeatureTextTests {
    /// Features with escapes, non-ASCII, numbers, nested values, no properties, foreign members,
    /// a property already named `doc_id`, and kinds outside the three layers.
    static func collection(docID: String) throws -> FeatureCollection {
        let p = try Position(lon: 36.7, lat: 34.73)
        let q = try Position(lon: 38.999_999_95, lat: 35.95)
        let line = try LineString([p, q])
        var fs: [Feature] = []
        fs.append(Feature(id: .string("\(docID)/p1"), geometry: .point(p),
                          properties: ["kind": "place", "name": "Homs \"حمص\"\n\t\u{1}\u{2028}/\\", "score": .number(0.1 + 0.2),
                                       "tags": ["a", 1, nil, true], "nested": .object(["x": -0.0, "y": 1e300])]))
        fs.append(Feature(id: .number(7), geometry: .lineString(line), properties: ["kind": "axis", "from": "Homs", "to": "Raqqa"],
                          bbox: [36.7, 34.73, 39, 35.95]))
        fs.append(Feature(geometry: nil, properties: nil))
        fs.append(Feature(geometry: .point(q), properties: ["kind": "mention"]))
        // Foreign members on a layer feature: the general path.
        fs.append(Feature(geometry: .point(q), properties: ["kind": "place", "name": "Raqqa"], foreignMembers: ["extra": "x"]))
        // A property with the name of an added member: it keeps its position, with the new value.
        fs.append(Feature(geometry: .point(p), properties: ["doc_id": "old", "kind": "area", "claimed_km2": 1500]))
        return FeatureCollection(features: fs, bbox: [36.7, 34.73, 39, 35.95], foreignMembers: ["note": "n", "conflictmap_batch": "replaced"])
    }

    static func plain(docID: String) throws -> FeatureCollection {
        var fc = try collection(docID: docID)
        fc.features = fc.features.filter { $0.foreignMembers.isEmpty && $0.properties?["doc_id"] == nil }
        fc.bbox = nil
        return fc
    }

    static func expected(_ fc: FeatureCollection, doc: Document, stem: String, key: String, framing: GeoJSONSequenceWriter.Framing)
        throws -> (file: [UInt8], layers: [[UInt8]])
    {
        var c = fc
        _ = c.foreignMembers.updateValue(.object(["key": .string(key)]), forKey: "conflictmap_batch")
        let file = try GeoJSONWriter(options: .init(decimals: 6)).write(c) + [0x0A]
        var layers: [[UInt8]] = [[], [], []]
        let w = GeoJSONSequenceWriter(framing: framing, options: .init(decimals: 6))
        for f in fc.features {
            guard let k = ["place", "area", "axis"].firstIndex(where: { $0 == f.properties?["kind"]?.stringValue }) else { continue }
            var g = f
            var p = g.properties ?? JSONObject()
            p.updateValue(.string(doc.id), forKey: "doc_id")
            p.updateValue(doc.date.map(JSONValue.string) ?? .null, forKey: "doc_date")
            p.updateValue(.string("docs/\(stem).geojson"), forKey: "doc_file")
            g.properties = p
            try w.append(g, to: &layers[k])
        }
        return (file, layers)
    }

    @Test(.enabled(if: batchPipeline != nil), arguments: [BatchOptions.LayerFormat.seq, .ndjson])
    func layerLinesAndDocumentFilesEqualTheGeneralPathByteForByte(format: BatchOptions.LayerFormat) throws {
        let pipeline = try #require(batchPipeline)
        let root = try BatchRunnerTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // d0: every case (some features need the general path); d1: only features the fast path
        // takes; a hostile id with quotes and a control character; a document without a date.
        let docs = [
            Document(id: "d0", text: "x", date: "2017-07-11"),
            Document(id: "d1", text: "y", date: "2017-07-12"),
            Document(id: "Ab \"q\"\u{1}/..", text: "z", date: "2017-07-13"),
            Document(id: "d3", text: "w"),
        ]
        var jsonl = ""
        for d in docs {
            var o: JSONObject = ["id": .string(d.id), "text": .string(d.text)]
            if let date = d.date { o.updateValue(.string(date), forKey: "date") }
            var w = JSONByteWriter()
            try w.write(.object(o))
            jsonl += String(decoding: w.bytes, as: UTF8.self) + "\n"
        }
        try Data(jsonl.utf8).write(to: URL(fileURLWithPath: root + "/in.jsonl"))
        let out = root + "/out"
        let runner = BatchRunner(pipeline: pipeline, options: BatchOptions(outputDirectory: out, jobs: 2, format: format)) { doc in
            doc.id == "d0" ? try Self.collection(docID: doc.id) : try Self.plain(docID: doc.id)
        }
        let summary = try runner.run(inputs: [root + "/in.jsonl"])
        #expect(summary.succeeded == 4 && summary.failed == 0)
        let framing: GeoJSONSequenceWriter.Framing = format == .seq ? .rfc8142 : .newlineDelimited
        var layers: [[UInt8]] = [[], [], []]
        for d in docs {
            let stem = BatchNaming.stem(for: d.id)
            let fc = d.id == "d0" ? try Self.collection(docID: d.id) : try Self.plain(docID: d.id)
            let e = try Self.expected(fc, doc: d, stem: stem, key: runner.key(for: d), framing: framing)
            let file = try #require(FileManager.default.contents(atPath: "\(out)/docs/\(stem).geojson"))
            #expect([UInt8](file) == e.file, "docs/\(stem).geojson")
            for k in 0..<3 { layers[k] += e.layers[k] }
        }
        for (k, name) in ["places", "areas", "axes"].enumerated() {
            let got = try #require(FileManager.default.contents(atPath: "\(out)/\(name).\(format.fileExtension)"))
            #expect([UInt8](got) == layers[k], "\(name)")
        }
        // The resumed run reads the files back and must frame the same layer lines.
        let again = try BatchRunner(pipeline: pipeline, options: BatchOptions(outputDirectory: out, jobs: 1, resume: true, format: format)) { _ in
            throw CancellationError()
        }.run(inputs: [root + "/in.jsonl"])
        #expect(again.resumed == 4)
        for (k, name) in ["places", "areas", "axes"].enumerated() {
            let got = try #require(FileManager.default.contents(atPath: "\(out)/\(name).\(format.fileExtension)"))
            #expect([UInt8](got) == layers[k], "resumed \(name)")
        }
    }
}

extension BatchSHA256Tests {
    /// The hasher compresses whole blocks straight from the input and keeps only partial blocks:
    /// any split of the input into `update` calls must give the one-shot digest.
    @Test func digestDoesNotDependOnHowTheInputIsSplit() {
        let msg = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        let fips = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        for size in [1, 3, 7, 55, 56, 63, 64, 65] {
            var h = BatchSHA256()
            var i = 0
            while i < msg.count { h.update(msg[i..<min(msg.count, i + size)]); i += size }
            #expect(BatchSHA256.hexString(h.finalize()) == fips, "chunks of \(size)")
        }
        // FIPS 180-4 long message: one million "a", through a non-contiguous sequence in uneven parts.
        var h = BatchSHA256()
        var left = 1_000_000
        var part = 1
        while left > 0 {
            let n = min(left, part)
            h.update(repeatElement(UInt8(ascii: "a"), count: n))
            left -= n
            part = part * 3 % 997 + 1
        }
        #expect(BatchSHA256.hexString(h.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // A String (UTF-8 of a non-ASCII text) hashes as its bytes.
        let s = String(repeating: "حمص ", count: 40)
        var hs = BatchSHA256()
        hs.update(s)
        #expect(BatchSHA256.hexString(hs.finalize()) == BatchSHA256.hex(Array(s.utf8)))
    }
}
