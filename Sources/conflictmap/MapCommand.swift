import ArgumentParser
import ConflictMapKit
import Foundation
import GeoJSON

/// `conflictmap map`: a report (plain UTF-8 text or a JSON document) → GeoJSON of its places.
struct MapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "Map the places a report names (Arabic or English) as a GeoJSON FeatureCollection.",
        discussion: """
        Input is plain UTF-8 text, or a JSON document {"id", "text", "date", "source", "lang"} \
        (recognised by a leading "{"). Every place named becomes a Feature, ordered by first \
        mention; places that cannot be located have "geometry": null and a "reason". Mention \
        offsets count Unicode scalars, end exclusive.

        With --jsonl: reads JSONL (one {"id", "text", "date", "source", "lang"} per line) from \
        stdin or FILE and writes one compact FeatureCollection per line to stdout, in input \
        order: output line k answers the k-th non-blank input line. A bad line (invalid UTF-8, \
        malformed JSON, empty text, too long, a stage failing) still gets its line — an empty \
        FeatureCollection with "conflictmap": {"id", "line", "stage", "error"} — plus a message \
        on stderr, and the exit status is 65 at the end. Suits xargs -P, GNU parallel --pipe \
        and Spark's RDD.pipe (see docs/SCALING.md).
        """
    )

    @Argument(help: "The report to read; '-' or nothing for stdin.")
    var file: String?

    @Option(name: .shortAndLong, help: "Write the GeoJSON here instead of stdout.")
    var output: String?

    @Option(help: "Language of the text: auto, ar or en.")
    var lang: String = "auto"

    @Option(help: "Document id (default: from the JSON document, else the file name).")
    var id: String?

    @Option(help: "Publication date (ISO 8601), recorded in the output.")
    var date: String?

    @Option(help: "Source of the report, recorded in the output.")
    var source: String?

    @OptionGroup var gazetteerOptions: GazetteerOptions

    @Flag(help: "Indent the output.")
    var pretty = false

    @Option(help: .hidden)
    var benchmark: Int = 0

    @Flag(help: "Stream: JSONL documents in, one FeatureCollection per line out.")
    var jsonl = false

    @Option(help: "With --jsonl: worker threads (output order is kept).")
    var jobs: Int = 1

    @Option(help: "With --jsonl: reject lines longer than this many bytes.")
    var maxDocBytes: Int = 5_000_000

    func validate() throws {
        guard ["auto", "ar", "en"].contains(lang) else {
            throw ValidationError("--lang must be auto, ar or en, not `\(lang)`")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard maxDocBytes >= 1 else { throw ValidationError("--max-doc-bytes must be at least 1") }
        if jsonl {
            guard id == nil, date == nil, source == nil, !pretty, output == nil else {
                throw ValidationError("--jsonl takes the id, date and source from each line and writes compact lines to stdout; --id, --date, --source, --pretty and --output do not apply")
            }
        }
    }

    func run() throws {
        if jsonl { return try runJSONL() }
        let (bytes, name) = try readInput(file)
        let defaultID = name == "<stdin>" ? "doc" : URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
        var doc: Document
        let firstNonSpace = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }
        if firstNonSpace == UInt8(ascii: "{") {
            do { doc = try Document.parseJSON(bytes, defaultID: defaultID) } catch {
                diagnose("\(name): \(error)")
                throw Exit.dataError
            }
        } else {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                let at = firstInvalidUTF8(bytes)
                diagnose("\(name): invalid UTF-8 at byte offset \(at)")
                throw Exit.dataError
            }
            doc = Document(id: defaultID, text: text)
        }
        if let id { doc.id = id }
        if let date { doc.date = date }
        if let source { doc.source = source }
        if lang != "auto" { doc.lang = lang }
        let pipeline = MapPipeline(gazetteer: try gazetteerOptions.load())
        if benchmark > 0 {
            // Hidden: map the document N times and report the throughput on stderr.
            let t0 = Date()
            for _ in 0..<benchmark { _ = try pipeline.map(document: doc) }
            let dt = Date().timeIntervalSince(t0)
            diagnose(String(format: "benchmark: %d documents in %.3f s = %.0f documents/s", benchmark, dt, Double(benchmark) / dt))
        }
        let fc = try pipeline.map(document: doc)
        var out = try GeoJSONWriter(options: .init(decimals: 6, pretty: pretty)).write(fc)
        out.append(0x0A)
        if let output, output != "-" {
            guard FileManager.default.createFile(atPath: output, contents: Data(out)) else {
                diagnose("\(output): cannot be written")
                throw Exit.failure
            }
        } else {
            emit(out)
        }
    }

    /// `--jsonl`: see the discussion above and `BatchStream.mapJSONL`.
    func runJSONL() throws {
        var fd: Int32 = 0
        if let file, file != "-" {
            fd = open(file, O_RDONLY)
            guard fd >= 0 else {
                diagnose("\(file): no such file or cannot be read")
                throw Exit.noInput
            }
        }
        defer { if fd != 0 { close(fd) } }
        let pipeline = MapPipeline(gazetteer: try gazetteerOptions.load())
        let name = file ?? "<stdin>"
        let result: BatchStream.Result
        do {
            result = try BatchStream.mapJSONL(
                fd: fd, pipeline: pipeline, jobs: jobs, lang: lang == "auto" ? nil : lang, maxDocumentBytes: maxDocBytes,
                output: { emit($0) },
                rejected: { rec, e in diagnose("\(name):\(rec.line ?? 0): \(rec.id.map { "document \($0): " } ?? "")\(e.message)") })
        } catch {
            diagnose("\(name): \(error)")
            throw Exit.failure
        }
        if result.failed > 0 { throw Exit.dataError }
    }

    /// Byte offset of the first invalid UTF-8 sequence.
    func firstInvalidUTF8(_ b: [UInt8]) -> Int {
        var i = 0
        while i < b.count {
            let c = b[i]
            let n: Int
            if c < 0x80 { n = 1 } else if c & 0xE0 == 0xC0, c >= 0xC2 { n = 2 } else if c & 0xF0 == 0xE0 { n = 3 } else if c & 0xF8 == 0xF0, c <= 0xF4 { n = 4 } else { return i }
            if i + n > b.count { return i }
            for k in 1..<n where b[i + k] & 0xC0 != 0x80 { return i }
            if String(validating: b[i..<(i + n)], as: UTF8.self) == nil { return i }
            i += n
        }
        return b.count
    }
}
