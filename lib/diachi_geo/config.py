"""Validation settings: check parameters, field mappings and the metric CRS, in one place.

Defaults are in :class:`CheckParams`; a TOML file given with ``--config`` overrides them::

    checks = ["null_island", "outside_commune"]    # optional: which checks run

    [fields]                 # collected points: canonical = "your field"
    name = "ten_dia_diem"

    [commune_fields]
    code = "ma_xa"

    [params]
    commune_border_tolerance_m = 10

    [duplicates]             # see DuplicateParams
    threshold = 0.8

    [crs]
    metric = "vn2000"        # or "utm" (default)
    central_meridian = 105.0
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError
from .tomlcompat import tomllib

__all__ = ["CheckParams", "DuplicateParams", "Config", "load_config"]


@dataclass(frozen=True)
class CheckParams:
    """Thresholds of the checks. Distances in metres unless the name says otherwise."""

    null_island_tolerance_deg: float = 1.0
    """A point within this many degrees of (0, 0) is a phone that had no fix."""
    commune_border_tolerance_m: float = 5.0
    """Points this close outside their declared commune are accepted (border digitising)."""
    stacked_tolerance_m: float = 0.5
    """Points closer than this with different names are 'stacked' on one spot."""
    required_fields: tuple[str, ...] = ("name", "category", "address", "commune_code")
    """Fields whose empty value gives a ``missing_value`` finding."""
    snap_max_distance_m: float = 30.0
    """Buildings farther than this from a point are not candidates for snapping."""
    snap_max_distance_far_m: float = 100.0
    """A point farther than ``snap_max_distance_m`` from every building but within this of
    one gets that building's entrance as a low-confidence suggestion (``far_from_building``)."""
    snap_far_occupied_m: float = 5.0
    """A building another point snaps to from at most this far is taken: a far point's
    candidate is the nearest building within ``snap_max_distance_far_m`` not taken, else
    the nearest (:mod:`diachi_geo.snap.vacant`); 0 turns the preference off."""
    snap_min_move_m: float = 1.0
    """Suggested locations closer than this to the collected point are not reported."""
    snap_warning_move_m: float = 5.0
    """Snaps moving a point farther than this are warnings; shorter ones are info."""
    category_preference_m: float = 10.0
    """A building of the point's kind (school, office...) wins over one this much nearer."""
    road_search_m: float = 60.0
    """The road a building faces is the nearest one within this distance."""
    min_spacing_m: float = 2.0
    """Several points on one building are spread at least this far apart along its outline."""
    water_bank_nudge_m: float = 1.0
    """A point in water with no building near is moved this far onto the bank."""
    # streets, hamlets and house numbers (checks/streets)
    street_search_m: float = 50.0
    """Named roads this near a point are the streets it may stand on (``street_mismatch``)."""
    street_reach_m: float = 100.0
    """A road carrying the address's street this near clears the point, though other named
    roads are nearer (a house set back from its street)."""
    street_lane_reach_m: float = 300.0
    """The same for a house down a lane (ngõ, ngách, hẻm, kiệt) of the street."""
    hamlet_outlier_min_m: float = 500.0
    """A point nearer than this to another point of its hamlet is never a ``hamlet_outlier``."""
    hamlet_min_points: int = 5
    """Hamlets with fewer located points in a commune are not judged."""
    house_sequence_min_points: int = 5
    """Numbered houses one side of a street needs before its order is judged."""
    house_sequence_min_shift_m: float = 30.0
    """A number out of order is reported when its place in the sequence is this far away."""

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float) and not value >= 0:
                raise ConfigError.coded("param_negative", name=f.name, value=value)

    def replace(self, **changes: object) -> CheckParams:
        """A copy with ``changes``; unknown names raise :class:`ConfigError`."""
        known = {f.name: f for f in dataclasses.fields(self)}
        for name, value in changes.items():
            if name not in known:
                raise ConfigError.coded("param_unknown", name=name, known=list(known))
            if isinstance(getattr(self, name), float):
                try:
                    changes[name] = float(value)  # type: ignore[arg-type]
                except (TypeError, ValueError):
                    raise ConfigError.coded("param_not_number", name=name, value=value) from None
            if isinstance(getattr(self, name), tuple):
                changes[name] = tuple(value)  # type: ignore[arg-type]
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class DuplicateParams:
    """Search radii, name-comparison bounds and learning settings of duplicate detection.

    The weights themselves are not here: they are learned from the data being checked (see
    :mod:`diachi_geo.checks.duplicates.scoring`). The defaults below were chosen on the tuning
    half of the independent evaluation set in ``tests/data/dedupe_eval``.
    """

    radius_m: float = 35.0
    """Households and shops farther apart than this are never compared."""
    public_radius_m: float = 80.0
    """The same for schools, offices, clinics, pagodas, markets and post offices."""
    threshold: float = 0.7
    """Pairs whose probability of being one place is this or more are duplicates."""
    contained_below: float = 2.5
    """Names agree ("contained") when the words one of them has and the other lacks are
    common: the rarest of them has an inverse document frequency (-ln of the share of the
    names holding it, in the data checked) under this. "nhà" or "ông" weigh about 1-2, a
    given name 4-6."""
    conflict_above: float = 3.5
    """Names clearly conflict when each has a word of its own weighing more than this."""
    tf_weight: float = 0.5
    """How much the rarity of the shared words moves a name agreement (0: not at all)."""
    tf_cap: float = 3.0
    """The term-frequency adjustment never moves a pair's log-odds by more than this."""
    soon_minutes: float = 30.0
    """The same collector within this many minutes: possibly a double submission."""
    prior_match_rate: float = 0.02
    """Share of duplicates among nearby pairs assumed before looking at the data."""
    prior_pairs: float = 100.0
    """How many duplicate pairs the priors weigh like (non-duplicates: ten times more)."""
    prior_name_pairs: float = 1000.0
    """The same for how names of one place differ: measured on labelled pairs, and hard
    to learn unlabelled (two shops in one building look like copies but for the name)."""
    em_iterations: int = 60
    em_sample: int = 2_000_000
    """Weights are learned on at most this many pairs, drawn at random."""
    em_address_sample: int = 20_000
    """Of which at most this many have their addresses parsed for learning."""

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, (int, float)) or not value >= 0:
                raise ConfigError.coded("duplicate_param_negative", name=f.name, value=value)
        for name in ("threshold", "prior_match_rate"):
            if not 0 < getattr(self, name) < 1:
                raise ConfigError.coded("duplicate_param_range", name=name,
                                        value=getattr(self, name))
        if self.em_iterations < 1 or self.em_sample < 1:
            raise ConfigError.coded("duplicate_em_counts")

    def replace(self, **changes: object) -> DuplicateParams:
        """A copy with ``changes`` applied."""
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Config:
    """Everything a validation run is told, besides its input files."""

    params: CheckParams = field(default_factory=CheckParams)
    duplicate_params: DuplicateParams = field(default_factory=DuplicateParams)
    checks: tuple[str, ...] | None = None
    fields: dict[str, str] = field(default_factory=dict)
    commune_fields: dict[str, str] = field(default_factory=dict)
    metric_crs: str = "utm"
    central_meridian: float | None = None


