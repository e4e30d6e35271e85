"""What the checks share: the points in WGS 84 and in metres, the reference layers, and the
masks that decide which points later checks may trust."""
from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

import numpy as np
import shapely
from pyproj import CRS

from ..categories import place_classes
from ..config import CheckParams, DuplicateParams
from ..country import in_vietnam
from ..crs import WGS84, transform_xy
from ..model import PointSet, ReferenceLayer
from ..parallel import query_in_threads
from ..snap import (
    BuildingIndex,
    Snap,
    far_candidates,
    occupied_buildings,
    prepare_buildings,
    road_index_for,
    snap_to_entrances,
    vacant_candidates,
)
from .commune_names import CommuneResolution, resolve_communes

__all__ = ["Context", "classes_of", "SHARED_BY", "unused_after"]


SHARED_BY: dict[tuple[str, ...], tuple[str, ...]] = {
    ("commune_resolution",): ("outside_commune", "commune_mismatch"),
    ("building_index", "snap_options", "snap", "far_snap"):
        ("snap", "far_from_building", "in_water"),
    # the later checks make the few points they need (:meth:`Context.metric_points_at`)
    ("metric_points",): ("outside_commune", "commune_mismatch", "stacked", "duplicate"),
}
"""The large derived values and the checks that use them: a run that keeps no context
(the command line) lets each go after the last of its checks (:func:`unused_after`)."""


def unused_after(later: Iterable[str]) -> list[str]:
    """The derived values of :data:`SHARED_BY` that none of the checks ``later`` uses.

    Examples
    --------
    >>> unused_after(["duplicate", "in_water", "street_mismatch"])
    ['commune_resolution']
    """
    later = set(later)
    return [name for names, users in SHARED_BY.items() if not later & set(users)
            for name in names]


