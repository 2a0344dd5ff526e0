import Dispatch
import Foundation
import GeoJSON
import Logging

/// Options of a batch run (`conflictmap batch`).
public struct BatchOptions: Sendable {
    /// Framing of the merged layers.
    public enum LayerFormat: String, Sendable, CaseIterable {
        /// RFC 8142 GeoJSON text sequences (0x1E before, "\n" after each Feature): `*.geojsons`.
        case seq
        /// Newline-delimited GeoJSON (one Feature per line): `*.geojsonl`.
        case ndjson
        public var fileExtension: String { self == .seq ? "geojsons" : "geojsonl" }
    }

    public var outputDirectory: String
    /// Worker threads; default the number of active processors.
    public var jobs: Int
    /// Reuse per-document outputs made from the same document and options.
    public var resume: Bool
    /// Forces the language of every document ("ar"/"en"); nil keeps the document's own or detects it.
    public var lang: String?
    /// Documents (files or JSONL lines) longer than this many bytes are rejected.
    public var maxDocumentBytes: Int
    public var format: LayerFormat
    /// Count the documents before starting (for progress and ETA); stdin cannot be counted.
    public var countTotal: Bool

    public init(outputDirectory: String, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                resume: Bool = false, lang: String? = nil, maxDocumentBytes: Int = 5_000_000,
                format: LayerFormat = .seq, countTotal: Bool = false) {
        self.outputDirectory = outputDirectory; self.jobs = max(1, jobs); self.resume = resume
        self.lang = lang; self.maxDocumentBytes = maxDocumentBytes; self.format = format
        self.countTotal = countTotal
    }
}

/// Progress of a run, reported after each document is merged (in input order).
public struct BatchProgress: Sendable {
    public var done: Int
    /// Documents in the input when known (`countTotal` and no stdin).
    public var total: Int?
    public var failed: Int
    /// Seconds since the run started.
    public var elapsed: Double
    public var documentsPerSecond: Double { elapsed > 0 ? Double(done) / elapsed : 0 }
    /// Estimated seconds to go, when the total is known.
    public var eta: Double? {
        guard let total, documentsPerSecond > 0 else { return nil }
        return Double(max(0, total - done)) / documentsPerSecond
    }
}

/// What a run did; also written as `summary.json`.
public struct BatchSummary: Sendable {
    public var documents = 0
    public var succeeded = 0
    public var failed = 0
    /// Documents whose per-document output was reused by `--resume`.
    public var resumed = 0
    /// Documents whose id had been seen before in the run (written under a hashed name).
    public var duplicateIDs = 0
    public var places = 0
    public var areas = 0
    public var axes = 0
    public var claims = 0
    public var jobs = 1
    public var wallSeconds = 0.0
    /// Seconds summed over threads: reading and parsing input, mapping (the pipeline), writing
    /// per-document files, merging (layers, claims, errors, in input order).
    public var readSeconds = 0.0
    public var mapSeconds = 0.0
    public var writeSeconds = 0.0
    public var mergeSeconds = 0.0
    public var documentsPerSecond: Double { wallSeconds > 0 ? Double(documents) / wallSeconds : 0 }

    /// `summary.json`: counts first (identical whatever `--jobs`), then the timings.
    public func json() -> [UInt8] {
        func r(_ x: Double) -> JSONValue { .number((x * 1000).rounded() / 1000) }
        let o: JSONObject = [
            "documents": .number(Double(documents)), "succeeded": .number(Double(succeeded)),
            "failed": .number(Double(failed)), "resumed": .number(Double(resumed)),
            "duplicate_ids": .number(Double(duplicateIDs)),
            "features": .object(["places": .number(Double(places)), "areas": .number(Double(areas)), "axes": .number(Double(axes))]),
            "claims": .number(Double(claims)),
            "jobs": .number(Double(jobs)),
            "wall_seconds": r(wallSeconds),
            "documents_per_second": .number(documentsPerSecond.rounded()),
            "stage_seconds": .object(["read": r(readSeconds), "map": r(mapSeconds), "write": r(writeSeconds), "merge": r(mergeSeconds)]),
        ]
        var w = JSONByteWriter(pretty: true)
        do { try w.write(.object(o)) } catch { return Array("{}\n".utf8) }
        return w.bytes + [0x0A]
    }
}

