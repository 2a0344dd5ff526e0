import Foundation

/// `read(2)`, named apart from `BatchInput.read`.
func posixRead(_ fd: Int32, _ p: UnsafeMutableRawPointer?, _ n: Int) -> Int { read(fd, p, n) }

/// Why one input document was rejected; it goes to `errors.jsonl` and the run goes on.
public struct BatchDocumentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// "read" (size, encoding, JSON), "map" (a pipeline stage threw) or "write".
    public var stage: String
    public var message: String
    public init(stage: String, message: String) { self.stage = stage; self.message = message }
    public var description: String { message }
}

/// One document of the input stream, or the reason it could not be read, with where it came from.
public struct BatchRecord: Sendable {
    /// The input as named on the command line ("-" for stdin); for a directory, the path of the
    /// file inside it.
    public var input: String
    /// 1-based line of a JSONL input; nil for a file document.
    public var line: Int?
    /// Byte offset of the line in a JSONL input; nil for a file document.
    public var byteOffset: Int?
    /// The document id when known (from the JSON or the default), even for a rejected document.
    public var id: String?
    public var document: Result<Document, BatchDocumentError>
}

/// Reading documents: directories of `.txt`/`.json`, JSONL files, stdin.
public enum BatchInput {
    /// What one command-line input is.
    public enum Kind: Sendable, Hashable {
        case stdin
        /// A directory, walked recursively; files ending in .txt, .json, .jsonl or .ndjson, in
        /// byte order of their relative paths; hidden files and folders (".…") are skipped.
        case directory(String)
        /// One document per non-blank line (files ending in .jsonl or .ndjson).
        case jsonl(String)
        /// One document: JSON when its first non-space byte is "{", else plain UTF-8 text.
        case document(String)
    }

    public struct NotFound: Error, Sendable, CustomStringConvertible {
        public let path: String
        public var description: String { "\(path): no such file or directory" }
    }

