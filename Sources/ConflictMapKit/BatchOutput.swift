import Foundation
import GeoJSON

/// A failure of the run itself (not of one document): exit status 1.
public enum BatchRunError: Error, Sendable, CustomStringConvertible {
    case io(String)
    public var description: String { switch self { case .io(let m): return m } }
}

/// Atomic file writes: the bytes go to a hidden temporary name in the same folder, then
/// `rename(2)` puts them in place, so a reader (or a killed run) never sees half a file.
/// Not synced to disk: atomic against the process dying, not against power loss.
public enum BatchFiles {
    /// Temporary names look like `.NAME.tmp-PID-N`; `removeStaleTemporaries` deletes them.
    static let tmpMarker = ".tmp-"

    /// This process's id, read once (it is part of every temporary name).
    static let pid = getpid()

    /// `.NAME.tmp-PID-TAG` next to `path`. Plain string work on the last `/`: no `URL`, which
    /// would ask the system for the working directory and stat the path for every file.
    static func temporaryPath(for path: String, tag: String) -> String {
        let name = "." + lastComponent(of: path) + tmpMarker + "\(pid)-" + tag
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return name }
        return String(path[...slash]) + name
    }

    /// The part of `path` after its last `/` (all of it when there is none). Output paths are
    /// always files, never ending in `/`.
    static func lastComponent(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(path[path.utf8.index(after: slash)...])
    }

    /// Writes `bytes` to `path` atomically. - Throws: `BatchRunError.io`.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, tag: String = "0") throws {
        let tmp = temporaryPath(for: path, tag: tag)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw BatchRunError.io("\(tmp): cannot be created: \(String(cString: strerror(errno)))") }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                let m = String(cString: strerror(errno))
                close(fd); unlink(tmp)
                throw BatchRunError.io("\(tmp): write failed: \(m)")
            }
            done += n
        }
        close(fd)
        guard rename(tmp, path) == 0 else {
            let m = String(cString: strerror(errno))
            unlink(tmp)
            throw BatchRunError.io("\(path): cannot be renamed into place: \(m)")
        }
    }

    /// Deletes temporary files left in `dir` by an interrupted run.
    static func removeStaleTemporaries(in dir: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for n in names where n.hasPrefix(".") && n.contains(tmpMarker) { unlink(dir + "/" + n) }
    }

    /// An output file written piece by piece to a temporary name and renamed by `commit`.
    final class Streamed {
        let path: String
        let tmp: String
        let fd: Int32
        var buffer: [UInt8] = []

        init(path: String) throws {
            self.path = path
            tmp = BatchFiles.temporaryPath(for: path, tag: "stream")
            fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { throw BatchRunError.io("\(tmp): cannot be created: \(String(cString: strerror(errno)))") }
            buffer.reserveCapacity(1 << 20)
        }

        func append(_ bytes: [UInt8]) throws {
            buffer.append(contentsOf: bytes)
            if buffer.count >= 1 << 20 { try flush() }
        }

        func flush() throws {
            var done = 0
            while done < buffer.count {
                let n = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw BatchRunError.io("\(tmp): write failed: \(String(cString: strerror(errno)))")
                }
                done += n
            }
            buffer.removeAll(keepingCapacity: true)
        }

        func commit() throws {
            try flush()
            close(fd)
            guard rename(tmp, path) == 0 else {
                throw BatchRunError.io("\(path): cannot be renamed into place: \(String(cString: strerror(errno)))")
            }
        }

        func abandon() { close(fd); unlink(tmp) }
    }
}

/// The claims report: one row per Feature of kind "area" (the verdicts of the claims issue).
public enum BatchClaims {
    /// Columns of `claims.csv`, in order; `claims.json` rows carry the same keys with their JSON
    /// values (null when the feature lacks one). `range_km2` ([min, max] km²) becomes
    /// `range_min_km2` and `range_max_km2` in the CSV.
    public static let columns = [
        "doc_id", "feature_id", "doc_date", "event_date", "actor", "event", "claim_text",
        "claimed_km2", "claim_qualifier", "computed_km2", "model", "range_km2",
        "implied_width_km", "verdict",
    ]

    /// The claim rows of one document's collection, in feature order.
    public static func rows(of fc: FeatureCollection, docID: String, docDate: String?) -> [JSONObject] {
        var rows: [JSONObject] = []
        for f in fc.features {
            guard let p = f.properties, p["kind"]?.stringValue == "area" else { continue }
            // `columns` are distinct, so appending without a search builds the same object.
            var r = JSONObject()
            r.reserveCapacity(columns.count)
            for c in columns {
                switch c {
                case "doc_id": r.append(uniqueKey: c, .string(docID))
                case "feature_id":
                    switch f.id {
                    case .string(let s)?: r.append(uniqueKey: c, .string(s))
                    case .number(let d)?: r.append(uniqueKey: c, .number(d))
                    case nil: r.append(uniqueKey: c, .null)
                    }
                case "doc_date": r.append(uniqueKey: c, docDate.map(JSONValue.string) ?? .null)
                default: r.append(uniqueKey: c, p[c] ?? .null)
                }
            }
            rows.append(r)
        }
        return rows
    }

