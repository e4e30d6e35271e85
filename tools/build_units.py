"""Rebuild the bundled administrative units (``lib/diachi_geo/data/units*.csv.gz``).

Sources (see ``lib/diachi_geo/data/README`` for licences and dates):

- the units in force since 1 July 2025: ThangLeQuoc/vietnamese-provinces-database (MIT),
  ``json/full_json_generated_data_vn_units_*.json`` at its newest commit;
- the units before 1 July 2025 (63 provinces, districts, communes): the same repository at
  tag ``v2.4.1``, ``json/vn_only_simplified_json_generated_data_vn_units_minified.json``;
- the statistics office's old -> new commune conversion table ("Bảng chuyển đổi ĐVHC mới -
  cũ", danhmuchanhchinh.nso.gov.vn), as kept in sunshine-tech/VietnamProvinces
  ``dev/seed-data/2025-07/BangChuyendoiĐVHCmoi_cu_khong_merge.csv``; only its facts are
  taken (old code, new code, whether the merge was partial), none of that project's code.

Usage::

    python tools/build_units.py --new NEW.json --old OLD.json --conversion TABLE.csv

or, with the repositories cloned: ``--new-repo DIR --conversion-repo DIR`` (read with
``git show``). Writes ``units.csv.gz`` and ``communes_old_new.csv.gz``.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import pathlib
import re
import subprocess
import sys
from collections import defaultdict

DATA = pathlib.Path(__file__).resolve().parents[1] / "lib" / "diachi_geo" / "data"
OLD_TAG = "v2.4.1"
OLD_JSON = "json/vn_only_simplified_json_generated_data_vn_units_minified.json"
CONVERSION = "dev/seed-data/2025-07/BangChuyendoiĐVHCmoi_cu_khong_merge.csv"
_CODE = re.compile(r"\((\d+)\)\s*$")


def git_show(repo: str, ref: str, path: str) -> str:
    return subprocess.check_output(["git", "-C", repo, "show", f"{ref}:{path}"]).decode("utf-8")


def newest_units_json(repo: str) -> str:
    names = subprocess.check_output(["git", "-C", repo, "ls-tree", "--name-only", "HEAD",
                                     "json/"]).decode().split()
    full = sorted(n for n in names if n.startswith("json/full_json_generated_data_vn_units"))
    if not full:
        sys.exit(f"no json/full_json_generated_data_vn_units*.json in {repo}")
    return git_show(repo, "HEAD", full[-1])


def unit_rows(new: list[dict], old: list[dict]) -> list[tuple]:
    """(era, level, code, name, parent) rows: the 2025 provinces and communes, the
    pre-2025 provinces, districts and communes."""
    rows = []
    for p in new:
        rows.append(("2025", "province", p["Code"], p["FullName"], ""))
        for w in p["Wards"]:
            rows.append(("2025", "commune", w["Code"], w["FullName"], p["Code"]))
    for p in old:
        rows.append(("2024", "province", p["Code"], p["FullName"], ""))
        for d in p["District"]:
            rows.append(("2024", "district", d["Code"], d["FullName"], p["Code"]))
            for w in d.get("Ward") or ():
                rows.append(("2024", "commune", w["Code"], w["FullName"], d["Code"]))
    return rows


def conversion_rows(text: str, new_units: dict[tuple[str, str], str],
                    old_codes: set[str]) -> list[tuple]:
    """(old_code, new_code, partial) from the statistics office's table: partial when the
    old commune went to several new ones or the table says "một phần" (part of it).

    ``new_units`` maps (province code, full name) to the 2025 code: a new code the 2025
    list does not have is replaced by the code of the unit of that name in that province
    (the table has one such typo, Xã Ba Chẽ 06970 for 06978)."""
    new_codes = set(new_units.values())
    targets: dict[str, set[str]] = defaultdict(set)
    partial_note: set[str] = set()
    for row in csv.reader(io.StringIO(text)):
        if len(row) < 6:
            continue
        new, old, note = row[2].strip(), row[4].strip(), row[5].strip().lower()
        if not (new.isdigit() and old.isdigit()):
            continue
        if new not in new_codes:
            province = _CODE.search(row[0])
            fixed = new_units.get((province.group(1) if province else "", row[1].strip()))
            print(f"note: new code {new} ({row[1].strip()}) is not in the 2025 units; "
                  f"using {fixed}", file=sys.stderr)
            new = fixed or new
        targets[old].add(new)
        if "một phần" in note:
            partial_note.add(old)
    unknown_new = {c for t in targets.values() for c in t} - new_codes
    if unknown_new:
        print(f"warning: {len(unknown_new)} new codes not in the 2025 units: "
              f"{sorted(unknown_new)[:10]}", file=sys.stderr)
    missing_old = old_codes - set(targets)
    if missing_old:
        print(f"note: {len(missing_old)} pre-2025 communes not in the table: "
              f"{sorted(missing_old)}", file=sys.stderr)
    return [(old, new, "1" if len(targets[old]) > 1 or old in partial_note else "0")
            for old in sorted(targets) for new in sorted(targets[old])]


def write_gz(path: pathlib.Path, header: tuple, rows: list[tuple]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    tmp = path.with_suffix(".tmp")
    # mtime=0: the same sources give the same bytes
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                               filename="") as out:
        out.write(buffer.getvalue().encode("utf-8"))
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--new", help="2025 units JSON (ThangLeQuoc full_json_generated_data)")
    p.add_argument("--old", help="pre-2025 units JSON (ThangLeQuoc v2.4.1 vn_only_...)")
    p.add_argument("--conversion", help="the statistics office's conversion table (CSV)")
    p.add_argument("--new-repo", help="a clone of ThangLeQuoc/vietnamese-provinces-database")
    p.add_argument("--conversion-repo", help="a clone of sunshine-tech/VietnamProvinces")
    p.add_argument("--out", default=str(DATA))
    args = p.parse_args(argv)
    new_text = open(args.new, encoding="utf-8").read() if args.new else \
        newest_units_json(args.new_repo)
    old_text = open(args.old, encoding="utf-8").read() if args.old else \
        git_show(args.new_repo, OLD_TAG, OLD_JSON)
    conv_text = open(args.conversion, encoding="utf-8").read() if args.conversion else \
        git_show(args.conversion_repo, "HEAD", CONVERSION)
    rows = unit_rows(json.loads(new_text), json.loads(old_text))
    new_units = {(r[4], r[3]): r[2] for r in rows if r[0] == "2025" and r[1] == "commune"}
    old_codes = {r[2] for r in rows if r[0] == "2024" and r[1] == "commune"}
    out = pathlib.Path(args.out)
    write_gz(out / "units.csv.gz", ("era", "level", "code", "name", "parent"), rows)
    conversion = conversion_rows(conv_text, new_units, old_codes)
    write_gz(out / "communes_old_new.csv.gz", ("old_code", "new_code", "partial"), conversion)
    counts = defaultdict(int)
    for r in rows:
        counts[r[0], r[1]] += 1
    print(", ".join(f"{era} {level}: {n}" for (era, level), n in sorted(counts.items())),
          f"; conversion rows: {len(conversion)}, partial old communes: "
          f"{len({r[0] for r in conversion if r[2] == '1'})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
