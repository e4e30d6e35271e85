"""Threads and the paused garbage collector: same answers, and the collector comes back."""
import gc
import threading

import numpy as np
import pytest
import shapely
from diachi_geo import parallel
from diachi_geo.gcpause import paused_gc


def test_collector_comes_back_after_a_failed_run():
    with pytest.raises(RuntimeError):
        with paused_gc():
            assert not gc.isenabled()
            raise RuntimeError("a check failed")
    assert gc.isenabled()


def test_overlapping_runs_in_threads_share_one_pause():
    first_inside, second_done = threading.Event(), threading.Event()
    seen = []

    def first():
        with paused_gc():
            first_inside.set()
            second_done.wait(5)
            seen.append(gc.isenabled())     # the other run ended: still paused for this one

    def second():
        first_inside.wait(5)
        with paused_gc():
            pass
        second_done.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == [False] and gc.isenabled()


def test_threaded_query_with_a_radius_per_point_equals_one_query(monkeypatch):
    monkeypatch.setattr(parallel, "MIN_CHUNK", 50)
    rng = np.random.default_rng(5)
    points = shapely.points(rng.uniform(0, 500, 2000), rng.uniform(0, 500, 2000))
    radius = rng.choice([5.0, 20.0], 2000)
    tree = shapely.STRtree(points)
    threaded = parallel.query_in_threads(tree, points, predicate="dwithin", distance=radius,
                                         workers=2)
    assert np.array_equal(threaded, tree.query(points, predicate="dwithin", distance=radius))
    assert parallel.query_in_threads(tree, points[:0], predicate="intersects").shape == (2, 0)
