import Foundation
import TextAnalysis

/// Where the gazetteer's index images are cached, and how they are keyed.
///
/// One file per set of layer folders and build (`gazetteer-<hash of the folder paths>-<code fingerprint>.idx`); its header
/// carries the data key: the format version and the executable's identity (which cover the key
/// code), a fingerprint of the
/// word lists the keys depend on (head nouns, Latin variants), and every layer file's path, size
/// and modification time (ns), plus for place tables — which are read at start-up anyway, since
/// places are parsed from their bytes on demand — a 64-bit hash of the content (about 1 ms per
/// 10 MB), so that the cached row ranges always describe the bytes in memory. Outline files are
/// not read when the cache is valid. A cache that is stale, truncated or corrupt (payload hash
/// mismatch) is rebuilt silently; a cache that cannot be written is simply not written.
enum IndexCache {
    /// `$CONFLICTMAP_CACHE` (`off` disables caching), else `$XDG_CACHE_HOME/conflictmap`, else
    /// `~/.cache/conflictmap`.
    static var defaultDirectory: URL? {
        let env = ProcessInfo.processInfo.environment
        if let d = env["CONFLICTMAP_CACHE"], !d.isEmpty {
            return d == "off" ? nil : URL(fileURLWithPath: d)
        }
        if let x = env["XDG_CACHE_HOME"], !x.isEmpty {
            return URL(fileURLWithPath: x).appendingPathComponent("conflictmap")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/conflictmap")
    }

    /// The cache file for a set of layer folders.
    static func file(in dir: URL, layers: [URL]) -> URL {
        var w = ByteWriter()
        for l in layers { w.string(l.standardizedFileURL.path) }
        let h = FastHash.hash(w.bytes)
        return dir.appendingPathComponent("gazetteer-\(String(h, radix: 16))-\(String(codeFingerprint, radix: 16)).idx")
    }

    /// Size and modification time of a file.
    struct FileStat: Hashable, Sendable {
        var size: UInt64
        var mtimeSeconds: Int64
        var mtimeNanoseconds: Int64
    }

    /// `stat(2)` of a regular file (symbolic links followed); nil when there is none.
    static func fileStat(_ path: String) -> FileStat? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        #if canImport(Darwin)
        return FileStat(size: UInt64(st.st_size), mtimeSeconds: Int64(st.st_mtimespec.tv_sec),
                        mtimeNanoseconds: Int64(st.st_mtimespec.tv_nsec))
        #else
        return FileStat(size: UInt64(st.st_size), mtimeSeconds: Int64(st.st_mtim.tv_sec),
                        mtimeNanoseconds: Int64(st.st_mtim.tv_nsec))
        #endif
    }

    /// The bytes of a cache file, nil when absent or unreadable.
    static func read(_ url: URL) -> [UInt8]? { readFile(url.path) }

    /// A whole file read straight into an array (one copy, no `Data` in between); nil when it
    /// cannot be opened or read.
    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(st.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buf, initialized in
            var done = 0
            while done < size, let base = buf.baseAddress {
                let n = Foundation.read(fd, base + done, size - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                done += n
            }
            failed = done != size
            initialized = failed ? 0 : size
        }
        return failed ? nil : bytes
    }

    /// Writes through a temporary file in the same folder and an atomic rename; failures
    /// (read-only home, full disk) leave no file behind and are otherwise ignored.
    static func write(_ bytes: [UInt8], to url: URL) {
        let dir = url.deletingLastPathComponent()
        let fm = FileManager.default
        guard (try? fm.createDirectory(at: dir, withIntermediateDirectories: true)) != nil else { return }
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try Data(bytes).write(to: tmp)
            guard rename(tmp.path, url.path) == 0 else { try? fm.removeItem(at: tmp); return }
            pruneOtherBuilds(of: url)
        } catch {
            try? fm.removeItem(at: tmp)
        }
    }

    /// Cache files are named `<kind>-<layers hash>-<code fingerprint>.<ext>`, so that two
    /// programs (say `conflictmap` and `cmbench`) keep one file each instead of rebuilding each
    /// other's. Writing one removes the files of the same kind and layers left by other builds
    /// of the same program path only when they are older than a day, so that alternating
    /// programs do not thrash while stale builds do not accumulate for ever.
    static func pruneOtherBuilds(of url: URL) {
        let name = url.lastPathComponent
        guard let dash = name.lastIndex(of: "-") else { return }
        let prefix = String(name[...dash])
        let dir = url.deletingLastPathComponent()
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: dir.path) else { return }
        let dayAgo = Int64(Date().timeIntervalSince1970) - 86_400
        for other in names where other != name && other.hasPrefix(prefix) && !other.hasPrefix(".") {
            if let st = fileStat(dir.appendingPathComponent(other).path), st.mtimeSeconds < dayAgo {
                try? fm.removeItem(at: dir.appendingPathComponent(other))
            }
        }
    }

    /// The identity of the running executable (path, size, modification time): the key code is
    /// linked into it, so a rebuilt program never trusts an index built by another build even if
    /// `IndexImage.formatVersion` was not bumped. Deployed binaries keep their caches.
    static let codeFingerprint: UInt64 = {
        #if os(Linux)
        let exe = "/proc/self/exe"
        #else
        let exe = Bundle.main.executablePath ?? CommandLine.arguments.first ?? ""
        #endif
        var w = ByteWriter()
        if let st = fileStat(exe) {
            w.u64(st.size); w.u64(UInt64(bitPattern: st.mtimeSeconds)); w.u64(UInt64(bitPattern: st.mtimeNanoseconds))
        }
        return FastHash.hash(w.bytes)
    }()

    /// A fingerprint of the word lists that name keys depend on (`WordLists.shared`'s head
    /// nouns and Latin variants), so that editing them invalidates cached indexes.
    static let wordListFingerprint: UInt64 = {
        let lists = WordLists.shared
        // Order-independent: a wrapping sum of one hash per entry (no sorting at start-up).
        var sum: UInt64 = 0
        func add(_ fields: [String]) {
            var w = ByteWriter()
            for f in fields { w.string(f) }
            sum = sum &+ FastHash.hash(w.bytes)
        }
        for (k, h) in lists.headNouns.entries {
            add(["h", k, h.phrase, h.language, h.type, h.isPlural ? "pl" : "sg", h.crossScriptCode ?? "-"])
        }
        for (k, v) in lists.latinVariants { add(["v", k, v]) }
        return FastHash.mix(sum ^ UInt64(lists.headNouns.entries.count &* 31 &+ lists.latinVariants.count))
    }()
}

/// A value computed on first use, once, thread-safely.
final class LazyValue<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?
    private let make: @Sendable () -> T

    init(_ value: T) { self.value = value; self.make = { value } }
    init(_ make: @escaping @Sendable () -> T) { self.make = make }

    func get() -> T {
        lock.lock()
        defer { lock.unlock() }
        if let value { return value }
        let v = make()
        value = v
        return v
    }
}
