// Benchmarks of batch runs, in release mode: `swift run -c release cmbench [options]`.
// Figures recorded in docs/PERFORMANCE.md ("Batch throughput").
//
// Options:
//   --docs N          documents per corpus (default 2000)
//   --gazetteer DIR   an extra gazetteer folder (e.g. a store with the 10k imported localities)
//   --seed FILE       the seed report (default ../shared/examples/seed-2017-07-11-ar.txt; the
//                     seed corpus is skipped when it is absent)
//   --arabic FILE     ANERcorp-format token file (default ../shared/fixtures/anercorp-dev.txt): the
//                     "arabic" corpus of varied seed-sized documents, each made of sentences drawn
//                     (seeded, with replacement) from it, so that no two documents are the same and
//                     per-word memos warm up as they would on a real archive; skipped when absent
//   --write-corpora DIR  write the seed, arabic and english corpora (`--docs` documents each) as
//                     DIR/<name>.jsonl and exit: inputs for `scripts/output-digest.sh`, which checks
//                     that a speed-up leaves every output byte unchanged
//   --only LIST       comma-separated subset of: startup,seed,arabic,english,stream,write
//                     ("write" is not in the default set: it maps the seed once and serialises
//                     it `--docs` times, a loop for `perf stat` on the GeoJSON writer alone,
//                     then parses the bytes back as many times with GeoJSONReader)
//
// The gazetteer store in $CONFLICTMAP_DATA (or ~/.local/share/conflictmap) is loaded as usual;
// point CONFLICTMAP_DATA at an empty folder to measure the embedded default alone.
import ConflictMapKit
import Dispatch
import Foundation
import Gazetteer
import GeoJSON
import TextAnalysis

let processStart = DispatchTime.now().uptimeNanoseconds
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
/// CPU time of the calling thread in seconds (wall-clock is noisy on a shared machine).
func threadCPU() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Peak resident set size of this process so far, in MB (getrusage: KB on Linux).
func peakMB() -> Double {
    var u = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &u)
    #else
    getrusage(RUSAGE_SELF, &u)
    #endif
    #if os(Linux)
    return Double(u.ru_maxrss) / 1024
    #else
    return Double(u.ru_maxrss) / 1_048_576
    #endif
}

let args = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
if args.contains("--help") || args.contains("-h") {
    print("usage: cmbench [--docs N] [--gazetteer DIR] [--seed FILE] [--arabic FILE] [--only startup,seed,arabic,english,stream,write] [--write-corpora DIR]")
    exit(0)
}
let docsPerCorpus = Int(option("--docs") ?? "") ?? 2000
let only = Set((option("--only") ?? "startup,seed,arabic,english,stream").split(separator: ",").map(String.init))
let extra = option("--gazetteer").map { [URL(fileURLWithPath: $0)] } ?? []
let seedPath = option("--seed") ?? URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/examples/seed-2017-07-11-ar.txt").path

let arabicPath = option("--arabic") ?? URL(fileURLWithPath: seedPath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("fixtures/anercorp-dev.txt").path

func line(_ s: String) { FileHandle.standardOutput.write(Data((s + "\n").utf8)) }

// MARK: start-up: load the gazetteer and map one document

let t0 = now()
let gazetteer: Gazetteer
do { gazetteer = try Gazetteer.loadDefault(extra: extra) } catch {
    FileHandle.standardError.write(Data("cmbench: gazetteer: \(error)\n".utf8))
    exit(1)
}
let tLoaded = now()
let pipeline = MapPipeline(gazetteer: gazetteer)
let seedText: String? = FileManager.default.contents(atPath: seedPath).map { String(decoding: $0, as: UTF8.self) }
let firstDoc = Document(id: "first", text: seedText ?? "Government forces entered Palmyra and advanced east of Homs.")
_ = try? pipeline.map(document: firstDoc)
let tFirst = now()
line("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory >> 20) MiB, \(ProcessInfo.processInfo.operatingSystemVersionString)")
line("gazetteer: \(gazetteer.places.count) places, \(gazetteer.adminAreas.count) outlines")
if only.contains("startup") {
    let sinceExec = Double(DispatchTime.now().uptimeNanoseconds - processStart) / 1e9
    line(String(format: "startup: load gazetteer %.1f ms + first document %.1f ms = %.1f ms (%.1f ms since main; exec not included); peak %.0f MB",
                (tLoaded - t0) * 1000, (tFirst - tLoaded) * 1000, (tFirst - t0) * 1000, sinceExec * 1000, peakMB()))
}

// MARK: corpora

func jsonl(_ docs: [Document]) -> [UInt8] {
    var out: [UInt8] = []
    for d in docs {
        var w = JSONByteWriter()
        var o: JSONObject = ["id": .string(d.id), "text": .string(d.text)]
        if let x = d.date { _ = o.updateValue(.string(x), forKey: "date") }
        if let x = d.lang { _ = o.updateValue(.string(x), forKey: "lang") }
        try? w.write(.object(o))
        out += w.bytes
        out.append(0x0A)
    }
    return out
}

let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("cmbench-\(getpid())").path
try? FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: tmp) }

