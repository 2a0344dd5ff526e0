import Foundation

extension Gazetteer {
    /// A 64-bit identity of the loaded data: the key of the cached index (format, word lists,
    /// executable, and every layer file's path, size, modification time and content hash).
    /// Nil for a gazetteer built in memory from `Place` values (nothing to key a cache on).
    public var dataKey: UInt64? { image.key == 0 ? nil : image.key }

    /// A value derived from this gazetteer (e.g. a spotting index), cached on disk next to the
    /// gazetteer's own index as bytes: `build` runs only when no valid cached copy exists, and
    /// `decode` turns the bytes (cached or just built) into the value, reading them in place.
    ///
    /// The file is `<directory>/<name>-<hash of the place tables' paths>.bin`; its header holds
    /// the magic "CMDX", `version`, `dataKey` and a hash of the payload, so a cache that is
    /// stale (other data, other executable, other `version`), truncated, corrupt, or that
    /// `decode` rejects (nil) is rebuilt and replaced (written to a temporary file, then
    /// renamed: readers never see a partial file). Nothing is cached when `directory` is nil or
    /// `dataKey` is nil; a cache that cannot be written is simply not written.
    /// - Parameters:
    ///   - name: a file-name-safe name of the derived data (letters, digits, `-`).
    ///   - version: the payload's format version; bump it when `build`'s output changes.
    ///   - directory: the cache folder (default: `defaultCacheDirectory`).
    ///   - decode: the value of a payload, nil when the payload is not valid.
    ///   - build: the payload, computed from the gazetteer.
    /// - Returns: the decoded value; nil only when `decode` rejects what `build` produced.
    public func derivedData<T>(name: String, version: UInt32, directory: URL? = Gazetteer.defaultCacheDirectory,
                               decode: (UnsafeRawBufferPointer) -> T?, build: () -> [UInt8]) -> T? {
        guard let directory, let key = dataKey else { return build().withUnsafeBytes(decode) }
        var pw = ByteWriter()
        for p in image.tablePaths { pw.string(p) }
        let file = directory.appendingPathComponent("\(name)-\(String(FastHash.hash(pw.bytes), radix: 16))-\(String(IndexCache.codeFingerprint, radix: 16)).bin")
        let headerSize = 24
        if let bytes = IndexCache.read(file), bytes.count >= headerSize {
            let cached: T? = bytes.withUnsafeBytes { b in
                let payload = UnsafeRawBufferPointer(rebasing: b[headerSize...])
                guard b.loadUnaligned(fromByteOffset: 0, as: UInt32.self) == Self.derivedMagic,
                      b.loadUnaligned(fromByteOffset: 4, as: UInt32.self) == version,
                      b.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == key,
                      b.loadUnaligned(fromByteOffset: 16, as: UInt64.self) == FastHash.hash(payload) else { return nil }
                return decode(payload)
            }
            if let cached { return cached }
        }
        let payload = build()
        var w = ByteWriter()
        w.u32(Self.derivedMagic); w.u32(version); w.u64(key); w.u64(FastHash.hash(payload))
        w.bytes.append(contentsOf: payload)
        IndexCache.write(w.bytes, to: file)
        return payload.withUnsafeBytes(decode)
    }

    static let derivedMagic: UInt32 = 0x5844_4D43 // "CMDX" little-endian
}
