import Foundation
import GeoCore
import GeoDataBundle
import GeoJSON

/// The place store: the embedded default (GeoData) with the user's imports
/// layered over it, indexed by name keys. Immutable once loaded, so one
/// instance is shared by every worker of a batch run.
public final class Gazetteer: Sendable {
    /// Every place, in load order (default layer first, then imports).
    public let places: [Place]
    /// Administrative outlines (governorates, districts, country), finest last.
    public let adminAreas: [AdminArea]
    /// The sources of the loaded layers, for attribution.
    public let sources: [SourceInfo]
    /// Rows that could not be read while loading (reported, skipped).
    public let loadIssues: [PlaceTable.RowIssue]
    let index: NameIndex
    let byID: [String: Int]

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
        // Later layers override earlier ones with the same id.
        var byID: [String: Int] = [:]
        var kept: [Place] = []
        kept.reserveCapacity(places.count)
        for p in places {
            if let i = byID[p.id] { kept[i] = p } else { byID[p.id] = kept.count; kept.append(p) }
        }
        self.places = kept
        self.byID = byID
        self.adminAreas = adminAreas
        self.sources = sources
        self.loadIssues = loadIssues
        self.index = NameIndex(places: kept)
    }

    /// The place with this id.
    public func place(id: String) -> Place? { byID[id].map { places[$0] } }

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
    /// - Throws: `GazetteerError.io` when a folder or file cannot be read,
    ///   `.badTable` when a table has no usable header.
    public static func load(layers: [URL]) throws -> Gazetteer {
        var places: [Place] = []
        var admins: [AdminArea] = []
        var sources: [SourceInfo] = []
        var issues: [PlaceTable.RowIssue] = []
        let fm = FileManager.default
        for dir in layers {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
                throw GazetteerError.io("\(dir.path): gazetteer folder not found")
            }
            let names = try fm.contentsOfDirectory(atPath: dir.path).sorted()
            for name in names where name.hasSuffix(".tsv") {
                let url = dir.appendingPathComponent(name)
                guard let data = fm.contents(atPath: url.path) else { throw GazetteerError.io("\(url.path): cannot be read") }
                let (p, iss) = try PlaceTable.read(Array(data), file: url.path)
                places += p
                issues += iss
            }
            for name in names where name.hasPrefix("admin") && name.hasSuffix(".geojson") {
                let url = dir.appendingPathComponent(name)
                guard let data = fm.contents(atPath: url.path) else { throw GazetteerError.io("\(url.path): cannot be read") }
                admins += try AdminOutlines.read(Array(data), file: url.path)
            }
            if names.contains("sources.json"),
               let data = fm.contents(atPath: dir.appendingPathComponent("sources.json").path) {
                sources += AdminOutlines.readSources(Array(data))
            }
        }
        // Finer and later outlines win in lookups: keep country, then admin1, then admin2.
        admins.sort { $0.level < $1.level }
        return Gazetteer(places: places, adminAreas: admins, sources: sources, loadIssues: issues)
    }

    /// Loads the default layers (see `defaultLayers(extra:)`).
    public static func loadDefault(extra: [URL] = []) throws -> Gazetteer {
        try load(layers: defaultLayers(extra: extra))
    }
}
