"""Plain-language texts for the library's stable codes, in Vietnamese and English.

The library itself only returns codes and params; the command line uses these texts, and
the plugin's Qt translations start from the same English strings. The texts of coded
errors and of the audit's own notes are in :mod:`diachi_geo.message_codes`.
"""
from __future__ import annotations

import locale
import os

# coded errors and the audit's own notes have their texts beside their codes
from .message_codes import error_text, explain, history_note, history_note_text

__all__ = ["LANGUAGES", "default_language", "check_title", "describe", "evidence_text",
           "note_text", "label", "error_text", "explain", "history_note",
           "history_note_text"]

LANGUAGES = ("vi", "en")

CHECK_TITLES: dict[str, tuple[str, str]] = {
    "invalid_geometry": ("Hình học không hợp lệ", "Invalid geometry"),
    "null_island": ("Tọa độ 0,0 (chưa bắt được GPS)", "At 0,0 (no GPS fix)"),
    "swapped_latlon": ("Đảo ngược kinh độ/vĩ độ", "Latitude/longitude swapped"),
    "outside_country": ("Ngoài lãnh thổ Việt Nam", "Outside Vietnam"),
    "outside_commune": ("Không nằm trong xã/phường đã khai", "Outside its commune"),
    "commune_mismatch": ("Mã xã và tên xã không khớp", "Commune code and name disagree"),
    "stacked": ("Nhiều điểm chồng tại một chỗ", "Stacked on one spot"),
    "duplicate": ("Trùng lặp", "Duplicate"),
    "snap": ("Đề xuất dời về cổng/cửa chính", "Move to main entrance"),
    "far_from_building": ("Xa mọi công trình", "Far from any building"),
    "in_water": ("Nằm dưới nước", "In water"),
    "missing_value": ("Thiếu thông tin", "Missing value"),
    # the address against the map (checks/streets)
    "street_mismatch": ("Đường trong địa chỉ không khớp bản đồ",
                        "Street does not match the map"),
    "hamlet_outlier": ("Xa các điểm cùng thôn/tổ", "Far from the rest of its hamlet"),
    "house_number_out_of_sequence": ("Số nhà sai thứ tự trên đường",
                                     "House number out of sequence"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    "null_geometry": ("Điểm không có tọa độ.", "The point has no geometry."),
    "empty_geometry": ("Điểm có hình học rỗng.", "The point geometry is empty."),
    "not_a_point": ("Đối tượng là {geometry_type}, không phải điểm.",
                    "The feature is a {geometry_type}, not a point."),
    "multipart_point": ("Đối tượng gồm {parts} điểm; mỗi địa chỉ chỉ một điểm.",
                        "The feature has {parts} points; an address has one."),
    "non_finite_coordinates": ("Tọa độ không phải là số hợp lệ.",
                               "The coordinates are not valid numbers."),
    "untransformable_coordinates": ("Không chuyển được tọa độ ({x}, {y}) từ {crs}.",
                                    "The coordinates ({x}, {y}) cannot be transformed from "
                                    "{crs}."),
    "null_island": ("Tọa độ ({lon}, {lat}) ở gần 0,0: điện thoại chưa bắt được GPS.",
                    "Location ({lon}, {lat}) is near 0,0: the phone had no GPS fix."),
    "swapped_latlon": ("Kinh độ và vĩ độ bị đảo; vị trí đề xuất là tọa độ đã đổi chỗ.",
                       "Latitude and longitude are swapped; the suggestion swaps them back."),
    "outside_country": ("Tọa độ ({lon}, {lat}) nằm ngoài lãnh thổ Việt Nam.",
                        "Location ({lon}, {lat}) is outside Vietnam."),
    "outside_commune": ("Khai là xã {declared} nhưng điểm nằm trong xã {found}.",
                        "Declared in commune {declared} but lies in commune {found}."),
    "unknown_commune_code": ("Mã xã {declared} không có trong lớp ranh giới xã.",
                             "Commune code {declared} is not in the communes layer."),
    "outside_commune_old_code": ("Mã xã cũ {declared} nay là {resolved}, nhưng điểm nằm "
                                 "trong xã {found}.", "Old commune code {declared} is now "
                                 "{resolved}, but the point lies in commune {found}."),
    "outside_commune_by_name": ("Không có mã xã dùng được; {resolved_from_text} ghi \"{name}\" "
                                "({resolved}) nhưng điểm nằm trong xã {found}.",
                                "No usable commune code; the {resolved_from_text} says "
                                "\"{name}\" ({resolved}) but the point lies in commune "
                                "{found}."),
    "commune_mismatch": ("Mã xã {declared} ({code_name}) khác với {resolved_from_text} "
                         "\"{name}\" ({resolved}); điểm nằm trong xã {found}.",
                         "Commune code {declared} ({code_name}) disagrees with the "
                         "{resolved_from_text} \"{name}\" ({resolved}); the point lies in "
                         "commune {found}."),
    "stacked": ("{count} điểm khác tên nằm chồng tại một chỗ.",
                "{count} points with different names are stacked on one spot."),
    "missing_value": ("Trường {field} đang để trống.", "The {field} field is empty."),
    "snap": ("Dời {moved_m} m về lối vào: {building_rule_text}, {entrance_rule_text}.",
             "Move {moved_m} m to the entrance: {building_rule_text}, {entrance_rule_text}."),
    "far_from_building": ("Không có công trình nào trong bán kính {radius_m:g} m"
                          "{suggestion_text}. Nhà ở nông thôn có thể chưa được số hóa: hãy "
                          "kiểm tra trên ảnh vệ tinh.",
                          "No building within {radius_m:g} m{suggestion_text}. Rural houses "
                          "may not be mapped yet: check the imagery."),
    "duplicate": ("Có thể trùng với điểm {keeper} (đề xuất giữ điểm đó){levels_text}.",
                  "Probably the same place as point {keeper} (suggested to keep that one)"
                  "{levels_text}."),
    "duplicate_of_registry": ("Đã có trong dữ liệu đã công bố (bản ghi {registry_id}).",
                              "Already published (registry record {registry_id})."),
    "duplicate_keeper": ("Điểm đề xuất giữ lại trong nhóm trùng lặp ({reason_text}).",
                         "The record to keep in its duplicate group ({reason_text})."),
    "in_water": ("Điểm nằm dưới nước ({suggestion_text}).", "The point is in water "
                 "({suggestion_text})."),
    # the address against the map (checks/streets)
    "street_mismatch": ("Địa chỉ ghi đường {street}, nhưng các đường gần điểm là {roads} "
                        "(cách {distance_m} m); đường {street} cách {street_distance_m} m.",
                        "The address names {street}, but the roads near the point are "
                        "{roads} ({distance_m} m away); {street} is {street_distance_m} m "
                        "away."),
    "street_not_on_map": ("Địa chỉ ghi đường {street}, nhưng các đường gần điểm là {roads} "
                          "(cách {distance_m} m) và lớp đường không có đường nào tên này.",
                          "The address names {street}, but the roads near the point are "
                          "{roads} ({distance_m} m away) and no road of the roads layer "
                          "has that name."),
    "hamlet_outlier": ("Điểm cách điểm gần nhất cùng {hamlet} {distance_m} m, trong khi "
                       "các điểm của {hamlet} ({count} điểm) thường cách nhau {typical_m} m.",
                       "The nearest other point of {hamlet} is {distance_m} m away; its "
                       "{count} points are usually {typical_m} m apart."),
    "house_number_out_of_sequence": (
        "Số {number} nằm cạnh số {neighbours} trên đường {street}; vị trí đề xuất: giữa "
        "số {low} và số {high} (cách {shift_m} m).",
        "No. {number} stands next to No. {neighbours} on {street}; suggested: between "
        "No. {low} and No. {high} ({shift_m} m away)."),
    "house_number_out_of_sequence_end": (
        "Số {number} nằm cạnh số {neighbours} trên đường {street}, cách số gần nó nhất "
        "(số {place}) {shift_m} m.",
        "No. {number} stands next to No. {neighbours} on {street}, {shift_m} m from the "
        "nearest number to it (No. {place})."),
}

# words that fill the templates above from stable param values
PARAM_WORDS: dict[str, tuple[str, str]] = {
    "contains": ("công trình chứa điểm", "building containing the point"),
    "nearest": ("công trình gần nhất", "nearest building"),
    "category": ("công trình cùng loại", "building of the same kind"),
    "lot": ("công trình trên thửa chứa điểm", "building whose lot holds the point"),
    "explicit_entrance": ("lối vào đã số hóa", "mapped entrance"),
    "road_facing": ("cạnh hướng ra đường", "side facing the road"),
    "outline": ("điểm gần nhất trên tường ngoài", "nearest point of the outline"),
    "building": ("đề xuất: lối vào công trình gần nhất", "suggested: the nearest building's "
                 "entrance"),
    "bank": ("đề xuất: bờ gần nhất", "suggested: the nearest bank"),
    "none": ("không có bờ hay công trình trong tầm", "no bank or building within reach"),
    "nearest_entrance": ("; đề xuất (độ tin cậy thấp): lối vào của công trình gần nhất",
                         "; suggested (low confidence): the nearest building's entrance"),
    "house_number_entrance": ("; đề xuất (độ tin cậy thấp): lối vào của công trình tại chỗ "
                              "số nhà nằm giữa hai nhà hàng xóm cùng dãy",
                              "; suggested (low confidence): the entrance of the building "
                              "where its house number falls between its street neighbours'"),
    # a far point's candidate: the nearest building no other point stands on (snap/vacant.py)
    "vacant": ("công trình gần nhất chưa có điểm nào", "nearest building no other point "
               "stands on"),
    "vacant_entrance": ("; đề xuất (độ tin cậy thấp): lối vào của công trình gần nhất chưa có "
                        "điểm nào khác", "; suggested (low confidence): the entrance of the "
                        "nearest building no other point stands on"),
    "commune_name": ("cột tên xã", "commune name column"),
    "address": ("địa chỉ", "address"),
    "most_complete": ("đầy đủ thông tin nhất", "the most complete"),
    "most_recent": ("mới nhất", "the most recent"),
    "first": ("bản ghi đầu tiên", "the first record"),
}

# what each comparison level of a duplicate pair says (params.levels), in the order shown
EVIDENCE: dict[str, dict[str, tuple[str, str]]] = {
    "name": {
        "exact": ("cùng tên", "same name"),
        "exact_unmarked": ("cùng tên (một bản gõ không dấu)",
                           "same name (one typed without marks)"),
        "contained": ("tên này nằm trong tên kia", "one name contains the other"),
        "fuzzy": ("tên gần giống (lỗi gõ)", "names differ by a typing slip"),
        "same_tail": ("tên riêng giống nhau, phần chỉ loại khác", "same proper name, "
                      "other words differ"),
        "weak_conflict": ("tên hơi khác", "names partly differ"),
        "tone_conflict": ("tên chỉ khác dấu thanh: có thể là hai nơi",
                          "names differ only in tone marks: may be two places"),
        "number_conflict": ("số trong tên khác nhau", "different numbers in the names"),
        "strong_conflict": ("tên khác nhau", "different names"),
        "different": ("tên không có chữ nào chung", "names share no word"),
    },
    "house_number": {
        "same": ("cùng số nhà", "same house number"),
        "different": ("khác số nhà", "different house numbers"),
        "one_missing": ("một bản thiếu số nhà", "one lacks the house number"),
    },
    "street": {
        "same": ("cùng đường/thôn", "same street or hamlet"),
        "different": ("khác đường/thôn", "different streets or hamlets"),
    },
    "category": {
        "same_category": ("cùng loại", "same category"),
        "same_class": ("cùng nhóm địa điểm", "same kind of place"),
        "plain_kinds": ("khác loại", "different categories"),
        "public_vs_plain": ("một bên là công trình công cộng", "only one is a public place"),
        "class_conflict": ("khác nhóm địa điểm", "different kinds of place"),
    },
    "digital_code": {
        "same": ("cùng mã địa chỉ số", "same digital address code"),
        "different": ("khác mã địa chỉ số", "different digital address codes"),
    },
    "phone": {
        "same": ("cùng số điện thoại", "same phone number"),
        "different": ("khác số điện thoại", "different phone numbers"),
    },
    "distance": {
        "under_3m": ("cách nhau dưới 3 m", "under 3 m apart"),
        "3_to_10m": ("cách nhau 3–10 m", "3–10 m apart"),
        "10_to_20m": ("cách nhau 10–20 m", "10–20 m apart"),
        "20_to_35m": ("cách nhau 20–35 m", "20–35 m apart"),
        "over_35m": ("cách nhau trên 35 m", "over 35 m apart"),
    },
    "collector": {
        "same_soon": ("cùng người thu thập, cách nhau vài phút",
                      "same collector, minutes apart"),
        "same_later": ("cùng người thu thập", "same collector"),
        "different": ("hai người thu thập", "two collectors"),
    },
}


def evidence_text(levels: dict, lang: str) -> str:
    """What agreed and what did not in a duplicate pair, in words; blank values and
    addresses not read are left out.

    Examples
    --------
    >>> evidence_text({"name": "exact_unmarked", "house_number": "one_missing",
    ...                "phone": "one_missing"}, "en")
    'same name (one typed without marks), one lacks the house number'
    """
    words = [_pick(EVIDENCE[c][level], lang) for c in EVIDENCE
             if isinstance(level := levels.get(c), str) and level in EVIDENCE[c]]
    return ", ".join(words)


NOTES: dict[str, tuple[str, str]] = {
    "missing_layer": ("bỏ qua: chưa cung cấp lớp {layer}", "skipped: no {layer} layer given"),
    "missing_field": ("bỏ qua: dữ liệu không có trường {field}",
                      "skipped: the data has no {field} field"),
    "not_available": ("chưa có trong phiên bản này", "not available in this version"),
    "missing_module": ("bỏ qua: chưa cài gói Python {module} (pip install {module})",
                       "skipped: the Python package {module} is not installed "
                       "(pip install {module})"),
    "cancelled": ("đã hủy", "cancelled"),
    "old_codes_converted": ("{count} mã xã cũ (trước 1/7/2025) được đổi sang xã mới theo bảng "
                            "chuyển đổi kèm theo ({partial} thuộc xã bị chia: xét theo vị trí)",
                            "{count} old commune codes (before 1 July 2025) converted to the "
                            "new communes with the bundled table ({partial} of split communes: "
                            "decided by location)"),
    "missing_layer_field": ("bỏ qua: lớp {layer} không có trường {field} (hoặc trường trống)",
                            "skipped: the {layer} layer has no {field} values"),
}

LABELS: dict[str, tuple[str, str]] = {
    "check": ("Kiểm tra", "Check"),
    "severity": ("Mức độ", "Severity"),
    "count": ("Số điểm", "Findings"),
    "error": ("lỗi", "error"),
    "warning": ("cảnh báo", "warning"),
    "info": ("thông tin", "info"),
    "points": ("Số điểm đã đọc", "Points read"),
    "with_findings": ("Điểm có vấn đề", "Points with findings"),
    "total": ("Tổng", "Total"),
    "written": ("Đã ghi", "Written"),
    "notes": ("Ghi chú", "Notes"),
    "metric_crs": ("Hệ tọa độ tính khoảng cách", "Distances computed in"),
    # --engine dask: the run in parts, as it goes
    "dask_start": ("Dask: {workers} tiến trình, chia phần {parted}; bảng theo dõi: {link}",
                   "Dask: {workers} worker(s), parts {parted}; dashboard: {link}"),
    "dask_by_province": ("theo tỉnh", "by province"),
    "dask_tiles": ("{count} ô", "{count} tiles"),
    "dask_part": ("  [{k}/{of}] {name}: {status}, {points} điểm, {findings} vấn đề, "
                  "{seconds} s, bộ nhớ đỉnh {peak} MiB trên {worker}",
                  "  [{k}/{of}] {name}: {status}, {points} points, {findings} findings, "
                  "{seconds} s, peak {peak} MiB on {worker}"),
    "dask_failed": ("  [{k}/{of}] {name}: lỗi ({error})", "  [{k}/{of}] {name}: failed ({error})"),
    "dask_done": ("xong", "done"),
    "dask_parts_unit": ("phần", "parts"),
    "dask_skipped": ("đã có", "skipped"),
    "dask_worker": ("  tiến trình {address}: bộ nhớ đỉnh {peak} MiB (giới hạn {limit} MiB)",
                    "  worker {address}: peak {peak} MiB (limit {limit} MiB)"),
}


def default_language() -> str:
    """``vi`` when the user's locale is Vietnamese, else ``en``."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    current = locale.getlocale()[0] or ""
    return "vi" if current.lower().startswith("vi") else "en"


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "vi" else pair[1]


def check_title(code: str, lang: str) -> str:
    """The short title of a check.

    Examples
    --------
    >>> check_title("swapped_latlon", "vi")
    'Đảo ngược kinh độ/vĩ độ'
    """
    return _pick(CHECK_TITLES.get(code, (code, code)), lang)


def describe(message_code: str, params: dict, lang: str) -> str:
    """A finding in plain words; unknown codes and missing params never raise.

    Examples
    --------
    >>> describe("missing_value", {"field": "address"}, "en")
    'The address field is empty.'
    """
    template = _pick(MESSAGES.get(message_code, (message_code, message_code)), lang)
    words = {f"{key}_text": _pick(PARAM_WORDS[value], lang) for key, value in params.items()
             if isinstance(value, str) and value in PARAM_WORDS}
    words.setdefault("suggestion_text", "")      # a far point with no building in reach
    if message_code == "duplicate":
        evidence = evidence_text(params.get("levels") or {}, lang)
        words["levels_text"] = f": {evidence}" if evidence else ""
    try:
        return template.format(**params, **words)
    except (KeyError, IndexError, ValueError):
        return template


def note_text(code: str, params: dict, lang: str) -> str:
    """The text of a run note (a check skipped, a layer missing) in ``lang``."""
    template = _pick(NOTES.get(params.get("reason", code), (code, code)), lang)
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def label(key: str, lang: str) -> str:
    """The column heading or label ``key`` in ``lang``."""
    return _pick(LABELS.get(key, (key, key)), lang)
