import Foundation
import GeoCore

/// The places of a gazetteer, in load order (default layer first, then imports), parsed on
/// demand: start-up keeps each row's byte range and builds a `Place` the first time it is asked
/// for (memoised, thread-safe). A random-access collection of `Place`, so `count`, subscripts,
/// `for p in g.places`, `filter`, `enumerated()` work as on the array it replaces;
/// `Array(g.places)` materialises every place.
public struct PlaceList: RandomAccessCollection, Sendable {
    let store: PlaceStore
    public var startIndex: Int { 0 }
    public var endIndex: Int { store.count }
    public subscript(position: Int) -> Place { store.place(position) }
    /// The place at `index` (0-based, load order); the same as the subscript.
    public func place(at index: Int) -> Place { store.place(index) }
    /// The shared, immutable box holding the place at `index` (the same value as the
    /// subscript). Holding the box costs one reference, where a `Place` copy retains each of
    /// its strings: inner loops that read a few fields of many places use this.
    public func box(at index: Int) -> PlaceBox { store.box(index) }
}

/// One place table as read at load: its bytes and where each known column sits.
struct TableSource: Sendable {
    let file: String
    let bytes: [UInt8]
    /// Column position of each `PlaceTable.columns` name (header order), -1 when absent.
    let columns: [Int]
}

/// A row of a table: which table and the byte range of the line (without its line break).
struct RowRef: Sendable, Hashable {
    var table: UInt32
    var start: UInt32
    var end: UInt32
}

/// A parsed place, boxed so that an empty memo slot is one zeroed pointer rather than an
/// inline `Place?` (which made the memo of 28k places ~8 MB to initialise at start-up).
/// Immutable; see `PlaceList.box(at:)`.
public final class PlaceBox: Sendable {
    public let place: Place
    init(_ p: Place) { place = p }
}

/// Backing store of `PlaceList`: row references plus a memo of parsed places.
///
/// Thread safety: the memo slots are guarded by striped locks (slot `i` by lock `i % stripes`);
/// the rest is immutable after init. Hence `@unchecked Sendable`.
final class PlaceStore: @unchecked Sendable {
    let count: Int
    let tables: [TableSource]
    let rows: [RowRef]
    private let memo: UnsafeMutablePointer<PlaceBox?>
    private let locks: [NSLock]
    private static let stripes = 64

    /// A store whose places are all known (nothing to parse).
    init(places: [Place]) {
        count = places.count
        tables = []
        rows = []
        memo = .allocate(capacity: max(1, places.count))
        memo.initialize(repeating: nil, count: max(1, places.count))
        for (i, p) in places.enumerated() { memo[i] = PlaceBox(p) }
        locks = (0..<Self.stripes).map { _ in NSLock() }
    }

    /// A lazy store; `parsed` (when given, `count` entries) pre-fills the memo.
    init(tables: [TableSource], rows: [RowRef], parsed: [Place]?) {
        count = rows.count
        self.tables = tables
        self.rows = rows
        memo = .allocate(capacity: max(1, rows.count))
        memo.initialize(repeating: nil, count: max(1, rows.count))
        if let parsed, parsed.count == rows.count {
            for (i, p) in parsed.enumerated() { memo[i] = PlaceBox(p) }
        }
        locks = (0..<Self.stripes).map { _ in NSLock() }
    }

    deinit {
        memo.deinitialize(count: max(1, count))
        memo.deallocate()
    }

    func place(_ i: Int) -> Place { box(i).place }

    func box(_ i: Int) -> PlaceBox {
        precondition(i >= 0 && i < count, "place index \(i) out of range 0..<\(count)")
        let lock = locks[i % Self.stripes]
        lock.lock()
        if let b = memo[i] { lock.unlock(); return b }
        lock.unlock()
        let p = PlaceBox(parse(i))
        lock.lock()
        defer { lock.unlock() }
        if let b = memo[i] { return b }
        memo[i] = p
        return p
    }

    private func parse(_ i: Int) -> Place {
        let r = rows[i]
        let t = tables[Int(r.table)]
        if let p = try? PlaceTable.parseRow(t.bytes, Int(r.start)..<Int(r.end), columns: t.columns, file: t.file) {
            return p
        }
        // Unreachable unless the table changed after the index was validated against its
        // content hash: a visible placeholder rather than a crash.
        let text = String(decoding: t.bytes[Int(r.start)..<Int(r.end)], as: UTF8.self)
        return Place(id: "invalid:\(t.file):\(r.start)", name: String(text.prefix(40)), type: .other,
                     position: Position(uncheckedLon: 0, lat: 0), confidence: 0)
    }
}
