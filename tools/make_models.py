"""Write the bundled Processing models (processing/models/*.model3) with the QGIS API.

Run with the QGIS venv's python after `make package` (make models does). The models chain
our algorithms with QGIS's own; a change is a reviewed diff of this file.
"""
from __future__ import annotations

import pathlib
import sys

from qgis.core import (
    QgsApplication,
    QgsProcessing,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QPointF

ROOT = pathlib.Path(__file__).resolve().parents[1]
MODELS = ROOT / "processing" / "models"
REFERENCES = (("communes", "Commune boundaries", QgsProcessing.TypeVectorPolygon, "COMMUNES"),
              ("buildings", "Building footprints", QgsProcessing.TypeVectorPolygon, "BUILDINGS"),
              ("roads", "Roads", QgsProcessing.TypeVectorLine, "ROADS"),
              ("water", "Water (rivers, lakes, ponds)", QgsProcessing.TypeVectorPolygon,
               "WATER"))


def parameter(model, definition, x: float, y: float) -> None:
    model.addModelParameter(definition, QgsProcessingModelParameter(definition.name()))
    model.parameterComponent(definition.name()).setPosition(QPointF(x, y))


def from_input(name: str):
    return [QgsProcessingModelChildParameterSource.fromModelParameter(name)]


def from_child(child: str, output: str):
    return [QgsProcessingModelChildParameterSource.fromChildOutput(child, output)]


def child(model, algorithm: str, child_id: str, description: str, sources: dict,
          outputs: dict[str, tuple[str, str]], x: float, y: float, static: dict | None = None
          ) -> None:
    step = QgsProcessingModelChildAlgorithm(algorithm)
    step.setChildId(child_id)
    step.setDescription(description)
    step.setPosition(QPointF(x, y))
    for name, value in sources.items():
        step.addParameterSources(name, value)
    for name, value in (static or {}).items():
        step.addParameterSources(name, [QgsProcessingModelChildParameterSource.fromStaticValue(
            value)])
    model_outputs = {}
    for output_name, (child_output, title) in outputs.items():
        out = QgsProcessingModelOutput(output_name, title)
        out.setChildId(child_id)
        out.setChildOutputName(child_output)
        out.setPosition(QPointF(x + 220, y + 40 * (1 + len(model_outputs))))
        model_outputs[output_name] = out
    step.setModelOutputs(model_outputs)
    model.addChildAlgorithm(step)


def add_references(model, x: float) -> None:
    for row, (name, title, kind, _) in enumerate(REFERENCES):
        parameter(model, QgsProcessingParameterFeatureSource(name, title, [kind],
                                                             optional=name != "buildings"),
                  x, 140 + 70 * row)


def province_qa() -> QgsProcessingModelAlgorithm:
    model = QgsProcessingModelAlgorithm(
        "Province QA", "Models", "models")
    model.setHelpContent({"ALG_DESC": (
        "Validates a province's collected points against buildings, roads, water and communes "
        "and writes a review session (open it in the Review dock) and a summary table: "
        "findings per check and severity.\n\nKiểm tra điểm thu thập của tỉnh, tạo phiên rà "
        "soát (mở trong bảng Rà soát) và bảng tổng hợp số kết quả theo loại kiểm tra.")})
    parameter(model, QgsProcessingParameterFeatureSource(
        "points", "Collected points", [QgsProcessing.TypeVectorPoint]), 120, 60)
    add_references(model, 120)
    parameter(model, QgsProcessingParameterFileDestination(
        "session", "Review session", "Review session (*.gpkg)"), 120, 440)
    sources = {"INPUT": from_input("points"), "OUTPUT": from_input("session")}
    sources.update({key: from_input(name) for name, _, _, key in REFERENCES})
    child(model, "diachi:buildsession", "buildsession", "Build review session", sources,
          {}, 420, 200)
    child(model, "qgis:statisticsbycategories", "summary", "Findings per check",
          {"INPUT": from_child("buildsession", "FINDINGS")},
          {"summary": ("OUTPUT", "Summary: findings per check and severity")}, 420, 320,
          static={"CATEGORIES_FIELD_NAME": ["check", "severity"]})
    return model


def commune_handover() -> QgsProcessingModelAlgorithm:
    model = QgsProcessingModelAlgorithm("Commune hand-over", "Models", "models")
    model.setHelpContent({"ALG_DESC": (
        "Takes one commune's points out of a campaign layer, validates them and writes the "
        "commune's points, their findings and a summary per check, ready to hand over.\n\n"
        "Lọc điểm của một xã, kiểm tra và ghi điểm, kết quả và bảng tổng hợp của xã đó để "
        "bàn giao.")})
    parameter(model, QgsProcessingParameterFeatureSource(
        "points", "Collected points", [QgsProcessing.TypeVectorPoint]), 120, 60)
    parameter(model, QgsProcessingParameterField(
        "commune_field", "Commune code field", "commune_code", "points"), 120, 110)
    parameter(model, QgsProcessingParameterString("commune_code", "Commune code"), 120, 160)
    add_references(model, 120)
    child(model, "native:extractbyattribute", "extract", "Points of the commune",
          {"INPUT": from_input("points"), "FIELD": from_input("commune_field"),
           "VALUE": from_input("commune_code")},
          {"commune_points": ("OUTPUT", "Points of the commune")}, 420, 120,
          static={"OPERATOR": 0})
    sources = {"INPUT": from_child("extract", "OUTPUT")}
    sources.update({key: from_input(name) for name, _, _, key in REFERENCES})
    child(model, "diachi:validatepoints", "validate", "Validate the commune's points", sources,
          {"findings": ("OUTPUT", "Findings")}, 420, 260,
          static={"SNAP_MAX_DISTANCE": 30.0, "SNAP_MAX_DISTANCE_FAR": 100.0,
                  "SNAP_MIN_MOVE": 1.0})
    child(model, "qgis:statisticsbycategories", "summary", "Findings per check",
          {"INPUT": from_child("validate", "OUTPUT")},
          {"summary": ("OUTPUT", "Summary: findings per check and severity")}, 420, 400,
          static={"CATEGORIES_FIELD_NAME": ["check", "severity"]})
    return model


def main() -> None:
    app = QgsApplication([], False)
    app.initQgis()
    MODELS.mkdir(parents=True, exist_ok=True)
    for name, model in (("province_qa", province_qa()), ("commune_handover",
                                                          commune_handover())):
        path = MODELS / f"{name}.model3"
        if not model.toFile(str(path)):
            sys.exit(f"could not write {path}")
        print(path)
    app.exitQgis()


if __name__ == "__main__":
    main()