def load_config(path: str | Path | None) -> Config:
    """Read a TOML config file (see the module docstring); None gives the defaults."""
    if path is None:
        return Config()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError.coded("config_missing", path=str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError.coded("config_not_toml", path=str(path), problem=str(exc)) from None
    allowed = {"checks", "fields", "commune_fields", "params", "duplicates", "crs"}
    unknown = set(data) - allowed
    if unknown:
        raise ConfigError.coded("config_sections", path=str(path), names=sorted(unknown),
                                known=sorted(allowed))
    crs = data.get("crs", {})
    checks = data.get("checks")
    return Config(params=CheckParams().replace(**data.get("params", {})),
                  duplicate_params=_duplicate_params(data.get("duplicates", {}), path),
                  checks=tuple(checks) if checks is not None else None,
                  fields={str(k): str(v) for k, v in data.get("fields", {}).items()},
                  commune_fields={str(k): str(v) for k, v in
                                  data.get("commune_fields", {}).items()},
                  metric_crs=str(crs.get("metric", "utm")),
                  central_meridian=crs.get("central_meridian"))


def _duplicate_params(values: dict, path: str | Path) -> DuplicateParams:
    """The ``[duplicates]`` section: radii, threshold and learning settings."""
    defaults = DuplicateParams()
    changes = {}
    for name, value in values.items():
        if not hasattr(defaults, name):
            known = ", ".join(f.name for f in dataclasses.fields(defaults))
            raise ConfigError.coded("config_duplicate_unknown", path=str(path), name=name,
                                    known=known)
        whole = isinstance(getattr(defaults, name), int)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
                whole and not float(value).is_integer()):
            raise ConfigError.coded("config_duplicate_whole" if whole else
                                    "config_duplicate_number", path=str(path), name=name,
                                    value=value)
        changes[name] = int(value) if whole else float(value)
    try:
        return defaults.replace(**changes)
    except ConfigError as exc:
        raise ConfigError.coded("config_invalid", path=str(path), cause_code=exc.code,
                                cause_params=dict(exc.params)) from None