/// Maps many documents in parallel into an output folder (see docs/SCALING.md for the layout):
///
/// - `docs/<stem>.geojson`: each document's FeatureCollection (as `MapPipeline.map`), plus a
///   foreign member `conflictmap_batch` `{"key": <SHA-256 hex of the document and options>}`
///   that `--resume` compares; `<stem>` from `BatchNaming`.
/// - `places`, `areas`, `axes` `.geojsons` (RFC 8142) or `.geojsonl` (newline-delimited): the
///   Features of kind "place", "area" and "axis" of every document, in input order, each with
///   `doc_id`, `doc_date` and `doc_file` added to its properties.
/// - `claims.csv`, `claims.json` (`BatchClaims`), `errors.jsonl` (one line per rejected
///   document: `id`, `input`, `line`, `byte_offset`, `stage`, `error`), `summary.json`.
///
/// Every file is written under a temporary name and renamed. Everything but `summary.json`'s
/// timings is byte-identical whatever `jobs` is. The merged layers are always rebuilt from all
/// documents (reused ones are read back), so a resumed run equals an uninterrupted one.
public final class BatchRunner: Sendable {
    /// Changes whenever the per-document output format changes, so `--resume` recomputes.
    public static let formatVersion = "conflictmap-batch/1"

    public let pipeline: MapPipeline
    public let options: BatchOptions
    let logger: Logger

    /// What maps one document: `pipeline.map(document:)` unless another is given.
    let mapper: @Sendable (Document) throws -> FeatureCollection

    /// - Parameter mapper: replaces `pipeline.map(document:)` (to add stages, or in tests); it is
    ///   called from several threads at once.
    public init(pipeline: MapPipeline, options: BatchOptions, logger: Logger = Logger(label: "conflictmap.batch"),
                mapper: (@Sendable (Document) throws -> FeatureCollection)? = nil) {
        self.pipeline = pipeline; self.options = options; self.logger = logger
        self.mapper = mapper ?? { try pipeline.map(document: $0) }
    }

    /// What `--resume` compares besides the document: the format, the program's version, the
    /// forced language and the gazetteer (its sources, place and outline counts, and the
    /// `contentKey` of its files, so that a re-import with corrected rows remakes every output).
    public var optionsFingerprint: String {
        let g = pipeline.gazetteer
        return [Self.formatVersion, "version=\(MapPipeline.version)", "lang=\(options.lang ?? "")",
                "places=\(g.places.count)", "admins=\(g.adminAreas.count)",
                "data=" + (g.contentKey.map { String($0, radix: 16) } ?? "in-memory"),
                "sources=" + g.sources.map(\.name).joined(separator: "|")].joined(separator: "\n")
    }

    /// SHA-256 over the options fingerprint and every member of the document.
    public func key(for doc: Document) -> String {
        var h = BatchSHA256()
        h.update(optionsFingerprint)
        for part in [doc.id, doc.text, doc.date ?? "\u{0}nil", doc.source ?? "\u{0}nil", doc.lang ?? "\u{0}nil"] {
            h.update([0x00])
            h.update(String(part.utf8.count))
            h.update([0x00])
            h.update(part)
        }
        return BatchSHA256.hexString(h.finalize())
    }

    struct Item: Sendable {
        var record: BatchRecord
        var stem: String?
    }

