#!/usr/bin/env python3
"""Builds provinces.json, the map's index of the boundary file's 63 features.

Reads the feature properties of vn-provinces-2016.topojson (geoBoundaries, CC BY-SA 4.0) and
the project's province table deploy/areas/provinces.csv, and writes, for each feature, its
index, shapeISO, the VN-2004 code and Vietnamese name from the table, and the VN-2025 province
it became part of; then the 34 VN-2025 provinces with their member VN-2004 codes.

Features are matched to table rows by name: the feature's ASCII shapeName and the table's
Vietnamese and English names are folded (diacritics removed, đ -> d, lower case, "TP." and
"Thành phố" dropped, punctuation and spaces removed). Any feature left unmatched, matched
twice, or any row matched by two features is an error: the script exits non-zero and writes
nothing.

Standard library only. Usage (from the repository root):
    python3 dashboard/web/static/geo/make_province_index.py [--out FILE]
"""

import argparse
import csv
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
TOPOJSON = os.path.join(HERE, "vn-provinces-2016.topojson")
TABLE = os.path.join(ROOT, "deploy", "areas", "provinces.csv")
OUT = os.path.join(HERE, "provinces.json")


def fold(name):
    """The matching key of a province name: ASCII, lower case, letters and digits only."""
    text = name.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    text = re.sub(r"^(tp\.|tp\s|thanh pho\s|city of\s)", "", text.strip())
    text = re.sub(r"\s+city$", "", text)
    return re.sub(r"[^a-z0-9]", "", text)


def read_table(path):
    """The table's rows (comments and blank lines skipped) as dicts."""
    with open(path, encoding="utf-8", newline="") as f:
        lines = [l for l in f if l.strip() and not l.lstrip().startswith("#")]
    return list(csv.DictReader(lines))


def fail(message):
    sys.stderr.write("make_province_index: " + message + "\n")
    sys.exit(1)


def build(topojson_path, table_path):
    with open(topojson_path, encoding="utf-8") as f:
        topology = json.load(f)
    if len(topology["objects"]) != 1:
        fail("expected one object in %s, found %d" % (topojson_path, len(topology["objects"])))
    object_name, collection = next(iter(topology["objects"].items()))
    geometries = collection["geometries"]

    rows = read_table(table_path)
    old = [r for r in rows if r["scheme"] == "VN-2004"]
    new = {r["code"]: r for r in rows if r["scheme"] == "VN-2025"}
    if len(old) != 63 or len(new) != 34:
        fail("the table has %d VN-2004 and %d VN-2025 rows, expected 63 and 34" % (len(old), len(new)))

    keys = {}
    for row in old:
        for key in {fold(row["name_vi"]), fold(row["name_en"])}:
            if keys.setdefault(key, row) is not row:
                fail("the name key %r fits two table rows (%s, %s)" % (key, keys[key]["code"], row["code"]))

    features, used, errors = [], {}, []
    for index, geometry in enumerate(geometries):
        props = geometry.get("properties", {})
        shape_name, shape_iso = props.get("shapeName", ""), props.get("shapeISO", "")
        row = keys.get(fold(shape_name))
        if row is None:
            errors.append("feature %d %s %r matches no VN-2004 row (key %r)" % (index, shape_iso, shape_name, fold(shape_name)))
            continue
        if row["code"] in used:
            errors.append("feature %d %r and feature %d both match VN-2004 %s" % (index, shape_name, used[row["code"]], row["code"]))
            continue
        used[row["code"]] = index
        successor = new.get(row["successor"])
        if successor is None:
            errors.append("VN-2004 %s names VN-2025 %r, which is not in the table" % (row["code"], row["successor"]))
            continue
        features.append({
            "index": index,
            "shapeISO": shape_iso,
            "shapeName": shape_name,
            "code": row["code"],
            "name": row["name_vi"],
            "name_en": row["name_en"],
            "vn2025": {"code": successor["code"], "name": successor["name_vi"]},
        })
    missing = sorted(r["code"] + " " + r["name_vi"] for r in old if r["code"] not in used)
    if missing:
        errors.append("VN-2004 rows with no feature: " + ", ".join(missing))
    if len(geometries) != 63:
        errors.append("expected 63 features, found %d" % len(geometries))
    if errors:
        fail("\n  ".join(["cannot build the index:"] + errors))

    merged = []
    for code in sorted(new):
        members = sorted(f["code"] for f in features if f["vn2025"]["code"] == code)
        if not members:
            fail("VN-2025 %s %s has no member province" % (code, new[code]["name_vi"]))
        merged.append({
            "code": code,
            "name": new[code]["name_vi"],
            "name_en": new[code]["name_en"],
            "members": members,
            "features": sorted(f["index"] for f in features if f["vn2025"]["code"] == code),
        })

    return {
        "comment": "Generated by make_province_index.py from vn-provinces-2016.topojson "
                   "(geoBoundaries, CC BY-SA 4.0) and deploy/areas/provinces.csv. Do not edit.",
        "object": object_name,
        "schemes": {"old": "VN-2004", "new": "VN-2025"},
        "features": features,
        "vn2025": merged,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=OUT, help="output file (default: provinces.json here)")
    parser.add_argument("--topojson", default=TOPOJSON)
    parser.add_argument("--table", default=TABLE)
    args = parser.parse_args()
    index = build(args.topojson, args.table)
    text = json.dumps(index, ensure_ascii=False, indent=1) + "\n"
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


if __name__ == "__main__":
    main()
