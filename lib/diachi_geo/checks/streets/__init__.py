"""The address against the map: its street among the roads near the point
(``street_mismatch``), its hamlet among the other points of that hamlet
(``hamlet_outlier``) and its house number among its neighbours' on the street
(``house_number_out_of_sequence``).

Modules: :mod:`.names` (street names and when two are one), :mod:`.parse` (the addresses
read once per run), :mod:`.roads` (the named roads), one module per check, and
:mod:`.expected` (where a far point's house number places it: its far candidate for
``far_from_building``).
"""
from .hamlets import check_hamlet_outlier
from .mismatch import check_street_mismatch
from .numbers import check_house_number_sequence

__all__ = ["check_street_mismatch", "check_hamlet_outlier", "check_house_number_sequence"]
