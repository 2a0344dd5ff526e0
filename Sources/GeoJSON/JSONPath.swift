/// A path from the root of a JSON document to a value, e.g.
/// `features[3].geometry.coordinates[0]`. The root itself prints as `(root)`.
public struct JSONPath: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }
    public init(arrayLiteral elements: Component...) { self.components = elements }

    public static let root = JSONPath()

    public var isRoot: Bool { components.isEmpty }

    public func appending(_ key: String) -> JSONPath { JSONPath(components + [.key(key)]) }
    public func appending(_ index: Int) -> JSONPath { JSONPath(components + [.index(index)]) }

    /// Dotted form: identifier-like keys as `.key`, others as `["key"]`, indices as `[n]`.
    public var description: String {
        if components.isEmpty { return "(root)" }
        var s = ""
        for c in components {
            switch c {
            case .index(let i):
                s += "[\(i)]"
            case .key(let k):
                if Self.isIdentifier(k) {
                    if !s.isEmpty { s += "." }
                    s += k
                } else {
                    var w = JSONByteWriter(pretty: false)
                    w.writeString(k)
                    s += "[" + String(decoding: w.bytes, as: UTF8.self) + "]"
                }
            }
        }
        return s
    }

    private static func isIdentifier(_ k: String) -> Bool {
        guard let f = k.utf8.first, !(f >= 0x30 && f <= 0x39) else { return false }
        for b in k.utf8 {
            let ok = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x24
            if !ok { return false }
        }
        return true
    }
}

extension JSONPath.Component: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .key(value) }
    public init(integerLiteral value: Int) { self = .index(value) }
}

/// An error from reading or writing JSON text, with where it happened.
///
/// `line` and `column` are 1-based; the column counts Unicode scalars on the
/// line. Both are 0 for errors that have no place in a text (writing).
/// `path` names the value being read or written when the error occurred.
public struct JSONError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        case unexpectedEnd, unexpectedCharacter, invalidLiteral, invalidNumber, numberOutOfRange
        case invalidString, invalidEscape, invalidUTF8, controlCharacterInString
        case duplicateKey, tooDeep, trailingGarbage, emptyDocument, nonFiniteNumber
    }

    public let kind: Kind
    public let message: String
    public let path: JSONPath
    /// Byte offset into the text, or -1 when not reading text.
    public let offset: Int
    public let line: Int
    public let column: Int

    public init(kind: Kind, message: String, path: JSONPath, offset: Int = -1, line: Int = 0, column: Int = 0) {
        self.kind = kind; self.message = message; self.path = path
        self.offset = offset; self.line = line; self.column = column
    }

    /// `line:column: path: message`, e.g. `2:17: features[0]: expected ',' or '}' after a member, found '"'`.
    public var description: String {
        if line > 0 { return "\(line):\(column): \(path): \(message)" }
        return "\(path): \(message)"
    }
}
