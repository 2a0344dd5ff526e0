import Foundation
import GeoCore

/// The gazetteer's table format: UTF-8, tab-separated, one header line naming
/// the columns (any order; unknown columns ignored), `#` comment lines allowed.
/// The embedded default (`GeoData/data/*.tsv`) and every import are stored in
/// this form. Columns:
///
/// `id name name_ar name_en alt_names type size_class lat lon uncertainty_m
/// admin1_code admin1_en admin1_ar admin2_code admin2_en admin2_ar country
/// population source licence confidence`
///
/// `alt_names` is `|`-separated, each name optionally prefixed by a language
/// tag (`ar:الرصافة|en:Rusafa|Sergiopolis`).
public enum PlaceTable {
    public static let columns = [
        "id", "name", "name_ar", "name_en", "alt_names", "type", "size_class", "lat", "lon", "uncertainty_m",
        "admin1_code", "admin1_en", "admin1_ar", "admin2_code", "admin2_en", "admin2_ar", "country",
        "population", "source", "licence", "confidence",
    ]

    /// A row that could not be read: its line number (1-based) and why.
    public struct RowIssue: Hashable, Sendable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// Reads a table. Bad rows are reported in `issues` and skipped.
    /// - Throws: `GazetteerError.badTable` when the header lacks `id`, `name`, `lat` or `lon`.
    public static func read(_ bytes: [UInt8], file: String) throws -> (places: [Place], issues: [RowIssue]) {
        var lines = splitLines(bytes)
        guard let headerIndex = lines.firstIndex(where: { !$0.text.isEmpty && !$0.text.hasPrefix("#") }) else {
            return ([], [])
        }
        let header = lines[headerIndex].text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        var col: [String: Int] = [:]
        for (i, h) in header.enumerated() { col[h.trimmingCharacters(in: .whitespaces)] = i }
        for required in ["id", "name", "lat", "lon"] where col[required] == nil {
            throw GazetteerError.badTable("\(file):\(lines[headerIndex].number): header has no `\(required)` column")
        }
        lines.removeFirst(headerIndex + 1)
        var places: [Place] = []
        places.reserveCapacity(lines.count)
        var issues: [RowIssue] = []
        for line in lines where !line.text.isEmpty && !line.text.hasPrefix("#") {
            let f = line.text.split(separator: "\t", omittingEmptySubsequences: false)
            func v(_ c: String) -> String {
                guard let i = col[c], i < f.count else { return "" }
                return String(f[i])
            }
            do {
                places.append(try place(v, file: file))
            } catch {
                issues.append(RowIssue(file: file, line: line.number, message: "\(error)"))
            }
        }
        return (places, issues)
    }

    /// Builds a place from named column values (as read from a table).
    static func place(_ v: (String) -> String, file: String) throws -> Place {
        let id = v("id"), name = v("name")
        guard !id.isEmpty else { throw GazetteerError.badRow("empty id") }
        let displayName = !name.isEmpty ? name : (!v("name_en").isEmpty ? v("name_en") : v("name_ar"))
        guard !displayName.isEmpty else { throw GazetteerError.badRow("place \(id) has no name") }
        guard let lat = Double(v("lat")), let lon = Double(v("lon")) else {
            throw GazetteerError.badRow("place \(id): lat/lon `\(v("lat"))`/`\(v("lon"))` are not numbers")
        }
        let pos: Position
        do { pos = try Position(lon: lon, lat: lat) } catch { throw GazetteerError.badRow("place \(id): \(error)") }
        let typeText = v("type")
        let type = typeText.isEmpty ? PlaceType.other : (PlaceType(loose: typeText) ?? .other)
        return Place(
            id: id, name: displayName, nameAr: v("name_ar"), nameEn: v("name_en"),
            altNames: parseAltNames(v("alt_names")), type: type, sizeClass: v("size_class"), position: pos,
            uncertaintyM: Double(v("uncertainty_m")) ?? defaultUncertainty(type),
            admin1: AdminRef(code: v("admin1_code"), nameEn: v("admin1_en"), nameAr: v("admin1_ar")),
            admin2: AdminRef(code: v("admin2_code"), nameEn: v("admin2_en"), nameAr: v("admin2_ar")),
            country: v("country").uppercased(), population: Int(v("population")) ?? 0,
            source: v("source"), licence: v("licence"), confidence: Double(v("confidence")) ?? 1)
    }

