/// A strict RFC 8259 JSON parser over UTF-8 bytes.
///
/// - Builds `JSONValue`s keeping object member order.
/// - Rejects invalid UTF-8 (overlong forms, surrogates, code points above
///   U+10FFFF), unescaped control characters in strings, lone surrogate
///   escapes, trailing non-whitespace, numbers that overflow a Double, and
///   nesting deeper than `maxDepth` (arrays + objects). A leading UTF-8 byte
///   order mark is skipped (RFC 8259 §8.1 allows ignoring it).
/// - Duplicate member names: RFC 8259 leaves the outcome unpredictable, so by
///   default they are rejected (as I-JSON, RFC 7493 §2.3, requires); with
///   `.keepLast` the last value wins at the first key's position.
/// - Iterative (an explicit stack, no recursion): hostile nesting cannot
///   overflow the call stack.
///
/// Errors carry line:column and the JSON path of the value being read.
public struct JSONParser: Sendable {
    public enum DuplicateKeys: Sendable { case reject, keepLast }

    public var maxDepth: Int
    public var duplicateKeys: DuplicateKeys

    public init(maxDepth: Int = 512, duplicateKeys: DuplicateKeys = .reject) {
        self.maxDepth = maxDepth
        self.duplicateKeys = duplicateKeys
    }

    /// Parses UTF-8 bytes (`[UInt8]`, `ArraySlice`, Foundation `Data`, …).
    public func parse<Bytes: Collection>(_ bytes: Bytes) throws(JSONError) -> JSONValue where Bytes.Element == UInt8 {
        let r: Result<JSONValue, JSONError>? = bytes.withContiguousStorageIfAvailable { buf in
            var core = ParserCore(buf, maxDepth: maxDepth, duplicateKeys: duplicateKeys)
            do throws(JSONError) { return .success(try core.parseDocument()) } catch { return .failure(error) }
        }
        if let r { return try r.get() }
        return try parse(Array(bytes))
    }

    /// Parses a string's UTF-8 form.
    public func parse(_ string: String) throws(JSONError) -> JSONValue {
        var s = string
        let r: Result<JSONValue, JSONError> = s.withUTF8 { buf in
            var core = ParserCore(buf, maxDepth: maxDepth, duplicateKeys: duplicateKeys)
            do throws(JSONError) { return .success(try core.parseDocument()) } catch { return .failure(error) }
        }
        return try r.get()
    }

    /// The 1-based line and column where the value at `path` starts in `bytes`,
    /// or nil when the text has no such value (or fails to parse before it).
    /// Costs a second parse; meant for error reporting only.
    public func location<Bytes: Collection>(of path: JSONPath, in bytes: Bytes) -> (line: Int, column: Int)?
    where Bytes.Element == UInt8 {
        let arr = Array(bytes)
        return arr.withUnsafeBufferPointer { buf in
            var core = ParserCore(buf, maxDepth: maxDepth, duplicateKeys: .keepLast)
            core.target = path.components
            _ = try? core.parseDocument()
            guard let off = core.targetOffset else { return nil }
            return ParserCore.lineColumn(buf, off)
        }
    }
}

enum Frame {
    case array([JSONValue])
    case object(JSONObject, key: String, keyOffset: Int)

    var isArray: Bool { if case .array = self { return true }; return false }
    var key: String { if case .object(_, let k, _) = self { return k }; return "" }
    var keyOffset: Int { if case .object(_, _, let o) = self { return o }; return 0 }

    /// The finished container as a value.
    var finished: JSONValue {
        switch self {
        case .array(let a): return .array(a)
        case .object(let o, _, _): return .object(o)
        }
    }

    /// Adds a value to the container in place: the frame is emptied first so
    /// that the container's storage is uniquely referenced and not copied.
    /// Returns false when an object already had the current key.
    @discardableResult
    mutating func attach(_ v: JSONValue) -> Bool {
        switch self {
        case .array(var a):
            self = .array([])
            a.append(v)
            self = .array(a)
            return true
        case .object(var o, let k, let ko):
            self = .array([])
            let old = o.updateValue(v, forKey: k)
            self = .object(o, key: k, keyOffset: ko)
            return old == nil
        }
    }

    mutating func setKey(_ k: String, offset: Int) {
        if case .object(let o, _, _) = self {
            self = .object(o, key: k, keyOffset: offset)
        }
    }
}

struct ParserCore {
    let p: UnsafeBufferPointer<UInt8>
    let n: Int
    var i = 0
    let maxDepth: Int
    let duplicateKeys: JSONParser.DuplicateKeys
    var stack: [Frame] = []
    var target: [JSONPath.Component]? = nil
    var targetOffset: Int? = nil
    var scratch: [UInt8] = []

