import Foundation
import Testing
import ConflictMapKit
import GeoCore
import GeoJSON
import TestSupport

/// One pipeline over the embedded default gazetteer for the batch tests.
let batchPipeline: MapPipeline? = try? MapPipeline(extraGazetteer: [])

@Suite struct BatchSHA256Tests {
    // FIPS 180-4 / NIST CSRC example vectors (SHA256.pdf, "abc" and the two-block message).
    @Test func fipsExampleVectors() {
        #expect(BatchSHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(BatchSHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(BatchSHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // 55 and 56 bytes straddle the padding boundary (length no longer fits the first block).
        #expect(BatchSHA256.hex([UInt8](repeating: 0x61, count: 55)) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(BatchSHA256.hex([UInt8](repeating: 0x61, count: 56)) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
    }
}

@Suite struct BatchNamingTests {
    static let hostile = ["../../x", "/etc/passwd", "a/b", "a\\b", "a\u{0}b", "\u{7}bell", "x\ny", "CON", "con", "nul.txt", "com1",
                          "Doc", "doc", "DOC", ".", "..", "", ".hidden", "-rf", String(repeating: "z", count: 5000),
                          "دير الزور", "e\u{301}", "\u{E9}", "a~b", "plain-id_1.2"]

    @Test func hostileIDsBecomeOneSafeLowerCaseComponent() {
        var stems = Set<String>()
        for id in Self.hostile {
            let s = BatchNaming.stem(for: id)
            #expect(!s.isEmpty && s.utf8.count <= BatchNaming.maxStemBytes + 13, "\(id.debugDescription) → \(s)")
            #expect(s.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || "._-~".utf8.contains($0) }, "\(s)")
            #expect(!s.hasPrefix(".") && !s.hasPrefix("-"))
            #expect(s != "con" && s != "nul" && !s.hasPrefix("nul.") && s != "com1")
            // Resolving it under a folder stays in that folder.
            let dir = URL(fileURLWithPath: "/tmp/out/docs")
            #expect(dir.appendingPathComponent(s + ".geojson").standardizedFileURL.deletingLastPathComponent().path == dir.path)
            #expect(stems.insert(s).inserted, "collision: \(id.debugDescription) → \(s)")
        }
        #expect(BatchNaming.stem(for: "plain-id_1.2") == "plain-id_1.2")
        // Case variants and NFC/NFD forms differ.
        #expect(BatchNaming.stem(for: "Doc") != BatchNaming.stem(for: "DOC"))
    }

    @Test func duplicateIDsGetDistinctStemsAndPlainIDsCannotForgeAHashedOne() {
        let a = BatchNaming.stem(for: "dup"), b = BatchNaming.stem(for: "dup", occurrence: 2), c = BatchNaming.stem(for: "dup", occurrence: 3)
        #expect(Set([a, b, c]).count == 3)
        #expect(a == "dup" && b.hasPrefix("dup~"))
        // A plain id never contains "~", so it cannot equal a hashed stem.
        #expect(!BatchNaming.isPlain(b))
    }
}

@Suite struct BatchClaimsTests {
    /// A hand-built FeatureCollection with an area feature as the claims issue specifies it.
    static func collection() throws -> FeatureCollection {
        let ring = try LinearRing([Position(lon: 38.6, lat: 35.7), Position(lon: 38.9, lat: 35.7), Position(lon: 38.9, lat: 35.9), Position(lon: 38.6, lat: 35.7)])
        let area: JSONObject = [
            "kind": "area", "claimed_km2": 1500, "claim_qualifier": "more_than", "computed_km2": 1480.25,
            "model": "corridor", "range_km2": [1200.5, 1900], "verdict": "consistent", "implied_width_km": 16.1,
            "claim_text": ["text": "أكثر من 1500 كم², \"مربع\"", "start": 10, "end": 30], "event": "advance",
            "actor": "the army", "event_date": "2017-07-10",
        ]
        return FeatureCollection(features: [
            Feature(id: "d1/p1", geometry: .point(Position(uncheckedLon: 38.6, lat: 35.7)), properties: ["kind": "place", "name": "الرصافة"]),
            Feature(id: "d1/a1", geometry: .polygon(Polygon(exterior: ring)), properties: area),
        ])
    }

