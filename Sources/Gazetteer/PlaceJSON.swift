import GeoJSON

extension Place {
    /// The place as a JSON object (the `gazetteer show` and `resolve --json` form).
    public var json: JSONObject {
        var o = JSONObject()
        o["id"] = .string(id)
        o["name"] = .string(name)
        o["name_ar"] = nameAr.isEmpty ? .null : .string(nameAr)
        o["name_en"] = nameEn.isEmpty ? .null : .string(nameEn)
        o["alt_names"] = .array(altNames.map { a in
            var x = JSONObject()
            x["name"] = .string(a.name)
            x["lang"] = a.lang.map { .string($0) } ?? .null
            return .object(x)
        })
        o["type"] = .string(type.rawValue)
        o["size_class"] = sizeClass.isEmpty ? .null : .string(sizeClass)
        o["lat"] = .number(position.lat)
        o["lon"] = .number(position.lon)
        o["uncertainty_m"] = .number(uncertaintyM)
        o["admin1"] = admin1.isEmpty ? .null : .object(admin1.json)
        o["admin2"] = admin2.isEmpty ? .null : .object(admin2.json)
        o["country"] = country.isEmpty ? .null : .string(country)
        o["population"] = population > 0 ? .number(Double(population)) : .null
        o["source"] = .string(source)
        o["licence"] = .string(licence)
        o["confidence"] = .number(confidence)
        return o
    }
}

extension AdminRef {
    public var json: JSONObject {
        var o = JSONObject()
        o["code"] = code.isEmpty ? .null : .string(code)
        o["name_en"] = nameEn.isEmpty ? .null : .string(nameEn)
        o["name_ar"] = nameAr.isEmpty ? .null : .string(nameAr)
        return o
    }
}

extension Candidate {
    /// A ranked candidate: the place's fields (with `admin1` as a display
    /// name) plus `score`, `match` and `reasons`.
    public var json: JSONObject {
        var o = place.json
        o["admin1"] = place.admin1.isEmpty ? .null : .string(place.admin1.display)
        o["admin1_code"] = place.admin1.code.isEmpty ? .null : .string(place.admin1.code)
        o["score"] = .number((score * 10_000).rounded() / 10_000)
        o["match"] = .string(match.rawValue)
        o["reasons"] = .array(reasons.map { .string($0) })
        return o
    }
}