    init(_ p: UnsafeBufferPointer<UInt8>, maxDepth: Int, duplicateKeys: JSONParser.DuplicateKeys) {
        self.p = p; self.n = p.count; self.maxDepth = maxDepth; self.duplicateKeys = duplicateKeys
    }

    // MARK: errors

    static func lineColumn(_ p: UnsafeBufferPointer<UInt8>, _ offset: Int) -> (line: Int, column: Int) {
        var line = 1, col = 1
        var j = 0
        let end = min(offset, p.count)
        while j < end {
            let b = p[j]
            if b == 0x0A { line += 1; col = 1 } else if b & 0xC0 != 0x80 { col += 1 }
            j += 1
        }
        return (line, col)
    }

    func currentPath() -> JSONPath {
        var comps: [JSONPath.Component] = []
        comps.reserveCapacity(stack.count)
        for f in stack {
            switch f {
            case .array(let a): comps.append(.index(a.count))
            case .object(_, let k, _): comps.append(.key(k))
            }
        }
        return JSONPath(comps)
    }

    func error(_ kind: JSONError.Kind, _ message: String, at offset: Int? = nil, path: JSONPath? = nil) -> JSONError {
        let off = offset ?? i
        let (l, c) = Self.lineColumn(p, off)
        return JSONError(kind: kind, message: message, path: path ?? currentPath(), offset: off, line: l, column: c)
    }

    func describeByte(at j: Int) -> String {
        guard j < n else { return "end of input" }
        let b = p[j]
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        let hex = String(b, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count < 2 ? "0" + hex : hex)
    }

    // MARK: scanning

    @inline(__always) mutating func skipWS() {
        while i < n {
            let b = p[i]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { i += 1 } else { return }
        }
    }

    mutating func checkTarget() {
        guard let t = target, targetOffset == nil, t.count == stack.count else { return }
        for (k, f) in stack.enumerated() {
            switch (t[k], f) {
            case (.index(let x), .array(let a)) where x == a.count: continue
            case (.key(let x), .object(_, let key, _)) where x == key: continue
            default: return
            }
        }
        targetOffset = i
    }

