"""Collection times: one reader for the reports and duplicate detection.

Apps write ISO 8601 ("2026-09-14T08:31:00", "2026-09-14 08:31", with or without a time
zone: "Z", "+07:00"). A time without a zone is Vietnam's local time (UTC+7), so a naive and
an aware record of the same minute agree.
"""
from __future__ import annotations

import datetime as dt
import warnings

import numpy as np

__all__ = ["VIETNAM", "parse_time", "minutes_of", "seconds_of"]

VIETNAM = dt.timezone(dt.timedelta(hours=7))


def parse_time(value: object) -> dt.datetime | None:
    """A collection timestamp as written (time zone kept when given), None when it cannot
    be read.

    Examples
    --------
    >>> parse_time("2026-09-14T08:31:00Z").tzinfo is not None, parse_time("x")
    (True, None)
    """
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def minutes_of(values: np.ndarray) -> np.ndarray:
    """Minutes since 1970 (UTC) of each timestamp, NaN where there is none or it cannot be
    read. Times without a zone are Vietnam's; all at once (numpy) when none has a zone.

    Examples
    --------
    >>> m = minutes_of(np.array(["2026-09-14T08:31", "2026-09-14T01:31:00Z", None, "NaT"],
    ...                         dtype=object))
    >>> bool(m[0] == m[1]), bool(np.isnan(m[2:]).all())
    (True, True)
    >>> bool(minutes_of(np.array(["2026-09-14 08:31"], dtype=object))[0] == m[0])
    True
    """
    return _since_1970(values, "m")


def seconds_of(values: np.ndarray) -> np.ndarray:
    """Seconds since 1970 (UTC) of each timestamp, as :func:`minutes_of` reads them.

    Examples
    --------
    >>> s = seconds_of(np.array(["2026-09-14T08:31:20", "2026-09-14T01:31:50+00:00"],
    ...                         dtype=object))
    >>> float(s[1] - s[0])
    30.0
    """
    return _since_1970(values, "s")


def _since_1970(values: np.ndarray, unit: str) -> np.ndarray:
    text = ["" if v is None or v != v else str(v).strip() for v in np.asarray(
        values, dtype=object).tolist()]
    per_unit = {"m": 60, "s": 1}[unit]
    try:
        # numpy reads "2026-09-14T08:31", "2026-09-14 08:31:05.5" and "" (NaT) in C, and
        # warns at a time zone, which it cannot keep: those go the slow way
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            stamps = np.array(text, dtype=f"datetime64[{unit}]")
    except (ValueError, Warning):
        return np.array([_seconds(t) // per_unit for t in text])
    return np.where(np.isnat(stamps), np.nan, stamps.astype(np.int64) - 7 * 3600 // per_unit)


def _seconds(text: str) -> float:
    when = parse_time(text) if text else None
    if when is None:
        return np.nan
    if when.tzinfo is None:
        when = when.replace(tzinfo=VIETNAM)
    return float(int(when.timestamp()))
