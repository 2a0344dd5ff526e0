import ArgumentParser
import Claims
import ConflictMapKit
import Foundation
import GeoJSON
import Resolution

/// `conflictmap verify`: checks the area claims of a report (or of a claim spec) against the
/// shapes its places allow.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the area claims of a report (\"more than 1500 km² from X to Y\") against the shapes its places allow.",
        discussion: """
        Reads a report (plain UTF-8 text, or a JSON document {"id", "text", "date"} recognised by a \
        leading "{") from FILE, or stdin for "-" or nothing. For each area claim it finds the places \
        of its sentence, builds the shape models the text allows (corridor from X to Y at 5, 10 and \
        20 km; hulls of "between X, Y and Z"; sectors "east of X"; the named regions as a ceiling), \
        measures them on the WGS84 ellipsoid, clips them to the country and the named governorates, \
        and gives a verdict: consistent, overstated, understated or unverifiable, with the rule \
        that decided (docs/VERDICTS.md).

        --claim SPEC.json checks one claim without text, e.g.
          {"claimed_km2": 1500, "qualifier": "more_than", "from": "الرصافة", "to": "أثريا",
           "regions": ["حلب", "حماة", "الرقة"]}
        (names or gazetteer ids; also "between": [...], "direction": "E" with "of", "countryside").

        Output: a readable report, or with --json {"claims": [...], "axes": [...]} (docs/FORMAT.md).
        Exit codes: 65 bad input (malformed spec, unknown place or region, bad --date), 66 file not found.
        """
    )

    @Argument(help: "The report to read; '-' or nothing for stdin. Not used with --claim.")
    var file: String?

    @Flag(help: "Write JSON instead of the readable report.")
    var json = false

    @Option(name: .customLong("claim"), help: ArgumentHelp("A claim spec (JSON) to check instead of a report.", valueName: "SPEC.json"))
    var claimSpec: String?

    @Option(help: ArgumentHelp("The report's date, to resolve \"yesterday\" / \"امس الاثنين\".", valueName: "YYYY-MM-DD"))
    var date: String?

    @OptionGroup var gazetteerOptions: GazetteerOptions

    func validate() throws {
        if claimSpec != nil, file != nil { throw ValidationError("give either FILE or --claim SPEC.json, not both") }
    }

    func run() throws {
        var documentDate: CivilDate? = nil
        if let d = date {
            do { documentDate = try CivilDate(iso: d) } catch {
                diagnose("--date: \(error)")
                throw Exit.dataError
            }
        }
        let report: ClaimReport
        if let specPath = claimSpec {
            let (bytes, name) = try readInput(specPath)
            let gazetteer = try gazetteerOptions.load()
            do {
                let spec = try ClaimSpec.parse(json: bytes)
                report = ClaimReport(claims: [try ClaimAnalyzer(gazetteer: gazetteer).analyze(spec: spec)], axes: [])
            } catch let e as ClaimAnalysisError {
                diagnose("\(name): \(e)")
                throw Exit.dataError
            }
        } else {
            let (bytes, name) = try readInput(file)
            let firstNonSpace = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }
            var text: String
            if firstNonSpace == UInt8(ascii: "{") {
                do {
                    let doc = try Document.parseJSON(bytes, defaultID: "doc")
                    text = doc.text
                    if documentDate == nil, let d = doc.date {
                        documentDate = try? CivilDate(iso: String(d.prefix(10)))
                    }
                } catch {
                    diagnose("\(name): \(error)")
                    throw Exit.dataError
                }
            } else {
                guard let t = String(validating: bytes, as: UTF8.self) else {
                    diagnose("\(name): not valid UTF-8 text")
                    throw Exit.dataError
                }
                text = t
            }
            let gazetteer = try gazetteerOptions.load()
            let parse = Geoparser(gazetteer: gazetteer).parse(text)
            report = ClaimAnalyzer(gazetteer: gazetteer).analyze(text: text, parse: parse, documentDate: documentDate)
        }
        if json {
            var b = try ClaimFeatures.json(report).jsonBytes(pretty: true)
            b.append(0x0A)
            emit(b)
        } else {
            emit(ClaimFeatures.text(report))
        }
    }
}
