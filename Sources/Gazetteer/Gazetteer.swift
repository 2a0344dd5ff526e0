import Foundation
import GeoCore
import GeoDataBundle
import GeoJSON

/// The place store: the embedded default (GeoData) with the user's imports
/// layered over it, indexed by name keys. Immutable once loaded, so one
/// instance is shared by every worker of a batch run.
public final class Gazetteer: Sendable {
    /// Every place, in load order (default layer first, then imports). Parsed on demand from
    /// the tables (see `PlaceList`): `count`, subscripts and iteration work as on an array.
    public let places: PlaceList
    /// Administrative outlines (governorates, districts, country), finest last. Decoded on
    /// first use.
    public var adminAreas: [AdminArea] { outlines.get() }
    /// The sources of the loaded layers, for attribution.
    public let sources: [SourceInfo]
    /// Rows that could not be read while loading (reported, skipped).
    public let loadIssues: [PlaceTable.RowIssue]
    /// Name keys, skeletons and ids (see `IndexImage`).
    let image: IndexImage
    let outlines: LazyValue<[AdminArea]>
    /// True when `load` reused a cached index (for tests and diagnostics).
    let loadedFromCache: Bool
    /// Name keys of each place's admin names, filled on first use (see `adminNameKeys(ofPlaceAt:)`).
    let adminKeys = AdminNameKeyMemo()
    /// A number no other `Gazetteer` of this process has, for the keys of caches that hold what
    /// is derived from a gazetteer (clip regions, region models). Unlike `ObjectIdentifier`, whose
    /// address a later gazetteer can reuse once this one is freed, a serial is never reused.
    public let serial: UInt64 = GazetteerSerialCounter.next()
    /// A 64-bit identity of what was loaded, for outputs that must be remade when the data
    /// changes (`batch --resume`): the word lists that keys depend on and every layer file's
    /// name, kind, size and content hash. Unlike `dataKey` it leaves out the executable, the
    /// folders' paths and modification times, so the same data gives the same key on every
    /// machine and install. The outline files, which start-up does not read while the index cache
    /// is valid, are read and hashed on the first call. Nil for a gazetteer built in memory from
    /// `Place` values.
    public var contentKey: UInt64? { contentKeyValue?.get() }
    let contentKeyValue: LazyValue<UInt64>?

    /// A data source, for attribution in outputs.
    public struct SourceInfo: Hashable, Sendable {
        public let name: String
        public let licence: String
        public let attribution: String
        public init(name: String, licence: String, attribution: String) {
            self.name = name; self.licence = licence; self.attribution = attribution
        }
    }

    public init(places: [Place], adminAreas: [AdminArea] = [], sources: [SourceInfo] = [],
                loadIssues: [PlaceTable.RowIssue] = []) {
        let kept = Self.overriding(places, id: \.id)
        self.places = PlaceList(store: PlaceStore(places: kept))
        self.image = IndexImage.build(key: 0, tablePaths: [], rows: [], places: kept, issues: [], outlines: [])
        self.outlines = LazyValue(adminAreas)
        self.sources = sources
        self.loadIssues = loadIssues
        self.loadedFromCache = false
        self.contentKeyValue = nil
    }

    init(store: PlaceStore, image: IndexImage, outlines: LazyValue<[AdminArea]>, sources: [SourceInfo],
         loadIssues: [PlaceTable.RowIssue], fromCache: Bool, contentKey: LazyValue<UInt64>?) {
        self.loadedFromCache = fromCache
        self.contentKeyValue = contentKey
        self.places = PlaceList(store: store)
        self.image = image
        self.outlines = outlines
        self.sources = sources
        self.loadIssues = loadIssues
    }

    /// Later layers override earlier ones with the same id (at the earlier one's position).
    static func overriding<T>(_ items: [T], id: (T) -> String) -> [T] {
        var byID: [String: Int] = [:]
        var kept: [T] = []
        kept.reserveCapacity(items.count)
        for p in items {
            let k = id(p)
            if let i = byID[k] { kept[i] = p } else { byID[k] = kept.count; kept.append(p) }
        }
        return kept
    }

    /// The place with this id.
    public func place(id: String) -> Place? { image.index(ofID: id).map { places[$0] } }

    // MARK: - Loading

    /// The folders loaded by default: the embedded GeoData, then the user data
    /// directory (`$CONFLICTMAP_DATA`, else `$XDG_DATA_HOME/conflictmap`, else
    /// `~/.local/share/conflictmap`) when it exists, then `extra` (e.g.
    /// `--gazetteer DIR`).
    public static func defaultLayers(extra: [URL] = []) -> [URL] {
        var out: [URL] = []
        if let d = GeoDataBundle.dataDirectory { out.append(d) }
        let user = userDataDirectory
        if FileManager.default.fileExists(atPath: user.path) { out.append(user) }
        return out + extra
    }