    @Test func areaFeaturesBecomeClaimRowsInCSVAndJSON() throws {
        let rows = BatchClaims.rows(of: try Self.collection(), docID: "d1", docDate: "2017-07-11")
        try #require(rows.count == 1)
        #expect(rows[0]["verdict"]?.stringValue == "consistent")
        let csv = String(decoding: BatchClaims.csv(rows), as: UTF8.self)
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0] == "doc_id,feature_id,doc_date,event_date,actor,event,claim_text,claimed_km2,claim_qualifier,computed_km2,model,range_min_km2,range_max_km2,implied_width_km,verdict")
        #expect(lines[1] == "d1,d1/a1,2017-07-11,2017-07-10,the army,advance,\"أكثر من 1500 كم², \"\"مربع\"\"\",1500,more_than,1480.25,corridor,1200.5,1900,16.1,consistent")
        let json = try JSONParser().parse(BatchClaims.json(rows))
        let claims = try #require(json["claims"]?.arrayValue)
        #expect(claims.count == 1)
        #expect(claims[0]["range_km2"] == .array([.number(1200.5), .number(1900)]))
        #expect(claims[0]["feature_id"]?.stringValue == "d1/a1")
        #expect(String(decoding: BatchClaims.json([]), as: UTF8.self) == "{\"claims\":[]}\n")
    }
}

@Suite struct BatchInputTests {
    @Test func documentsAreRejectedWithTheirReason() {
        func reason(_ b: [UInt8], json: Bool? = nil, max: Int = 100) -> String? {
            if case .failure(let e) = BatchInput.document(bytes: b[...], json: json, defaultID: "d", maxBytes: max).document { return e.message }
            return nil
        }
        #expect(reason([0x61, 0x62, 0xFF]) == "invalid UTF-8 at byte offset 2")
        #expect(reason([0x61, 0xE2, 0x82]) == "invalid UTF-8 at byte offset 1")
        #expect(reason(Array(" \n\t ".utf8)) == "empty text")
        #expect(reason(Array("{\"text\":\"\\u00a0 \"}".utf8)) == "empty text")
        #expect(reason(Array(repeating: 0x61, count: 101))?.contains("more than the limit of 100") == true)
        #expect(reason(Array("{\"text\": 3}".utf8))?.contains("must be a string") == true)
        #expect(reason(Array("{\"text\":\"x\"".utf8), json: true)?.hasPrefix("malformed JSON") == true)
        #expect(reason(Array("\u{FEFF}Homs".utf8)) == nil)
        let (id, doc) = BatchInput.document(bytes: Array("{\"id\":\"k\",\"text\":\"Homs\",\"lang\":\"en\"}".utf8)[...], json: nil, defaultID: "d", maxBytes: 100)
        #expect(id == "k")
        #expect((try? doc.get())?.lang == "en")
        // A JSON line with a Latin-1 byte in its text is rejected but still named by its id.
        let latin1 = Array("{\"id\":\"cafe\",\"text\":\"caf".utf8) + [0xE9] + Array("\"}".utf8)
        let (badID, bad) = BatchInput.document(bytes: latin1[...], json: true, defaultID: "d", maxBytes: 100)
        #expect(badID == "cafe")
        if case .failure(let e) = bad { #expect(e.message == "invalid UTF-8 at byte offset 24") } else { Issue.record("accepted invalid UTF-8") }
    }

    @Test func directoriesAreWalkedRecursivelyInByteOrderSkippingHiddenNames() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cm-walk-\(getpid())")
        defer { try? FileManager.default.removeItem(at: root) }
        for p in ["b/z.txt", "b/a.json", "a.txt", "B.txt", ".git/x.txt", "c/.hidden.txt", "notes.md", "w.jsonl"] {
            let u = root.appendingPathComponent(p)
            try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: u)
        }
        #expect(BatchInput.walk(root.path) == ["B.txt", "a.txt", "b/a.json", "b/z.txt", "w.jsonl"])
    }
}

