import Foundation
import GeoJSON

/// The streaming path behind `conflictmap map --jsonl`: JSONL documents in, one compact
/// FeatureCollection per line out, in input order.
///
/// Line k of the output answers the k-th non-blank input line. A line that cannot be read or
/// mapped still gets its output line — an empty FeatureCollection whose `conflictmap` member holds
/// `id` (when known), `line` and `error` — so the output stays aligned with the input for
/// engines that zip them (Spark's `RDD.pipe`), and every output line is valid GeoJSON.
public enum BatchStream {
    public struct Result: Sendable, Hashable {
        public var documents = 0
        public var failed = 0
    }

    /// Reads JSONL from the file descriptor `fd` until end of file.
    /// - Parameters:
    ///   - jobs: worker threads (1 when an outer engine — xargs -P, GNU parallel — supplies the parallelism).
    ///   - lang: forces every document's language ("ar"/"en"); nil keeps each document's own.
    ///   - output: receives each output line (with its "\n"), serially and in input order.
    ///   - rejected: receives each rejected line, before its output line.
    /// - Throws: `BatchRunError` when reading fails.
    public static func mapJSONL(fd: Int32, pipeline: MapPipeline, jobs: Int = 1, lang: String? = nil,
                                maxDocumentBytes: Int = 5_000_000, idPrefix: String = "stdin",
                                output: @escaping @Sendable ([UInt8]) -> Void,
                                rejected: @escaping @Sendable (BatchRecord, BatchDocumentError) -> Void) throws -> Result {
        final class Box: @unchecked Sendable { var result = Result() }
        let box = Box()
        try OrderedParallel.run(jobs: jobs, window: max(jobs, 1) * 16, produce: { emit in
            var reader = BatchInput.LineReader(fd: fd, maxLine: maxDocumentBytes)
            while let (line, number, offset) = try reader.next() {
                var rec: BatchRecord
                switch line {
                case .tooLong(let n):
                    rec = BatchRecord(input: "-", line: number, byteOffset: offset, id: nil, document: .failure(BatchDocumentError(
                        stage: "read", message: "document is \(n) bytes, more than the limit of \(maxDocumentBytes) (--max-doc-bytes)")))
                case .text(let bytes):
                    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                    let (id, doc) = BatchInput.document(bytes: bytes, json: true, defaultID: "\(idPrefix)-line\(number)", maxBytes: maxDocumentBytes)
                    rec = BatchRecord(input: "-", line: number, byteOffset: offset, id: id, document: doc)
                }
                if let lang, case .success(var d) = rec.document { d.lang = lang; rec.document = .success(d) }
                if !emit(rec) { return }
            }
        }, work: { _, rec -> (BatchRecord, [UInt8], BatchDocumentError?) in
            var err: BatchDocumentError
            switch rec.document {
            case .failure(let e): err = e
            case .success(let doc):
                do {
                    var b = try GeoJSONWriter(options: .init(decimals: 6)).write(try pipeline.map(document: doc))
                    b.append(0x0A)
                    return (rec, b, nil)
                } catch {
                    err = BatchDocumentError(stage: "map", message: "\(error)")
                }
            }
            var meta: JSONObject = ["id": rec.id.map(JSONValue.string) ?? .null]
            _ = meta.updateValue(rec.line.map { .number(Double($0)) } ?? .null, forKey: "line")
            _ = meta.updateValue(.string(err.stage), forKey: "stage")
            _ = meta.updateValue(.string(err.message), forKey: "error")
            var b = (try? GeoJSONWriter().write(FeatureCollection(features: [], foreignMembers: ["conflictmap": .object(meta)])))
                ?? Array("{\"type\":\"FeatureCollection\",\"features\":[]}".utf8)
            b.append(0x0A)
            return (rec, b, err)
        }, consume: { _, r in
            box.result.documents += 1
            if let e = r.2 { box.result.failed += 1; rejected(r.0, e) }
            output(r.1)
            return true
        })
        return box.result
    }
}
