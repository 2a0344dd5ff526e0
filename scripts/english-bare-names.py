#!/usr/bin/env python3
"""English bare-name check: every Who's On First locality of Syria (../shared/geodata/
sy-localities.tsv, read at run time, never copied) in the commonest English sentence of conflict
news, "Government forces entered <name>.", through `conflictmap map --jsonl` with the gazetteer
the environment gives (CONFLICTMAP_DATA). Counts, per name: no place found; found and placed
within 10 km of the WOF point (right); placed farther away (wrong: another place of that name,
or abroad); found but left unresolved.

usage: scripts/english-bare-names.py [CONFLICTMAP_BINARY] [--min-population N]
"""
import csv, json, math, subprocess, sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
binary = args[0] if args else ".build/release/conflictmap"
min_pop = int(sys.argv[sys.argv.index("--min-population") + 1]) if "--min-population" in sys.argv else 0
path = "../shared/geodata/sy-localities.tsv"

def km(a, b):
    (la1, lo1), (la2, lo2) = a, b
    p1, p2 = math.radians(la1), math.radians(la2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))

rows = []
with open(path, encoding="utf-8") as f:
    for r in csv.DictReader(f, delimiter="\t"):
        name = r["name"].strip()
        if r["placetype"] != "locality" or not name or not name.isascii() or not name[0].isupper():
            continue
        if int(r["population"] or 0) < min_pop:
            continue
        rows.append((name, float(r["lat"]), float(r["lon"])))
docs = "".join(json.dumps({"id": str(i), "text": f"Government forces entered {n}."}) + "\n" for i, (n, _, _) in enumerate(rows))
out = subprocess.run([binary, "map", "--jsonl"], input=docs.encode(), capture_output=True).stdout.decode().splitlines()
counts = {"not found": 0, "right (≤ 10 km)": 0, "wrong (> 10 km)": 0, "unresolved": 0}
wrong = []
for (name, lat, lon), line in zip(rows, out):
    feats = [f for f in json.loads(line)["features"] if f["properties"].get("kind") == "place"]
    if not feats:
        counts["not found"] += 1
        continue
    g = feats[0]["geometry"]
    if g is None:
        counts["unresolved"] += 1
        continue
    lo, la = g["coordinates"][:2]
    d = km((lat, lon), (la, lo))
    if d <= 10:
        counts["right (≤ 10 km)"] += 1
    else:
        counts["wrong (> 10 km)"] += 1
        wrong.append((name, feats[0]["properties"]["gazetteer_id"], round(d)))
print(f"{len(rows)} WOF localities (population ≥ {min_pop}):", ", ".join(f"{k} {v}" for k, v in counts.items()))
for w in wrong[:15]:
    print("  wrong:", *w)
