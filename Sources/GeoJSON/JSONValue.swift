/// A JSON value (RFC 8259) as a plain Swift value.
///
/// Numbers are IEEE-754 doubles: integers up to 2^53 in magnitude are exact and
/// are written without a fractional part ("42", not "42.0"); other numbers are
/// written in their shortest round-trip form. NaN and infinities cannot be
/// written (the writer throws `JSONError` with kind `.nonFiniteNumber`).
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The string, when this is a string.
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    /// The number, when this is a number.
    public var doubleValue: Double? { if case .number(let d) = self { return d }; return nil }
    /// The number as an `Int`, when this is a number with no fractional part that fits.
    public var intValue: Int? {
        guard case .number(let d) = self, d.isFinite, d == d.rounded(.towardZero),
              d >= -9.007_199_254_740_992e15, d <= 9.007_199_254_740_992e15 else { return nil }
        return Int(d)
    }
    /// The boolean, when this is a boolean.
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    /// The object, when this is an object.
    public var objectValue: JSONObject? { if case .object(let o) = self { return o }; return nil }
    /// True for `null`.
    public var isNull: Bool { if case .null = self { return true }; return false }

    /// The member `key` when this is an object and has it; nil otherwise.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The element at `index` when this is an array and the index is in range; nil otherwise.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }

    /// The JSON kind as a word for messages ("object", "array", "string", "number", "boolean", "null").
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// An object with the literal's members in the order written (see `JSONObject`'s literal:
    /// keys must be distinct).
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(uniqueMembers: elements))
    }
}

extension JSONValue: CustomStringConvertible {
    /// Compact JSON text; non-finite numbers are shown as `NaN`/`Infinity` (not valid JSON).
    public var description: String {
        var w = JSONByteWriter(pretty: false)
        w.lenientNonFinite = true
        try? w.write(self)
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

/// A JSON object that keeps its members in insertion order.
///
/// Lookup is by key; iteration, `keys` and writing follow the order in which
/// members were inserted (for parsed documents: document order). Assigning to an
/// existing key replaces its value in place; assigning `nil` removes the member.
/// Equality and hashing ignore member order, as JSON does.
///
/// Members are stored as one array of (key, value) pairs: an object built from a literal is
/// that literal's array, one allocation and no lookups.
public struct JSONObject: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// The members in order.
    public private(set) var members: [(String, JSONValue)] = []
    /// Key → position; built by `updateValue` once an object grows past `indexThreshold`
    /// members (smaller ones, and objects built from literals or by `append(uniqueKey:_:)`,
    /// are searched linearly).
    private var index: [String: Int]? = nil
    private static let indexThreshold = 12

    public init() {}

    /// The literal's members in the order written. As with `Dictionary`, the keys of a literal
    /// must be distinct: the literal's array becomes the object's storage without searching for
    /// an earlier equal key (checked by an assertion in debug builds), so building an object
    /// from a literal costs no lookups — the pipeline builds thousands of them per document.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(uniqueMembers: elements)
    }

    /// An object holding `members` as they are; the caller knows their keys are distinct (see
    /// `init(dictionaryLiteral:)`).
    init(uniqueMembers: [(String, JSONValue)]) {
        members = uniqueMembers
        assert(Set(members.map(\.0)).count == members.count, "JSONObject: duplicate key in a literal")
    }

    /// Builds an object from ordered pairs; a repeated key keeps its first position and last value.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, JSONValue) {
        for (k, v) in pairs { self[k] = v }
    }

    /// The keys in member order (a new array).
    public var keys: [String] { members.map(\.0) }
    /// The values in member order (a new array).
    public var values: [JSONValue] { members.map(\.1) }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }

    /// The position of `key` in member order, or nil.
    public func position(of key: String) -> Int? {
        if let index { return index[key] }
        for i in members.indices where members[i].0 == key { return i }
        return nil
    }

    public func contains(_ key: String) -> Bool { position(of: key) != nil }

    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { members[$0].1 } }
        set {
            if let newValue { updateValue(newValue, forKey: key) } else { removeValue(forKey: key) }
        }
    }

    /// Reserves room for `n` members.
    public mutating func reserveCapacity(_ n: Int) { members.reserveCapacity(n) }

    /// Appends a member whose key the caller knows is not in the object yet (a key written
    /// in code, say), without searching for it: the same result as `updateValue(_:forKey:)`
    /// for a new key, at the cost of an array append. A key that is already present is a
    /// programming error: an assertion in debug builds; in release builds the object would
    /// hold the key twice (lookups find the first).
    public mutating func append(uniqueKey key: String, _ value: JSONValue) {
        assert(position(of: key) == nil, "JSONObject.append(uniqueKey:): duplicate key \(key)")
        members.append((key, value))
        if index != nil { index?[key] = members.count - 1 }
    }

    /// Sets `key` to `value`; returns the old value when the key existed (its position is kept).
    @discardableResult
    public mutating func updateValue(_ value: JSONValue, forKey key: String) -> JSONValue? {
        if let i = position(of: key) {
            let old = members[i].1
            members[i].1 = value
            return old
        }
        members.append((key, value))
        if index != nil {
            index?[key] = members.count - 1
        } else if members.count > Self.indexThreshold {
            var d = [String: Int](minimumCapacity: members.count * 2)
            for (i, m) in members.enumerated() { d[m.0] = i }
            index = d
        }
        return nil
    }

    /// Removes `key`; returns its value when it existed. Later members keep their order.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let i = position(of: key) else { return nil }
        let v = members.remove(at: i).1
        if index != nil {
            var d = [String: Int](minimumCapacity: members.count * 2)
            for (j, m) in members.enumerated() { d[m.0] = j }
            index = d
        }
        return v
    }

    public struct Iterator: IteratorProtocol {
        let object: JSONObject
        var i = 0
        public mutating func next() -> (key: String, value: JSONValue)? {
            guard i < object.members.count else { return nil }
            defer { i += 1 }
            return (object.members[i].0, object.members[i].1)
        }
    }

    public func makeIterator() -> Iterator { Iterator(object: self) }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.count == b.count else { return false }
        if a.members.indices.allSatisfy({ a.members[$0].0 == b.members[$0].0 }) {
            return a.members.indices.allSatisfy { a.members[$0].1 == b.members[$0].1 }
        }
        for (k, v) in a {
            guard let w = b[k], w == v else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        // Order-independent: combine per-member hashes commutatively.
        var acc = 0
        for (k, v) in members {
            var h = Hasher()
            h.combine(k)
            h.combine(v)
            acc ^= h.finalize()
        }
        hasher.combine(acc)
    }
}
