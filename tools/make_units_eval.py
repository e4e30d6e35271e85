"""Make the held-out commune check's polygons (``tests/data/units_eval/communes.geojson``).

Real 2025 commune boundaries from ThangLeQuoc/vietnamese-provinces-database (MIT;
``json/geojson/<province>/wards/<code>_<name>.geojson``, drawn from the national reference
map sapnhap.bando.com.vn), for two areas: the communes of Thanh Hóa around Thanh Hóa city
(rural communes, several made of split old communes) and the inner wards of Hà Nội (small
urban wards). Simplified to about 10 m and rounded to 6 decimals to keep the file small.

    python tools/make_units_eval.py --repo vietnamese-provinces-database
"""
from __future__ import annotations

import argparse
import json
import pathlib
import subprocess
import sys

import shapely

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "lib"))
from diachi_geo.units import load_units

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "data" / "units_eval"
AREAS = {  # province folder -> lon/lat window
    "38_thanh_hoa": (105.62, 19.72, 105.86, 19.93),
    "01_ha_noi": (105.80, 20.99, 105.87, 21.05),
}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repo", required=True, help="a clone of vietnamese-provinces-database")
    args = p.parse_args(argv)
    units = load_units()
    features = []
    for folder, (x0, y0, x1, y1) in AREAS.items():
        names = subprocess.check_output(
            ["git", "-C", args.repo, "ls-tree", "-r", "--name-only", "HEAD",
             f"json/geojson/{folder}/wards/"]).decode().split()
        for name in names:
            data = json.loads(subprocess.check_output(
                ["git", "-C", args.repo, "show", f"HEAD:{name}"]))
            for feature in data["features"]:
                geom = shapely.geometry.shape(feature["geometry"])
                c = geom.centroid
                if not (x0 <= c.x <= x1 and y0 <= c.y <= y1):
                    continue
                code = pathlib.Path(name).stem.split("_")[0]
                full, province = units.communes[code]
                geom = shapely.set_precision(geom.simplify(0.0001), 1e-6)
                features.append({"type": "Feature", "properties": {
                    "code": code, "name": full, "province": units.provinces[province]},
                    "geometry": shapely.geometry.mapping(geom)})
    OUT.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, separators=(",", ":"))
    (OUT / "communes.geojson").write_text(text, encoding="utf-8")
    print(f"{len(features)} communes, {len(text) // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
