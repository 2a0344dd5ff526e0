import Foundation

/// A noun that announces a place and its type (تل "hill", مطار "airport/airbase", dam …).
public struct HeadNoun: Sendable, Hashable {
    /// The phrase as folded for lookup (`WordLists.foldKey`).
    public let phrase: String
    /// "ar", "en" or "tr" (romanised Arabic found inside Latin names, e.g. "tall", "jabal").
    public let language: String
    /// Place type: settlement, hill, mountain, dam, airbase, oil_field, well, region,
    /// countryside, desert, ruin, road, crossroads, river, wadi, military_site, neighbourhood,
    /// camp, spring, axis, admin1, admin2, admin3, or modifier (an adjective such as النفطي).
    public let type: String
    /// True for plural nouns (تلال "hills"): the names that follow share the noun.
    public let isPlural: Bool
    /// Code word in `NameKey.crossScript` (e.g. "hill" → `<hill>`), or nil when the word is a
    /// generic classifier dropped from the cross-script key (city, village, district …).
    public let crossScriptCode: String?
}

/// A spatial relation word or phrase (ريف, شرق, north-east of, بين, axis …).
public struct RelationWord: Sendable, Hashable {
    public let phrase: String
    public let language: String
    /// countryside, direction, direction_adj, between, and, from, to, axis, near, in.
    public let relation: String
    /// For directions a compass point (N, NE, E, SE, S, SW, W, NW); otherwise nil.
    public let compass: String?
}

/// A table of folded phrases (one or more words separated by single spaces).
public struct PhraseTable<Value: Sendable>: Sendable {
    public private(set) var entries: [String: Value] = [:]
    /// The largest number of words in a phrase.
    public private(set) var maxWords = 0

    public init() {}

    mutating func insert(_ phrase: String, _ value: Value) {
        guard !phrase.isEmpty, entries[phrase] == nil else { return }
        entries[phrase] = value
        maxWords = max(maxWords, phrase.split(separator: " ").count)
    }

    /// The value of a folded phrase.
    public subscript(_ phrase: String) -> Value? { entries[phrase] }

    /// The longest phrase that starts at `words[start]`; `words` are folded words (for tokens,
    /// `Token.normalized`). Returns the value and the number of words matched.
    public func longestMatch(_ words: [String], from start: Int) -> (value: Value, count: Int)? {
        guard start >= 0, start < words.count else { return nil }
        var n = min(maxWords, words.count - start)
        while n >= 1 {
            let key = n == 1 ? words[start] : words[start..<(start + n)].joined(separator: " ")
            if let v = entries[key] { return (v, n) }
            n -= 1
        }
        return nil
    }
}

/// The word lists of `Resources/*.tsv` (format in `Resources/README.md`), loaded once.
///
/// `WordLists.shared` loads lazily from the module bundle on first use. A missing or malformed
/// file does not crash: its problems are listed in `problems` and its table stays empty.
public struct WordLists: Sendable {
    public private(set) var headNouns = PhraseTable<HeadNoun>()
    public private(set) var relations = PhraseTable<RelationWord>()
    /// Associative markers (وفد, حكومة, delegation …) → kind (political, military, diplomatic,
    /// media, organisation).
    public private(set) var associativeMarkers = PhraseTable<String>()
    /// Demonyms and nisba adjectives (السوري, Russian) → the English name of the place.
    public private(set) var demonyms = PhraseTable<String>()
    /// Common words that are also place names (folded).
    public private(set) var ambiguousNames = Set<String>()
    /// Whole-word romanisation variants → canonical (see `LatinNormalizer.romanisationKey`).
    public private(set) var latinVariants: [String: String] = [:]
    /// Problems met while loading: "file:line: message".
    public private(set) var problems: [String] = []

    /// The lists shipped with the module.
    public static let shared: WordLists = {
        guard let dir = Bundle.module.url(forResource: "Resources", withExtension: nil) else {
            var w = WordLists()
            w.problems.append("TextAnalysis resource folder 'Resources' not found in Bundle.module")
            return w
        }
        return WordLists(directory: dir)
    }()

    /// Empty lists.
    public init() {}

    /// Loads every list from a directory holding the `.tsv` files.
    public init(directory: URL) {
        for row in rows(directory, "head-nouns.tsv", columns: 5) {
            let f = row.fields
            guard f[3] == "sg" || f[3] == "pl" else {
                problems.append("\(row.place): number must be sg or pl, found '\(f[3])'"); continue
            }
            let key = Self.foldKey(f[0])
            headNouns.insert(key, HeadNoun(phrase: key, language: f[1], type: f[2],
                                           isPlural: f[3] == "pl",
                                           crossScriptCode: f[4] == "-" ? nil : f[4]))
        }
        for row in rows(directory, "relations.tsv", columns: 4) {
            let f = row.fields, key = Self.foldKey(f[0])
            relations.insert(key, RelationWord(phrase: key, language: f[1], relation: f[2],
                                               compass: f[3] == "-" ? nil : f[3]))
        }
        for row in rows(directory, "associative.tsv", columns: 3) {
            associativeMarkers.insert(Self.foldKey(row.fields[0]), row.fields[2])
        }
        for row in rows(directory, "demonyms.tsv", columns: 3) {
            demonyms.insert(Self.foldKey(row.fields[0]), row.fields[2])
        }
        for row in rows(directory, "ambiguous-names.tsv", columns: 2) {
            ambiguousNames.insert(Self.foldKey(row.fields[0]))
        }
        for row in rows(directory, "latin-variants.tsv", columns: 2) {
            latinVariants[Self.foldKey(row.fields[0])] = Self.foldKey(row.fields[1])
        }
    }

    /// The folding used for every list entry and for lookups: Arabic folding, then Latin
    /// folding (lowercase, no diacritics or apostrophes, separators → space). Equals
    /// `Token.normalized` for single word tokens.
    public static func foldKey(_ s: String) -> String {
        LatinNormalizer.fold(ArabicNormalizer.fold(s))
    }

    private struct Row { let place: String; let fields: [String] }

    private mutating func rows(_ dir: URL, _ name: String, columns: Int) -> [Row] {
        let url = dir.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            problems.append("\(name): cannot read \(url.path)"); return []
        }
        guard let text = String(data: data, encoding: .utf8) else {
            problems.append("\(name): not UTF-8"); return []
        }
        var out: [Row] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let l = line.hasSuffix("\r") ? line.dropLast() : line
            if l.isEmpty || l.hasPrefix("#") { continue }
            let f = l.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= columns, !f[0].isEmpty else {
                problems.append("\(name):\(i + 1): expected \(columns) tab-separated columns, found \(f.count)")
                continue
            }
            out.append(Row(place: "\(name):\(i + 1)", fields: f))
        }
        return out
    }
}
