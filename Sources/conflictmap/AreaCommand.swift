import ArgumentParser
import ConflictMapKit
import Foundation
import GeoJSON

struct AreaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "area",
        abstract: "Geodesic area and perimeter of every polygonal feature of a GeoJSON document.",
        discussion: """
        Reads a GeoJSON geometry, Feature or FeatureCollection (RFC 7946) from FILE, or from stdin
        when FILE is "-" or absent, and measures every Polygon and MultiPolygon on the WGS84
        ellipsoid (Karney 2013, through PROJ's geod_polygonarea; holes subtracted). Points, lines and
        null geometries are skipped and counted.

        Formats:
          table    one row per feature (label, km², perimeter km) and a total; the default on a terminal
          json     {"features": [{index, label, geometry_type, area_m2, area_km2, perimeter_m}], total_area_m2, …}
          geojson  the input with area_m2, area_km2 and perimeter_m added to each polygonal feature's
                   properties; the default when stdout is not a terminal

        Example:
          conflictmap area GeoData/examples/risha-makhoul-sis.geojson --label name
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, geojson
    }

    @Argument(help: "A GeoJSON file, or - for stdin.")
    var file: String?

    @Option(help: "Output format: table, json or geojson (default: table on a terminal, geojson otherwise).")
    var format: Format?

    @Option(help: "The property that labels each feature in the table and JSON (default: name, then the id).")
    var label: String?

    @Option(help: "Decimals of coordinates in GeoJSON output (default 6, about 0.1 m).")
    var precision: Int = 6

    func validate() throws {
        guard (0...15).contains(precision) else { throw ValidationError("--precision must be between 0 and 15") }
    }

    func run() throws {
        let (bytes, name) = try readInput(file)
        let doc: GeoJSONDocument
        do { doc = try GeoJSONReader().read(bytes) } catch {
            diagnose("\(name): \(error)")
            throw Exit.dataError
        }
        let report = AreaReport(document: doc.object, labelProperty: label)
        if !report.skipped.isEmpty {
            diagnose("\(name): \(report.skipped.count) feature(s) without a polygon skipped (indices \(report.skipped.prefix(10).map(String.init).joined(separator: ", "))\(report.skipped.count > 10 ? ", …" : ""))")
        }
        switch format ?? (isTerminal(STDOUT_FILENO) ? .table : .geojson) {
        case .table:
            emit(report.table())
        case .json:
            var b = try report.json().jsonBytes(pretty: true)
            b.append(0x0A)
            emit(b)
        case .geojson:
            var b = try GeoJSONWriter(options: .init(decimals: precision)).write(report.annotatedDocument())
            b.append(0x0A)
            emit(b)
        }
    }
}
