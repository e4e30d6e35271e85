"""ENGINE and SCHEDULER: validation in parts on an existing Dask cluster, from Processing.

Only an existing cluster (``dask scheduler`` and ``dask worker tcp://HOST:8786``): a local
cluster started from inside QGIS would start QGIS itself as its workers. The points are
read here as for one process; each part reads the reference layers from their files (a
layer that is not a plain file is copied to a GeoPackage first), so the workers need the
same paths. Like every algorithm this runs in a Processing task, off the interface.
"""
from __future__ import annotations

import tempfile

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterString,
)

from ..dependencies import missing_dependencies
from ..i18n import tr
from ..layer_sources import library_source

ENGINE, SCHEDULER = "ENGINE", "SCHEDULER"
DASK = {"distributed": 2024, "pyarrow": 15}
"""What a run on Dask needs in QGIS's Python (and on every worker)."""


def add_engine_parameters(alg) -> None:
    """ENGINE (this computer or a Dask cluster) and SCHEDULER (its address)."""
    alg.addParameter(QgsProcessingParameterEnum(
        ENGINE, tr("Run on"), options=[tr("This computer, one process"),
                                       tr("A Dask cluster (give its scheduler)")],
        defaultValue=0, optional=True))   # optional: models saved before it still run
    alg.addParameter(QgsProcessingParameterString(
        SCHEDULER, tr("Dask scheduler address (tcp://HOST:8786)"), optional=True))


def dask_scheduler(alg, parameters, context) -> str | None:
    """The scheduler to run on, None for this computer; stops in words when the address
    or the packages are missing."""
    if parameters.get(ENGINE) in (None, "") or \
            alg.parameterAsEnum(parameters, ENGINE, context) != 1:
        return None
    scheduler = alg.parameterAsString(parameters, SCHEDULER, context).strip()
    if not scheduler:
        raise QgsProcessingException(tr(
            "Running on a Dask cluster needs the address of its scheduler (tcp://HOST:8786): "
            "start one with 'dask scheduler' and its workers with 'dask worker "
            "tcp://HOST:8786'."))
    missing = missing_dependencies(DASK)
    if missing:
        raise QgsProcessingException(tr(
            "Running on a Dask cluster needs these Python packages in QGIS and on every "
            "worker: {}. Install them (pip install 'diachi-geo[dask]') and restart "
            "QGIS.").format(", ".join(missing)))
    return scheduler


def reference_sources(alg, parameters, context, references) -> dict[str, str]:
    """Kind -> file source of each reference layer given (``references``: the provider's
    (key, kind, geometry) table)."""
    sources = {}
    for key, kind, _ in references:
        if parameters.get(key) in (None, ""):
            continue
        layer = alg.parameterAsVectorLayer(parameters, key, context)
        if layer is None:
            raise QgsProcessingException(alg.invalidSourceError(parameters, key))
        try:
            sources[kind] = library_source(layer)
        except ValueError as exc:
            raise QgsProcessingException(str(exc)) from exc
    return sources


def validate_on_dask(points, sources: dict[str, str], checks, params, scheduler: str,
                     commune_fields: dict[str, str], feedback):
    """The library's partitioned validation on ``scheduler``, each part's end reported."""
    from diachi_geo.engine import validate_partitioned
    from diachi_geo.engine.cluster import connect, dask_executor
    from diachi_geo.errors import DiachiError

    def progress(name: str, summary: dict) -> None:
        ended[0] += 1
        feedback.setProgress(10 + 80 * ended[0] / max(summary.get("of", 1), 1))
        feedback.pushInfo(tr("Part {} of {}: {}").format(ended[0], summary.get("of", "?"),
                                                         name))
        if feedback.isCanceled():
            raise QgsProcessingException(tr("Cancelled."))

    ended = [0]
    try:
        client = connect(scheduler)
        try:
            with tempfile.TemporaryDirectory() as folder:
                return validate_partitioned(
                    points, sources, folder=f"{folder}/parts", checks=checks, params=params,
                    commune_fields=commune_fields, executor=dask_executor(client),
                    progress=progress)
        finally:
            client.close()
    except DiachiError as exc:
        raise QgsProcessingException(str(exc)) from exc
