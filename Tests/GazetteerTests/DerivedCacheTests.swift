import Foundation
import Testing
@testable import Gazetteer

/// `Gazetteer.derivedData`: data derived from the gazetteer, cached next to its index.
@Suite struct DerivedCacheTests {
    @Test func builtOnceThenReadAndRebuiltWhenCorruptOrOfAnotherVersion() throws {
        let dir = try temporaryFolder("derived")
        defer { try? FileManager.default.removeItem(at: dir) }
        let g = try Gazetteer.load(layers: defaultLayer(), cacheDirectory: dir)
        #expect(g.dataKey != nil)
        let payload = Array("payload of \(g.places.count) places".utf8)
        var builds = 0
        func get(_ version: UInt32 = 1, isValid: @escaping ([UInt8]) -> Bool = { _ in true }) -> [UInt8]? {
            g.derivedData(name: "test", version: version, directory: dir,
                          decode: { b in isValid(Array(b)) ? Array(b) : nil }, build: { builds += 1; return payload })
        }
        #expect(get() == payload && builds == 1)
        #expect(get() == payload && builds == 1, "the second call reads the cache")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("test-") }
        #expect(files.count == 1)
        // A flipped payload byte fails the hash: rebuilt.
        let f = dir.appendingPathComponent(try #require(files.first))
        var bytes = try [UInt8](Data(contentsOf: f))
        bytes[bytes.count - 1] ^= 0xFF
        try Data(bytes).write(to: f)
        #expect(get() == payload && builds == 2)
        // Truncated: rebuilt.
        try Data(bytes.prefix(10)).write(to: f)
        #expect(get() == payload && builds == 3)
        #expect(get() == payload && builds == 3)
        // Another format version: rebuilt; a payload the caller rejects: rebuilt.
        #expect(get(2) == payload && builds == 4)
        var calls = 0
        #expect(get(2, isValid: { _ in calls += 1; return calls > 1 }) == payload && builds == 5,
                "a cached payload that does not decode is rebuilt")
        #expect(get(2, isValid: { _ in false }) == nil && builds == 6, "nil when even the built payload does not decode")
        // No folder: never cached.
        let v = g.derivedData(name: "test", version: 1, directory: nil, decode: { Array($0) }, build: { builds += 1; return payload })
        #expect(v == payload && builds == 7)
        // No temporary files are left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy { !$0.contains(".tmp-") })
    }

    @Test func inMemoryGazetteerHasNoDataKey() {
        #expect(Gazetteer(places: []).dataKey == nil)
    }

    /// Attribution: each default source is credited by the places whose `source` names it.
    @Test func sourcesCreditedByPlaces() throws {
        let g = try Gazetteer.load(layers: defaultLayer(), cacheDirectory: nil)
        let seedPlace = try #require(g.place(id: "cm:seed:resafa"))
        let credited = g.sources(creditedBy: [seedPlace]).map(\.name)
        #expect(credited.contains { $0.contains("Module:Syrian Civil War detailed map") })
        #expect(!credited.contains { $0.contains("GeoNames") }, "a Wikipedia-sourced place credits no GeoNames source: \(credited)")
        // Every source of the default data is credited by some place.
        let all = g.sources(creditedBy: Array(g.places))
        #expect(Set(all.map(\.name)).count >= g.sources.count - 1, "uncredited: \(Set(g.sources.map(\.name)).subtracting(all.map(\.name)))")
    }
}
