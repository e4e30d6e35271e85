"""diachi:validatepoints on a Dask cluster (ENGINE, SCHEDULER): the options are there and
say in words what is missing; the default stays one process."""
import importlib.metadata
import importlib.util

import pytest
from conftest import layer_uri
from qgis.core import QgsApplication, QgsProcessingException


def run(**params):
    import processing

    # sources, not layer objects: a refusal's traceback keeps the frames that hold the
    # parameters, and a QgsVectorLayer left there outlived QGIS at exit, ending the test
    # process in a segmentation fault after every test had passed
    return processing.run("diachi:validatepoints", {"INPUT": layer_uri("points"),
                                                    "OUTPUT": "memory:", **params})


def test_engine_options_default_to_one_process(plugin):
    alg = QgsApplication.processingRegistry().algorithmById("diachi:validatepoints")
    engine = alg.parameterDefinition("ENGINE")
    assert engine.defaultValue() == 0 and len(engine.options()) == 2
    assert alg.parameterDefinition("SCHEDULER").flags() & \
        alg.parameterDefinition("SCHEDULER").FlagOptional


def test_dask_without_a_scheduler_says_how_to_start_one(plugin):
    with pytest.raises(QgsProcessingException, match="dask scheduler"):
        run(ENGINE=1)


def test_dask_missing_or_too_old_in_qgis_says_what_to_install(plugin, monkeypatch):
    if importlib.util.find_spec("distributed") is not None:    # installed: as if too old
        version = importlib.metadata.version
        monkeypatch.setattr(importlib.metadata, "version", lambda name: "2023.12.1"
                            if name == "distributed" else version(name))
    with pytest.raises(QgsProcessingException, match=r"distributed>=2024.*diachi-geo\[dask\]"):
        run(ENGINE=1, SCHEDULER="tcp://127.0.0.1:8786")


def test_on_a_dask_cluster_the_findings_are_the_same(plugin):
    """With Dask in this QGIS: the same findings as one process, from a cluster whose
    workers read the reference layers' files themselves."""
    distributed = pytest.importorskip("distributed")
    layers = {name.upper(): layer_uri(name) for name in
              ("communes", "buildings", "roads", "water", "entrances")}
    one = {(f["key"], f["score"]) for f in run(**layers)["OUTPUT"].getFeatures()}
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=":0")
    try:
        out = run(ENGINE=1, SCHEDULER=cluster.scheduler_address, **layers)["OUTPUT"]
    finally:
        cluster.close()
    assert {(f["key"], f["score"]) for f in out.getFeatures()} == one
    assert len(one) > 600
