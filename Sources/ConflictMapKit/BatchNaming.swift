/// Document ids → file names that can never leave the output folder or collide.
///
/// Rule: an id is used as is when it is 1–80 bytes of `[a-z0-9._-]`, does not start with `.` or
/// `-`, and is not a Windows device name (`con`, `nul`, `com1` …). Any other id — upper case,
/// `/`, `\`, NUL, control characters, non-ASCII, `..`, too long, empty — becomes its sanitised
/// lower-case form (other bytes replaced by `_`, cut to 80 bytes) (prefixed with `_` when it starts with a device name) followed by `~` and the first
/// 12 hex digits of the SHA-256 of the id. `~` never occurs in an id used as is, so a hashed name
/// cannot equal a plain one, and every name is lower case, so names that differ only by case
/// (which collide on macOS and Windows file systems) cannot arise. The n-th occurrence (n ≥ 2) of
/// an id already seen in the same run is hashed with `#n` appended to the id, so duplicates keep
/// distinct files.
public enum BatchNaming {
    public static let maxStemBytes = 80

    static let reserved: Set<String> = {
        var s: Set<String> = ["con", "prn", "aux", "nul"]
        for i in 1...9 { s.insert("com\(i)"); s.insert("lpt\(i)") }
        return s
    }()

    static func allowed(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2E || b == 0x5F || b == 0x2D
    }

    /// True when `id` is used as a file stem unchanged.
    public static func isPlain(_ id: String) -> Bool {
        let u = Array(id.utf8)
        guard !u.isEmpty, u.count <= maxStemBytes, u[0] != 0x2E, u[0] != 0x2D, u.allSatisfy(allowed) else { return false }
        let base = String(decoding: u.prefix { $0 != 0x2E }, as: UTF8.self)
        return !reserved.contains(base)
    }

    /// The file stem (no extension) for the `occurrence`-th document with this id (1-based).
    public static func stem(for id: String, occurrence: Int = 1) -> String {
        if occurrence <= 1, isPlain(id) { return id }
        var out: [UInt8] = []
        for b in id.utf8.prefix(maxStemBytes) {
            if b >= 0x41 && b <= 0x5A { out.append(b + 0x20) } else if allowed(b) { out.append(b) } else { out.append(0x5F) }
        }
        // No leading dot or dash (hidden files, options).
        while let f = out.first, f == 0x2E || f == 0x2D { out[0] = 0x5F }
        if out.isEmpty { out = [0x5F] }
        if reserved.contains(String(decoding: out.prefix { $0 != 0x2E }, as: UTF8.self)) { out.insert(0x5F, at: 0) }
        let key = occurrence <= 1 ? id : id + "#\(occurrence)"
        let hash = BatchSHA256.hex(key.utf8).prefix(12)
        return String(decoding: out, as: UTF8.self) + "~" + hash
    }
}