@Suite struct BatchRunnerTests {
    static func tempDir() throws -> String {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("cm-runner-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u.path
    }

    static func files(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for rel in try FileManager.default.subpathsOfDirectory(atPath: dir) where rel != "summary.json" {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: dir + "/" + rel, isDirectory: &isDir)
            if !isDir.boolValue { out[rel] = FileManager.default.contents(atPath: dir + "/" + rel) }
        }
        return out
    }

    /// Documents of very different lengths finish out of order on 4 workers; the outputs must
    /// not notice.
    @Test(.enabled(if: batchPipeline != nil)) func outputDoesNotDependOnJobsOrFinishingOrder() throws {
        let pipeline = try #require(batchPipeline)
        let corpus = BatchCorpus(gazetteer: pipeline.gazetteer)
        #expect(corpus.names.count >= 30)
        let root = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var jsonl = ""
        for n in 0..<300 {
            let text = corpus.report(n, sentences: n % 25 == 0 ? 60 : 2)
            var w = JSONByteWriter()
            try w.write(.object(["id": .string("en-\(n)"), "text": .string(text)]))
            jsonl += String(decoding: w.bytes, as: UTF8.self) + "\n"
        }
        let input = root + "/in.jsonl"
        try Data(jsonl.utf8).write(to: URL(fileURLWithPath: input))
        var results: [[String: Data]] = []
        for jobs in [1, 4] {
            let out = root + "/out\(jobs)"
            let s = try BatchRunner(pipeline: pipeline, options: BatchOptions(outputDirectory: out, jobs: jobs, format: .ndjson)).run(inputs: [input])
            #expect(s.documents == 300 && s.failed == 0 && s.jobs == jobs)
            #expect(s.places > 300)
            results.append(try Self.files(out))
        }
        #expect(results[0].keys.sorted() == results[1].keys.sorted())
        for (k, v) in results[0] where results[1][k] != v { Issue.record("\(k) differs between 1 and 4 jobs") }
        // Merged layer in input order: doc ids of the features never go backwards.
        let layer = try #require(results[0]["places.geojsonl"])
        var last = -1
        for line in layer.split(separator: 0x0A) {
            let f = try JSONParser().parse(Array(line))
            let id = try #require(f["properties"]?["doc_id"]?.stringValue)
            let n = try #require(Int(id.dropFirst(3)))
            #expect(n >= last)
            last = n
        }
    }
}

extension BatchRunnerTests {
    /// `--resume` reuses exactly the documents whose content and options are unchanged.
    @Test(.enabled(if: batchPipeline != nil)) func resumeReusesOnlyUnchangedDocumentsAndOptions() throws {
        let pipeline = try #require(batchPipeline)
        let corpus = BatchCorpus(gazetteer: pipeline.gazetteer)
        let root = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        func write(_ docs: [Document]) throws -> String {
            var s = ""
            for d in docs {
                var w = JSONByteWriter()
                try w.write(.object(["id": .string(d.id), "text": .string(d.text)]))
                s += String(decoding: w.bytes, as: UTF8.self) + "\n"
            }
            let p = root + "/in.jsonl"
            try Data(s.utf8).write(to: URL(fileURLWithPath: p))
            return p
        }
        var docs = corpus.documents(40, sentences: 3)
        let input = try write(docs)
        let out = root + "/out"
        func run(lang: String? = nil) throws -> BatchSummary {
            try BatchRunner(pipeline: pipeline, options: BatchOptions(outputDirectory: out, jobs: 2, resume: true, lang: lang)).run(inputs: [input])
        }
        #expect(try run().resumed == 0)
        let first = try Self.files(out)
        #expect(try run().resumed == 40)
        #expect(try Self.files(out) == first)
        docs[7].text += " Rebels shelled Homs."
        _ = try write(docs)
        let changed = try run()
        #expect(changed.resumed == 39 && changed.succeeded == 40)
        #expect(try run(lang: "en").resumed == 0, "a change of options must invalidate every reused output")
    }
}

extension BatchRunnerTests {
    struct StageFailed: Error, CustomStringConvertible { var description: String { "claims stage: no anchor" } }

