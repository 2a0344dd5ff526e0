import Foundation
import GeoCore
import TextAnalysis

/// The gazetteer's index in a compact binary form that is searched in place (no decoding at
/// start-up): sorted key tables with posting lists for the exact name keys, the cross-script
/// skeletons and the ids; the byte range of every place row; the load issues; the admin
/// outlines. Built once per data version and cached on disk by `IndexCache`.
///
/// Layout (little-endian; u32 unless said):
/// ```
/// header   magic "CMGI" · format version · key (u64) · payload hash (u64)
/// payload  place count · table count · per table: path (u32 length + UTF-8)
///          rows: place count × (table, start byte, end byte)
///          key table × 3 (exact keys, skeletons, ids):
///            n · (n+1) key offsets · (n+1) posting offsets · key bytes · postings (i32)
///          issues: n · per issue: file, line, message
///          outlines: n · per area: level, code, name_en, name_ar, parent code, source,
///            polygons: n · rings: n (exterior first) · positions: n × (lon, lat, alt or NaN) f64
/// ```
/// Keys are the UTF-8 of the NFC form of the key strings, sorted bytewise, so that byte
/// equality is `String` equality (canonical equivalence), as in the dictionaries they replace.
struct IndexImage: Sendable {
    /// Bump when the layout or any key function (`NameKey`, `LatinNormalizer`, folding) changes
    /// its output, so that caches built by older code are rebuilt.
    static let formatVersion: UInt32 = 1
    static let magic: UInt32 = 0x4947_4D43 // "CMGI" little-endian
    static let headerSize = 24

    let bytes: [UInt8]
    let key: UInt64
    let placeCount: Int
    let tablePaths: [String]
    let rowsOffset: Int
    let exact: KeyTable
    let skeleton: KeyTable
    let ids: KeyTable
    let issuesOffset: Int
    let outlinesOffset: Int

    // MARK: - Reading

