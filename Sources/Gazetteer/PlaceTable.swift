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
        let scan = try self.scan(bytes, file: file)
        var places: [Place] = []
        places.reserveCapacity(scan.rows.count)
        var issues: [RowIssue] = []
        for row in scan.rows {
            do {
                places.append(try parseRow(bytes, row.range, columns: scan.columns, file: file))
            } catch {
                issues.append(RowIssue(file: file, line: row.line, message: "\(error)"))
            }
        }
        return (places, issues)
    }

    /// The header and the data rows of a table, as byte ranges (line breaks excluded).
    struct Scan {
        /// Position of each `columns` name in the header, -1 when absent.
        var columns: [Int]
        var rows: [(range: Range<Int>, line: Int)]
    }

    /// Index of each name of `columns`.
    static let columnSlot: [String: Int] = {
        var d: [String: Int] = [:]
        for (i, c) in columns.enumerated() { d[c] = i }
        return d
    }()

    /// Finds the header (first line neither empty nor a `#` comment) and the data rows, on
    /// bytes: no line is decoded except the header.
    /// - Throws: `GazetteerError.badTable` when the header lacks `id`, `name`, `lat` or `lon`.
    /// With `headerOnly`, stops at the header (`rows` stays empty).
    static func scan(_ bytes: [UInt8], file: String, headerOnly: Bool = false) throws -> Scan {
        var header: (range: Range<Int>, line: Int)?
        var rows: [(range: Range<Int>, line: Int)] = []
        bytes.withUnsafeBufferPointer { b in
            forEachLine(b) { r, n in
                guard !r.isEmpty, b[r.lowerBound] != 0x23 else { return true }
                if header == nil {
                    header = (r, n)
                    return !headerOnly
                }
                rows.append((r, n))
                return true
            }
        }
        guard let header else { return Scan(columns: columns.map { _ in -1 }, rows: []) }
        let text = String(decoding: bytes[header.range], as: UTF8.self)
        var col: [String: Int] = [:]
        for (i, h) in text.split(separator: "\t", omittingEmptySubsequences: false).enumerated() {
            col[h.trimmingCharacters(in: .whitespaces)] = i
        }
        for required in ["id", "name", "lat", "lon"] where col[required] == nil {
            throw GazetteerError.badTable("\(file):\(header.line): header has no `\(required)` column")
        }
        return Scan(columns: columns.map { col[$0] ?? -1 }, rows: rows)
    }

    /// Parses one data row (`range` of `bytes`, without its line break).
    /// - Throws: `GazetteerError.badRow` as `place(_:file:)`.
    static func parseRow(_ bytes: [UInt8], _ range: Range<Int>, columns: [Int], file: String) throws -> Place {
        var fields: [Range<Int>] = []
        fields.reserveCapacity(24)
        bytes.withUnsafeBufferPointer { b in
            var s = range.lowerBound
            for i in range where b[i] == 0x09 { fields.append(s..<i); s = i + 1 }
            fields.append(s..<range.upperBound)
        }
        func v(_ c: String) -> String {
            guard let slot = columnSlot[c] else { return "" }
            let pos = columns[slot]
            guard pos >= 0, pos < fields.count else { return "" }
            return String(decoding: bytes[fields[pos]], as: UTF8.self)
        }
        return try place(v, file: file)
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
            let t = trimmedWhitespace(part)
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

    /// `trimmingCharacters(in: .whitespaces)`, skipping Foundation when there is nothing to trim.
    static func trimmedWhitespace(_ part: Substring) -> String {
        let ws = CharacterSet.whitespaces
        if let f = part.unicodeScalars.first, let l = part.unicodeScalars.last, !ws.contains(f), !ws.contains(l) {
            return String(part)
        }
        return part.trimmingCharacters(in: .whitespaces)
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
        bytes.withUnsafeBufferPointer { b in
            forEachLine(b) { r, n in
                out.append(Line(number: n, text: Substring(String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self))))
                return true
            }
        }
        return out
    }

    /// Calls `body` with the byte range (without LF or CRLF) and the number (from 1) of each line
    /// of `b`, until it returns false. A final line without a line break counts; an empty input
    /// has no lines.
    @inline(__always)
    static func forEachLine(_ b: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>, Int) -> Bool) {
        var start = 0, n = 0
        let count = b.count
        while start <= count {
            var end = start
            while end < count && b[end] != 0x0A { end += 1 }
            if end == count && start == count { break }
            n += 1
            var stop = end
            if stop > start && b[stop - 1] == 0x0D { stop -= 1 }
            if !body(start..<stop, n) { break }
            start = end + 1
        }
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