/// Baseline: parse each JSONL line into a document, then tokenise (which normalises) its text.
/// Single-thread figures are the thread's CPU time (equal to wall-clock on a quiet machine, and
/// not inflated by other processes on a shared one).
func baseline(_ bytes: [UInt8]) -> (seconds: Double, docs: Int) {
    let t = threadCPU()
    var n = 0, tokens = 0
    for l in bytes.split(separator: 0x0A) {
        guard case .success(let d) = BatchInput.document(bytes: l, json: true, defaultID: "x", maxBytes: 5_000_000).document else { continue }
        tokens &+= Tokenizer.tokenize(d.text).count
        n += 1
    }
    precondition(tokens > 0)
    return (threadCPU() - t, n)
}

/// The pipeline alone on one thread (no I/O).
func mapOnly(_ docs: [Document]) -> Double {
    let t = threadCPU()
    for d in docs { _ = try? pipeline.map(document: d) }
    return threadCPU() - t
}

func corpus(_ name: String, _ docs: [Document]) {
    let bytes = jsonl(docs)
    let path = "\(tmp)/\(name).jsonl"
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    let avg = Double(bytes.count) / Double(max(docs.count, 1))
    line(String(format: "\n[%@] %d documents, %.1f KB each on average", name, docs.count, avg / 1024))
    let b = baseline(bytes)
    let m = mapOnly(docs)
    line(String(format: "  baseline (read + normalise + tokenise), 1 thread CPU: %.0f docs/s (%.3f ms/doc)", Double(b.docs) / b.seconds, b.seconds * 1000 / Double(b.docs)))
    line(String(format: "  pipeline only (MapPipeline.map), 1 thread CPU:  %.0f docs/s (%.3f ms/doc); full/baseline = %.1f×",
                Double(docs.count) / m, m * 1000 / Double(docs.count), m / b.seconds))
    // The pipeline alone on two threads, each on half of the corpus (no I/O): the ceiling for --jobs 2.
    let t2 = now()
    let half = docs.count / 2
    DispatchQueue.concurrentPerform(iterations: 2) { k in
        for d in docs[(k == 0 ? 0 : half)..<(k == 0 ? half : docs.count)] { _ = try? pipeline.map(document: d) }
    }
    let m2 = now() - t2
    line(String(format: "  pipeline only, 2 threads (wall):                %.0f docs/s (%.2f× one thread)", Double(docs.count) / m2, m / m2))
    // Serialising and writing the per-document files alone.
    let fcs = docs.prefix(500).compactMap { try? pipeline.map(document: $0) }
    let t3 = threadCPU()
    var written = 0
    let serialised = fcs.map { (try? GeoJSONWriter(options: .init(decimals: 6)).write($0)) ?? [] }
    let t4 = threadCPU(), w4 = now()
    for (k, b) in serialised.enumerated() { try? BatchFiles.writeAtomically(b, to: "\(tmp)/w\(k).geojson"); written += b.count }
    let w5 = now()
    line(String(format: "  per document: GeoJSON writing %.3f ms CPU, atomic file write %.3f ms wall (%.1f KB)",
                (t4 - t3) * 1000 / Double(fcs.count), (w5 - w4) * 1000 / Double(fcs.count), Double(written) / Double(fcs.count) / 1024))
    var rates: [Int: Double] = [:]
    for jobs in [1, 2] {
        let out = "\(tmp)/out-\(name)-\(jobs)"
        do {
            let s = try BatchRunner(pipeline: pipeline, options: BatchOptions(outputDirectory: out, jobs: jobs)).run(inputs: [path])
            rates[jobs] = s.documentsPerSecond
            line(String(format: "  batch --jobs %d (files written): %.0f docs/s, %.2f s wall; stages map %.2f s, write %.2f s, merge %.2f s; peak %.0f MB",
                        jobs, s.documentsPerSecond, s.wallSeconds, s.mapSeconds, s.writeSeconds, s.mergeSeconds, peakMB()))
        } catch { line("  batch --jobs \(jobs) failed: \(error)") }
        try? FileManager.default.removeItem(atPath: out)
    }
    if let r1 = rates[1], let r2 = rates[2] { line(String(format: "  speed-up with 2 jobs: %.2f×", r2 / r1)) }
}