    /// Validates and opens an image; nil when it is not a complete image of this format and key.
    init?(bytes: [UInt8], expectedKey: UInt64?) {
        guard bytes.count >= Self.headerSize else { return nil }
        let ok: Bool = bytes.withUnsafeBytes { b in
            guard b.loadUnaligned(fromByteOffset: 0, as: UInt32.self) == Self.magic,
                  b.loadUnaligned(fromByteOffset: 4, as: UInt32.self) == Self.formatVersion else { return false }
            let stored = b.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
            return stored == FastHash.hash(UnsafeRawBufferPointer(rebasing: b[Self.headerSize...]))
        }
        guard ok else { return nil }
        let key = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self) }
        if let expectedKey, key != expectedKey { return nil }
        var r = ByteReader(bytes: bytes, offset: Self.headerSize)
        guard let pc = r.u32(), let tc = r.u32() else { return nil }
        var paths: [String] = []
        for _ in 0..<tc { guard let s = r.string() else { return nil }; paths.append(s) }
        let rowsOffset = r.offset
        guard r.skip(Int(pc) * 12),
              let exact = KeyTable(&r), let skeleton = KeyTable(&r), let ids = KeyTable(&r) else { return nil }
        let issuesOffset = r.offset
        guard let ic = r.u32() else { return nil }
        for _ in 0..<ic { guard r.string() != nil, r.u32() != nil, r.string() != nil else { return nil } }
        self.bytes = bytes
        self.key = key
        self.placeCount = Int(pc)
        self.tablePaths = paths
        self.rowsOffset = rowsOffset
        self.exact = exact; self.skeleton = skeleton; self.ids = ids
        self.issuesOffset = issuesOffset
        self.outlinesOffset = r.offset
        // Every posting must name a place.
        for t in [exact, skeleton, ids] where !t.postingsAreBelow(placeCount, bytes) { return nil }
    }

    /// Row references, each checked against its table's size; nil when one is out of range.
    func rows(tableSizes: [Int]) -> [RowRef]? {
        guard tableSizes.count == tablePaths.count else { return nil }
        return bytes.withUnsafeBytes { b -> [RowRef]? in
            var out: [RowRef] = []
            out.reserveCapacity(placeCount)
            for i in 0..<placeCount {
                let o = rowsOffset + i * 12
                let r = RowRef(table: b.loadUnaligned(fromByteOffset: o, as: UInt32.self),
                               start: b.loadUnaligned(fromByteOffset: o + 4, as: UInt32.self),
                               end: b.loadUnaligned(fromByteOffset: o + 8, as: UInt32.self))
                guard Int(r.table) < tableSizes.count, r.start <= r.end, Int(r.end) <= tableSizes[Int(r.table)]
                else { return nil }
                out.append(r)
            }
            return out
        }
    }

    func issues() -> [PlaceTable.RowIssue] {
        var r = ByteReader(bytes: bytes, offset: issuesOffset)
        var out: [PlaceTable.RowIssue] = []
        let n = r.u32() ?? 0
        for _ in 0..<n {
            guard let f = r.string(), let l = r.u32(), let m = r.string() else { break }
            out.append(PlaceTable.RowIssue(file: f, line: Int(l), message: m))
        }
        return out
    }

    /// The admin outlines; nil when the section is damaged (the hash makes that unlikely).
    func outlines() -> [AdminArea]? {
        var r = ByteReader(bytes: bytes, offset: outlinesOffset)
        guard let n = r.u32() else { return nil }
        var out: [AdminArea] = []
        out.reserveCapacity(Int(n))
        for _ in 0..<n {
            guard let level = r.u32(), let code = r.string(), let en = r.string(), let ar = r.string(),
                  let parent = r.string(), let source = r.string(), let pn = r.u32() else { return nil }
            var polys: [Polygon] = []
            for _ in 0..<pn {
                guard let rn = r.u32(), rn >= 1 else { return nil }
                var rings: [LinearRing] = []
                for _ in 0..<rn {
                    guard let positions = r.positions(), let ring = try? LinearRing(positions) else { return nil }
                    rings.append(ring)
                }
                polys.append(Polygon(exterior: rings[0], holes: Array(rings.dropFirst())))
            }
            out.append(AdminArea(level: Int(level), ref: AdminRef(code: code, nameEn: en, nameAr: ar),
                                 parentCode: parent, polygons: polys, source: source))
        }
        return out
    }

    // MARK: - Lookup

    /// Places whose names match `name`, best match kind per place (as `NameIndex.lookup`).
    func lookup(_ name: String, fuzzy: Bool) -> [(index: Int, kind: MatchKind)] {
        var best: [Int: MatchKind] = [:]
        bytes.withUnsafeBytes { b in
            for k in NameKey.keys(for: name) {
                exact.forEachPosting(of: Self.keyBytes(k), b) { best[$0] = .exact }
            }
            let s = NameKey.crossScript(name)
            skeleton.forEachPosting(of: Self.keyBytes(s), b) { i in if best[i] == nil { best[i] = .crossScript } }
            if best.isEmpty, fuzzy, s.count >= 4 {
                let q = Array(s.unicodeScalars)
                for j in 0..<skeleton.count {
                    let kb = skeleton.key(j, b)
                    // Skeletons are ASCII (letters, digits, <code>), so bytes = characters; the
                    // general case is handled too.
                    let ascii = !kb.contains { $0 >= 0x80 }
                    if ascii {
                        guard abs(kb.count - q.count) <= 1 else { continue }
                        let cand = kb.map { Unicode.Scalar($0) }
                        guard NameIndex.withinOneEdit(q, cand) else { continue }
                    } else {
                        let str = String(decoding: kb, as: UTF8.self)
                        guard abs(str.count - q.count) <= 1,
                              NameIndex.withinOneEdit(q, Array(str.unicodeScalars)) else { continue }
                    }
                    skeleton.forEachPosting(at: j, b) { i in if best[i] == nil { best[i] = .fuzzy } }
                }
            }
        }
        return best.map { ($0.key, $0.value) }.sorted { $0.index < $1.index }
    }

    /// The place index of an id.
    func index(ofID id: String) -> Int? {
        var out: Int?
        bytes.withUnsafeBytes { b in ids.forEachPosting(of: Self.keyBytes(id), b) { out = $0 } }
        return out
    }

    /// UTF-8 of the NFC form (ASCII, Latin-1/Extended letters and Arabic base letters are
    /// already NFC and skip Foundation).
    static func keyBytes(_ s: String) -> [UInt8] {
        let fast = s.unicodeScalars.allSatisfy { v in
            let x = v.value
            return x < 0x300 || (0x0621...0x064A).contains(x) || x == 0x20
        }
        return Array(fast ? s.utf8 : s.precomposedStringWithCanonicalMapping.utf8)
    }

    // MARK: - Building

    /// Serialises an index: `keys` per place (built from the places' names), row references,
    /// issues and outlines.
    static func build(key: UInt64, tablePaths: [String], rows: [RowRef], places: [Place],
                      issues: [PlaceTable.RowIssue], outlines: [AdminArea]) -> IndexImage {
        var exact: [String: [Int32]] = [:]
        var skel: [String: [Int32]] = [:]
        exact.reserveCapacity(places.count * 4)
        skel.reserveCapacity(places.count * 3)
        NameIndex.collect(places: places, exact: &exact, skeleton: &skel)
        var ids: [String: [Int32]] = [:]
        ids.reserveCapacity(places.count)
        for (i, p) in places.enumerated() where ids[p.id] == nil { ids[p.id] = [Int32(i)] }

        var w = ByteWriter()
        w.u32(magic); w.u32(formatVersion); w.u64(key); w.u64(0)
        w.u32(UInt32(places.count)); w.u32(UInt32(tablePaths.count))
        for p in tablePaths { w.string(p) }
        for i in 0..<places.count {
            let r = i < rows.count ? rows[i] : RowRef(table: 0, start: 0, end: 0)
            w.u32(r.table); w.u32(r.start); w.u32(r.end)
        }
        KeyTable.write(exact, &w)
        KeyTable.write(skel, &w)
        KeyTable.write(ids, &w)
        w.u32(UInt32(issues.count))
        for i in issues { w.string(i.file); w.u32(UInt32(clamping: i.line)); w.string(i.message) }
        w.u32(UInt32(outlines.count))
        for a in outlines {
            w.u32(UInt32(clamping: a.level))
            for s in [a.ref.code, a.ref.nameEn, a.ref.nameAr, a.parentCode, a.source] { w.string(s) }
            w.u32(UInt32(a.polygons.count))
            for poly in a.polygons {
                w.u32(UInt32(1 + poly.holes.count))
                for ring in [poly.exterior] + poly.holes {
                    w.u32(UInt32(ring.positions.count))
                    for p in ring.positions { w.f64(p.lon); w.f64(p.lat); w.f64(p.alt ?? .nan) }
                }
            }
        }
        var bytes = w.bytes
        let h = bytes.withUnsafeBytes { FastHash.hash(UnsafeRawBufferPointer(rebasing: $0[headerSize...])) }
        withUnsafeBytes(of: h.littleEndian) { for k in 0..<8 { bytes[16 + k] = $0[k] } }
        // The image was just written by this code: it always opens.
        guard let img = IndexImage(bytes: bytes, expectedKey: key) else {
            preconditionFailure("IndexImage.build produced an image that does not read back")
        }
        return img
    }
}

