"""Duplicate detection on the independent labelled set (tests/data/dedupe_eval).

The set was written without looking at the matcher; parameters were chosen on its ``tune``
half. These tests hold the ``report`` half to the targets: pair F1 >= 0.95 and at most
5 % false links in every look-alike class, each half checked as a campaign of its own.
"""
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tools"))
from eval_dedupe import LOOK_ALIKES, evaluate


@pytest.fixture(scope="module")
def report():
    return evaluate("report", baseline=True)


def test_pairs_are_found_with_f1_of_at_least_095(report):
    ours = report["diachi_geo"]
    assert ours["pairs_expected"] > 200
    assert ours["f1"] >= 0.95, ours
    assert ours["f1"] > report["baseline_rule"]["f1"] + 0.2


@pytest.mark.parametrize("look_alike", LOOK_ALIKES + ("neighbours_same_name_part",
                                                      "name_folds_to_generic",
                                                      "different_level_school"))
def test_look_alikes_stay_apart(report, look_alike):
    tally = report["diachi_geo"]["classes"][look_alike]
    assert tally["pairs"] >= 20 and tally["label"] == 0
    assert tally["rate"] <= 0.05, tally


def test_each_kind_of_copy_is_mostly_found(report):
    copies = {c: t for c, t in report["diachi_geo"]["classes"].items() if t["label"] == 1}
    assert len(copies) >= 9
    assert all(t["rate"] >= 0.8 for t in copies.values()), copies