    /// A stage that throws rejects its document only; area features reach the areas layer and
    /// the claims report.
    @Test(.enabled(if: batchPipeline != nil)) func throwingStageIsIsolatedAndAreaFeaturesBecomeClaims() throws {
        let pipeline = try #require(batchPipeline)
        let root = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var s = ""
        for n in 0..<6 { s += "{\"id\":\"d\(n)\",\"text\":\"Clashes in Homs.\",\"date\":\"2017-07-1\(n)\"}\n" }
        try Data(s.utf8).write(to: URL(fileURLWithPath: root + "/in.jsonl"))
        let area = try BatchClaimsTests.collection()
        let runner = BatchRunner(pipeline: pipeline, options: BatchOptions(outputDirectory: root + "/out", jobs: 2)) { doc in
            if doc.id == "d3" { throw StageFailed() }
            var fc = area
            fc.features = fc.features.map { f in
                var g = f
                if case .string(let id)? = f.id { g.id = .string(id.replacingOccurrences(of: "d1/", with: doc.id + "/")) }
                return g
            }
            return fc
        }
        let summary = try runner.run(inputs: [root + "/in.jsonl"])
        #expect(summary.failed == 1 && summary.succeeded == 5 && summary.areas == 5 && summary.places == 5 && summary.claims == 5)
        let errors = try String(contentsOfFile: root + "/out/errors.jsonl", encoding: .utf8)
        #expect(errors == "{\"id\":\"d3\",\"input\":\"\(root)/in.jsonl\",\"line\":4,\"byte_offset\":\(3 * 58),\"stage\":\"map\",\"error\":\"claims stage: no anchor\"}\n")
        let csv = try String(contentsOfFile: root + "/out/claims.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 6)
        #expect(csv[1].hasPrefix("d0,d0/a1,2017-07-10,2017-07-10,the army,advance,"))
        #expect(!csv.contains { $0.hasPrefix("d3,") })
        let areas = try Data(contentsOf: URL(fileURLWithPath: root + "/out/areas.geojsons"))
        let first = try #require(areas.split(separator: 0x1E).first)
        let f = try JSONParser().parse(Array(first))
        #expect(f["geometry"]?["type"]?.stringValue == "Polygon")
        #expect(f["properties"]?["doc_file"]?.stringValue == "docs/d0.geojson")
        #expect(f["properties"]?["verdict"]?.stringValue == "consistent")
    }
}

@Suite struct BatchStreamTests {
    /// A line longer than the limit and longer than the 1 MiB read chunk is skipped without
    /// losing the lines around it; CRLF line ends and a last line without "\n" are read.
    @Test(.enabled(if: batchPipeline != nil)) func tooLongLinesAcrossReadChunksKeepTheStreamAligned() throws {
        let pipeline = try #require(batchPipeline)
        var bytes = Array("{\"id\":\"a\",\"text\":\"Rebels entered Hama.\"}\r\n".utf8)
        let longStart = bytes.count
        bytes += Array("{\"id\":\"long\",\"text\":\"".utf8) + [UInt8](repeating: 0x61, count: 3 << 20) + Array("\"}\n".utf8)
        let longLength = bytes.count - 1 - longStart
        bytes += Array("\n{\"id\":\"b\",\"text\":\"Clashes in Homs.\"}".utf8)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cm-stream-\(getpid()).jsonl").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let fd = open(path, O_RDONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        final class Sink: @unchecked Sendable { var lines: [[UInt8]] = []; var rejected: [BatchRecord] = [] }
        let sink = Sink()
        let r = try BatchStream.mapJSONL(fd: fd, pipeline: pipeline, jobs: 2, maxDocumentBytes: 1 << 20,
                                         output: { sink.lines.append($0) }, rejected: { rec, _ in sink.rejected.append(rec) })
        #expect(r.documents == 3 && r.failed == 1)
        #expect(sink.lines.count == 3)
        let ids = try sink.lines.map { try JSONParser().parse($0)["conflictmap"]?["id"] }
        #expect(ids == [.string("a"), .null, .string("b")])
        let rec = try #require(sink.rejected.first)
        #expect(rec.line == 2 && rec.byteOffset == longStart)
        let message = try JSONParser().parse(sink.lines[1])["conflictmap"]?["error"]?.stringValue ?? ""
        #expect(message.hasPrefix("document is \(longLength) bytes"), "\(message)")
    }
}