/// A sorted key table inside an image: keys with posting lists of place indices.
struct KeyTable: Sendable {
    let count: Int
    let keyOffsets: Int   // (count+1) u32, relative to keyBase
    let postOffsets: Int  // (count+1) u32, in postings
    let keyBase: Int
    let postBase: Int

    init?(_ r: inout ByteReader) {
        guard let n = r.u32() else { return nil }
        count = Int(n)
        keyOffsets = r.offset
        guard r.skip((count + 1) * 4) else { return nil }
        postOffsets = r.offset
        guard r.skip((count + 1) * 4) else { return nil }
        keyBase = r.offset
        let (ko, po) = (keyOffsets, postOffsets)
        let (keyLen, postLen, ok) = r.bytes.withUnsafeBytes { b -> (Int, Int, Bool) in
            var prevK: UInt32 = 0, prevP: UInt32 = 0
            for i in 0...Int(n) {
                let k = b.loadUnaligned(fromByteOffset: ko + 4 * i, as: UInt32.self)
                let p = b.loadUnaligned(fromByteOffset: po + 4 * i, as: UInt32.self)
                if (i == 0 && (k != 0 || p != 0)) || k < prevK || p < prevP { return (0, 0, false) }
                prevK = k; prevP = p
            }
            return (Int(prevK), Int(prevP), true)
        }
        guard ok, r.skip(keyLen) else { return nil }
        postBase = r.offset
        guard r.skip(postLen * 4) else { return nil }
    }

    func key(_ j: Int, _ b: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let s = Int(b.loadUnaligned(fromByteOffset: keyOffsets + 4 * j, as: UInt32.self))
        let e = Int(b.loadUnaligned(fromByteOffset: keyOffsets + 4 * j + 4, as: UInt32.self))
        return UnsafeRawBufferPointer(rebasing: b[(keyBase + s)..<(keyBase + e)])
    }

    /// Binary search; the index of `key` or nil.
    func find(_ key: [UInt8], _ b: UnsafeRawBufferPointer) -> Int? {
        var lo = 0, hi = count
        return key.withUnsafeBytes { q -> Int? in
            while lo < hi {
                let mid = (lo + hi) / 2
                let c = Self.compare(self.key(mid, b), q)
                if c == 0 { return mid }
                if c < 0 { lo = mid + 1 } else { hi = mid }
            }
            return nil
        }
    }

    static func compare(_ a: UnsafeRawBufferPointer, _ q: UnsafeRawBufferPointer) -> Int {
        let n = min(a.count, q.count)
        if n > 0, let pa = a.baseAddress, let pq = q.baseAddress {
            let c = memcmp(pa, pq, n)
            if c != 0 { return Int(c) }
        }
        return a.count - q.count
    }

