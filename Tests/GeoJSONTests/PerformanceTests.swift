import Foundation
import GeoCore
import Testing
@testable import GeoJSON

/// Throughput report, run on demand: `CONFLICTMAP_PERF=1 swift test -c release --filter GeoJSONPerformance`.
/// Prints numbers; asserts only that the work was done.
@Suite struct GeoJSONPerformanceTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CONFLICTMAP_PERF"] != nil))
    func writeAndReadThroughput() throws {
        // A district-sized polygon (64 vertices) with a few properties, 2000 features.
        var ring: [Position] = (0..<64).map { k in
            let a = Double(k) / 64 * 2 * Double.pi
            return pos(38.0 + 0.4 * cos(a) + 0.000_000_123 * Double(k), 35.5 + 0.3 * sin(a))
        }
        ring.append(ring[0])
        let poly = Polygon(exterior: try LinearRing(ring))
        let features = (0..<2000).map { i in
            Feature(id: .number(Double(i)), geometry: .polygon(poly),
                    properties: ["name": .string("منطقة \(i)"), "area_km2": .number(1500.25 + Double(i)), "verified": true])
        }
        let writer = GeoJSONWriter()
        let seq = GeoJSONSequenceWriter(framing: .newlineDelimited)
        var t0 = Date()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(8 << 20)
        for f in features { try seq.append(f, to: &buffer) }
        let writeSeconds = Date().timeIntervalSince(t0)
        let one = try writer.write(features[0])
        t0 = Date()
        var count = 0
        for line in buffer.split(separator: 0x0A) { _ = try GeoJSONReader().read(line); count += 1 }
        let readSeconds = Date().timeIntervalSince(t0)
        print("GeoJSON perf: wrote \(features.count) features (\(buffer.count) bytes, \(one.count) each) in \(writeSeconds)s = \(Int(Double(features.count) / writeSeconds))/s; read \(count) in \(readSeconds)s = \(Int(Double(count) / readSeconds))/s")
        #expect(count == features.count)
    }
}
