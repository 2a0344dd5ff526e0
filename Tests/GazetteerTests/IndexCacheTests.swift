import Foundation
import Testing
import GeoCore
import Geodesy
import TextAnalysis
@testable import Gazetteer

/// A fresh temporary folder.
func temporaryFolder(_ label: String) throws -> URL {
    let u = FileManager.default.temporaryDirectory
        .appendingPathComponent("cm-\(label)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    return u
}

/// The embedded default layer only.
func defaultLayer() -> [URL] { Array(Gazetteer.defaultLayers().prefix(1)) }

/// What a user sees of a resolution: ids, scores, match kinds and reasons, in rank order.
func answer(_ g: Gazetteer, _ q: PlaceQuery) -> [String] {
    guard let c = try? g.resolve(q) else { return ["error"] }
    return c.map { "\($0.place.id) \($0.score) \($0.match.rawValue) \($0.reasons.joined(separator: "; "))" }
}

/// Queries over many real names of the default gazetteer, in both scripts, with and without
/// `--in`, and misspellings that only the fuzzy retry finds.
func sampleQueries(_ g: Gazetteer) -> [PlaceQuery] {
    var qs: [PlaceQuery] = []
    for i in stride(from: 0, to: g.places.count, by: 211) {
        let p = g.places[i]
        for n in [p.name, p.nameAr] where !n.isEmpty { qs.append(PlaceQuery(name: n)) }
        if !p.admin1.nameEn.isEmpty { qs.append(PlaceQuery(name: p.name, within: [p.admin1.nameEn])) }
    }
    for n in ["الرصافة", "حقل الثورة", "جبل مكحول", "Raqqa", "Aleppp", "Damascuz", "Hamma", "Tall Dakwa",
              "تل دكوة", "سد ريشة", "Risha Dam", "مطار السين"] {
        qs.append(PlaceQuery(name: n, within: [], fuzzy: true))
    }
    qs.append(PlaceQuery(name: "الرصافة", within: ["الرقة"]))
    qs.append(PlaceQuery(name: "جبل مكحول", within: ["ريف دمشق"]))
    return qs
}

@Suite(.serialized) struct IndexCacheTests {
    /// The second load reads the index the first one cached, and every answer is the same as
    /// that of the load that built it.
    @Test func cachedIndexGivesTheSameAnswersAsTheBuild() throws {
        let cache = try temporaryFolder("cache")
        defer { try? FileManager.default.removeItem(at: cache) }
        let built = try Gazetteer.load(layers: defaultLayer(), cacheDirectory: cache)
        #expect(!built.loadedFromCache)
        let cached = try Gazetteer.load(layers: defaultLayer(), cacheDirectory: cache)
        #expect(cached.loadedFromCache)
        #expect(cached.places.count == built.places.count)
        #expect(cached.loadIssues == built.loadIssues)
        #expect(cached.adminAreas == built.adminAreas)
        for i in stride(from: 0, to: built.places.count, by: 97) {
            #expect(cached.places[i] == built.places[i])
            #expect(cached.place(id: built.places[i].id) == built.places[i])
        }
        for q in sampleQueries(built) {
            #expect(answer(cached, q) == answer(built, q), "\(q.name) in \(q.within)")
        }
        // And the answers are the published facts, not merely self-consistent.
        let top = try #require(try cached.resolve(PlaceQuery(name: "الرصافة", within: ["الرقة"])).first)
        #expect(km(top.place.position, 35.625, 38.76) < 2)
    }

    /// The sorted binary key tables hold exactly the dictionaries they replace: every key of
    /// the exact and cross-script dictionaries finds the same places, and nothing else is there.
    @Test func binaryKeyTablesEqualTheDictionaries() throws {
        let g = try Gazetteer.load(layers: defaultLayer(), cacheDirectory: nil)
        let places = Array(g.places)
        var exact: [String: [Int32]] = [:], skel: [String: [Int32]] = [:]
        NameIndex.collect(places: places, exact: &exact, skeleton: &skel)
        let img = g.image
        #expect(img.exact.count == exact.count)
        #expect(img.skeleton.count == skel.count)
        img.bytes.withUnsafeBytes { b in
            for (table, dict) in [(img.exact, exact), (img.skeleton, skel)] {
                for (k, v) in dict {
                    var got: [Int32] = []
                    table.forEachPosting(of: IndexImage.keyBytes(k), b) { got.append(Int32($0)) }
                    #expect(got == v, "key \(k)")
                }
            }
        }
        #expect(img.index(ofID: "cm:seed:resafa").map { places[$0].id } == "cm:seed:resafa")
        #expect(img.index(ofID: "no:such:id") == nil)
    }

    /// A damaged cache (flipped bytes, truncated, garbage, empty) never crashes and never
    /// answers wrongly: it is rebuilt silently and the rebuilt file is valid again.
    @Test(arguments: ["flip", "truncate", "garbage", "empty"])
    func corruptCacheIsRebuiltSilently(_ damage: String) throws {
        let cache = try temporaryFolder("corrupt")
        defer { try? FileManager.default.removeItem(at: cache) }
        let built = try Gazetteer.load(layers: defaultLayer(), cacheDirectory: cache)
        let file = IndexCache.file(in: cache, layers: defaultLayer())
        var bytes = try #require(IndexCache.readFile(file.path))
        switch damage {
        case "flip": for k in stride(from: 100, to: bytes.count, by: bytes.count / 7) { bytes[k] ^= 0x5A }
        case "truncate": bytes = Array(bytes.prefix(bytes.count / 2))
        case "garbage": bytes = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        default: bytes = []
        }
        try Data(bytes).write(to: file)
        let g = try Gazetteer.load(layers: defaultLayer(), cacheDirectory: cache)
        #expect(!g.loadedFromCache)
        #expect(g.places.count == built.places.count)
        for q in sampleQueries(built).prefix(60) { #expect(answer(g, q) == answer(built, q), "\(q.name)") }
        let top = try #require(try g.resolve(PlaceQuery(name: "الرصافة", within: ["الرقة"])).first)
        #expect(km(top.place.position, 35.625, 38.76) < 2)
        #expect(try Gazetteer.load(layers: defaultLayer(), cacheDirectory: cache).loadedFromCache)
    }

    /// Editing a layer file (same size, same names, one coordinate changed) makes the cache
    /// stale: the new coordinate is answered, not the cached row range's old parse.
    @Test func editedLayerIsNotAnsweredFromAStaleCache() throws {
        let cache = try temporaryFolder("stale-cache")
        let layer = try temporaryFolder("stale-layer")
        defer { try? FileManager.default.removeItem(at: cache); try? FileManager.default.removeItem(at: layer) }
        let file = layer.appendingPathComponent("t.tsv")
        func table(_ lat: String) -> String {
            "id\tname\tname_ar\tlat\tlon\ttype\nt:1\tQaryat Ziyad\tقرية زياد\t\(lat)\t38.10\tsettlement\n"
                + "t:2\tBad Row\t\tnorth\t38\tsettlement\n"
        }
        try table("35.10").write(to: file, atomically: true, encoding: .utf8)
        let first = try Gazetteer.load(layers: [layer], cacheDirectory: cache)
        #expect(first.loadIssues.map(\.line) == [3])
        let again = try Gazetteer.load(layers: [layer], cacheDirectory: cache)
        #expect(again.loadedFromCache)
        #expect(again.loadIssues == first.loadIssues)
        #expect(again.lookup("قرية زياد").first?.place.position.lat == 35.10)
        try table("35.90").write(to: file, atomically: true, encoding: .utf8)
        let edited = try Gazetteer.load(layers: [layer], cacheDirectory: cache)
        #expect(!edited.loadedFromCache)
        #expect(edited.lookup("Qaryat Ziyad").first?.place.position.lat == 35.90)
    }

    /// Later layers override earlier rows with the same id, at the earlier row's position,
    /// through the cache as without it.
    @Test func laterLayerOverridesTheSameIdThroughTheCache() throws {
        let cache = try temporaryFolder("override-cache")
        let a = try temporaryFolder("layer-a"), b = try temporaryFolder("layer-b")
        defer { for u in [cache, a, b] { try? FileManager.default.removeItem(at: u) } }
        try "id\tname\tlat\tlon\nx:1\tAlpha\t35\t38\nx:2\tBeta\t35.5\t38.5\n"
            .write(to: a.appendingPathComponent("a.tsv"), atomically: true, encoding: .utf8)
        try "id\tname\tlat\tlon\nx:1\tGamma\t34\t37\n"
            .write(to: b.appendingPathComponent("b.tsv"), atomically: true, encoding: .utf8)
        for expectCached in [false, true] {
            let g = try Gazetteer.load(layers: [a, b], cacheDirectory: cache)
            #expect(g.loadedFromCache == expectCached)
            #expect(g.places.map(\.name) == ["Gamma", "Beta"])
            #expect(g.lookup("Alpha").isEmpty)
            #expect(g.place(id: "x:1")?.name == "Gamma")
        }
    }

    /// Batch runs share one gazetteer: places parsed on demand from many threads at once are
    /// the places a single thread sees.
    @Test func placesParsedConcurrentlyAreThePlacesParsedSerially() throws {
        let cache = try temporaryFolder("threads")
        defer { try? FileManager.default.removeItem(at: cache) }
        _ = try Gazetteer.load(layers: defaultLayer(), cacheDirectory: cache)
        let shared = try Gazetteer.load(layers: defaultLayer(), cacheDirectory: cache)
        let serial = try Gazetteer.load(layers: defaultLayer(), cacheDirectory: cache)
        #expect(shared.loadedFromCache && serial.loadedFromCache)
        let n = shared.places.count
        let ids = IDBox(n)
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            // Every worker walks all places from a different start, so slots race.
            for k in 0..<n {
                let i = (k + worker * n / 8) % n
                ids.set(i, shared.places[i].id + "|" + String(shared.places[i].position.lat))
            }
        }
        for i in stride(from: 0, to: n, by: 13) {
            #expect(ids.get(i) == serial.places[i].id + "|" + String(serial.places[i].position.lat))
        }
    }
}

/// A lock-guarded array for the concurrency test.
final class IDBox: @unchecked Sendable {
    private let lock = NSLock()
    private var a: [String]
    init(_ n: Int) { a = Array(repeating: "", count: n) }
    func set(_ i: Int, _ s: String) { lock.lock(); a[i] = s; lock.unlock() }
    func get(_ i: Int) -> String { lock.lock(); defer { lock.unlock() }; return a[i] }
}
