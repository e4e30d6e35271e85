"""Processing algorithm diachi:buildreference: a reference GeoPackage for an area from
OpenStreetMap, Google Open Buildings, Microsoft footprints and commune boundaries."""
from __future__ import annotations

from diachi_geo.errors import DiachiError
from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..i18n import explain, tr, translatable
from . import common


class BuildReferenceAlgorithm(common.DiachiAlgorithm):
    NAME = "buildreference"
    TITLE = translatable("Build reference data")
    GROUP = "reference"
    HELP = translatable("Builds one reference GeoPackage (buildings, entrances, roads, water, "
                        "communes) for an area from an OpenStreetMap extract, Google Open "
                        "Buildings CSV and Microsoft building footprints, clipped with a "
                        "margin; overlapping footprints from several sources are merged into "
                        "one.\n\nTạo tệp dữ liệu tham chiếu (công trình, lối vào, đường, mặt "
                        "nước, xã) cho một vùng từ OpenStreetMap và dữ liệu công trình mở.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API names
        self.addParameter(QgsProcessingParameterString(
            "AREA", tr("Area: minlon,minlat,maxlon,maxlat or a commune layer file")))
        for key, title, extension in (
                ("OSM", tr("OpenStreetMap extract (.osm.pbf)"), ""),
                ("BUILDINGS_CSV", tr("Google Open Buildings (.csv, .csv.gz)"), ""),
                ("BUILDINGS_GEOJSONL", tr("Microsoft building footprints (.geojsonl)"), ""),
                ("COMMUNES", tr("Commune boundaries"), "")):
            self.addParameter(QgsProcessingParameterFile(key, title, extension=extension,
                                                         optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            "MIN_CONFIDENCE", tr("Drop machine-learned footprints below this confidence"),
            QgsProcessingParameterNumber.Double, 0.7, minValue=0, maxValue=1))
        self.addParameter(QgsProcessingParameterEnum(
            "PREFER", tr("Of two overlapping footprints keep"),
            options=[tr("the OpenStreetMap one"), tr("the more confident one")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT", tr("Reference GeoPackage"), "GeoPackage (*.gpkg)"))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        # diachi_geo.reference reads its sources with pyogrio, optional in QGIS: the
        # provider loads without it
        from diachi_geo.reference import build_reference_file

        out = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        try:
            counts = build_reference_file(
                out, area=self.parameterAsString(parameters, "AREA", context),
                osm=self.parameterAsFile(parameters, "OSM", context) or None,
                buildings_csv=self.parameterAsFile(parameters, "BUILDINGS_CSV", context) or None,
                buildings_geojsonl=self.parameterAsFile(parameters, "BUILDINGS_GEOJSONL",
                                                        context) or None,
                communes=self.parameterAsFile(parameters, "COMMUNES", context) or None,
                min_confidence=self.parameterAsDouble(parameters, "MIN_CONFIDENCE", context),
                prefer=("osm", "confidence")[self.parameterAsEnum(parameters, "PREFER",
                                                                  context)])
        except DiachiError as exc:
            raise QgsProcessingException(explain(exc)) from exc
        feedback.pushInfo(", ".join(f"{name}: {n}" for name, n in counts.items()))
        return {"OUTPUT": out}
