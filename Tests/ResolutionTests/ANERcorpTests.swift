import Foundation
import Testing
import Gazetteer
import Resolution
import TextAnalysis
import TestSupport

/// ANERcorp (development part, ../shared/fixtures/anercorp-dev.txt: Arabic newswire, one token per
/// line with B-LOC/I-LOC tags) as a development set: recall of the LOC spans that name a place in
/// the gazetteer, and precision of the spotted (non-demonym) mentions against all LOC spans.
/// Word lists are not tuned to its sentences.
@Suite(.enabled(if: SharedData.file("fixtures/anercorp-dev.txt") != nil))
struct ANERcorpTests {
    struct Doc { var text = ""; var gold: [Range<Int>] = [] }

    static func documents() -> [Doc] {
        guard let u = SharedData.file("fixtures/anercorp-dev.txt"), let raw = try? String(contentsOf: u, encoding: .utf8) else { return [] }
        var docs: [Doc] = [], d = Doc(), scalars = 0, open: Int? = nil, openEnd = 0, count = 0
        func close() { if let o = open { d.gold.append(o..<openEnd); open = nil } }
        for line in raw.split(separator: "\n") {
            guard let sp = line.lastIndex(of: " ") else { continue }
            let word = String(line[..<sp]), tag = String(line[line.index(after: sp)...])
            if !d.text.isEmpty { d.text += " "; scalars += 1 }
            let start = scalars
            d.text += word; scalars += word.unicodeScalars.count
            if tag == "B-LOC" { close(); open = start; openEnd = scalars }
            else if tag == "I-LOC", open != nil { openEnd = scalars }
            else { close() }
            count += 1
            if count >= 400 && (word == "." || word == "،") { close(); docs.append(d); d = Doc(); scalars = 0; count = 0 }
        }
        close(); if !d.text.isEmpty { docs.append(d) }
        return docs
    }

    @Test func recallAndPrecisionOnTheDevelopmentSet() {
        let docs = Self.documents()
        var goldInGaz = 0, found = 0, spotted = 0, correct = 0
        for d in docs {
            let ms = testGeoparser.spot(d.text).filter { $0.demonymOf == nil }
            let scalars = Array(d.text.unicodeScalars)
            for g in d.gold {
                var v = String.UnicodeScalarView(); v.append(contentsOf: scalars[g])
                let name = String(v)
                // In the gazetteer (exact name, after a proclitic: "وسوريا", "بغداد"), independent of the spotter.
                let known = NameKey.keys(for: name, stripClitics: true).contains { k in
                    testGeoparser.gazetteer.lookup(k).contains { $0.kind == .exact }
                }
                if known {
                    goldInGaz += 1
                    if ms.contains(where: { $0.start < g.upperBound && g.lowerBound < $0.end }) { found += 1 }
                }
            }
            for m in ms {
                spotted += 1
                if d.gold.contains(where: { m.start < $0.upperBound && $0.lowerBound < m.end }) { correct += 1 }
                else if ProcessInfo.processInfo.environment["ANER_FP"] != nil { print("FP \(m.text) head=\(m.headType?.rawValue ?? "-")") }
            }
        }
        let recall = Double(found) / Double(max(1, goldInGaz)), precision = Double(correct) / Double(max(1, spotted))
        print(String(format: "ANERcorp dev: %d documents; recall %.3f (%d of %d LOC spans whose name the gazetteer has); precision %.3f (%d of %d spotted)",
                     docs.count, recall, found, goldInGaz, precision, correct, spotted))
        #expect(docs.count > 50)
        // Regression floors, well under the measured values reported in the branch notes.
        #expect(recall > 0.85)
        #expect(precision > 0.6)
    }
}