    func forEachPosting(at j: Int, _ b: UnsafeRawBufferPointer, _ body: (Int) -> Void) {
        let s = Int(b.loadUnaligned(fromByteOffset: postOffsets + 4 * j, as: UInt32.self))
        let e = Int(b.loadUnaligned(fromByteOffset: postOffsets + 4 * j + 4, as: UInt32.self))
        for k in s..<e { body(Int(b.loadUnaligned(fromByteOffset: postBase + 4 * k, as: Int32.self))) }
    }

    func forEachPosting(of key: [UInt8], _ b: UnsafeRawBufferPointer, _ body: (Int) -> Void) {
        if let j = find(key, b) { forEachPosting(at: j, b, body) }
    }

    func postingsAreBelow(_ n: Int, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { b in
            let total = Int(b.loadUnaligned(fromByteOffset: postOffsets + 4 * count, as: UInt32.self))
            for k in 0..<total {
                let v = b.loadUnaligned(fromByteOffset: postBase + 4 * k, as: Int32.self)
                if v < 0 || Int(v) >= n { return false }
            }
            return true
        }
    }

    static func write(_ d: [String: [Int32]], _ w: inout ByteWriter) {
        var entries = d.map { (IndexImage.keyBytes($0.key), $0.value) }
        entries.sort { a, b in
            a.0.withUnsafeBytes { pa in b.0.withUnsafeBytes { pb in compare(pa, pb) < 0 } }
        }
        w.u32(UInt32(entries.count))
        var off: UInt32 = 0
        w.u32(0)
        for e in entries { off += UInt32(e.0.count); w.u32(off) }
        var poff: UInt32 = 0
        w.u32(0)
        for e in entries { poff += UInt32(e.1.count); w.u32(poff) }
        for e in entries { w.bytes.append(contentsOf: e.0) }
        for e in entries { for i in e.1 { w.i32(i) } }
    }
}

struct ByteWriter {
    var bytes: [UInt8] = []
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func i32(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func f64(_ v: Double) { u64(v.bitPattern) }
    mutating func string(_ s: String) { u32(UInt32(s.utf8.count)); bytes.append(contentsOf: s.utf8) }
}

/// Bounds-checked sequential reads; every read returns nil past the end.
struct ByteReader {
    let bytes: [UInt8]
    var offset: Int

    mutating func skip(_ n: Int) -> Bool {
        guard n >= 0, offset + n <= bytes.count else { return false }
        offset += n
        return true
    }
    mutating func u32() -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        let v = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
        offset += 4
        return UInt32(littleEndian: v)
    }
    mutating func string() -> String? {
        guard let n = u32(), offset + Int(n) <= bytes.count else { return nil }
        let s = String(decoding: bytes[offset..<(offset + Int(n))], as: UTF8.self)
        offset += Int(n)
        return s
    }
    mutating func positions() -> [Position]? {
        guard let n = u32(), offset + Int(n) * 24 <= bytes.count else { return nil }
        let out = bytes.withUnsafeBytes { b -> [Position] in
            var out: [Position] = []
            out.reserveCapacity(Int(n))
            for i in 0..<Int(n) {
                let o = offset + 24 * i
                let lon = Double(bitPattern: b.loadUnaligned(fromByteOffset: o, as: UInt64.self))
                let lat = Double(bitPattern: b.loadUnaligned(fromByteOffset: o + 8, as: UInt64.self))
                let alt = Double(bitPattern: b.loadUnaligned(fromByteOffset: o + 16, as: UInt64.self))
                out.append(Position(uncheckedLon: lon, lat: lat, alt: alt.isNaN ? nil : alt))
            }
            return out
        }
        offset += Int(n) * 24
        return out
    }
}

/// A fast 64-bit hash for change detection (not cryptographic): 8 bytes per step.
enum FastHash {
    @inline(__always) static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func hash(_ p: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var h = 0x9E37_79B9_7F4A_7C15 ^ seed ^ UInt64(p.count)
        let n = p.count
        var i = 0
        while i + 8 <= n {
            let w = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            h = ((h ^ (w &* 0xFF51_AFD7_ED55_8CCD)) << 29 | (h ^ (w &* 0xFF51_AFD7_ED55_8CCD)) >> 35) &* 0xC4CE_B9FE_1A85_EC53
            i += 8
        }
        var tail: UInt64 = 0, shift: UInt64 = 0
        while i < n { tail |= UInt64(p[i]) << shift; shift += 8; i += 1 }
        return mix(h ^ mix(tail ^ 0x2545_F491_4F6C_DD1D))
    }

    static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }
}
