"""What a part reads of the reference layers: the features its points can reach.

- a tile: buildings and entrances within the snap reach of its points' window, roads
  within the road search distance of that, water within the window (pyogrio ``bbox``);
  a tile whose footprints reach beyond its window answers :class:`~.task.Wider`;
- a far part: the features around each of its few, scattered points (a GeoPackage's
  R-tree, then by feature id; another source through a mask);
- a commune group: the roads whole (a street's named roads are merged along all their
  length) and no footprints;
- every part: the communes whole, once per worker (a point may declare its commune by a
  code or a name from anywhere).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyproj
import shapely

from ..crs import transform_xy
from ..io.references import read_communes, read_reference
from ..model import PointSet, ReferenceLayer
from ..source import Source, is_geopackage, parse_source
from .spec import PartSpec
from .tiles import Box, grow

__all__ = ["read_layers", "Wider", "ROAD_CHECKS"]

ROAD_CHECKS = ("street_mismatch", "house_number_out_of_sequence")
"""The commune groups' checks that read the roads."""


@dataclass(frozen=True)
class Wider:
    """A part's answer when its footprints reach beyond its points' window."""

    name: str
    window: Box


def read_layers(spec: PartSpec, points: PointSet) -> dict[str, ReferenceLayer | None] | Wider:
    """The reference features the part's points can reach (see the module docstring)."""
    refs, metric = spec.references, spec.metric_crs
    layers: dict[str, ReferenceLayer | None] = {k: None for k in
                                                ("communes", "buildings", "roads", "water",
                                                 "entrances")}
    if refs.get("communes"):
        # whole: a point may declare its commune by a code or a name from anywhere
        layers["communes"] = _communes(refs["communes"], tuple(sorted(
            spec.commune_fields.items())))
    if not spec.spatial:
        return layers
    reach = grow(spec.window, spec.snap_margin)
    # a far part's few points, scattered: only what lies within reach of each
    spots = shapely.points(*transform_xy(points.x, points.y, points.crs, metric)) \
        if spec.stage == "far" else None

    def read(kind: str, box: Box | None, margin: float = 0.0) -> ReferenceLayer | None:
        if not refs.get(kind):
            return None
        if spots is not None:
            around = spec.snap_margin + margin
            fids = _fids_near(refs[kind], spots, around, metric)
            layer = read_reference(refs[kind], kind=kind, id_field=spec.id_fields.get(kind),
                                   fids=fids, mask=None if fids is not None else
                                   _layer_mask(refs[kind], spots, around, metric))
        else:
            layer = read_reference(refs[kind], kind=kind, id_field=spec.id_fields.get(kind),
                                   bbox=None if box is None else _layer_bbox(refs[kind], box,
                                                                             metric))
        return layer.in_crs(metric)

    if spec.stage == "communes":
        # whole: a street's named roads are merged along all their length
        if any(c in ROAD_CHECKS for c in spec.checks):
            layers["roads"] = read("roads", None)
        return layers

    layers["buildings"] = read("buildings", reach)
    if layers["buildings"] is not None:
        needed = _needed_window(layers["buildings"].geometries, spec.core, spec.snap_margin)
        if needed is not None and not _contains(spec.window, needed):
            return Wider(spec.name, _union(spec.window, needed))
    layers["entrances"] = read("entrances", reach)
    layers["roads"] = read("roads", grow(reach, spec.road_margin), spec.road_margin)
    if spec.stage == "tiles":       # a far part is given which points are in water
        layers["water"] = read("water", spec.window)
    return layers


def _fids_near(source: str, spots: np.ndarray, margin: float, metric: pyproj.CRS
               ) -> np.ndarray | None:
    """The ids of the features whose envelope meets the square of side ``2 * margin``
    around one of the points ``spots`` (metric; the squares a little larger in the layer's
    CRS), from a GeoPackage's R-tree; None for another kind of source."""
    from ..io.rtree import fids_in_boxes

    if not is_geopackage(source):
        return None
    parsed, transformer = _to_layer(source, metric)
    x, y = shapely.get_x(spots), shapely.get_y(spots)
    half = margin * 1.01 + 1.0
    if transformer is None:
        boxes = np.column_stack([x - half, y - half, x + half, y + half])
    else:   # the squares' corners and edge midpoints, each square's envelope there
        steps = np.array([-1.0, 0.0, 1.0]) * half
        dx, dy = (a.ravel() for a in np.meshgrid(steps, steps))
        lon, lat = transformer.transform((x[:, None] + dx).ravel(), (y[:, None] + dy).ravel())
        lon, lat = lon.reshape(len(x), -1), lat.reshape(len(x), -1)
        x0, x1, y0, y1 = lon.min(1), lon.max(1), lat.min(1), lat.max(1)
        pad = np.maximum(x1 - x0, y1 - y0) * 1e-3
        boxes = np.column_stack([x0 - pad, y0 - pad, x1 + pad, y1 + pad])
    return fids_in_boxes(parsed.path, parsed.layer, boxes)


def _layer_mask(source: str, spots: np.ndarray, margin: float, metric: pyproj.CRS) -> object:
    """The squares of side ``2 * margin`` around the points ``spots`` (metric), as one
    geometry in the layer's CRS, a little larger (their edges are curved there)."""
    _, transformer = _to_layer(source, metric)
    area = shapely.union_all(shapely.buffer(spots, margin * 1.01 + 1.0, cap_style="square"))
    if transformer is None:
        return area
    return shapely.transform(shapely.segmentize(area, 50.0),
                             lambda c: np.column_stack(transformer.transform(c[:, 0], c[:, 1])))


def _needed_window(buildings: np.ndarray, core: Box, margin: float) -> Box | None:
    """The snap radius around every footprint within the snap radius of ``core``."""
    near = shapely.intersects(buildings, shapely.box(*grow(core, margin)))
    bounds = shapely.bounds(buildings[near])
    bounds = bounds[np.isfinite(bounds).all(axis=1)]
    if not len(bounds):
        return None
    return grow((float(bounds[:, 0].min()), float(bounds[:, 1].min()),
                  float(bounds[:, 2].max()), float(bounds[:, 3].max())), margin)


def _contains(outer: Box, inner: Box) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and outer[2] >= inner[2] and \
        outer[3] >= inner[3]


def _union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _layer_bbox(source: str, box: Box, metric: pyproj.CRS) -> Box:
    """``box`` (metric) in the layer's CRS, a little larger (its edges are curved there)."""
    _, transformer = _to_layer(source, metric)
    if transformer is None:
        return box
    x0, y0, x1, y1 = transformer.transform_bounds(*box, densify_pts=21)
    pad = max(x1 - x0, y1 - y0) * 1e-3
    return (x0 - pad, y0 - pad, x1 + pad, y1 + pad)


def _to_layer(source: str, metric: pyproj.CRS) -> tuple[Source, pyproj.Transformer | None]:
    """The layer ``source`` names, and the transformer from ``metric`` to its CRS (None
    when the layer has none: taken to be in ``metric``)."""
    import pyogrio

    parsed = parse_source(source)
    crs = pyogrio.read_info(parsed.path, layer=parsed.layer)["crs"]
    if crs is None:
        return parsed, None
    return parsed, pyproj.Transformer.from_crs(metric, pyproj.CRS(crs), always_xy=True)


@lru_cache(maxsize=4)
def _communes(source: str, fields: tuple[tuple[str, str], ...]) -> ReferenceLayer:
    """The whole communes layer, read once per worker."""
    return read_communes(source, fields=dict(fields))
