"""What a field package holds: its files, the layer the phone edits, and the form.

Stable codes only (outcomes, field names); the labels the phone shows are given in both
languages here because the package is written once for a person who reads them offline.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PROJECT_FILE", "DATA_FILE", "IMAGERY_FILE", "MANIFEST_FILE", "PHOTOS_DIR",
           "CAMERA_DIR", "VISITS_LAYER", "ENTRANCES_LAYER", "BACKGROUND_KINDS", "OUTCOMES",
           "ANSWER_NAMES", "FormField", "visit_fields", "outcome_label", "layer_title",
           "reason_code", "reason_text"]

PROJECT_FILE = "diachi_field.qgs"
DATA_FILE = "diachi_field.gpkg"
IMAGERY_FILE = "imagery.mbtiles"
MANIFEST_FILE = "manifest.json"
PHOTOS_DIR = "photos"
"""The photos taken when the point was collected, copied in for the visitor to compare."""
CAMERA_DIR = "DCIM"
"""Where QField stores the photos taken in the form (paths relative to the project)."""
VISITS_LAYER = "visits"
ENTRANCES_LAYER = "entrances"
BACKGROUND_KINDS = ("buildings", "roads")

OUTCOMES: dict[str, tuple[str, str]] = {
    "found": ("Tìm thấy, đúng chỗ", "Found, right place"),
    "moved": ("Tìm thấy, ở chỗ khác", "Found elsewhere (moved)"),
    "not_found": ("Không tìm thấy", "Not found"),
    "closed": ("Đã đóng cửa / ngừng hoạt động", "Closed"),
}
"""What the visitor found, code -> (Vietnamese, English) label."""

_TITLES: dict[str, tuple[str, str]] = {
    VISITS_LAYER: ("Điểm cần kiểm tra thực địa", "Points to check in the field"),
    ENTRANCES_LAYER: ("Lối vào đề xuất", "Suggested entrances"),
    "buildings": ("Công trình", "Buildings"),
    "roads": ("Đường", "Roads"),
    "imagery": ("Ảnh nền", "Imagery"),
}

_REASONS: dict[str, tuple[str, str]] = {
    "found": ("kiểm tra thực địa: tìm thấy", "field check: found"),
    "moved": ("kiểm tra thực địa: ở chỗ khác", "field check: found elsewhere"),
    "not_found": ("không tìm thấy ngoài thực địa", "not found in the field"),
    "closed": ("kiểm tra thực địa: đã đóng cửa", "field check: closed"),
}


@dataclass(frozen=True)
class FormField:
    """One field of the visits layer: its name, its label (vi, en), the widget the phone
    shows (``text``, ``multiline``, ``value_map``, ``photo``, ``camera``, ``datetime``)
    and whether the visitor may edit it."""

    name: str
    label: tuple[str, str]
    widget: str = "text"
    editable: bool = False
    default: str | None = None
    """A QGIS expression evaluated when the visitor saves the form."""


_SHOWN = (
    FormField("point_uuid", ("Mã điểm (UUID)", "Point UUID")),
    FormField("point_id", ("Mã điểm", "Point id")),
    FormField("name", ("Tên đã thu thập", "Name as collected")),
    FormField("address", ("Địa chỉ", "Address")),
    FormField("commune_code", ("Mã xã", "Commune code")),
    FormField("findings", ("Vấn đề cần kiểm tra", "What to check"), "multiline"),
    FormField("entrance", ("Lối vào đề xuất", "Suggested entrance"), "multiline"),
    FormField("photo", ("Ảnh đã chụp", "Photo taken"), "photo"),
)
_OWNER = (
    FormField("owner_name", ("Chủ sở hữu", "Owner")),
    FormField("owner_phone", ("Điện thoại", "Phone")),
    FormField("owner_email", ("Thư điện tử", "Email")),
)
_ANSWERS = (
    FormField("outcome", ("Kết quả kiểm tra", "Outcome"), "value_map", True),
    FormField("corrected_name", ("Tên đúng (nếu sai)", "Corrected name (if wrong)"),
              editable=True),
    FormField("house_number", ("Số nhà", "House number"), editable=True),
    FormField("category", ("Loại", "Category"), "value_map", True),
    FormField("note", ("Ghi chú", "Note"), "multiline", True),
    FormField("new_photo", ("Ảnh mới", "New photo"), "camera", True),
    FormField("visited_by", ("Người kiểm tra", "Visited by"), editable=True),
    FormField("visited_at", ("Thời gian kiểm tra", "Visited at"), "datetime", True,
              default="format_date(now(), 'yyyy-MM-ddTHH:mm:ss')"),
)
ANSWER_NAMES = tuple(f.name for f in _ANSWERS)


def visit_fields(*, include_owner: bool = False) -> tuple[FormField, ...]:
    """The fields of the visits layer in form order; the owner's only when asked for.

    >>> [f.name for f in visit_fields() if f.editable][:3]
    ['outcome', 'corrected_name', 'house_number']
    >>> "owner_phone" in [f.name for f in visit_fields()]
    False
    """
    return _SHOWN + (_OWNER if include_owner else ()) + _ANSWERS


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "vi" else pair[1]


def outcome_label(code: str, lang: str) -> str:
    """The words for a visit's outcome code in ``lang``.

    Examples
    --------
    >>> outcome_label("not_found", "vi")
    'Không tìm thấy'
    """
    return _pick(OUTCOMES.get(code, (code, code)), lang)


def layer_title(name: str, lang: str) -> str:
    """The title of a layer of the field project in ``lang``."""
    return _pick(_TITLES.get(name, (name, name)), lang)


def reason_code(outcome: str) -> str:
    """The stable reason a field visit writes to the review table and the audit."""
    return f"field_check:{outcome}"


def reason_text(reason: str | None, lang: str) -> str | None:
    """A stored reason in words: field-check codes translated, anything else as it is.

    >>> reason_text("field_check:not_found", "en"), reason_text("duplicate of 7", "en")
    ('not found in the field', 'duplicate of 7')
    """
    if reason and reason.startswith("field_check:"):
        code = reason.split(":", 1)[1]
        return _pick(_REASONS.get(code, (reason, reason)), lang)
    return reason
