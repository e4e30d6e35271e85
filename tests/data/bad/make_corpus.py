"""Write the binary part of the bad-input corpus into a folder; returns {name: path}."""
from __future__ import annotations

import pathlib
import shutil

import numpy as np
import pyogrio.raw
import shapely

HERE = pathlib.Path(__file__).resolve().parent


def _columns(n: int, **overrides) -> dict:
    columns = {"id": np.arange(1, n + 1),
               "name": np.array([f"Nhà số {i}" for i in range(n)], dtype=object),
               "category": np.array(["Nhà ở"] * n, dtype=object),
               "address": np.array([f"Số {i} đường Lê Lợi" for i in range(n)], dtype=object),
               "commune_code": np.array(["15000"] * n, dtype=object)}
    columns.update(overrides)
    return columns


def _write(path, geometries, *, crs="EPSG:4326", driver="GPKG", kind=None, **columns):
    geometries = np.asarray(geometries, dtype=object)
    columns = _columns(len(geometries), **columns)
    pyogrio.raw.write(str(path), geometry=np.array(
        [None if g is None else shapely.to_wkb(g, flavor="iso") for g in geometries],
        dtype=object), field_data=list(columns.values()), fields=list(columns), crs=crs,
        geometry_type=kind or "Unknown", driver=driver)
    return path


def make(folder: pathlib.Path) -> dict[str, pathlib.Path]:
    folder.mkdir(parents=True, exist_ok=True)
    p = shapely.points
    out = {}
    out["empty_file"] = folder / "empty.gpkg"
    out["empty_file"].write_bytes(b"")
    out["zero_features"] = _write(folder / "zero.gpkg", [], kind="Point")
    out["mixed_geometries"] = _write(folder / "mixed.gpkg", [
        p(105.73, 19.77), shapely.linestrings([[105.7, 19.7], [105.8, 19.8]]),
        shapely.box(105.7, 19.7, 105.71, 19.71), shapely.multipoints([[105.73, 19.77],
                                                                     [105.74, 19.78]]),
        shapely.multipoints([[105.731, 19.771]]), None, shapely.Point()])
    out["z_and_m"] = _write(folder / "zm.gpkg", [shapely.Point(105.73, 19.77, 12.5),
                                                  shapely.Point(105.7301, 19.7701, 3.0)],
                            kind="Point Z")
    out["nan_and_inf"] = _write(folder / "naninf.gpkg", [
        p(np.nan, 19.77), p(105.73, np.inf), p(-np.inf, np.nan), p(105.73, 19.77)])
    out["metres_declared_degrees"] = _write(folder / "metres.gpkg", [
        p(574000 + i, 2186000 + i) for i in range(5)])
    tm3 = folder / "tm3_no_crs.gpkg"
    out["tm3_without_crs"] = _write(tm3, [p(574000 + i * 50, 2186000 + i * 50)
                                          for i in range(20)], crs=None)
    shp = _write(folder / "no_prj.shp", [p(105.73, 19.77), p(105.7302, 19.7702)],
                 driver="ESRI Shapefile", kind="Point")
    shp.with_suffix(".prj").unlink()
    out["shapefile_without_prj"] = shp
    out["null_ids"] = _write(folder / "null_ids.gpkg", [p(105.73, 19.77)] * 3,
                             id=np.array(["a", None, " "], dtype=object))
    out["duplicate_ids"] = _write(folder / "dup_ids.gpkg", [p(105.73, 19.77)] * 3,
                                  id=np.array([7, 7, 8]))
    huge = "Nhà " + "ơ" * 5_000_000
    out["ten_megabyte_string"] = _write(folder / "huge.gpkg", [p(105.73, 19.77)] * 2,
                                        name=np.array([huge, "Nhà ông An"], dtype=object))
    good = _write(folder / "good.gpkg", [p(105.73, 19.77)] * 2)
    broken = folder / "broken.gpkg"
    data = good.read_bytes()
    broken.write_bytes(data[: len(data) // 3])
    out["truncated_geopackage"] = broken
    for name in ("semicolons_decimal_commas.csv", "control_characters.csv"):
        shutil.copy(HERE / name, folder / name)
        out[name.rsplit(".", 1)[0]] = folder / name
    return out