if let dir = option("--write-corpora") {
    // The corpora as JSONL files, for output-equivalence checks through the CLI; no timing.
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    var written: [String] = []
    func save(_ name: String, _ docs: [Document]) {
        guard !docs.isEmpty else { return }
        let path = "\(dir)/\(name).jsonl"
        _ = FileManager.default.createFile(atPath: path, contents: Data(jsonl(docs)))
        written.append(path)
    }
    if let seedText { save("seed", (0..<docsPerCorpus).map { Document(id: "seed-\($0)", text: seedText, date: "2017-07-11") }) }
    save("arabic", arabicDocuments(arabicPath, count: docsPerCorpus, bytes: seedText?.utf8.count ?? 7_300) ?? [])
    save("english", BatchCorpus(gazetteer: gazetteer).documents(docsPerCorpus))
    line("wrote " + written.joined(separator: ", "))
    exit(0)
}

if only.contains("seed") {
    if let seedText {
        corpus("seed", (0..<docsPerCorpus).map { Document(id: "seed-\($0)", text: seedText, date: "2017-07-11") })
    } else {
        line("\n[seed] skipped: \(seedPath) is absent")
    }
}

if only.contains("write") {
    let doc = Document(id: "seed-0", text: seedText ?? firstDoc.text, date: "2017-07-11")
    if let fc = try? pipeline.map(document: doc) {
        let writer = GeoJSONWriter(options: .init(decimals: 6))
        var total = 0
        let t = now(), c = threadCPU()
        for _ in 0..<docsPerCorpus { total &+= ((try? writer.write(fc)) ?? []).count }
        let dt = now() - t, dc = threadCPU() - c
        line(String(format: "\n[write] %d × the seed's FeatureCollection, %.1f KB each: %.4f ms CPU each (%.0f MB/s), %.4f ms wall",
                    docsPerCorpus, Double(total) / Double(docsPerCorpus) / 1024, dc * 1000 / Double(docsPerCorpus),
                    Double(total) / dc / 1e6, dt * 1000 / Double(docsPerCorpus)))
        // Reading it back (GeoJSONReader: the path of `batch --resume` and of `verify`).
        if let bytes = try? writer.write(fc) {
            var features = 0
            let r = threadCPU()
            for _ in 0..<docsPerCorpus {
                if let d = try? GeoJSONReader().read(bytes), case .featureCollection(let c) = d.object { features &+= c.features.count }
            }
            let dr = threadCPU() - r
            line(String(format: "[read]  the same collection parsed back %d times: %.4f ms CPU each (%.0f MB/s), %d features each",
                        docsPerCorpus, dr * 1000 / Double(docsPerCorpus), Double(bytes.count * docsPerCorpus) / dr / 1e6,
                        features / max(docsPerCorpus, 1)))
        }
    }
}

/// Varied Arabic documents of about `bytes` UTF-8 bytes: sentences of an ANERcorp-format file
/// (one token and its tag per line; a sentence ends at a "." token) drawn with a seeded generator.
func arabicDocuments(_ path: String, count: Int, bytes: Int) -> [Document]? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    var sentences: [String] = [], current: [Substring] = []
    for l in String(decoding: data, as: UTF8.self).split(separator: "\n") {
        guard let tok = l.split(separator: " ").first else { continue }
        current.append(tok)
        if tok == "." { sentences.append(current.joined(separator: " ")); current = [] }
    }
    guard !sentences.isEmpty else { return nil }
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int(truncatingIfNeeded: state >> 33)
    }
    return (0..<count).map { k in
        var text = ""
        while text.utf8.count < bytes { text += sentences[next() % sentences.count] + " " }
        return Document(id: "arabic-\(k)", text: text, lang: "ar")
    }
}

if only.contains("arabic") {
    let size = seedText?.utf8.count ?? 7_300
    if let docs = arabicDocuments(arabicPath, count: docsPerCorpus, bytes: size) {
        corpus("arabic", docs)
    } else {
        line("\n[arabic] skipped: \(arabicPath) is absent")
    }
}

let english = only.contains("english") || only.contains("stream") ? BatchCorpus(gazetteer: gazetteer).documents(docsPerCorpus) : []
if only.contains("english") { corpus("english", english) }

// MARK: streaming: map --jsonl's path, JSONL in, one FeatureCollection per line out

if only.contains("stream") {
    let path = "\(tmp)/stream.jsonl"
    _ = FileManager.default.createFile(atPath: path, contents: Data(jsonl(english)))
    line("\n[stream] \(english.count) English documents through BatchStream.mapJSONL (output counted, not printed)")
    for jobs in [1, 2] {
        let fd = open(path, O_RDONLY)
        final class Count: @unchecked Sendable { var bytes = 0 }
        let c = Count()
        let t = now()
        let r = try? BatchStream.mapJSONL(fd: fd, pipeline: pipeline, jobs: jobs, output: { c.bytes += $0.count }, rejected: { _, _ in })
        let dt = now() - t
        close(fd)
        line(String(format: "  --jobs %d: %.0f docs/s, %.1f MB out, %d failed; peak %.0f MB", jobs, Double(r?.documents ?? 0) / dt, Double(c.bytes) / 1e6, r?.failed ?? -1, peakMB()))
    }
}
line(String(format: "\npeak memory (getrusage maxrss): %.0f MB", peakMB()))