    /// Where imports go unless `--gazetteer DIR` says otherwise.
    public static var userDataDirectory: URL {
        let env = ProcessInfo.processInfo.environment
        if let d = env["CONFLICTMAP_DATA"], !d.isEmpty { return URL(fileURLWithPath: d) }
        if let x = env["XDG_DATA_HOME"], !x.isEmpty {
            return URL(fileURLWithPath: x).appendingPathComponent("conflictmap")
        }
        return FileManager.default.homeDirectoryForCurrentUser
            .appendingPathComponent(".local/share/conflictmap")
    }

    /// Loads every `*.tsv` place table and `admin*.geojson` outline of the
    /// given folders, in order.
    ///
    /// The name index, the rows' byte ranges, the load issues and the outlines are cached in
    /// `cacheDirectory` (default: `$CONFLICTMAP_CACHE`, else `$XDG_CACHE_HOME/conflictmap`, else
    /// `~/.cache/conflictmap`; nil: no cache) and reused while the layer files' contents are
    /// unchanged; a stale or corrupt cache is rebuilt silently. Places are parsed on demand.
    /// - Throws: `GazetteerError.io` when a folder or file cannot be read,
    ///   `.badTable` when a table has no usable header.
    public static func load(layers: [URL], cacheDirectory: URL? = defaultCacheDirectory) throws -> Gazetteer {
        enum Kind { case table, outline }
        // Tables are read now (places are parsed from their bytes on demand); outlines only
        // when the index is (re)built, since the cache holds them.
        var files: [(kind: Kind, file: String, bytes: [UInt8]?, stat: IndexCache.FileStat)] = []
        var sources: [SourceInfo] = []
        let fm = FileManager.default
        for dir in layers {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
                throw GazetteerError.io("\(dir.path): gazetteer folder not found")
            }
            let names = try fm.contentsOfDirectory(atPath: dir.path).sorted()
            for name in names where name.hasSuffix(".tsv") {
                let url = dir.appendingPathComponent(name)
                guard let st = IndexCache.fileStat(url.path), let data = IndexCache.readFile(url.path) else {
                    throw GazetteerError.io("\(url.path): cannot be read")
                }
                guard data.count < Int(UInt32.max) else { throw GazetteerError.io("\(url.path): larger than 4 GB") }
                files.append((.table, url.path, data, st))
            }
            for name in names where name.hasPrefix("admin") && name.hasSuffix(".geojson") {
                let url = dir.appendingPathComponent(name)
                guard let st = IndexCache.fileStat(url.path), access(url.path, R_OK) == 0 else {
                    throw GazetteerError.io("\(url.path): cannot be read")
                }
                files.append((.outline, url.path, nil, st))
            }
            if names.contains("sources.json"),
               let data = fm.contents(atPath: dir.appendingPathComponent("sources.json").path) {
                sources += AdminOutlines.readSources(Array(data))
            }
        }
        let tables = files.compactMap { f in f.bytes.map { (file: f.file, bytes: $0) } }
        let outlinePaths = files.filter { $0.kind == .outline }.map(\.file)

        // The data key: format and word lists, then every file's path, size and modification
        // time, and for tables (read anyway) a hash of the content.
        // The content key (see `contentKey`) leaves out the executable and the paths.
        var km = ByteWriter(), ck = ByteWriter()
        km.u32(IndexImage.formatVersion)
        km.u64(IndexCache.wordListFingerprint)
        km.u64(IndexCache.codeFingerprint)
        ck.u64(IndexCache.wordListFingerprint)
        for f in files {
            km.string(f.kind == .table ? "table" : "outline")
            km.string(f.file)
            km.u64(f.stat.size)
            km.u64(UInt64(bitPattern: f.stat.mtimeSeconds))
            km.u64(UInt64(bitPattern: f.stat.mtimeNanoseconds))
            if let b = f.bytes {
                let h = FastHash.hash(b)
                km.u64(h)
                ck.string("table"); ck.string((f.file as NSString).lastPathComponent); ck.u64(f.stat.size); ck.u64(h)
            }
        }
        let key = FastHash.hash(km.bytes)
        let tablesKey = ck
        let contentKey = LazyValue<UInt64> {
            var w = tablesKey
            for path in outlinePaths {
                w.string("outline"); w.string((path as NSString).lastPathComponent)
                if let b = IndexCache.readFile(path) { w.u64(UInt64(b.count)); w.u64(FastHash.hash(b)) } else { w.string("unreadable") }
            }
            return FastHash.hash(w.bytes)
        }
        let cacheFile = cacheDirectory.map { IndexCache.file(in: $0, layers: layers) }