    struct Outcome: Sendable {
        var record: BatchRecord
        var error: BatchDocumentError?
        var layers: [[UInt8]] = [[], [], []]
        var counts = [0, 0, 0]
        var claims: [JSONObject] = []
        var resumed = false
        var fatal: BatchRunError?
        var mapSeconds = 0.0
        var writeSeconds = 0.0
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Runs over `inputs` (paths, directories or "-"), calling `progress` after each document.
    /// - Throws: `BatchInput.NotFound` for a missing input (before anything is written),
    ///   `BatchRunError` when the run itself fails (output not writable).
    public func run(inputs: [String], progress: (@Sendable (BatchProgress) -> Void)? = nil) throws -> BatchSummary {
        let kinds = try inputs.map(BatchInput.kind(of:))
        let out = options.outputDirectory
        let docsDir = out + "/docs"
        do { try FileManager.default.createDirectory(atPath: docsDir, withIntermediateDirectories: true) } catch {
            throw BatchRunError.io("\(docsDir): cannot be created: \(error.localizedDescription)")
        }
        // One run per output folder: a second run (an overlapping nightly job) would delete the
        // first one's temporary files. The lock is released when the process exits.
        let lockPath = out + "/.conflictmap-batch.lock"
        let lockFD = open(lockPath, O_RDWR | O_CREAT, 0o644)
        guard lockFD >= 0 else { throw BatchRunError.io("\(lockPath): cannot be created: \(String(cString: strerror(errno)))") }
        guard flock(lockFD, LOCK_EX | LOCK_NB) == 0 else {
            close(lockFD)
            throw BatchRunError.io("\(out): another batch run is writing to this folder")
        }
        defer { flock(lockFD, LOCK_UN); close(lockFD) }
        BatchFiles.removeStaleTemporaries(in: out)
        BatchFiles.removeStaleTemporaries(in: docsDir)
        let total = options.countTotal ? BatchInput.count(kinds) : nil
        let ext = options.format.fileExtension
        let layerFiles = try ["places", "areas", "axes"].map { try BatchFiles.Streamed(path: "\(out)/\($0).\(ext)") }
        let errorsFile = try BatchFiles.Streamed(path: out + "/errors.jsonl")
        let collector = Collector(layerFiles: layerFiles, errorsFile: errorsFile, total: total, progress: progress)
        let writers = BatchWriterPool(threads: max(4, 2 * options.jobs))
        let t0 = Self.now()
        var readSeconds = 0.0
        var seen: [String: Int] = [:]
        var duplicates = 0
        let logger = self.logger
        do {
            try OrderedParallel.run(jobs: options.jobs, window: options.jobs * 32, produce: { emit in
                var t = Self.now()
                try BatchInput.read(kinds, maxBytes: options.maxDocumentBytes) { record in
                    var stem: String?
                    if case .success(let doc) = record.document {
                        let n = (seen[doc.id] ?? 0) + 1
                        seen[doc.id] = n
                        if n > 1 {
                            duplicates += 1
                            logger.warning("duplicate document id; written under a hashed name", metadata: ["id": "\(doc.id)", "input": "\(record.input)", "occurrence": "\(n)"])
                        }
                        stem = BatchNaming.stem(for: doc.id, occurrence: n)
                    }
                    let t1 = Self.now()
                    readSeconds += t1 - t
                    let ok = emit(Item(record: record, stem: stem))
                    t = Self.now()
                    return ok
                }
            }, work: { [self] _, item in
                self.process(item, docsDir: docsDir, writers: writers)
            }, consume: { _, outcome in
                collector.take(outcome, start: t0)
            })
        } catch {
            try? writers.finish()
            layerFiles.forEach { $0.abandon() }
            errorsFile.abandon()
            throw error
        }
        do { try writers.finish() } catch let e as BatchRunError {
            if collector.fatal == nil { collector.fatal = e }
        }
        if let fatal = collector.fatal {
            layerFiles.forEach { $0.abandon() }
            errorsFile.abandon()
            throw fatal
        }
        var s = collector.summary
        s.duplicateIDs = duplicates
        s.jobs = options.jobs
        s.readSeconds = readSeconds
        s.writeSeconds += writers.seconds
        let tm = Self.now()
        for f in layerFiles { try f.commit() }
        try errorsFile.commit()
        try BatchFiles.writeAtomically(BatchClaims.csv(collector.claims), to: out + "/claims.csv")
        try BatchFiles.writeAtomically(BatchClaims.json(collector.claims), to: out + "/claims.json")
        s.mergeSeconds += Self.now() - tm
        s.wallSeconds = Self.now() - t0
        try BatchFiles.writeAtomically(s.json(), to: out + "/summary.json")
        return s
    }

    /// Serial, in-order side: appends to the merged layers and errors, collects claims.
    final class Collector: @unchecked Sendable {
        let layerFiles: [BatchFiles.Streamed]
        let errorsFile: BatchFiles.Streamed
        let total: Int?
        let progress: (@Sendable (BatchProgress) -> Void)?
        var summary = BatchSummary()
        var claims: [JSONObject] = []
        var fatal: BatchRunError?

        init(layerFiles: [BatchFiles.Streamed], errorsFile: BatchFiles.Streamed, total: Int?, progress: (@Sendable (BatchProgress) -> Void)?) {
            self.layerFiles = layerFiles; self.errorsFile = errorsFile; self.total = total; self.progress = progress
        }

        /// Called under the reorder lock, in input order. Returns false to stop the run.
        func take(_ o: Outcome, start: Double) -> Bool {
            let t = BatchRunner.now()
            defer { summary.mergeSeconds += BatchRunner.now() - t }
            summary.documents += 1
            summary.mapSeconds += o.mapSeconds
            summary.writeSeconds += o.writeSeconds
            if let f = o.fatal { fatal = f; return false }
            do {
                if let e = o.error {
                    summary.failed += 1
                    let r = o.record
                    let line: JSONObject = [
                        "id": r.id.map(JSONValue.string) ?? .null, "input": .string(r.input),
                        "line": r.line.map { .number(Double($0)) } ?? .null,
                        "byte_offset": r.byteOffset.map { .number(Double($0)) } ?? .null,
                        "stage": .string(e.stage), "error": .string(e.message),
                    ]
                    var w = JSONByteWriter(pretty: false)
                    try? w.write(.object(line))
                    try errorsFile.append(w.bytes + [0x0A])
                } else {
                    summary.succeeded += 1
                    if o.resumed { summary.resumed += 1 }
                    for k in 0..<3 where !o.layers[k].isEmpty { try layerFiles[k].append(o.layers[k]) }
                    summary.places += o.counts[0]; summary.areas += o.counts[1]; summary.axes += o.counts[2]
                    claims += o.claims
                    summary.claims += o.claims.count
                }
            } catch let e as BatchRunError { fatal = e; return false } catch { fatal = .io("\(error)"); return false }
            progress?(BatchProgress(done: summary.documents, total: total, failed: summary.failed, elapsed: BatchRunner.now() - start))
            return true
        }
    }

