import ArgumentParser
import Foundation
import GeoJSON
import Gazetteer
import GeometryEngine

struct GazetteerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gazetteer",
        abstract: "Inspect the gazetteer and import place data into it.",
        subcommands: [Stats.self, Show.self, Import.self]
    )

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Counts of places by source and by type, and the loaded layers.")
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var gazetteer: GazetteerOptions

        func run() throws {
            let g = try gazetteer.load()
            var byType: [String: Int] = [:], bySource: [String: Int] = [:]
            for p in g.places {
                byType[p.type.rawValue, default: 0] += 1
                bySource[sourceFamily(p), default: 0] += 1
            }
            let layers = Gazetteer.defaultLayers(extra: gazetteer.directory.map { [URL(fileURLWithPath: $0)] } ?? []).map(\.path)
            if json {
                var o = JSONObject()
                o["places"] = .number(Double(g.places.count))
                o["admin_outlines"] = .number(Double(g.adminAreas.count))
                o["by_type"] = .object(JSONObject(byType.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) }))
                o["by_source"] = .object(JSONObject(bySource.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) }))
                o["layers"] = .array(layers.map { .string($0) })
                var b = try JSONValue.object(o).jsonBytes(pretty: true)
                b.append(0x0A)
                emit(b)
                return
            }
            var s = "places: \(g.places.count)   admin outlines: \(g.adminAreas.count)\nlayers:\n"
            for l in layers { s += "  \(l)\n" }
            s += "by source:\n"
            for (k, v) in bySource.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) { s += "  \(String(v).leftPad(7))  \(k)\n" }
            s += "by type:\n"
            for (k, v) in byType.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) { s += "  \(String(v).leftPad(7))  \(k)\n" }
            emit(s)
        }

        func sourceFamily(_ p: Place) -> String {
            let ns = p.id.split(separator: ":").prefix(p.id.hasPrefix("cm:") ? 2 : 1).joined(separator: ":")
            return ns
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One place in full, as JSON.")
        @Argument(help: "A place id, e.g. cm:seed:resafa or geonames:172955.") var id: String
        @OptionGroup var gazetteer: GazetteerOptions

        func run() throws {
            let g = try gazetteer.load()
            guard let p = g.place(id: id) else {
                diagnose("no place has the id `\(id)` (try `conflictmap resolve NAME`)")
                throw Exit.dataError
            }
            var b = try JSONValue.object(p.json).jsonBytes(pretty: true)
            b.append(0x0A)
            emit(b)
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import places or administrative boundaries into the user gazetteer.",
            discussion: """
            Formats (--format, detected from the file when omitted):
              geonames  the GeoNames `geoname` table (19 tab-separated columns, e.g. SY.txt), with
                        --alternate-names alternateNamesV2.txt for language-tagged names
              tsv       any tab-separated file whose header names a name column (name, name_ar, …) and
                        lat/latitude and lon/longitude; also recognised: alt_names, placetype/
                        feature_type, admin1, admin1_ar, admin2, admin2_ar, population, id, source.
                        --map FIELD=COLUMN maps other column names.
              admin     administrative boundaries as GeoJSON; OCHA COD-AB fields (ADM1_EN, ADM1_AR,
                        ADM1_PCODE, ADM2_…) are understood. Outlines serve containment (--in, "بريف X").
            The store is --gazetteer DIR, else $CONFLICTMAP_DATA, else $XDG_DATA_HOME/conflictmap
            (~/.local/share/conflictmap). Each import writes one file named after --name (default: the
            input's file name), replacing an earlier import of that name; files are written to a
            temporary name and renamed, so an interrupted import leaves the store as it was. Bad rows
            are reported with their line numbers and skipped (exit 65 when any was skipped).

            Example:
              conflictmap gazetteer import ../shared/geodata/sy-localities.tsv
              conflictmap gazetteer import ../shared/geodata/syr_admbnda_adm1_uncs_unocha.json
            """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case geonames, tsv, admin }

        @Argument(help: "The file to import.") var file: String
        @Option(help: "geonames, tsv or admin (default: detected).") var format: Format?
        @Option(help: "The import's name in the store (default: the file name).") var name: String?
        @Option(name: .customLong("alternate-names"), help: "GeoNames alternateNamesV2.txt, for --format geonames.")
        var alternateNames: String?
        @Option(help: ArgumentHelp("Map a field to a column of a TSV header (repeatable), e.g. --map lat=Y.", valueName: "FIELD=COLUMN"))
        var map: [String] = []
        @Option(help: "Source written on rows that name none (default: the file name).") var source: String?
        @Option(help: "Licence written on rows that name none.") var licence: String = ""
        @Option(help: ArgumentHelp("Country (ISO 3166-1 alpha-2) of rows that name none (default: the country whose outline holds the row's point).", valueName: "CC"))
        var country: String?
        @OptionGroup var gazetteer: GazetteerOptions

        func validate() throws {
            if let c = country, !(c.utf8.count == 2 && c.utf8.allSatisfy({ (0x41...0x5A).contains($0) })) {
                throw ValidationError("--country must be a two-letter upper-case ISO 3166-1 code such as SY, not `\(c)`")
            }
        }

        /// Gives rows without a country one (see `Importer.fillCountries`), from --country or the
        /// country outlines of the gazetteer the import goes into; says how many it placed.
        func withCountries(_ places: [Place]) -> [Place] {
            guard places.contains(where: { $0.country.isEmpty }) else { return places }
            var out = places
            let outlines = country == nil ? ((try? gazetteer.load())?.adminAreas ?? []) + Gazetteer.embeddedCountryOutlines() : []
            let filled = Importer.fillCountries(&out, outlines: outlines, fallback: country)
            let left = out.filter { $0.country.isEmpty }.count
            diagnose("\(filled) row(s) without a country given \(country.map { "--country \($0)" } ?? "the country whose outline holds their point")"
                     + (left > 0 ? "; \(left) outside every country outline left without one" : ""))
            return out
        }

        func run() throws {
            let (bytes, inputName) = try readInput(file)
            let base = URL(fileURLWithPath: inputName).lastPathComponent
            let stem = Importer.safeName(name ?? URL(fileURLWithPath: base).deletingPathExtension().lastPathComponent)
            let store = gazetteer.directory.map { URL(fileURLWithPath: $0) } ?? Gazetteer.userDataDirectory
            let fmt = format ?? detect(bytes, base)
            var mapping: [String: String] = [:]
            for m in map {
                let kv = m.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2, Importer.columnAliases[kv[0]] != nil else {
                    diagnose("--map \(m): expected FIELD=COLUMN with FIELD one of \(Importer.columnAliases.keys.sorted().joined(separator: ", "))")
                    throw Exit.usage
                }
                mapping[kv[0]] = kv[1]
            }
            var summary = Importer.Summary()
            do {
                switch fmt {
                case .tsv:
                    let (places, issues) = try Importer.readTSV(bytes, file: inputName, idPrefix: stem, mapping: mapping,
                                                                defaultSource: source ?? base, defaultLicence: licence)
                    summary.issues = issues
                    summary.imported = places.count
                    summary.files.append(try Importer.writeAtomically(Data(PlaceTable.write(withCountries(places)).utf8), to: store, name: "\(stem).tsv"))
                case .geonames:
                    var alt: [UInt8]?
                    if let a = alternateNames { alt = try readInput(a).bytes }
                    let (places, issues) = Importer.readGeoNames(bytes, file: inputName, alternateNames: alt, altFile: alternateNames ?? "")
                    summary.issues = issues
                    summary.imported = places.count
                    summary.files.append(try Importer.writeAtomically(Data(PlaceTable.write(places).utf8), to: store, name: "\(stem).tsv"))
                case .admin:
                    let (areas, places) = try withGEOS { ctx in
                        try Importer.readAdminBoundaries(bytes, file: inputName) { g in (try? ctx.pointOnSurface(g)) ?? nil }
                    }
                    // The outline file is written as read (validated above), then its place rows.
                    summary.files.append(try Importer.writeAtomically(Data(bytes), to: store, name: "admin-\(stem).geojson"))
                    summary.files.append(try Importer.writeAtomically(Data(PlaceTable.write(withCountries(places)).utf8), to: store, name: "\(stem)-units.tsv"))
                    summary.imported = areas.count
                }
            } catch let e as GazetteerError {
                diagnose("\(e)")
                throw Exit.dataError
            }
            for i in summary.issues.prefix(20) { diagnose("skipped \(i)") }
            if summary.issues.count > 20 { diagnose("… \(summary.issues.count - 20) more rows skipped") }
            diagnose("imported \(summary.imported) \(fmt == .admin ? "outlines" : "places") into \(summary.files.map(\.path).joined(separator: ", "))")
            if !summary.issues.isEmpty { throw Exit.dataError }
        }

        func detect(_ bytes: [UInt8], _ name: String) -> Format {
            if name.hasSuffix(".json") || name.hasSuffix(".geojson") || bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{") {
                return .admin
            }
            let firstLine = bytes.prefix { $0 != 0x0A }
            let cols = firstLine.split(separator: 0x09, omittingEmptySubsequences: false)
            if cols.count >= 18, Int(String(decoding: cols[0], as: UTF8.self)) != nil { return .geonames }
            return .tsv
        }
    }
}

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