        // Warm: a valid cached image of exactly these files.
        if let cacheFile, let bytes = IndexCache.read(cacheFile),
           let image = IndexImage(bytes: bytes, expectedKey: key), image.tablePaths == tables.map(\.file),
           let rows = image.rows(tableSizes: tables.map(\.bytes.count)) {
            var sources_: [TableSource] = []
            for t in tables {
                let scan = try PlaceTable.scan(t.bytes, file: t.file, headerOnly: true)
                sources_.append(TableSource(file: t.file, bytes: t.bytes, columns: scan.columns))
            }
            let outlines = LazyValue<[AdminArea]> {
                image.outlines() ?? Self.readOutlines(outlinePaths)
            }
            return Gazetteer(store: PlaceStore(tables: sources_, rows: rows, parsed: nil), image: image,
                             outlines: outlines, sources: sources, loadIssues: image.issues(), fromCache: true,
                             contentKey: contentKey)
        }

        // Cold: parse everything, in the order the files were listed.
        var places: [Place] = []
        var refs: [RowRef] = []
        var issues: [PlaceTable.RowIssue] = []
        var admins: [AdminArea] = []
        var tableSources: [TableSource] = []
        for f in files {
            switch f.kind {
            case .table:
                let bytes = f.bytes ?? []
                let scan = try PlaceTable.scan(bytes, file: f.file)
                let t = UInt32(tableSources.count)
                tableSources.append(TableSource(file: f.file, bytes: bytes, columns: scan.columns))
                for row in scan.rows {
                    do {
                        places.append(try PlaceTable.parseRow(bytes, row.range, columns: scan.columns, file: f.file))
                        refs.append(RowRef(table: t, start: UInt32(row.range.lowerBound), end: UInt32(row.range.upperBound)))
                    } catch {
                        issues.append(PlaceTable.RowIssue(file: f.file, line: row.line, message: "\(error)"))
                    }
                }
            case .outline:
                guard let bytes = IndexCache.readFile(f.file) else { throw GazetteerError.io("\(f.file): cannot be read") }
                admins += try AdminOutlines.read(bytes, file: f.file)
            }
        }
        // Finer and later outlines win in lookups: keep country, then admin1, then admin2.
        admins.sort { $0.level < $1.level }
        let kept = overriding(Array(zip(places, refs)), id: { $0.0.id })
        let keptPlaces = kept.map(\.0)
        let image = IndexImage.build(key: key, tablePaths: tables.map(\.file), rows: kept.map(\.1),
                                     places: keptPlaces, issues: issues, outlines: admins)
        if let cacheFile { IndexCache.write(image.bytes, to: cacheFile) }
        return Gazetteer(store: PlaceStore(tables: tableSources, rows: kept.map(\.1), parsed: keptPlaces),
                         image: image, outlines: LazyValue(admins), sources: sources, loadIssues: issues, fromCache: false,
                         contentKey: contentKey)
    }

    /// Where `load(layers:)` caches its index by default (see there); nil when
    /// `$CONFLICTMAP_CACHE` is `off`.
    public static var defaultCacheDirectory: URL? { IndexCache.defaultDirectory }

    /// Outlines parsed from their files (the fallback when a cached image lacks them).
    static func readOutlines(_ files: [String]) -> [AdminArea] {
        var admins: [AdminArea] = []
        for f in files {
            guard let bytes = IndexCache.readFile(f) else { continue }
            admins += (try? AdminOutlines.read(bytes, file: f)) ?? []
        }
        admins.sort { $0.level < $1.level }
        return admins
    }

    /// Loads the default layers (see `defaultLayers(extra:)`).
    public static func loadDefault(extra: [URL] = []) throws -> Gazetteer {
        try load(layers: defaultLayers(extra: extra))
    }
}

/// Hands out `Gazetteer.serial`: 1, 2, 3… in creation order, under a lock.
private enum GazetteerSerialCounter {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var last: UInt64 = 0
    static func next() -> UInt64 {
        lock.lock(); defer { lock.unlock() }
        last += 1
        return last
    }
}

extension Gazetteer {
    /// The country outlines of the embedded GeoData (`country.geojson`: Syria and its neighbours
    /// TR, IQ, JO, LB, IL, PS from DCW 1:1,000,000), as level-0 admin areas with ISO alpha-2
    /// codes; read on each call (imports and tests, not the hot path); empty when the file is
    /// missing. The loaded gazetteer's `adminAreas` hold only `admin*.geojson` outlines.
    public static func embeddedCountryOutlines() -> [AdminArea] {
        guard let dir = GeoDataBundle.dataDirectory,
              let bytes = IndexCache.readFile(dir.appendingPathComponent("country.geojson").path) else { return [] }
        return ((try? AdminOutlines.read(bytes, file: "country.geojson")) ?? []).filter { $0.level == 0 }
    }
}
