"""Snapping collected points to their building's main entrance.

The national rule puts an address point at the object's main gate or door. For every point
this package chooses a building (the footprint containing it, else the nearest within
``max_distance``, preferring a building of the point's kind: a school point takes the
school over a house a little closer) and then an entrance on it, in this order:

1. ``explicit_entrance``: a mapped entrance point on the building (``entrance=main`` first);
2. ``road_facing``: on the outline edge facing the nearest road, the middle of that edge or
   the edge point nearest to the road, whichever is closer to the collected point;
3. ``outline``: the outline point nearest to the collected point, never on a wall shared
   with a neighbouring building (row houses get their street side).

All work is in metres, vectorised over arrays with shapely 2; only the rare cases (explicit
entrances, several points on one building) loop in Python.

Modules: :mod:`.buildings` (footprints repaired and indexed, the building of each point,
lots), :mod:`.roads` (the shared road index), :mod:`.entrances` (the entrance rules),
:mod:`.propose` (the orchestrator over threads), :mod:`.far` (a low-confidence candidate for
points beyond reach), :mod:`.vacant` (for those, the nearest building no other point stands
on) and :mod:`.geometry` (plain-array helpers).
"""
from .buildings import BuildingIndex, prepare_buildings
from .entrances import RULE_SCORES
from .far import expected_candidates, far_candidates
from .geometry import morton_order
from .propose import Snap, road_index_for, snap_to_entrances
from .vacant import occupied_buildings, vacant_candidates

__all__ = ["BuildingIndex", "Snap", "prepare_buildings", "snap_to_entrances", "morton_order",
           "RULE_SCORES", "far_candidates", "expected_candidates", "road_index_for",
           "occupied_buildings", "vacant_candidates"]
