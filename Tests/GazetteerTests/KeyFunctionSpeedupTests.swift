import Foundation
import Testing
@testable import Gazetteer
@testable import TextAnalysis

/// The byte-loop versions of `LatinNormalizer.fold` and `wordRules` (start-up speed) against
/// the String versions they replaced, kept here verbatim as the reference.
enum ReferenceKeys {
    static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for s in text.unicodeScalars {
            let v = s.value
            if LatinNormalizer.isNameSeparator(v) || v == 0xAD {
                if v != 0xAD { pendingSpace = !out.isEmpty }
                continue
            }
            var piece = String.UnicodeScalarView()
            if !LatinNormalizer.foldLatinScalar(v, into: &piece) {
                piece.append(contentsOf: String(s).lowercased().unicodeScalars)
            }
            if piece.isEmpty { continue }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(contentsOf: piece)
        }
        return String(out)
    }

    static func wordRules(_ word: String) -> String {
        var b = Array(word.utf8)
        guard b.allSatisfy({ $0 < 0x80 }) else { return word }
        func replace(_ from: [UInt8], _ to: [UInt8]) {
            guard b.count >= from.count else { return }
            var r: [UInt8] = []
            r.reserveCapacity(b.count)
            var i = 0
            while i < b.count {
                if i + from.count <= b.count, Array(b[i..<(i + from.count)]) == from {
                    r.append(contentsOf: to); i += from.count
                } else { r.append(b[i]); i += 1 }
            }
            b = r
        }
        func endReplace(_ from: [UInt8], _ to: [UInt8], minLength: Int) -> Bool {
            guard b.count >= max(minLength, from.count + 1), Array(b.suffix(from.count)) == from
            else { return false }
            b.removeLast(from.count)
            b.append(contentsOf: to)
            return true
        }
        replace(Array("dj".utf8), Array("j".utf8))
        replace(Array("ou".utf8), Array("u".utf8))
        replace(Array("oo".utf8), Array("u".utf8))
        replace(Array("ee".utf8), Array("i".utf8))
        let iya = Array("iya".utf8)
        if !(endReplace(Array("iyeh".utf8), iya, minLength: 5)
            || endReplace(Array("iyah".utf8), iya, minLength: 5)
            || endReplace(Array("ieh".utf8), iya, minLength: 4)
            || endReplace(Array("ah".utf8), Array("a".utf8), minLength: 4)
            || endReplace(Array("eh".utf8), Array("a".utf8), minLength: 4)) {
            _ = endReplace(Array("e".utf8), Array("a".utf8), minLength: 4)
        }
        var collapsed: [UInt8] = []
        collapsed.reserveCapacity(b.count)
        for c in b where collapsed.last != c || !(0x61...0x7A).contains(c) { collapsed.append(c) }
        return String(decoding: collapsed, as: UTF8.self)
    }

}

@Suite struct KeyFunctionSpeedupTests {
    /// Every name of the embedded default (and of ../shared's Who's On First table when
    /// present), plus edge cases: separators, apostrophes, diacritics, mixed scripts, endings.
    static func names() -> [String] {
        var out = ["", " ", "--", "Al-Raqqa", "  Tall   Dakwa ", "ʿAyn al-ʿArab", "Dêr ez-Zor", "DJEBEL Druze",
                   "Qal`at Ja'bar", "Ithriyah", "Salamiyeh", "Hamah", "Rishe", "Souweida", "Deir\u{00AD}ez",
                   "Ḩamāh", "ḨALAB", "Raqqa/Raqqah", "a_b.c", "tell", "ee", "oo", "dj", "iyeh", "Kafr Nabbouda",
                   "Tartous", "Moscow", "Ⅻ", "İdlib", "ﬁeld", "Straße", "x\tY\nZ", "الرقة Raqqa", "Zoo-ee"]
        if let g = try? Gazetteer.load(layers: defaultLayer(), cacheDirectory: nil) {
            for p in g.places { out += p.allNames }
        }
        if let u = SharedDataFiles.url("geodata/sy-localities.tsv"), let s = try? String(contentsOf: u, encoding: .utf8) {
            for line in s.split(separator: "\n").prefix(20_000) {
                out += line.split(separator: "\t").prefix(6).map(String.init)
            }
        }
        return out
    }

    @Test func byteLoopFoldAndWordRulesEqualTheStringVersions() {
        var checked = 0
        for n in Self.names() {
            let f = LatinNormalizer.fold(n)
            #expect(f == ReferenceKeys.fold(n), "fold(\(n))")
            for w in f.split(separator: " ") {
                #expect(LatinNormalizer.wordRules(String(w)) == ReferenceKeys.wordRules(String(w)), "wordRules(\(w))")
            }
            checked += 1
        }
        #expect(checked > 50_000)
    }
}
