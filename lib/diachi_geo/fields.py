"""Field mapping: which field of the user's data holds the name, category, address...

Defaults follow the design card (``id, name, category, address, commune_code`` for points,
``code, name`` for communes); common Vietnamese field names are recognised too. Users
override any of them with ``--field name=ten_dia_diem`` or a ``[fields]`` table in the
config; mapping a field to nothing (``--field commune_code=``) says the data has none.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from .errors import ConfigError, InputError

__all__ = ["POINT_FIELDS", "COMMUNE_FIELDS", "REQUIRED_POINT_FIELDS", "PERSONAL_FIELDS",
           "resolve_fields",
           "parse_field_options"]

# canonical name -> names tried in order, when the user has not mapped it
POINT_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "ma_diem", "objectid"),
    "name": ("name", "ten", "ten_diem", "ten_dia_diem"),
    "category": ("category", "loai", "phan_loai", "loai_diem"),
    "address": ("address", "dia_chi", "diachi", "dia_chi_chi_tiet"),
    "commune_code": ("commune_code", "ma_xa", "maxa", "ma_dvhc"),
    "commune_name": ("commune_name", "ten_xa", "xa", "ten_phuong_xa", "xa_phuong"),
    "district_code": ("district_code", "ma_huyen", "mahuyen"),
    "province_code": ("province_code", "ma_tinh", "matinh"),
    "digital_code": ("digital_code", "ma_dia_chi_so", "ma_so"),
    "house_number": ("house_number", "so_nha"),
    "collector": ("collector", "nguoi_thu_thap", "collected_by"),
    "collected_at": ("collected_at", "thoi_gian", "timestamp"),
    "photo": ("photo", "anh", "hinh_anh"),
    "owner_name": ("owner_name", "chu_so_huu", "ten_chu"),
    "owner_phone": ("owner_phone", "phone", "sdt", "so_dien_thoai"),
    "owner_email": ("owner_email", "email"),
}
REQUIRED_POINT_FIELDS = ("id", "name", "category", "address", "commune_code")
PERSONAL_FIELDS = ("owner_name", "owner_phone", "owner_email")
"""The owner's personal data: never read unless asked for, never written to findings."""
COMMUNE_FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("code", "commune_code", "ma_xa", "maxa", "ma_dvhc"),
    "name": ("name", "ten", "ten_xa"),
    "province": ("province", "tinh", "ten_tinh"),
    "district_code": ("district_code", "ma_huyen"),
}
REQUIRED_COMMUNE_FIELDS = ("code",)


def parse_field_options(options: Iterable[str]) -> dict[str, str]:
    """Parse ``["name=ten", "commune_code="]`` into a mapping.

    Examples
    --------
    >>> parse_field_options(["name=ten_dia_diem", "commune_code="])
    {'name': 'ten_dia_diem', 'commune_code': ''}
    """
    mapping: dict[str, str] = {}
    for option in options:
        key, sep, value = option.partition("=")
        if not sep or not key.strip():
            raise ConfigError.coded("field_option_form", option=option)
        mapping[key.strip()] = value.strip()
    return mapping


def resolve_fields(available: Iterable[str], *, overrides: Mapping[str, str] | None = None,
                   known: Mapping[str, tuple[str, ...]] = POINT_FIELDS,
                   required: Iterable[str] = REQUIRED_POINT_FIELDS,
                   path: str | None = None, layer: str | None = None) -> dict[str, str]:
    """Map canonical names to the data's field names.

    Matching ignores case. A required field that is not found raises :class:`InputError`
    naming the file, layer and field, listing the fields the data has.

    Examples
    --------
    >>> resolve_fields(["ID", "Ten", "loai", "dia_chi", "ma_xa"])["name"]
    'Ten'
    >>> resolve_fields(["id", "ten", "loai", "dia_chi"], overrides={"commune_code": ""})
    {'id': 'id', 'name': 'ten', 'category': 'loai', 'address': 'dia_chi'}
    """
    overrides = dict(overrides or {})
    unknown = set(overrides) - set(known)
    if unknown:
        raise ConfigError.coded("unknown_canonical_fields", names=sorted(unknown),
                                known=list(known))
    by_lower = {name.lower(): name for name in available}
    mapping: dict[str, str] = {}
    for canonical, candidates in known.items():
        if canonical in overrides:
            wanted = overrides[canonical]
            if not wanted:
                continue
            if wanted.lower() not in by_lower:
                raise InputError.coded("mapped_field_missing", path=path, layer=layer,
                                       field=wanted, wanted=wanted, canonical=canonical,
                                       fields=list(available))
            mapping[canonical] = by_lower[wanted.lower()]
            continue
        # Shapefiles cut field names to 10 characters: commune_code -> commune_co
        for candidate in dict.fromkeys(candidates + tuple(c[:10] for c in candidates)):
            if candidate in by_lower:
                mapping[canonical] = by_lower[candidate]
                break
    for canonical in required:
        if canonical not in mapping and overrides.get(canonical, None) != "":
            raise InputError.coded(
                "required_field_missing" if canonical in ("id", "name") else
                "optional_field_missing", path=path, layer=layer, field=canonical,
                canonical=canonical, looked=list(known[canonical]), fields=list(available))
    return mapping