    /// Classifies a command-line input. - Throws: `NotFound`.
    public static func kind(of path: String) throws -> Kind {
        if path == "-" { return .stdin }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw NotFound(path: path) }
        if isDir.boolValue { return .directory(path) }
        return isJSONL(path) ? .jsonl(path) : .document(path)
    }

    static func isJSONL(_ path: String) -> Bool { path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") }

    /// The document files under `dir`, as paths relative to it, sorted by their UTF-8 bytes.
    public static func walk(_ dir: String) -> [String] {
        var out: [String] = []
        func visit(_ rel: String) {
            let full = rel.isEmpty ? dir : dir + "/" + rel
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: full) else { return }
            for name in names where !name.hasPrefix(".") {
                let r = rel.isEmpty ? name : rel + "/" + name
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: dir + "/" + r, isDirectory: &isDir) else { continue }
                if isDir.boolValue { visit(r) } else if [".txt", ".json", ".jsonl", ".ndjson"].contains(where: { name.hasSuffix($0) }) { out.append(r) }
            }
        }
        visit("")
        return out.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Byte offset of the first invalid UTF-8 sequence in `b`, or nil when it is valid.
    public static func firstInvalidUTF8<C: Collection>(_ b: C) -> Int? where C.Element == UInt8, C.Index == Int {
        if String(validating: b, as: UTF8.self) != nil { return nil }
        var i = b.startIndex
        while i < b.endIndex {
            let c = b[i]
            let n: Int
            if c < 0x80 { n = 1 } else if c & 0xE0 == 0xC0, c >= 0xC2 { n = 2 } else if c & 0xF0 == 0xE0 { n = 3 } else if c & 0xF8 == 0xF0, c <= 0xF4 { n = 4 } else { return i - b.startIndex }
            if i + n > b.endIndex { return i - b.startIndex }
            if String(validating: b[i..<(i + n)], as: UTF8.self) == nil { return i - b.startIndex }
            i += n
        }
        return b.count
    }

    /// A document from the bytes of one JSONL line or one file.
    /// - Parameters:
    ///   - json: true for a JSONL line; nil to decide by the first non-space byte ("{" → JSON).
    ///   - maxBytes: documents longer than this many bytes are rejected unread.
    /// Rejects: more than `maxBytes`, invalid UTF-8, malformed JSON or members, and an empty (or
    /// all-white-space) text — a report with nothing to map is almost always a failed scrape.
    public static func document(bytes: ArraySlice<UInt8>, json: Bool?, defaultID: String, maxBytes: Int)
        -> (id: String?, document: Result<Document, BatchDocumentError>)
    {
        func fail(_ m: String, _ id: String? = nil) -> (String?, Result<Document, BatchDocumentError>) {
            (id, .failure(BatchDocumentError(stage: "read", message: m)))
        }
        if bytes.count > maxBytes {
            return fail("document is \(bytes.count) bytes, more than the limit of \(maxBytes) (--max-doc-bytes)")
        }
        let isJSON = json ?? (bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF } == UInt8(ascii: "{"))
        if let at = firstInvalidUTF8(bytes) {
            // The document is still named in errors.jsonl when it can be: a JSON line's "id" as
            // read with the bad bytes replaced by U+FFFD (a Latin-1 "café" in its text spoils
            // nothing else), a file by its own id.
            let id = isJSON ? (try? Document.parseJSON(Array(String(decoding: bytes, as: UTF8.self).utf8), defaultID: defaultID))?.id : defaultID
            return fail("invalid UTF-8 at byte offset \(at)", id)
        }
        var doc: Document
        if isJSON {
            do { doc = try Document.parseJSON(Array(bytes), defaultID: defaultID) } catch {
                return fail("\(error)")
            }
        } else {
            var text = String(decoding: bytes, as: UTF8.self)
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            doc = Document(id: defaultID, text: text)
        }
        if doc.text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            return fail("empty text", doc.id)
        }
        return (doc.id, .success(doc))
    }

    /// Reads lines from a file descriptor in 1 MiB chunks. A line longer than `maxLine` bytes is
    /// skipped without being held in memory and reported with its length.
    struct LineReader {
        enum Line { case text(ArraySlice<UInt8>), tooLong(Int) }
        let fd: Int32
        let maxLine: Int
        var buffer: [UInt8] = []
        var start = 0
        /// Absolute byte offset of `buffer[0]` in the stream.
        var bufferBase = 0
        var eof = false
        var lineNumber = 0
        /// Start offset of a too-long line being skipped.
        var discardStart: Int?

        init(fd: Int32, maxLine: Int) { self.fd = fd; self.maxLine = maxLine }

        /// The next line (without its "\n" or "\r\n"), its 1-based number and byte offset.
        mutating func next() throws -> (line: Line, number: Int, offset: Int)? {
            while true {
                if let nl = buffer[start...].firstIndex(of: 0x0A) {
                    var end = nl
                    if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                    lineNumber += 1
                    let s = start
                    start = nl + 1
                    if let ds = discardStart {
                        discardStart = nil
                        return (.tooLong(bufferBase + end - ds), lineNumber, ds)
                    }
                    if end - s > maxLine { return (.tooLong(end - s), lineNumber, bufferBase + s) }
                    return (.text(buffer[s..<end]), lineNumber, bufferBase + s)
                }
                if eof {
                    if start == buffer.count && discardStart == nil { return nil }
                    lineNumber += 1
                    let s = start
                    start = buffer.count
                    if let ds = discardStart {
                        discardStart = nil
                        return (.tooLong(bufferBase + buffer.count - ds), lineNumber, ds)
                    }
                    if buffer.count - s > maxLine { return (.tooLong(buffer.count - s), lineNumber, bufferBase + s) }
                    return (.text(buffer[s...]), lineNumber, bufferBase + s)
                }
                // Keep the unread part, drop a too-long partial line, then read more.
                if start > 0 { buffer.removeFirst(start); bufferBase += start; start = 0 }
                if buffer.count > maxLine {
                    if discardStart == nil { discardStart = bufferBase }
                    bufferBase += buffer.count
                    buffer.removeAll(keepingCapacity: true)
                }
                var chunk = [UInt8](repeating: 0, count: 1 << 20)
                let n = chunk.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw BatchRunError.io("read failed: \(String(cString: strerror(errno)))")
                }
                if n == 0 { eof = true } else { buffer.append(contentsOf: chunk[0..<n]) }
            }
        }
    }

    /// Streams the records of `inputs` in order to `emit` (which returns false to stop).
    /// Default ids: a file's path relative to its directory (or its name) without the extension;
    /// a JSONL line "<file name without extension>-line<n>" ("stdin-line<n>" for stdin).
    static func read(_ inputs: [Kind], maxBytes: Int, emit: (BatchRecord) -> Bool) throws {
        func stem(_ p: String) -> String {
            let u = URL(fileURLWithPath: p)
            return u.pathExtension.isEmpty ? u.lastPathComponent : u.deletingPathExtension().lastPathComponent
        }
        func dropExtension(_ rel: String) -> String {
            guard let dot = rel.lastIndex(of: "."), !rel[dot...].contains("/") else { return rel }
            return String(rel[..<dot])
        }
        func readJSONL(fd: Int32, name: String, idPrefix: String) throws -> Bool {
            var reader = LineReader(fd: fd, maxLine: maxBytes)
            while let (line, number, offset) = try reader.next() {
                let defaultID = "\(idPrefix)-line\(number)"
                let rec: BatchRecord
                switch line {
                case .tooLong(let n):
                    rec = BatchRecord(input: name, line: number, byteOffset: offset, id: nil, document: .failure(BatchDocumentError(
                        stage: "read", message: "document is \(n) bytes, more than the limit of \(maxBytes) (--max-doc-bytes)")))
                case .text(let bytes):
                    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                    let (id, doc) = document(bytes: bytes, json: true, defaultID: defaultID, maxBytes: maxBytes)
                    rec = BatchRecord(input: name, line: number, byteOffset: offset, id: id, document: doc)
                }
                if !emit(rec) { return false }
            }
            return true
        }
        func readFile(_ path: String, name: String, defaultID: String) -> Bool {
            let rec: BatchRecord
            if let attrs = try? FileManager.default.attributesOfItem(atPath: path),
               let size = (attrs[.size] as? NSNumber)?.intValue, size > maxBytes {
                rec = BatchRecord(input: name, id: nil, document: .failure(BatchDocumentError(
                    stage: "read", message: "document is \(size) bytes, more than the limit of \(maxBytes) (--max-doc-bytes)")))
            } else if let data = FileManager.default.contents(atPath: path) {
                let bytes = [UInt8](data)
                let (id, doc) = document(bytes: bytes[...], json: path.hasSuffix(".json") ? true : nil, defaultID: defaultID, maxBytes: maxBytes)
                rec = BatchRecord(input: name, id: id, document: doc)
            } else {
                rec = BatchRecord(input: name, id: nil, document: .failure(BatchDocumentError(stage: "read", message: "cannot be read")))
            }
            return emit(rec)
        }
        func openJSONL(_ path: String, name: String, idPrefix: String) throws -> Bool {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw BatchRunError.io("\(path): cannot be opened: \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            return try readJSONL(fd: fd, name: name, idPrefix: idPrefix)
        }
        for input in inputs {
            switch input {
            case .stdin:
                if try !readJSONL(fd: 0, name: "-", idPrefix: "stdin") { return }
            case .jsonl(let p):
                if try !openJSONL(p, name: p, idPrefix: stem(p)) { return }
            case .document(let p):
                if !readFile(p, name: p, defaultID: stem(p)) { return }
            case .directory(let d):
                for rel in walk(d) {
                    let full = d.hasSuffix("/") ? d + rel : d + "/" + rel
                    if isJSONL(rel) {
                        if try !openJSONL(full, name: full, idPrefix: dropExtension(rel)) { return }
                    } else if !readFile(full, name: full, defaultID: dropExtension(rel)) { return }
                }
            }
        }
    }

    /// Number of documents the inputs hold (non-blank JSONL lines count one each); nil when an
    /// input is stdin. Reads JSONL files once more, which costs far less than mapping them.
    static func count(_ inputs: [Kind]) -> Int? {
        var n = 0
        func lines(_ path: String) {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { return }
            defer { close(fd) }
            var reader = LineReader(fd: fd, maxLine: Int.max / 2)
            while let (line, _, _) = try? reader.next() {
                if case .text(let b) = line, b.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                n += 1
            }
        }
        for i in inputs {
            switch i {
            case .stdin: return nil
            case .jsonl(let p): lines(p)
            case .document: n += 1
            case .directory(let d):
                for rel in walk(d) { if isJSONL(rel) { lines(d + "/" + rel) } else { n += 1 } }
            }
        }
        return n
    }
}