    /// Parses `ar:الرصافة|en:Rusafa|Sergiopolis`.
    public static func parseAltNames(_ s: String) -> [AltName] {
        guard !s.isEmpty else { return [] }
        return s.split(separator: "|").compactMap { part in
            let t = part.trimmingCharacters(in: .whitespaces)
            guard !t.isEmpty else { return nil }
            if let colon = t.firstIndex(of: ":"), t.distance(from: t.startIndex, to: colon) <= 8 {
                let tag = t[..<colon]
                if tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }), !tag.isEmpty {
                    return AltName(String(t[t.index(after: colon)...]), lang: String(tag))
                }
            }
            return AltName(t)
        }
    }

    /// The uncertainty radius in metres used when a source gives none.
    public static func defaultUncertainty(_ t: PlaceType) -> Double {
        switch t {
        case .country: return 300_000
        case .admin1, .region: return 60_000
        case .admin2: return 25_000
        case .admin3: return 10_000
        case .settlement, .mountain, .oilField, .gasField, .waterBody, .wadi, .road: return 2_000
        default: return 1_000
        }
    }

    /// Writes places in the table format, header first.
    public static func write(_ places: [Place]) -> String {
        var out = columns.joined(separator: "\t") + "\n"
        for p in places {
            let alt = p.altNames.map { a in (a.lang.map { "\($0):" } ?? "") + clean(a.name) }.joined(separator: "|")
            let fields: [String] = [
                p.id, p.name, p.nameAr, p.nameEn, alt, p.type.rawValue, p.sizeClass,
                fmt(p.position.lat), fmt(p.position.lon), fmt(p.uncertaintyM),
                p.admin1.code, p.admin1.nameEn, p.admin1.nameAr, p.admin2.code, p.admin2.nameEn, p.admin2.nameAr,
                p.country, p.population > 0 ? String(p.population) : "", p.source, p.licence, fmt(p.confidence),
            ]
            out += fields.map(clean).joined(separator: "\t") + "\n"
        }
        return out
    }

    private static func clean(_ s: String) -> String {
        guard s.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "|" }) else { return s }
        return s.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ")
    }

    private static func fmt(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return String(format: "%.6f", d).replacingOccurrences(of: #"0+$"#, with: "", options: .regularExpression)
    }

    struct Line { let number: Int; let text: Substring }

    /// Splits UTF-8 bytes into lines (LF or CRLF), numbering from 1. Works on
    /// bytes: a Swift `Character` would treat CRLF as one grapheme.
    static func splitLines(_ bytes: [UInt8]) -> [Line] {
        var out: [Line] = []
        var start = 0, n = 0
        let count = bytes.count
        while start <= count {
            var end = start
            while end < count && bytes[end] != 0x0A { end += 1 }
            if end == count && start == count { break }
            n += 1
            var stop = end
            if stop > start && bytes[stop - 1] == 0x0D { stop -= 1 }
            let text = String(decoding: bytes[start..<stop], as: UTF8.self)
            out.append(Line(number: n, text: Substring(text)))
            start = end + 1
        }
        return out
    }
}

/// Errors of the gazetteer layer, with a message naming what and where.
public enum GazetteerError: Error, Equatable, Sendable, CustomStringConvertible {
    case badTable(String)
    case badRow(String)
    case notFound(String)
    case io(String)

    public var description: String {
        switch self {
        case .badTable(let m), .badRow(let m), .notFound(let m), .io(let m): return m
        }
    }
}
