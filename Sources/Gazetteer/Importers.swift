import Foundation
import GeoCore
import GeoJSON

/// Importers that turn data users already have into the gazetteer's table
/// format, written into a store folder (`$CONFLICTMAP_DATA`, the XDG data
/// directory, or `--gazetteer DIR`) that is layered over the embedded default.
/// A bad row is reported with its line number and skipped; a write goes to a
/// temporary file renamed into place, so an import never half-writes the store.
public enum Importer {
    /// What an import did.
    public struct Summary: Sendable {
        public var imported = 0
        public var issues: [PlaceTable.RowIssue] = []
        public var files: [URL] = []
        public init() {}
    }

    // MARK: - Tab-separated tables with a header

    /// Column names recognised in a header, by the field they fill.
    public static let columnAliases: [String: [String]] = [
        "id": ["id", "wof_id", "geonameid", "geonames_id", "uid"],
        "name": ["name", "name_en", "english_name", "asciiname", "label", "toponym"],
        "name_ar": ["name_ar", "arabic_name", "name:ar", "ar"],
        "name_en": ["name_en", "english_name", "name:en"],
        "alt_names": ["alt_names", "alternate_names", "alternatenames", "alt", "aliases"],
        "lat": ["lat", "latitude", "y"],
        "lon": ["lon", "lng", "long", "longitude", "x"],
        "type": ["type", "placetype", "feature_type", "place_type", "featuretype", "class"],
        "admin1_code": ["admin1_code", "adm1_pcode"],
        "admin1_en": ["admin1", "admin1_en", "governorate", "province", "adm1_en"],
        "admin1_ar": ["admin1_ar", "adm1_ar"],
        "admin2_code": ["admin2_code", "adm2_pcode"],
        "admin2_en": ["admin2", "admin2_en", "district", "adm2_en"],
        "admin2_ar": ["admin2_ar", "adm2_ar"],
        "country": ["country", "country_code", "cc", "iso2"],
        "population": ["population", "pop"],
        "source": ["source", "src"],
        "licence": ["licence", "license"],
    ]

    /// Reads any tab-separated file whose header names at least a name and the
    /// coordinates. `mapping` overrides the detection (`field → column name`).
    /// Rows without an id get `<prefix>:<line>`.
    public static func readTSV(_ bytes: [UInt8], file: String, idPrefix: String, mapping: [String: String] = [:],
                               defaultSource: String, defaultLicence: String = "") throws -> ([Place], [PlaceTable.RowIssue]) {
        let lines = PlaceTable.splitLines(bytes)
        guard let hi = lines.firstIndex(where: { !$0.text.isEmpty && !$0.text.hasPrefix("#") }) else {
            throw GazetteerError.badTable("\(file): empty file")
        }
        let header = lines[hi].text.split(separator: "\t", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var col: [String: Int] = [:]
        for (field, aliases) in columnAliases {
            if let m = mapping[field] {
                guard let i = header.firstIndex(of: m.lowercased()) else {
                    throw GazetteerError.badTable("\(file): --map \(field)=\(m): no column `\(m)` in the header")
                }
                col[field] = i
            } else if let i = aliases.lazy.compactMap({ header.firstIndex(of: $0) }).first {
                col[field] = i
            }
        }
        // "name" and "name_en" may be one column; keep both.
        for need in ["lat", "lon"] where col[need] == nil {
            throw GazetteerError.badTable("\(file):\(lines[hi].number): the header has no \(need) column (looked for \(columnAliases[need]!.joined(separator: ", ")); use --map \(need)=COLUMN)")
        }
        if col["name"] == nil && col["name_ar"] == nil {
            throw GazetteerError.badTable("\(file):\(lines[hi].number): the header has no name column (name, name_ar, …; use --map name=COLUMN)")
        }
        var places: [Place] = []
        var issues: [PlaceTable.RowIssue] = []
        for line in lines[(hi + 1)...] where !line.text.isEmpty && !line.text.hasPrefix("#") {
            let f = line.text.split(separator: "\t", omittingEmptySubsequences: false)
            func v(_ field: String) -> String {
                guard let i = col[field], i < f.count else { return "" }
                return f[i].trimmingCharacters(in: .whitespaces)
            }
            func value(_ field: String) -> String {
                switch field {
                case "id":
                    let raw = v("id")
                    if raw.isEmpty { return "\(idPrefix):\(line.number)" }
                    return raw.contains(":") ? raw : "\(idPrefix):\(raw)"
                case "alt_names":
                    // Accept `|`, `;` or `,`-separated lists.
                    let raw = v("alt_names")
                    let sep: Character = raw.contains("|") ? "|" : (raw.contains(";") ? ";" : ",")
                    return raw.split(separator: sep).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "|")
                case "source": return v("source").isEmpty ? defaultSource : v("source")
                case "licence": return v("licence").isEmpty ? defaultLicence : v("licence")
                case "name": return v("name").isEmpty ? v("name_ar") : v("name")
                default: return v(field)
                }
            }
            do {
                places.append(try PlaceTable.place(value, file: file))
            } catch {
                issues.append(PlaceTable.RowIssue(file: file, line: line.number, message: "\(error)"))
            }
        }
        return (places, issues)
    }

