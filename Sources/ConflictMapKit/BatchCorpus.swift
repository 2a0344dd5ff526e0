import Foundation
import Gazetteer

/// Generated English conflict reports, for benchmarks and tests of batch runs.
///
/// Sentences come from our own templates (actors, verbs, relations, casualty and area phrases);
/// place names are the English names of populated places of Syria in the gazetteer (population
/// ≥ `minPopulation`, so the names are the ones a wire report would use). Deterministic for a
/// given seed and gazetteer (SplitMix64).
public struct BatchCorpus: Sendable {
    public let names: [String]

    public init(gazetteer: Gazetteer, minPopulation: Int = 5_000) {
        var seen = Set<String>()
        var names: [String] = []
        for p in gazetteer.places where p.country == "SY" && p.population >= minPopulation && p.type == .settlement {
            let n = p.displayNameEn
            guard !n.isEmpty, n.unicodeScalars.allSatisfy({ $0.isASCII }), seen.insert(n).inserted else { continue }
            names.append(n)
        }
        self.names = names.sorted()
    }

    struct SplitMix64 {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func pick<T>(_ a: [T]) -> T { a[Int(next() % UInt64(a.count))] }
    }

    static let actors = ["Government forces", "The Syrian army", "Rebel groups", "Islamic State fighters",
                         "Kurdish-led forces", "Tribal fighters", "Pro-government militias", "Opposition factions"]
    static let verbs = ["captured", "shelled", "entered", "besieged", "withdrew from", "advanced on",
                        "launched an offensive against", "repelled an attack on", "took control of"]
    static let relations = ["north of", "south of", "east of", "west of", "near", "on the outskirts of", "in the countryside of"]
    static let tails = [
        "Monitors said at least %d people were killed.",
        "The advance covered more than %d square kilometres.",
        "Residents reported heavy air strikes overnight.",
        "A ceasefire announced in Geneva was not observed.",
        "Aid convoys were unable to reach the area for %d days.",
    ]

    /// The text of report `n` (about `sentences` sentences) for corpus `seed`.
    public func report(_ n: Int, seed: UInt64 = 1, sentences: Int = 6) -> String {
        var r = SplitMix64(state: seed &* 0x1000_0000_01B3 &+ UInt64(n))
        guard !names.isEmpty else { return "No places." }
        var out: [String] = []
        for _ in 0..<sentences {
            switch r.next() % 4 {
            case 0: out.append("\(r.pick(Self.actors)) \(r.pick(Self.verbs)) \(r.pick(names)).")
            case 1: out.append("Fighting was reported \(r.pick(Self.relations)) \(r.pick(names)) and \(r.pick(names)).")
            case 2: out.append("\(r.pick(Self.actors)) \(r.pick(Self.verbs)) the village \(r.pick(Self.relations)) \(r.pick(names)).")
            default:
                let t = r.pick(Self.tails)
                out.append(t.contains("%d") ? t.replacingOccurrences(of: "%d", with: String(5 + r.next() % 1500)) : t)
            }
        }
        return out.joined(separator: " ")
    }

    /// `count` documents with ids "en-<n>".
    public func documents(_ count: Int, seed: UInt64 = 1, sentences: Int = 6) -> [Document] {
        (0..<count).map { Document(id: "en-\($0)", text: report($0, seed: seed, sentences: sentences), date: "2017-07-\(10 + $0 % 20)", source: "generated", lang: "en") }
    }
}