    /// Worker side: map (or reuse) one document, write its file, frame its layer features.
    func process(_ item: Item, docsDir: String, writers: BatchWriterPool) -> Outcome {
        var o = Outcome(record: item.record)
        guard case .success(var doc) = item.record.document, let stem = item.stem else {
            if case .failure(let e) = item.record.document { o.error = e }
            return o
        }
        if let lang = options.lang { doc.lang = lang }
        let key = key(for: doc)
        let path = "\(docsDir)/\(stem).geojson"
        let extras = LayerExtras(docID: doc.id, docDate: doc.date, docFile: "docs/\(stem).geojson",
                                 framing: options.format == .seq ? .rfc8142 : .newlineDelimited)
        var fc: FeatureCollection?
        let t0 = Self.now()
        if options.resume, let data = FileManager.default.contents(atPath: path) {
            if let d = try? GeoJSONReader().read(data), case .featureCollection(let old) = d.object,
               old.foreignMembers["conflictmap_batch"]?["key"]?.stringValue == key {
                fc = old
                o.resumed = true
            }
        }
        if fc == nil {
            do { fc = try mapper(doc) } catch {
                o.error = BatchDocumentError(stage: "map", message: "\(error)")
                o.mapSeconds = Self.now() - t0
                return o
            }
            o.mapSeconds = Self.now() - t0
            let t1 = Self.now()
            guard var c = fc else { return o }
            _ = c.foreignMembers.updateValue(.object(["key": .string(key)]), forKey: "conflictmap_batch")
            let text = Self.documentText(c, extras: extras)
            var bytes: [UInt8]
            if let text {
                bytes = text.collection
                o.layers = text.layers; o.counts = text.counts
            } else {
                do { bytes = try GeoJSONWriter(options: .init(decimals: 6)).write(c) } catch {
                    o.error = BatchDocumentError(stage: "write", message: "\(error)")
                    return o
                }
            }
            bytes.append(0x0A)
            if !writers.submit(bytes, to: path, tag: "\(item.record.line ?? 0)-\(stem.utf8.count)-\(stem.hashValue & 0xFFFFFF)") {
                o.fatal = writers.error ?? .io("\(path): cannot be written")
                return o
            }
            o.writeSeconds = Self.now() - t1
            if text != nil {
                o.claims = BatchClaims.rows(of: c, docID: doc.id, docDate: doc.date)
                return o
            }
        } else {
            o.mapSeconds = Self.now() - t0
            if let fc, let text = Self.documentText(fc, extras: extras, collection: false) {
                o.layers = text.layers; o.counts = text.counts
                o.claims = BatchClaims.rows(of: fc, docID: doc.id, docDate: doc.date)
                return o
            }
        }
        guard let fc else { return o }
        // The general path (a document the fast path declines: see `documentText`).
        let writer = GeoJSONSequenceWriter(framing: options.format == .seq ? .rfc8142 : .newlineDelimited, options: .init(decimals: 6))
        for f in fc.features {
            let kind = f.properties?["kind"]?.stringValue
            guard let k = ["place", "area", "axis"].firstIndex(where: { $0 == kind }) else { continue }
            var g = f
            var p = g.properties ?? JSONObject()
            _ = p.updateValue(.string(doc.id), forKey: "doc_id")
            _ = p.updateValue(doc.date.map(JSONValue.string) ?? .null, forKey: "doc_date")
            _ = p.updateValue(.string("docs/\(stem).geojson"), forKey: "doc_file")
            g.properties = p
            do { try writer.append(g, to: &o.layers[k]) } catch {
                o.error = BatchDocumentError(stage: "write", message: "\(error)")
                o.layers = [[], [], []]; o.counts = [0, 0, 0]
                return o
            }
            o.counts[k] += 1
        }
        o.claims = BatchClaims.rows(of: fc, docID: doc.id, docDate: doc.date)
        return o
    }
}
