"""Render the phone form of a field package to a PNG (docs/field-form.png), headless.

Builds a session from the bundled sample, marks its far-from-building points as needing a
field check, exports the package and draws the visits layer's attribute form as QGIS (and
QField, from the same project) lays it out. Run under QT_QPA_PLATFORM=offscreen:

    python tools/render_field_form.py --out docs/field-form.png
"""
from __future__ import annotations

import argparse
import pathlib
import tempfile

from diachi_geo.field import field_export
from diachi_geo.session import Session, WorkFilter, create_session
from qgis.core import QgsApplication, QgsProject
from qgis.gui import QgsAttributeEditorContext, QgsAttributeForm, QgsGui

ROOT = pathlib.Path(__file__).resolve().parents[1]
KINDS = ("communes", "buildings", "roads", "water", "entrances")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", default=str(ROOT / "sample" / "sample.gpkg"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "field-form.png"))
    args = parser.parse_args()
    app = QgsApplication([], True)
    app.initQgis()
    QgsGui.editorWidgetRegistry().initEditors()
    with tempfile.TemporaryDirectory() as folder:
        session = f"{folder}/session.gpkg"
        create_session(f"{args.sample}|layername=points", session, user="an",
                       references={k: f"{args.sample}|layername={k}" for k in KINDS})
        with Session(session, "an") as s:
            for fid in s.worklist(WorkFilter(checks=("far_from_building",))):
                s.needs_field_check(int(fid), "không thấy nhà trên ảnh vệ tinh")
            field_export(s, f"{folder}/pkg", assignee="ctv07")
        project = QgsProject.instance()
        project.read(f"{folder}/pkg/diachi_field.qgs")
        layer = project.mapLayer("diachi_visits")
        feature = next(layer.getFeatures())
        layer.startEditing()
        feature["outcome"] = "moved"
        feature["house_number"] = "46"
        feature["note"] = "Cửa hàng chuyển sang nhà bên cạnh"
        form = QgsAttributeForm(layer, feature, QgsAttributeEditorContext())
        form.resize(520, 900)
        form.show()
        app.processEvents()
        form.grab().save(args.out)
        layer.rollBack()
        form.deleteLater()
        project.clear()
    print(args.out)
    app.exitQgis()


if __name__ == "__main__":
    main()