    // MARK: - GeoNames dumps

    /// GeoNames feature codes → place types (the codes of
    /// https://www.geonames.org/export/codes.html that matter here).
    public static func placeType(geonamesClass cls: String, code: String) -> PlaceType {
        switch code {
        case "ADM1": return .admin1
        case "ADM2": return .admin2
        case "ADM3", "ADM4": return .admin3
        case "PCLI", "PCLD", "PCLF", "PCLIX", "PCLS", "PCL": return .country
        case "HLL", "HLLS", "MND", "MNDS", "DUNE": return .hill
        case "MT", "MTS", "PK", "PKS", "RDGE", "VLC", "PLAT": return .mountain
        case "DAM", "DAMSB": return .dam
        case "AIRB", "AIRP", "AIRF", "AIRH", "AIRQ": return .airbase
        case "OILF", "OILW", "OILR", "OILP": return .oilField
        case "GASF": return .gasField
        case "RUIN", "ANS", "HSTS", "CSTL", "TMB": return .ruin
        case "MILB", "INSM", "FT", "BTYD": return .militarySite
        case "RDJCT", "RDCR", "RDIN": return .crossroads
        case "WAD", "WADS", "VAL": return .wadi
        case "RD", "TRL", "HWY": return .road
        case "DSRT", "RGN", "AREA", "PLN", "REG", "DPR": return .region
        default: break
        }
        switch cls {
        case "P": return .settlement
        case "H": return .waterBody
        case "T": return .hill
        case "A": return .admin3
        case "L": return .region
        default: return .other
        }
    }

    /// Reads the GeoNames `geoname` table (19 tab-separated columns, no
    /// header: e.g. `SY.txt`), optionally with `alternateNamesV2.txt` rows for
    /// language-tagged names.
    public static func readGeoNames(_ bytes: [UInt8], file: String, alternateNames: [UInt8]? = nil,
                                    altFile: String = "") -> ([Place], [PlaceTable.RowIssue]) {
        var alts: [String: [AltName]] = [:]
        var issues: [PlaceTable.RowIssue] = []
        if let a = alternateNames {
            for line in PlaceTable.splitLines(a) where !line.text.isEmpty {
                let f = line.text.split(separator: "\t", omittingEmptySubsequences: false)
                guard f.count >= 4 else {
                    issues.append(.init(file: altFile, line: line.number, message: "expected at least 4 columns, found \(f.count)"))
                    continue
                }
                let lang = String(f[2])
                // Skip links, postal codes, airport codes and other non-names.
                if ["link", "post", "iata", "icao", "faac", "fr_1793", "abbr", "wkdt", "unlc"].contains(lang) { continue }
                alts[String(f[1]), default: []].append(AltName(String(f[3]), lang: lang.isEmpty ? nil : lang))
            }
        }
        var places: [Place] = []
        for line in PlaceTable.splitLines(bytes) where !line.text.isEmpty && !line.text.hasPrefix("#") {
            let f = line.text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 15 else {
                issues.append(.init(file: file, line: line.number, message: "expected the 19 columns of the GeoNames geoname table, found \(f.count)"))
                continue
            }
            guard let lat = Double(f[4]), let lon = Double(f[5]), let pos = try? Position(lon: lon, lat: lat) else {
                issues.append(.init(file: file, line: line.number, message: "latitude/longitude `\(f[4])`/`\(f[5])` are not valid coordinates"))
                continue
            }
            var names = f[3].split(separator: ",").map { AltName(String($0)) }
            names += alts[f[0]] ?? []
            let ar = (alts[f[0]] ?? []).first { $0.lang == "ar" }?.name ?? ""
            let en = (alts[f[0]] ?? []).first { $0.lang == "en" }?.name ?? f[2]
            let type = placeType(geonamesClass: f[6], code: f[7])
            let pop = Int(f[14]) ?? 0
            var size = ""
            if type == .settlement {
                size = f[7] == "PPLC" ? "capital" : (pop >= 100_000 ? "city" : (pop >= 10_000 ? "town" : "village"))
            }
            let cc = f[8]
            places.append(Place(
                id: "geonames:\(f[0])", name: f[1], nameAr: ar, nameEn: en, altNames: names, type: type,
                sizeClass: size, position: pos, uncertaintyM: PlaceTable.defaultUncertainty(type),
                admin1: AdminRef(code: f[10].isEmpty ? "" : "\(cc).\(f[10])"),
                admin2: AdminRef(code: f[11]), country: cc, population: pop,
                source: "GeoNames dump \(URL(fileURLWithPath: file).lastPathComponent)", licence: "CC BY 4.0"))
        }
        return (places, issues)
    }

