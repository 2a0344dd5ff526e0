import ArgumentParser
import ConflictMapKit
import Foundation
import Logging

/// `conflictmap batch`: map many documents in parallel into an output folder.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Map many reports in parallel into a folder of GeoJSON files and merged layers.",
        discussion: """
        INPUT is a directory (walked recursively: *.txt, *.json, *.jsonl, *.ndjson, hidden names \
        skipped, sorted by path), a JSONL file (*.jsonl, *.ndjson: one {"id", "text", "date", \
        "source", "lang"} per line), a single .txt/.json document, or '-' for JSONL on stdin.

        Writes into --out: docs/<id>.geojson per document, places/areas/axes.geojsons (RFC 8142) \
        or .geojsonl (--format ndjson) in input order, claims.csv and claims.json, errors.jsonl \
        (one line per rejected document) and summary.json. Every file is written to a temporary \
        name and renamed. Output bytes do not depend on --jobs (summary.json timings aside).

        Exit status: 0 all documents mapped; 65 some documents were rejected (see errors.jsonl; \
        everything else is written); 66 an input does not exist; 64 bad usage; 1 the run failed.
        """
    )

    @Argument(help: "Directories, JSONL files, documents, or '-' for JSONL on stdin.")
    var inputs: [String]

    @Option(help: "Output directory (created when missing).")
    var out: String

    @Option(help: "Worker threads (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Reuse per-document outputs made from the same document and options.")
    var resume = false

    @Option(help: "Force the language of every document: auto, ar or en.")
    var lang: String = "auto"

    @OptionGroup var gazetteerOptions: GazetteerOptions

    @Option(help: "Reject documents (files or JSONL lines) longer than this many bytes.")
    var maxDocBytes: Int = 5_000_000

    @Option(help: "Merged layer framing: seq (RFC 8142, .geojsons) or ndjson (.geojsonl).")
    var format: String = "seq"

    @Flag(name: .shortAndLong, help: "Only errors on stderr; no progress or summary.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Log each rejected document and the run's stages.")
    var verbose = false

    func validate() throws {
        guard ["auto", "ar", "en"].contains(lang) else { throw ValidationError("--lang must be auto, ar or en, not `\(lang)`") }
        guard BatchOptions.LayerFormat(rawValue: format) != nil else { throw ValidationError("--format must be seq or ndjson, not `\(format)`") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard maxDocBytes >= 1 else { throw ValidationError("--max-doc-bytes must be at least 1") }
        guard !(quiet && verbose) else { throw ValidationError("--quiet and --verbose exclude each other") }
        guard inputs.filter({ $0 == "-" }).count <= 1 else { throw ValidationError("'-' (stdin) may be given once") }
    }

    func run() throws {
        let level: Logger.Level = quiet ? .error : verbose ? .debug : .notice
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = level
            return h
        }
        let logger = Logger(label: "conflictmap.batch")
        let tty = isTerminal(2) && !quiet
        let options = BatchOptions(outputDirectory: out, jobs: jobs, resume: resume, lang: lang == "auto" ? nil : lang,
                                   maxDocumentBytes: maxDocBytes, format: BatchOptions.LayerFormat(rawValue: format) ?? .seq,
                                   countTotal: tty && !inputs.contains("-"))
        for i in inputs where i != "-" && !FileManager.default.fileExists(atPath: i) {
            diagnose("\(i): no such file or directory")
            throw Exit.noInput
        }
        let t0 = Date()
        let pipeline = MapPipeline(gazetteer: try gazetteerOptions.load())
        logger.debug("gazetteer loaded", metadata: ["seconds": "\(String(format: "%.3f", Date().timeIntervalSince(t0)))",
                                                    "places": "\(pipeline.gazetteer.places.count)"])
        let runner = BatchRunner(pipeline: pipeline, options: options, logger: logger)
        let meter = ProgressMeter(enabled: tty)
        let summary: BatchSummary
        do {
            summary = try runner.run(inputs: inputs) { p in meter.update(p) }
        } catch let e as BatchInput.NotFound {
            diagnose(e.description)
            throw Exit.noInput
        } catch {
            meter.finish()
            diagnose("batch failed: \(error)")
            throw Exit.failure
        }
        meter.finish()
        if verbose, summary.failed > 0, let data = FileManager.default.contents(atPath: out + "/errors.jsonl") {
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                logger.info("rejected", metadata: ["error": "\(line)"])
            }
        }
        if !quiet {
            diagnose(String(format: "%d documents: %d mapped (%d reused), %d rejected%@; %d places, %d areas, %d axes, %d claims; %.2f s, %.0f documents/s, %d jobs",
                            summary.documents, summary.succeeded, summary.resumed, summary.failed,
                            summary.failed > 0 ? " (see \(out)/errors.jsonl)" : "",
                            summary.places, summary.areas, summary.axes, summary.claims,
                            summary.wallSeconds, summary.documentsPerSecond, summary.jobs))
        }
        if summary.failed > 0 { throw Exit.dataError }
    }
}

/// The progress line on a terminal: documents done / total, documents per second, ETA, errors.
/// Redrawn at most five times a second, with "\r" and an erase to the end of the line.
final class ProgressMeter: @unchecked Sendable {
    let enabled: Bool
    let lock = NSLock()
    var last = 0.0
    var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ p: BatchProgress) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        guard p.elapsed - last >= 0.2 || p.done == p.total else { return }
        last = p.elapsed
        var s = "\r\u{1B}[K\(p.done)"
        if let t = p.total { s += "/\(t)" }
        s += String(format: " documents, %.0f/s", p.documentsPerSecond)
        if let eta = p.eta { s += String(format: ", ETA %ds", Int(eta.rounded())) }
        s += ", \(p.failed) rejected"
        FileHandle.standardError.write(Data(s.utf8))
        drawn = true
    }

    func finish() {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)); drawn = false }
    }
}