    /// `claims.csv` (RFC 4180: comma separated, CRLF-free "\n" line ends, fields quoted when they
    /// hold a comma, quote or line break). Numbers in their shortest round-trip form; objects and
    /// arrays other than `range_km2` as compact JSON; null as an empty field.
    public static func csv(_ rows: [JSONObject]) -> [UInt8] {
        var out: [UInt8] = []
        let header = columns.flatMap { $0 == "range_km2" ? ["range_min_km2", "range_max_km2"] : [$0] }
        out.append(contentsOf: Array(header.joined(separator: ",").utf8))
        out.append(0x0A)
        // The cells of a row go straight into `out`, each followed by a comma (the last one by
        // the line feed): the same bytes as joining the row's cell strings with ",".
        for r in rows {
            for (i, c) in columns.enumerated() {
                if i > 0 { out.append(0x2C) }
                let v = r[c] ?? .null
                if c == "range_km2" {
                    if let a = v.arrayValue, a.count == 2 { appendCell(a[0], to: &out); out.append(0x2C); appendCell(a[1], to: &out) }
                    else if case .number = v { appendCell(v, to: &out); out.append(0x2C); appendCell(v, to: &out) }
                    else { appendCell(v, to: &out); out.append(0x2C) }
                } else if c == "claim_text", let t = v["text"]?.stringValue {
                    appendQuoted(t, to: &out)
                } else {
                    appendCell(v, to: &out)
                }
            }
            out.append(0x0A)
        }
        return out
    }

    /// Appends `cell(v)`'s UTF-8 bytes.
    static func appendCell(_ v: JSONValue, to out: inout [UInt8]) {
        switch v {
        case .null: return
        case .string(let s): appendQuoted(s, to: &out)
        default: out.append(contentsOf: cell(v).utf8)
        }
    }

    /// Appends `quote(s)`'s UTF-8 bytes. A string none of whose bytes is `,` `"` LF or CR cannot
    /// hold a character equal to one of them, so `quote` returns it unchanged: its bytes go in
    /// as they are. Any other string goes through `quote` itself (which compares whole
    /// characters: "\r\n" is one character, equal to neither "\r" nor "\n").
    static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        if !s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            out.append(contentsOf: s.utf8)
        } else {
            out.append(contentsOf: quote(s).utf8)
        }
    }

    static func cell(_ v: JSONValue) -> String {
        switch v {
        case .null: return ""
        case .string(let s): return quote(s)
        case .bool(let b): return b ? "true" : "false"
        default:
            var w = JSONByteWriter(pretty: false)
            do { try w.write(v) } catch { return "" }
            return quote(String(decoding: w.bytes, as: UTF8.self))
        }
    }

    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `claims.json`: `{"claims": [row, …]}`, one row per line.
    public static func json(_ rows: [JSONObject]) -> [UInt8] {
        var out = Array("{\"claims\":[".utf8)
        for (k, r) in rows.enumerated() {
            out.append(contentsOf: Array((k == 0 ? "\n" : ",\n").utf8))
            var w = JSONByteWriter(pretty: false)
            do { try w.write(.object(r)) } catch { w.bytes = Array("null".utf8) }
            out.append(contentsOf: w.bytes)
        }
        out.append(contentsOf: Array((rows.isEmpty ? "]}\n" : "\n]}\n").utf8))
        return out
    }
}

/// Writes per-document files on its own threads, so that workers keep mapping while the file
/// system creates and renames files (on the ext4 disk of the development VM a new file costs about
/// 1 ms of waiting, most of it not CPU). Each file is still written atomically; `finish` waits for
/// every queued file. At most `capacity` files wait in memory; `submit` blocks beyond that.
final class BatchWriterPool: @unchecked Sendable {
    private let cond = NSCondition()
    private var queue: [(path: String, bytes: [UInt8], tag: String)] = []
    private var head = 0
    private var closed = false
    private let capacity: Int
    private let group = DispatchGroup()
    private(set) var error: BatchRunError?
    private(set) var seconds = 0.0

    init(threads: Int, capacity: Int = 256) {
        self.capacity = capacity
        for _ in 0..<max(1, threads) {
            group.enter()
            let t = Thread { [self] in
                defer { group.leave() }
                while true {
                    cond.lock()
                    while head == queue.count && !closed { cond.wait() }
                    if head == queue.count { cond.unlock(); return }
                    let item = queue[head]
                    // Release the bytes now: a consumed slot stays in the array until compaction.
                    queue[head] = (path: "", bytes: [], tag: "")
                    head += 1
                    if head > 1024 && head * 2 > queue.count { queue.removeFirst(head); head = 0 }
                    cond.broadcast()
                    let failed = error != nil
                    cond.unlock()
                    if failed { continue }
                    let t0 = BatchRunner.now()
                    do { try BatchFiles.writeAtomically(item.bytes, to: item.path, tag: item.tag) } catch let e as BatchRunError {
                        cond.lock(); if error == nil { error = e }; cond.unlock()
                    } catch {}
                    let dt = BatchRunner.now() - t0
                    cond.lock(); seconds += dt; cond.unlock()
                }
            }
            t.start()
        }
    }

    /// Queues one file; false once a write has failed (the run should stop).
    func submit(_ bytes: [UInt8], to path: String, tag: String) -> Bool {
        cond.lock()
        defer { cond.unlock() }
        while queue.count - head >= capacity && error == nil { cond.wait() }
        if error != nil { return false }
        queue.append((path, bytes, tag))
        cond.broadcast()
        return true
    }

    /// Waits for every queued file. - Throws: the first write failure.
    func finish() throws {
        cond.lock(); closed = true; cond.broadcast(); cond.unlock()
        group.wait()
        if let error { throw error }
    }
}