class Context:
    """Inputs of one validation run, with derived arrays computed once on first use."""

    def __init__(self, points: PointSet, *, communes: ReferenceLayer | None = None,
                 buildings: ReferenceLayer | None = None, roads: ReferenceLayer | None = None,
                 water: ReferenceLayer | None = None, entrances: ReferenceLayer | None = None,
                 params: CheckParams | None = None, metric_crs: CRS | None = None,
                 duplicate_params: DuplicateParams | None = None, registry: PointSet | None = None):
        self.points = points
        self.layers = {"communes": communes, "buildings": buildings, "roads": roads,
                       "water": water, "entrances": entrances}
        self.params = params or CheckParams()
        self.duplicate_params = duplicate_params or DuplicateParams()
        self.registry = registry
        self._metric_crs = metric_crs
        self.run_notes: list[tuple[str, str, dict]] = []
        """(check, note code, params) the checks add for the run's notes."""
        # worked out over all the points by a run in parts (diachi_geo.engine): a part
        # holding some of them is given these instead of what its points alone would say
        self.old_era: bool | None = None
        """Whether the data carries old commune codes (see :mod:`.commune_names`)."""
        self.occupied_ids: set[str] | None = None
        """Ids (as text) of the buildings a point stands on (see
        :func:`~diachi_geo.snap.vacant.occupied_buildings`)."""
        self.expected_far: tuple[np.ndarray, ...] | None = None
        """Far points' expected positions and their street neighbours' numbers (see
        :func:`.streets.expected.expected_numbers`)."""

    def release(self, names: Iterable[str]) -> bool:
        """Forget the derived values ``names`` (computed again if asked for later); whether
        any was held."""
        held = False
        for name in names:
            held = self.__dict__.pop(name, None) is not None or held
        return held

    def has(self, layer: str) -> bool:
        """Whether the reference layer ``layer`` was given."""
        return self.layers.get(layer) is not None

    @cached_property
    def lonlat(self) -> tuple[np.ndarray, np.ndarray]:
        """WGS 84 longitude and latitude of every point (NaN where there is none)."""
        return self.points.lonlat()

    @cached_property
    def geometry_ok(self) -> np.ndarray:
        """Points with a usable, transformable coordinate."""
        return self.points.usable()

    @cached_property
    def null_island(self) -> np.ndarray:
        """Usable points within the tolerance of 0,0 (a GPS that had no fix)."""
        lon, lat = self.lonlat
        tol = self.params.null_island_tolerance_deg
        return self.geometry_ok & (np.abs(lon) <= tol) & (np.abs(lat) <= tol)

    @cached_property
    def in_country(self) -> np.ndarray:
        """Usable points inside Vietnam's outline."""
        lon, lat = self.lonlat
        return self.geometry_ok & in_vietnam(lon, lat)

    @cached_property
    def swapped_lonlat(self) -> tuple[np.ndarray, np.ndarray]:
        """WGS 84 coordinates of each point with its x and y exchanged."""
        return transform_xy(self.points.y, self.points.x, self.points.crs, WGS84)

    @cached_property
    def swapped(self) -> np.ndarray:
        """Outside the country as given, inside it (and its commune, when known) swapped."""
        candidate = self.geometry_ok & ~self.null_island & ~self.in_country
        sx, sy = self.swapped_lonlat
        result = candidate & np.isfinite(sx) & np.isfinite(sy)
        result[result] = in_vietnam(sx[result], sy[result])
        if self.has("communes") and result.any():
            index = np.flatnonzero(result)
            declared = self.declared_commune[index]
            known = declared >= 0
            mx, my = transform_xy(sx[index[known]], sy[index[known]], WGS84, self.metric_crs)
            inside = shapely.dwithin(self.commune_polygons[declared[known]], shapely.points(mx, my),
                                     self.params.commune_border_tolerance_m)
            result[index[known][~inside]] = False
        return result

    @cached_property
    def located(self) -> np.ndarray:
        """Points whose location is plausible: usable, not at 0,0, in Vietnam."""
        return self.geometry_ok & ~self.null_island & self.in_country

    @cached_property
    def metric_crs(self) -> CRS:
        """The metric CRS given, else the UTM zone that holds most located points."""
        if self._metric_crs is None:
            self._metric_crs = self.points.metric_crs()
        return self._metric_crs

    @cached_property
    def metric_xy(self) -> tuple[np.ndarray, np.ndarray]:
        """Coordinates in metres of the located points (NaN elsewhere)."""
        x = np.full(len(self.points), np.nan)
        y = np.full(len(self.points), np.nan)
        ok = self.located
        x[ok], y[ok] = transform_xy(self.points.x[ok], self.points.y[ok], self.points.crs,
                                    self.metric_crs)
        return x, y

    @cached_property
    def metric_points(self) -> np.ndarray:
        """Shapely points in metres (None where not located)."""
        x, y = self.metric_xy
        geoms = np.full(len(self.points), None, dtype=object)
        ok = self.located
        geoms[ok] = shapely.points(x[ok], y[ok])
        return geoms

    def metric_points_at(self, index: np.ndarray) -> np.ndarray:
        """Shapely points in metres of the located points at ``index``: taken from
        :attr:`metric_points` while it is kept, else made for them alone."""
        if "metric_points" in self.__dict__:
            return self.metric_points[index]
        x, y = self.metric_xy
        return shapely.points(x[index], y[index])

    def to_wgs84(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Metric coordinates back to longitude/latitude."""
        return transform_xy(x, y, self.metric_crs, WGS84)

    # communes -------------------------------------------------------------------------
    @cached_property
    def commune_polygons(self) -> np.ndarray:
        """Commune polygons in the metric CRS, made valid and prepared."""
        polygons = shapely.make_valid(self.layers["communes"].to_crs(self.metric_crs))
        shapely.prepare(polygons)
        return polygons

    @cached_property
    def commune_codes(self) -> np.ndarray:
        """The code of each commune polygon."""
        return self.layers["communes"].attributes["code"]

    @cached_property
    def declared_commune(self) -> np.ndarray:
        """Index of each point's declared commune polygon; -1 when blank, -2 when unknown."""
        codes = self.points.attribute("commune_code")
        if codes is None:
            return np.full(len(self.points), -1)
        lookup = {code: i for i, code in enumerate(self.commune_codes)}
        return np.array([lookup.get(c, -2) if c else -1 for c in codes], dtype=np.int64)

    @cached_property
    def commune_resolution(self) -> CommuneResolution:
        """The commune(s) each point declares by code, old code or name (see
        :mod:`.commune_names`)."""
        get = self.layers["communes"].attributes.get
        return resolve_communes(self.points, self.commune_codes, get("name"), get("province"),
                                declared=self.declared_commune, old_era=self.old_era)

    @cached_property
    def containing_commune(self) -> np.ndarray:
        """Index of the commune polygon each located point lies in, -1 when none."""
        result = np.full(len(self.points), -1)
        ok = np.flatnonzero(self.located)
        if len(ok):
            point_pos, commune = query_in_threads(shapely.STRtree(self.commune_polygons),
                                                  self.metric_points[ok],
                                                  predicate="intersects")
            # a point on a shared border matches two communes: keep the declared one
            declared = self.declared_commune[ok[point_pos]]
            order = np.lexsort((declared != commune, point_pos))
            first = np.unique(point_pos[order], return_index=True)[1]
            result[ok[point_pos[order][first]]] = commune[order][first]
        return result

    # buildings, entrances, roads, water -------------------------------------------------
    def _metric(self, layer: str) -> np.ndarray | None:
        return self.layers[layer].to_crs(self.metric_crs) if self.has(layer) else None

    @cached_property
    def building_index(self) -> BuildingIndex:
        """Building footprints in metres, repaired and indexed, with their place classes."""
        layer = self.layers["buildings"]
        get = layer.attributes.get
        classes = place_classes(get("building"), get("amenity")) if (
            get("building") is not None or get("amenity") is not None) else \
            np.full(len(layer), None, dtype=object)
        if get("name") is not None:
            by_name = place_classes(get("name"), leading=True)
            classes = np.where(classes == None, by_name, classes)  # noqa: E711 - elementwise
        return prepare_buildings(self._metric("buildings"), classes=classes)

    @cached_property
    def point_classes(self) -> np.ndarray:
        """The place class (school, shop...) of each point, see :func:`classes_of`."""
        return classes_of(self.points)

    @cached_property
    def snap_options(self) -> dict:
        """What snapping is given besides the points, the buildings and the reach (the
        layers projected and the roads indexed once, for snapping and for far candidates)."""
        p = self.params
        entrances = self._metric("entrances")
        kinds = self.layers["entrances"].attributes.get("entrance") if entrances is not None \
            else None
        return dict(point_classes=self.point_classes, entrances=entrances,
                    entrance_kinds=kinds, road_index=road_index_for(
                        self._metric("roads"), self.building_index, p.road_search_m),
                    road_names=self.layers["roads"].attributes.get("name")
                    if self.has("roads") else None, addresses=self.points.attribute("address"),
                    category_preference_m=p.category_preference_m,
                    road_search_m=p.road_search_m, min_spacing_m=p.min_spacing_m)

    @cached_property
    def snap(self) -> Snap:
        """Entrance proposals for every located point (see :mod:`diachi_geo.snap`)."""
        x, y = self.metric_xy
        return snap_to_entrances(x, y, self.building_index,
                                 max_distance=self.params.snap_max_distance_m,
                                 **self.snap_options)

    @cached_property
    def far_points(self) -> np.ndarray:
        """The located points, not in water, with no building within
        ``snap_max_distance_m``: those that want a far candidate."""
        return self.located & ~self.in_water & (self.snap.part < 0)

    @cached_property
    def far_snap(self) -> Snap:
        """Low-confidence candidates for the located points, not in water, that found no
        building within ``snap_max_distance_m`` (see :mod:`diachi_geo.snap.far`): the nearest
        building that no other point stands on, else the nearest
        (:mod:`diachi_geo.snap.vacant`, ``snap_far_occupied_m``; 0: the nearest)."""
        x, y = self.metric_xy
        p = self.params
        nearest = far_candidates(x, y, self.far_points, self.building_index,
                                 near_m=p.snap_max_distance_m, far_m=p.snap_max_distance_far_m,
                                 **self.snap_options)
        if p.snap_far_occupied_m <= 0:
            return nearest
        # the nearest building no other point stands on (:mod:`diachi_geo.snap.vacant`)
        if self.occupied_ids is None:
            taken = occupied_buildings(self.snap, len(self.layers["buildings"]),
                                       p.snap_far_occupied_m)
        else:
            ids = np.asarray(self.layers["buildings"].ids).astype(str).tolist()
            taken = np.fromiter((i in self.occupied_ids for i in ids), bool, len(ids))
        return vacant_candidates(x, y, self.far_points, nearest, self.building_index, taken,
                                 near_m=p.snap_max_distance_m, far_m=p.snap_max_distance_far_m,
                                 **self.snap_options)

    @cached_property
    def water_polygons(self) -> np.ndarray:
        """Water polygons in the metric CRS, made valid and prepared."""
        polygons = shapely.make_valid(shapely.force_2d(self._metric("water")))
        shapely.prepare(polygons)
        return polygons

    @cached_property
    def water_of(self) -> np.ndarray:
        """Index of the water polygon each located point lies in, -1 when none."""
        result = np.full(len(self.points), -1)
        if not self.has("water"):
            return result
        ok = np.flatnonzero(self.located)
        polygonal = np.isin(shapely.get_type_id(self.water_polygons), (3, 6, 7))
        tree = shapely.STRtree(np.where(polygonal, self.water_polygons, None))
        pos, water = query_in_threads(tree, self.metric_points_at(ok), predicate="intersects")
        result[ok[pos]] = water
        return result

    @cached_property
    def in_water(self) -> np.ndarray:
        """Points that lie in water."""
        return self.water_of >= 0


def classes_of(points: PointSet) -> np.ndarray:
    """The place class of each point: from its category, else from its name's first words."""
    category, name = points.attribute("category"), points.attribute("name")
    n = len(points)
    by_category = place_classes(category) if category is not None else \
        np.full(n, None, dtype=object)
    by_name = place_classes(name, leading=True) if name is not None else \
        np.full(n, None, dtype=object)
    return np.where(by_category == None, by_name, by_category)  # noqa: E711
