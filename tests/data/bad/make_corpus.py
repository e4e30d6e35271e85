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
    out["merged_cells_xlsx"] = _merged_cells_xlsx(folder / "merged.xlsx")
    for name in ("semicolons_decimal_commas.csv", "control_characters.csv"):
        shutil.copy(HERE / name, folder / name)
        out[name.rsplit(".", 1)[0]] = folder / name
    return out


def _merged_cells_xlsx(path: pathlib.Path) -> pathlib.Path:
    """A district spreadsheet whose commune code cell is merged over two rows, as office
    users do; written as the XML parts of an .xlsx, no spreadsheet program needed."""
    import zipfile

    rows = [["id", "ten", "loai", "dia_chi", "ma_xa", "kinh_do", "vi_do"],
            ["1", "Tạp hóa Lan", "Cửa hàng", "Số 3 Lê Lợi", "15000", "105.7301", "19.7702"],
            ["2", "Nhà ông An", "Nhà ở", "Số 5 Lê Lợi", "", "105.7305", "19.7704"]]

    def cell(ref: str, value: str) -> str:
        if value and value.replace(".", "", 1).isdigit():
            return f'<c r="{ref}"><v>{value}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>' if value else ""

    sheet_rows = "".join(
        f'<row r="{r + 1}">' + "".join(cell(f"{'ABCDEFG'[c]}{r + 1}", v)
                                       for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="applicat'
            'ion/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" Con'
            'tentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="a'
            'pplication/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Ove'
            'rride PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlf'
            'ormats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.open'
            'xmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Tar'
            'get="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            '<sheets><sheet name="diem" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.open'
            'xmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="'
            'worksheets/sheet1.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'
            f'{sheet_rows}</sheetData><mergeCells count="1"><mergeCell ref="E2:E3"/>'
            "</mergeCells></worksheet>"),
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path