    // MARK: - Administrative boundaries

    /// Reads administrative outlines (OCHA COD-AB field names understood by
    /// default) and makes a place row for each unit, at a point on its surface.
    public static func readAdminBoundaries(_ bytes: [UInt8], file: String,
                                           pointOnSurface: (Geometry) -> Position?) throws -> ([AdminArea], [Place]) {
        let areas = try AdminOutlines.read(bytes, file: file)
        guard !areas.isEmpty else {
            throw GazetteerError.badTable("\(file): no feature names an administrative unit (expected ADM1_EN/ADM1_PCODE-style properties)")
        }
        var places: [Place] = []
        for a in areas {
            let geom: Geometry = a.polygons.count == 1 ? .polygon(a.polygons[0]) : .multiPolygon(a.polygons)
            guard let p = pointOnSurface(geom) else { continue }
            let type: PlaceType = a.level == 0 ? .country : (a.level == 1 ? .admin1 : (a.level == 2 ? .admin2 : .admin3))
            let r = a.ref
            let extentM = max(a.bbox.east - a.bbox.west, a.bbox.north - a.bbox.south) * 111_000 / 2
            var alt: [AltName] = []
            if type == .admin1 { alt += [AltName("محافظة " + r.nameAr, lang: "ar"), AltName(r.nameEn + " Governorate", lang: "en")] }
            if type == .admin2 { alt += [AltName("منطقة " + r.nameAr, lang: "ar"), AltName(r.nameEn + " District", lang: "en")] }
            places.append(Place(
                id: "admin:\(r.code.isEmpty ? r.display : r.code)", name: r.display, nameAr: r.nameAr, nameEn: r.nameEn,
                altNames: alt.filter { !$0.name.trimmingCharacters(in: .whitespaces).isEmpty && $0.name.count > 9 },
                type: type, position: p, uncertaintyM: extentM,
                admin1: type == .admin1 ? r : AdminRef(code: a.level >= 2 ? a.parentCode : ""),
                admin2: type == .admin2 ? r : AdminRef(), country: "", source: a.source, licence: ""))
        }
        return (areas, places)
    }

    // MARK: - Countries of rows that name none

    /// Fills the country (ISO 3166-1 alpha-2) of places that name none: `fallback` when given,
    /// else the code of the country outline (`level` 0, a two-letter code) that contains the
    /// place's point; a place outside every outline keeps an empty country. Tables of one country
    /// (Who's On First's localities of Syria, OCHA units) carry no country column, and a place
    /// without one counts as outside the report's country when ranking ("focus" pass).
    /// - Returns: how many places got a country.
    public static func fillCountries(_ places: inout [Place], outlines: [AdminArea], fallback: String? = nil) -> Int {
        let countries = outlines.filter { $0.level == 0 && $0.ref.code.utf8.count == 2 }
        var filled = 0
        for k in places.indices where places[k].country.isEmpty {
            if let f = fallback {
                places[k].country = f
            } else if let c = countries.first(where: { $0.contains(places[k].position) }) {
                places[k].country = c.ref.code
            } else {
                continue
            }
            filled += 1
        }
        return filled
    }

    // MARK: - Writing the store

    /// Writes `contents` to `dir/name` through a temporary file and a rename.
    public static func writeAtomically(_ contents: Data, to dir: URL, name: String) throws -> URL {
        let fm = FileManager.default
        do { try fm.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
            throw GazetteerError.io("\(dir.path): cannot create the gazetteer folder: \(error.localizedDescription)")
        }
        let final = dir.appendingPathComponent(name)
        let tmp = dir.appendingPathComponent(".\(name).tmp-\(getpid())")
        do {
            try contents.write(to: tmp)
        } catch {
            try? fm.removeItem(at: tmp)
            throw GazetteerError.io("\(final.path): cannot write: \(error.localizedDescription)")
        }
        // rename(2) replaces an existing file atomically; returns -1 on error (errno set).
        // (FileManager.replaceItemAt failed on Linux debug builds when the file existed: a
        // re-import stopped with "The file doesn't exist".)
        guard rename(tmp.path, final.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? fm.removeItem(at: tmp)
            throw GazetteerError.io("\(final.path): cannot write: \(reason)")
        }
        return final
    }

    /// A safe file stem for an import name: letters, digits, `-` and `_`.
    public static func safeName(_ s: String) -> String {
        let t = String(s.unicodeScalars.map { ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") ? Character($0) : "_" })
        return t.isEmpty ? "import" : t
    }
}