    mutating func parseDocument() throws(JSONError) -> JSONValue {
        if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { i = 3 }
        skipWS()
        if i >= n { throw error(.emptyDocument, "the document is empty") }
        var value: JSONValue
        valueLoop: while true {
            skipWS()
            guard i < n else { throw error(.unexpectedEnd, "unexpected end of input, expected a value") }
            if target != nil { checkTarget() }
            let c = p[i]
            switch c {
            case UInt8(ascii: "{"):
                guard stack.count < maxDepth else {
                    throw error(.tooDeep, "nesting deeper than \(maxDepth) arrays and objects")
                }
                i += 1
                skipWS()
                if i < n && p[i] == UInt8(ascii: "}") {
                    i += 1
                    value = .object(JSONObject())
                } else {
                    let ko = i
                    let key = try parseKey()
                    stack.append(.object(JSONObject(), key: key, keyOffset: ko))
                    continue valueLoop
                }
            case UInt8(ascii: "["):
                guard stack.count < maxDepth else {
                    throw error(.tooDeep, "nesting deeper than \(maxDepth) arrays and objects")
                }
                i += 1
                skipWS()
                if i < n && p[i] == UInt8(ascii: "]") {
                    i += 1
                    value = .array([])
                } else {
                    stack.append(.array([]))
                    continue valueLoop
                }
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "t"):
                try literal("true"); value = .bool(true)
            case UInt8(ascii: "f"):
                try literal("false"); value = .bool(false)
            case UInt8(ascii: "n"):
                try literal("null"); value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = .number(try parseNumber())
            default:
                throw error(.unexpectedCharacter, "expected a value, found \(describeByte(at: i))")
            }

            // Attach the finished value to its parent, closing containers as they end.
            // The parent is mutated in place on the stack (`Frame.attach`): popping it
            // and pushing it back would copy the array it holds (quadratic on big files).
            while true {
                guard !stack.isEmpty else {
                    skipWS()
                    if i != n {
                        throw error(.trailingGarbage, "unexpected \(describeByte(at: i)) after the end of the document",
                                    path: .root)
                    }
                    return value
                }
                let top = stack.count - 1
                if stack[top].isArray {
                    stack[top].attach(value)
                    skipWS()
                    guard i < n else {
                        throw error(.unexpectedEnd, "unexpected end of input inside an array, expected ',' or ']'")
                    }
                    if p[i] == UInt8(ascii: ",") {
                        i += 1
                        continue valueLoop
                    } else if p[i] == UInt8(ascii: "]") {
                        i += 1
                        value = stack.removeLast().finished
                    } else {
                        throw error(.unexpectedCharacter, "expected ',' or ']' after an array element, found \(describeByte(at: i))")
                    }
                } else {
                    if !stack[top].attach(value) && duplicateKeys == .reject {
                        throw error(.duplicateKey, "duplicate member name \"\(stack[top].key)\" in an object", at: stack[top].keyOffset)
                    }
                    skipWS()
                    guard i < n else {
                        throw error(.unexpectedEnd, "unexpected end of input inside an object, expected ',' or '}'")
                    }
                    if p[i] == UInt8(ascii: ",") {
                        i += 1
                        skipWS()
                        let ko = i
                        let next = try parseKey()
                        stack[top].setKey(next, offset: ko)
                        continue valueLoop
                    } else if p[i] == UInt8(ascii: "}") {
                        i += 1
                        value = stack.removeLast().finished
                    } else {
                        throw error(.unexpectedCharacter, "expected ',' or '}' after a member, found \(describeByte(at: i))")
                    }
                }
            }
        }
    }

    /// Reads `"key"` and the following `:`; `i` starts at the opening quote.
    mutating func parseKey() throws(JSONError) -> String {
        guard i < n else { throw error(.unexpectedEnd, "unexpected end of input, expected a member name") }
        guard p[i] == UInt8(ascii: "\"") else {
            throw error(.unexpectedCharacter, "expected a member name in double quotes, found \(describeByte(at: i))")
        }
        let key = try parseString()
        skipWS()
        guard i < n, p[i] == UInt8(ascii: ":") else {
            throw error(i < n ? .unexpectedCharacter : .unexpectedEnd,
                        "expected ':' after member name \"\(key)\", found \(describeByte(at: i))")
        }
        i += 1
        return key
    }

    mutating func literal(_ word: StaticString) throws(JSONError) {
        let start = i
        let len = word.utf8CodeUnitCount
        let w = word.utf8Start
        guard n - i >= len else { throw error(.invalidLiteral, "invalid literal, expected \(word)", at: start) }
        for k in 0..<len where p[i + k] != w[k] {
            throw error(.invalidLiteral, "invalid literal, expected \(word)", at: start)
        }
        i += len
    }

    // MARK: strings

    /// Reads a string; `i` is at the opening quote. Validates UTF-8 strictly.
    mutating func parseString() throws(JSONError) -> String {
        let open = i
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < n {
            let b = p[i]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error(.controlCharacterInString, "unescaped control character (byte 0x\(String(b, radix: 16))) in a string") }
            if b < 0x80 { i += 1 } else { try skipUTF8Sequence() }
        }
        guard i < n else { throw error(.unexpectedEnd, "unterminated string", at: open) }
        // Slow path: escapes.
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<i]))
        while i < n {
            let b = p[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") {
                try parseEscape()
            } else if b < 0x20 {
                throw error(.controlCharacterInString, "unescaped control character (byte 0x\(String(b, radix: 16))) in a string")
            } else if b < 0x80 {
                scratch.append(b); i += 1
            } else {
                let s = i
                try skipUTF8Sequence()
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[s..<i]))
            }
        }
        throw error(.unexpectedEnd, "unterminated string", at: open)
    }

    mutating func parseEscape() throws(JSONError) {
        let at = i
        i += 1
        guard i < n else { throw error(.unexpectedEnd, "unterminated escape sequence", at: at) }
        let c = p[i]
        i += 1
        switch c {
        case UInt8(ascii: "\""): scratch.append(0x22)
        case UInt8(ascii: "\\"): scratch.append(0x5C)
        case UInt8(ascii: "/"): scratch.append(0x2F)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var cp = try hex4(at: at)
            if cp >= 0xD800 && cp <= 0xDBFF {
                guard n - i >= 6, p[i] == UInt8(ascii: "\\"), p[i + 1] == UInt8(ascii: "u") else {
                    throw error(.invalidEscape, "a high surrogate escape must be followed by a low surrogate escape", at: at)
                }
                i += 2
                let lo = try hex4(at: at)
                guard lo >= 0xDC00 && lo <= 0xDFFF else {
                    throw error(.invalidEscape, "a high surrogate escape must be followed by a low surrogate escape", at: at)
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
            } else if cp >= 0xDC00 && cp <= 0xDFFF {
                throw error(.invalidEscape, "lone low surrogate escape", at: at)
            }
            guard let scalar = Unicode.Scalar(cp) else { throw error(.invalidEscape, "invalid \\u escape", at: at) }
            if let e = UTF8.encode(scalar) { scratch.append(contentsOf: e) }
        default:
            throw error(.invalidEscape, "invalid escape sequence '\\\(Character(Unicode.Scalar(c)))'", at: at)
        }
    }

    mutating func hex4(at: Int) throws(JSONError) -> UInt32 {
        guard n - i >= 4 else { throw error(.invalidEscape, "\\u needs four hex digits", at: at) }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = p[i]
            let d: UInt8
            switch b {
            case 0x30...0x39: d = b - 0x30
            case 0x41...0x46: d = b - 0x41 + 10
            case 0x61...0x66: d = b - 0x61 + 10
            default: throw error(.invalidEscape, "\\u needs four hex digits", at: at)
            }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }

    /// Validates one multi-byte UTF-8 sequence at `i` (Unicode 15 Table 3-7) and steps over it.
    mutating func skipUTF8Sequence() throws(JSONError) {
        let b0 = p[i]
        var len = 0
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: len = 2
        case 0xE0: len = 3; lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: len = 3
        case 0xED: len = 3; hi = 0x9F
        case 0xF0: len = 4; lo = 0x90
        case 0xF1...0xF3: len = 4
        case 0xF4: len = 4; hi = 0x8F
        default: throw error(.invalidUTF8, "invalid UTF-8 lead byte 0x\(String(b0, radix: 16, uppercase: true))")
        }
        guard n - i >= len else { throw error(.invalidUTF8, "truncated UTF-8 sequence") }
        let b1 = p[i + 1]
        guard b1 >= lo && b1 <= hi else { throw error(.invalidUTF8, "invalid UTF-8 continuation byte") }
        for k in 2..<max(2, len) where p[i + k] & 0xC0 != 0x80 {
            throw error(.invalidUTF8, "invalid UTF-8 continuation byte")
        }
        i += len
    }

    // MARK: numbers

    static let exactPowers: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    /// Reads a number per the RFC 8259 grammar. Exact fast path (Clinger) for up to
    /// 2^53 significand and |exponent| ≤ 22; otherwise the standard library's
    /// correctly rounded, locale-independent conversion.
    mutating func parseNumber() throws(JSONError) -> Double {
        let start = i
        var negative = false
        if p[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        guard i < n, p[i] >= 0x30 && p[i] <= 0x39 else {
            throw error(.invalidNumber, "invalid number: expected a digit", at: start)
        }
        var mant: UInt64 = 0
        var digits = 0        // significant digits accumulated into mant
        var dropped = false   // digits beyond 19 ignored (falls back to slow path)
        var exp10 = 0
        if p[i] == UInt8(ascii: "0") {
            i += 1
            if i < n && p[i] >= 0x30 && p[i] <= 0x39 {
                throw error(.invalidNumber, "invalid number: leading zeros are not allowed", at: start)
            }
        } else {
            while i < n && p[i] >= 0x30 && p[i] <= 0x39 {
                if digits < 19 { mant = mant &* 10 &+ UInt64(p[i] - 0x30); if mant != 0 { digits += 1 } }
                else { dropped = true; exp10 += 1 }
                i += 1
            }
        }
        if i < n && p[i] == UInt8(ascii: ".") {
            i += 1
            guard i < n, p[i] >= 0x30 && p[i] <= 0x39 else {
                throw error(.invalidNumber, "invalid number: expected a digit after '.'", at: start)
            }
            while i < n && p[i] >= 0x30 && p[i] <= 0x39 {
                if digits < 19 {
                    mant = mant &* 10 &+ UInt64(p[i] - 0x30)
                    if mant != 0 { digits += 1 }
                    exp10 -= 1
                } else if p[i] != 0x30 { dropped = true }
                i += 1
            }
        }
        if i < n && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
            i += 1
            var eneg = false
            if i < n && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) { eneg = p[i] == UInt8(ascii: "-"); i += 1 }
            guard i < n, p[i] >= 0x30 && p[i] <= 0x39 else {
                throw error(.invalidNumber, "invalid number: expected a digit in the exponent", at: start)
            }
            var e = 0
            while i < n && p[i] >= 0x30 && p[i] <= 0x39 {
                if e < 100_000 { e = e * 10 + Int(p[i] - 0x30) }
                i += 1
            }
            exp10 += eneg ? -e : e
        }
        if !dropped && mant <= (1 << 53) && exp10 >= -22 && exp10 <= 22 {
            var d = Double(mant)
            if exp10 < 0 { d /= Self.exactPowers[-exp10] } else { d *= Self.exactPowers[exp10] }
            return negative ? -d : d
        }
        if mant == 0 && !dropped { return negative ? -0.0 : 0.0 }
        let text = String(decoding: UnsafeBufferPointer(rebasing: p[start..<i]), as: UTF8.self)
        guard let d = Double(text) else {
            throw error(.invalidNumber, "invalid number \(text)", at: start)
        }
        guard d.isFinite else {
            throw error(.numberOutOfRange, "number \(text) is too large for a double", at: start)
        }
        return d
    }
}
