import ArgumentParser
import Foundation
import GeoCore
import GeoJSON
import Gazetteer

struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Ranked gazetteer candidates for place names, in Arabic or Latin script.",
        discussion: """
        Each NAME is looked up by its normalised keys (Arabic hamza/alef/ta marbuta folding, harakat,
        the article; Latin case, diacritics and romanisation variants), then by a cross-script
        consonant skeleton (تل دكوة ↔ Tall Dakwa), then by a one-edit fuzzy retry. Candidates are
        ranked by named passes: containment (--in), type agreement (a head noun such as تل, جبل, سد,
        مطار, حقل or hill/dam/airbase, or --type), proximity (--near), prominence, the focus country
        and the source's confidence. Each candidate says why it ranks where it does.

        Examples:
          conflictmap resolve الرصافة --in الرقة
          conflictmap resolve "حقل الثورة" --json
          conflictmap resolve "Jabal Makhoul" --in "Rif Dimashq" --limit 3
        """
    )

    @Argument(help: "One or more place names.")
    var names: [String]

    @Option(name: .customLong("in"), help: ArgumentHelp("An administrative area the place lies in (governorate, district or country).", valueName: "ADMIN"))
    var within: [String] = []

    @Option(help: ArgumentHelp("A point the place should be near, as LAT,LON in degrees.", valueName: "LAT,LON"))
    var near: String?

    @Option(help: ArgumentHelp("The place type: \(PlaceType.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "TYPE"))
    var type: String?

    @Option(help: "ISO 3166-1 alpha-2 code of the country to prefer (default: none).")
    var country: String?

    @Option(help: "The most candidates to show per name.")
    var limit: Int = 5

    @Flag(help: "Print a JSON array of candidate objects (with `query` naming the name asked).")
    var json = false

    @OptionGroup var gazetteer: GazetteerOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        if let t = type, PlaceType(loose: t) == nil {
            throw ValidationError("--type \(t): unknown type; use one of \(PlaceType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if near != nil, parsedNear == nil {
            throw ValidationError("--near \(near!): expected LAT,LON in degrees, e.g. 35.6,38.7")
        }
        if names.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw ValidationError("a NAME is empty")
        }
    }

    var parsedNear: Position? {
        guard let near else { return nil }
        let parts = near.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lat = parts[0], let lon = parts[1] else { return nil }
        return try? Position(lon: lon, lat: lat)
    }

    func run() throws {
        let g = try gazetteer.load()
        var all: [JSONValue] = []
        var text = ""
        var anyFound = false
        for name in names {
            let q = PlaceQuery(name: name, within: within, near: parsedNear, type: type.flatMap(PlaceType.init(loose:)),
                               focusCountry: country, fuzzy: true, limit: limit)
            let cands: [Candidate]
            do { cands = try g.resolve(q) } catch let e as GazetteerError {
                diagnose("\(e)")
                throw Exit.dataError
            }
            anyFound = anyFound || !cands.isEmpty
            if json {
                for c in cands {
                    var o = c.json
                    o["query"] = .string(name)
                    all.append(.object(o))
                }
            } else {
                text += "\(name): \(cands.isEmpty ? "no candidate" : "\(cands.count) candidate\(cands.count == 1 ? "" : "s")")\n"
                for (i, c) in cands.enumerated() {
                    let p = c.place
                    let names = [p.nameAr, p.nameEn.isEmpty ? p.name : p.nameEn].filter { !$0.isEmpty }.joined(separator: " / ")
                    text += String(format: "%2d. %.3f  ", i + 1, c.score) + "\(p.id)  \(names)  [\(p.type.rawValue)]\n"
                    text += String(format: "    lat %.5f  lon %.5f", p.position.lat, p.position.lon)
                        + "  admin1: \(p.admin1.display.isEmpty ? "-" : p.admin1.display)  country: \(p.country.isEmpty ? "-" : p.country)\n"
                    text += "    source: \(p.source)\n"
                    text += "    why: \(c.reasons.joined(separator: "; "))\n"
                }
            }
        }
        if json {
            var b = try JSONValue.array(all).jsonBytes(pretty: true)
            b.append(0x0A)
            emit(b)
        } else {
            emit(text)
        }
        if !anyFound { diagnose("no candidate for \(names.joined(separator: ", "))") }
    }
}
