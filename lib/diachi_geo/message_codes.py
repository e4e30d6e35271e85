"""Texts of the library's coded errors and history notes, in Vietnamese and English.

The library raises errors made with :meth:`diachi_geo.errors.DiachiError.coded` (a stable
code and params) and writes notes such as ``keeper 2041`` in the audit; the plugin and
the command line turn them into words here (through :mod:`diachi_geo.messages`).
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from .message_codes_data import DATA_ERRORS

__all__ = ["ERRORS", "HISTORY_NOTES", "STATUS_WORDS", "DERIVED_PARAMS", "error_text",
           "explain", "history_note", "history_note_text", "placeholders", "where_text"]

ERRORS: dict[str, tuple[str, str]] = {
    # -- review sessions: refused actions ----------------------------------------------
    "already_confirmed": (
        "Điểm {point_id} đã được xác nhận; người kiểm tra phải trả lại thì mới sửa được.",
        "point {point_id} is already confirmed; a checker must return it before it can be "
        "changed"),
    "not_checkable": (
        "Điểm {point_id} đang ở trạng thái {status_text}; chỉ điểm đã duyệt, đã sửa hoặc đã "
        "loại mới được xác nhận hay trả lại.",
        "point {point_id} is {status}; only approved, corrected or rejected points can be "
        "confirmed or returned"),
    "same_reviewer": (
        "Điểm {point_id} do {user} duyệt; người khác phải kiểm tra (hai người: một duyệt, "
        "một kiểm tra).",
        "point {point_id} was reviewed by {user}; another person must check it "
        "(maker-checker)"),
    "read_only_held": (
        "Phiên {path} đang mở chỉ để xem ({user} mở trên máy {host} từ {since}); thay đổi "
        "không được lưu. Hãy nhờ người đó đóng phiên rồi mở lại.",
        "the session {path} is open read-only (opened by {user} on {host} since {since}); "
        "changes are not saved. Ask them to close it, then open it again"),
    "read_only": (
        "Phiên {path} đang mở chỉ để xem; thay đổi không được lưu. Hãy mở lại với quyền "
        "ghi tệp.",
        "the session {path} is open read-only; changes are not saved. Open it again with "
        "write access to the file"),
    "not_a_position": ("({x}, {y}) không phải là kinh độ/vĩ độ.",
                       "({x}, {y}) is not a longitude/latitude position"),
    "no_suggestion": ("Điểm {point_id} không có vị trí đề xuất.",
                      "point {point_id} has no suggested location"),
    "reason_for_correction": ("Hãy ghi lý do sửa.", "give a reason for the correction"),
    "field_not_editable": (
        "Điểm {point_id}: không sửa được trường {name} ở đây; chọn một trong {choices}.",
        "point {point_id}: the field {name!r} cannot be corrected here; choose one of "
        "{choices}"),
    "field_not_mapped": (
        "Điểm {point_id}: các điểm của phiên không có trường {name} (không được chọn khi "
        "tạo phiên).",
        "point {point_id}: the session's points have no {name} field (none was mapped when "
        "the session was created)"),
    "value_not_text": ("Điểm {point_id}, trường {name}: hãy nhập chữ, không phải {type}.",
                       "point {point_id}, field {name}: give text, not {type}"),
    "nothing_to_correct": ("Điểm {point_id}: các giá trị này giống hệt giá trị hiện có; "
                           "không có gì để sửa.",
                           "point {point_id}: these values are the ones it has; nothing to "
                           "correct"),
    "reason_to_reject": ("Hãy ghi lý do loại điểm.", "give a reason to reject a point"),
    "reason_to_return": ("Hãy ghi lý do trả lại điểm.", "give a reason to return a point"),
    "no_finding": ("Điểm {point_id} không có kết quả kiểm tra {key}.",
                   "point {point_id} has no finding {key}"),
    "merge_needs_others": ("Hãy chọn ít nhất một điểm khác để gộp vào điểm giữ lại.",
                           "choose at least one other point to merge into the keeper"),
    "no_such_field": ("Các điểm không có trường {name}.", "the points have no field {name!r}"),
    "undo_changed_since": ("Không hoàn tác được: điểm {point_id} đã bị thay đổi sau đó; hãy "
                           "duyệt lại điểm này.",
                           "cannot undo: point {point_id} has been changed since; review it "
                           "again instead"),
    "no_fid": ("Phiên không có điểm với fid {fid}; hãy chọn một điểm trong danh sách.",
               "the session has no point with fid {fid}; choose a point from the worklist"),
    "session_missing": ("{path}: tệp không tồn tại. Cách sửa: chọn một phiên đã có, hoặc "
                        "tạo phiên mới.",
                        "{path}: does not exist. Fix: choose an existing session, or create "
                        "one"),
    "not_a_session": ("{path}: không phải phiên kiểm duyệt diachi. Cách sửa: tạo phiên từ "
                      "các điểm của bạn trước.",
                      "{path}: is not a diachi review session. Fix: create a session from "
                      "your points first"),
    "session_exists": ("Đã có phiên tại {path}; hãy mở phiên đó để duyệt tiếp, hoặc chọn "
                       "tên tệp khác cho phiên mới.",
                       "a session already exists at {path}; open it to resume the review, "
                       "or choose another file name for a new session"),
    # -- the field round trip -----------------------------------------------------------
    "package_folder_used": ("{path} đã có và không phải thư mục trống; gói có thể chứa kết "
                            "quả thực địa: hãy chọn một thư mục mới.",
                            "{path} already exists and is not an empty folder; a package may "
                            "hold field work: choose a new folder"),
    "folder_missing": ("Thư mục {path} không tồn tại; hãy tạo nó trước.",
                       "the folder {path} does not exist; create it first"),
    "no_field_points": (
        "{path}: không có điểm nào cần kiểm tra thực địa{scope_text}{left_out_text}. Cách "
        "sửa: đánh dấu điểm bằng F (cần kiểm tra thực địa) trong bảng Rà soát, hoặc đổi "
        "--commune / --collector.",
        "{path}: has no points needing a field check{scope_text}{left_out_text}. Fix: mark "
        "points with F (needs a field check) in the Review dock, or change --commune / "
        "--collector"),
    "field_points_unplaced": (
        "Các điểm cần kiểm tra thực địa không có vị trí. Cách sửa: dời chúng trong bảng Rà "
        "soát trước khi gửi đi.",
        "the points needing a field check have no location. Fix: move them in the Review "
        "dock before sending them out"),
    "reference_unreadable": (
        "{path}: không đọc được lớp {kind} của phiên (thông báo gốc bằng tiếng Anh của "
        "GDAL: {problem}). Cách sửa: đặt tệp tham chiếu về lại chỗ cũ lúc tạo phiên.",
        "{path}: the {kind} layer of the session cannot be read ({problem}). Fix: put the "
        "reference file back where the session was built from"),
    "not_a_package": (
        "{path}: không phải gói thực địa diachi (không đọc được manifest.json). Cách sửa: "
        "chọn thư mục do 'session field-export' tạo, như khi lấy về từ điện thoại.",
        "{path}: is not a diachi field package (no readable manifest.json). Fix: give the "
        "folder made by 'session field-export', as it came back from the phone"),
    "package_data_missing": (
        "{path}: thiếu {file}. Cách sửa: chép cả thư mục gói từ điện thoại về.",
        "{path}: has no {file}. Fix: copy the whole package folder back from the phone"),
    "package_unreadable": (
        "{path}: không đọc được như một gói thực địa (thông báo gốc bằng tiếng Anh: {problem}). "
        "Cách sửa: chép cả thư mục gói từ điện thoại về.",
        "{path}: cannot be read as a field package ({problem}). Fix: copy the whole package "
        "folder back from the phone"),
    "package_of_another_session": (
        "{path}: gói được tạo từ một phiên khác ({session}). Cách sửa: nhập vào đúng phiên "
        "đã xuất gói.",
        "{path}: was made from another session ({session}). Fix: import it into the session "
        "it was exported from"),
    "package_photo_missing": (
        "{path}: thiếu ảnh {photo}. Cách sửa: chép cả thư mục gói từ điện thoại về, kể cả "
        "DCIM.",
        "{path}: the photo {photo} is missing. Fix: copy the whole package folder back from "
        "the phone, DCIM included"),
    "imagery_missing": ("{path}: tệp không tồn tại. Cách sửa: chọn một tệp ảnh (MBTiles, "
                        "GeoPackage raster hoặc GeoTIFF).",
                        "{path}: does not exist. Fix: give an imagery file (MBTiles, "
                        "GeoPackage raster or GeoTIFF)"),
    "not_mbtiles": ("{path}: không phải tệp MBTiles (thông báo gốc bằng tiếng Anh của "
                    "SQLite: {problem}). Cách sửa: chọn tệp MBTiles, GeoPackage raster "
                    "hoặc GeoTIFF.",
                    "{path}: is not an MBTiles file ({problem}). Fix: give an MBTiles, "
                    "GeoPackage raster or GeoTIFF file"),
    "imagery_no_tiles": ("{path}: không có ô ảnh nào phủ các điểm của gói. Cách sửa: chọn ảnh "
                         "phủ được xã.",
                         "{path}: has no tiles over the points of the package. Fix: give "
                         "imagery that covers the commune"),
    "gdal_missing": ("Cắt ảnh GeoTIFF hay GeoPackage raster cần chương trình gdal_translate "
                     "của GDAL; hãy cài GDAL, hoặc dùng ảnh dạng MBTiles.",
                     "cutting a GeoTIFF or GeoPackage raster needs GDAL's gdal_translate "
                     "program; install GDAL, or give the imagery as MBTiles"),
    "imagery_not_cut": ("{path}: không cắt được theo vùng (thông báo gốc bằng tiếng Anh "
                        "của GDAL: {problem}). Cách sửa: kiểm tra ảnh có phủ xã không.",
                        "{path}: could not be cut to the area: {problem}. Fix: check that the "
                        "imagery covers the commune"),
    # -- publishing -------------------------------------------------------------------
    "tls_unverified": (
        "{where}: không xác minh được chứng chỉ TLS ({problem}); hãy khai tệp CA của dịch "
        "vụ trong cấu hình (ca_bundle), đừng bao giờ tắt việc xác minh.",
        "{where}: the TLS certificate could not be verified ({problem}); give the "
        "service's CA bundle in the profile (ca_bundle), never turn verification off"),
    "credentials_refused": (
        "{where} từ chối thông tin đăng nhập (HTTP {status}): hãy kiểm tra mã truy cập "
        "hoặc mật khẩu, hay xem chúng đã hết hạn chưa.",
        "{where} refused the credentials (HTTP {status}): check the token or password, or "
        "whether it has expired"),
    "service_failed": (
        "{where} lỗi {attempts} lần ({problem}); không gửi thêm gì. Hãy chạy công bố lại "
        "để làm tiếp.",
        "{where} failed {attempts} time(s) ({problem}); nothing more was sent. Run publish "
        "again to resume"),
    "dry_run_failed": (
        "{where} lỗi {attempts} lần ({problem}) khi so sánh với máy chủ; chưa gửi gì cả. "
        "Hãy thử lại khi dịch vụ trả lời.",
        "{where} failed {attempts} time(s) ({problem}) while comparing with the server; "
        "nothing was sent. Try again when the service answers"),
    "cancelled": ("Đã hủy; không gửi thêm gì.", "cancelled; nothing more was sent"),
    "credential_missing": (
        "Thiếu thông tin đăng nhập {kind}: hãy đặt biến môi trường {env} hoặc khai một tệp "
        "mã truy cập chỉ mình bạn đọc được (chmod 600).",
        "the {kind} credential is missing: set the environment variable {env} or give a "
        "token file readable only by you (chmod 600)"),
    "token_file_missing": ("Tệp mã truy cập {path} không tồn tại.",
                           "the token file {path} does not exist"),
    "token_file_open": ("Người khác đọc được tệp mã truy cập {path}; hãy khóa lại bằng lệnh: "
                        "chmod 600 {path}",
                        "the token file {path} can be read by others; make it private with: "
                        "chmod 600 {path}"),
    "profile_protocol": ("Cấu hình {name}: giao thức phải là wfst hoặc ogcapi, không phải "
                         "{protocol}.",
                         "profile {name}: protocol must be wfst or ogcapi, not {protocol!r}"),
    "profile_url": ("Cấu hình {name}: địa chỉ {url} phải bắt đầu bằng https:// và ghi tên "
                    "máy chủ của dịch vụ.",
                    "profile {name}: the url {url!r} must start with https:// and name the "
                    "service's host"),
    "profile_plain_http": (
        "Cấu hình {name}: địa chỉ {url} dùng http không mã hóa; mã truy cập và các điểm sẽ "
        "đi qua mạng dạng rõ. Hãy dùng https://, hoặc đặt allow_insecure_http = true trong "
        "cấu hình nếu mạng này tin cậy được.",
        "profile {name}: the url {url} is plain http; the token and the points would travel "
        "in clear text. Use https://, or set allow_insecure_http = true in the profile if "
        "this network is trusted"),
    "profile_decimals": (
        "Cấu hình {name}: coordinate_decimals phải là số nguyên từ 5 đến 9 (7 là khoảng "
        "1 cm), không phải {value}.",
        "profile {name}: coordinate_decimals must be a whole number from 5 to 9 (7 is about "
        "1 cm), not {value!r}"),
    "profile_no_id": (
        "Cấu hình {name}: bảng ánh xạ trường cần diachi_id, mã định danh cố định giúp công "
        "bố lại không tạo bản trùng.",
        "profile {name}: the field mapping needs diachi_id, the stable identity that keeps "
        "re-publishing from duplicating"),
    "profile_auth_kind": ("Cấu hình {name}: kiểu đăng nhập {kind} không được hỗ trợ.",
                          "profile {name}: unknown auth kind {kind!r}"),
    "no_profiles_file": ("Hãy chọn tệp cấu hình công bố (TOML).",
                         "choose the publish profiles file (TOML)"),
    "profiles_unreadable": ("{path}: không đọc được các cấu hình công bố (thông báo gốc "
                            "bằng tiếng Anh: {problem}).",
                            "{path}: cannot read the publish profiles ({problem})"),
    "no_profiles": ("{path} chưa có cấu hình công bố nào; hãy thêm một mục [profiles.TÊN] "
                    "(xem README).",
                    "{path} has no publish profile; add a [profiles.NAME] section (see the "
                    "README)"),
    "no_profile": ("{path} không có cấu hình {name}; các cấu hình có: {names}.",
                   "{path} has no profile {name!r}; it has: {names}"),
    "secret_in_profile": (
        "{path}, cấu hình {name}: không được ghi bí mật ({key}) trong cấu hình; hãy dùng "
        "auth.env hoặc auth.file.",
        "{path}, profile {name}: a secret ({key}) must not be written in the profile; use "
        "auth.env or auth.file"),
    "profile_invalid": ("{path}, cấu hình {name} có mục không hợp lệ (thông báo gốc bằng "
                        "tiếng Anh của Python: {problem}).",
                        "{path}, profile {name}: {problem}"),
    "read_failed": ("Đọc {target} thất bại: HTTP {status}.",
                    "reading {target} failed: HTTP {status}"),
    "read_back_failed": ("Đọc lại {target}/{server_id} thất bại: HTTP {status}.",
                         "reading back {target}/{server_id} failed: HTTP {status}"),
    "not_gml": ("Đọc {target}: dịch vụ không trả về GML ({body}).",
                "reading {target}: the service did not answer GML ({body})"),
    "read_refused": ("Dịch vụ từ chối cho đọc {target}: {message}",
                     "reading {target} was refused: {message}"),
    "transaction_unreadable": ("Giao dịch trên {target} không nhận được câu trả lời đọc "
                               "được: {body}",
                               "the transaction on {target} got no readable answer: {body}"),
    "transaction_refused": ("Dịch vụ từ chối giao dịch trên {target}: {message}",
                            "the service refused the transaction on {target}: {message}"),
    "item_refused": ("Dịch vụ từ chối {what_text} trong {target}: HTTP {status} {body}",
                     "{what} in {target} was refused: HTTP {status} {body}"),
    "not_on_server": ("{stable_id}: không có trên máy chủ sau khi gửi",
                      "{stable_id}: not on the server after sending"),
    "other_values": ("{stable_id}: máy chủ giữ giá trị khác",
                     "{stable_id}: the server holds other values"),
    "still_on_server": ("{count} đối tượng đã rút vẫn còn trên máy chủ",
                        "{count} withdrawn feature(s) are still on the server"),
    "inserted_fewer": ("Máy chủ chỉ thêm {inserted} trong {count} điểm",
                       "the server inserted {inserted} of {count}"),
    "unaudited_changes": (
        "{path}, lớp points: {count} điểm cần công bố đã bị sửa ngoài phiên kiểm duyệt mà "
        "không ai ghi nhận giá trị: {names}; chưa gửi gì. Cách sửa: sửa chúng bằng Sửa thuộc "
        "tính trong bảng Kiểm duyệt (hoặc 'diachi-geo session edit'), hoặc trả lại giá trị "
        "cũ.",
        "{path}, layer points: {count} point(s) to publish were changed outside the review "
        "and nobody audited their values: {names}; nothing was sent. Fix: correct them with "
        "Edit attributes in the Review dock (or 'diachi-geo session edit'), or put the "
        "values back"),
    **DATA_ERRORS,  # reading points and layers, field mapping, config, CRS, writing
}

STATUS_WORDS: dict[str, tuple[str, str]] = {
    "new": ("mới", "new"), "approved": ("đã duyệt", "approved"),
    "corrected": ("đã sửa", "corrected"), "rejected": ("đã loại", "rejected"),
    "needs_field_check": ("cần kiểm tra thực địa", "needs field check"),
    "confirmed": ("đã xác nhận", "confirmed"), "returned": ("bị trả lại", "returned"),
}

# words filling {what_text} (a request the service refused)
REQUEST_WORDS: dict[str, tuple[str, str]] = {
    "create": ("việc thêm mới", "create"), "replace": ("việc thay thế", "replace"),
    "delete": ("việc xóa", "delete"),
}

HISTORY_NOTES: dict[str, tuple[str, str, str]] = {
    "keeper": (r"keeper (?P<point_id>.+)", "giữ điểm {point_id}", "keeper {point_id}"),
    "duplicate_of": (r"duplicate of (?P<point_id>.+)", "trùng với điểm {point_id}",
                     "duplicate of {point_id}"),
    "undo_of": (r"undo of action (?P<action_id>\d+)", "hoàn tác thao tác {action_id}",
                "undo of action {action_id}"),
}
"""The reasons the library writes itself in the audit: code -> (pattern, vi, en). The
English text is what is stored, so sessions made before stay readable."""


DERIVED_PARAMS: dict[str, str | None] = {
    "status_text": "status", "what_text": "what", "scope_text": "filtered",
    "left_out_text": "left_out", "cause": "cause_code", "at": None}
"""Placeholders filled in words from another param (see :func:`error_text`); ``at`` (where:
file, layer, feature, field) is always filled, empty when the error names no place."""

WHERE_WORDS = {"layer": ("lớp", "layer"), "feature": ("đối tượng", "feature"),
               "field": ("trường", "field")}


def where_text(params: Mapping[str, object], lang: str) -> str:
    """``a.gpkg, layer points, field name: `` from the params ``path``, ``layer``,
    ``feature`` and ``field`` (those given), or ``""``.

    >>> where_text({"path": "a.gpkg", "layer": "points", "field": "ten"}, "vi")
    'a.gpkg, lớp points, trường ten: '
    """
    where = [str(params["path"])] if params.get("path") else []
    for name, pair in WHERE_WORDS.items():
        value = params.get(name)
        if value is not None and (name == "feature" or value):
            where.append(f"{_pick(pair, lang)} {value}")
    return ", ".join(where) + ": " if where else ""


def placeholders(template: str) -> set[str]:
    """The names a template fills, ``{name!r}`` and ``{x:g}`` included.

    >>> sorted(placeholders("point {point_id} is {status!r} at {x:.1f}"))
    ['point_id', 'status', 'x']
    """
    return set(re.findall(r"{(\w+)(?:![rsa])?(?::[^}]*)?}", template))


def _pick(pair: tuple[str, ...], lang: str) -> str:
    return pair[0] if lang == "vi" else pair[1]


def _words(params: Mapping[str, object], lang: str) -> dict[str, object]:
    """Params, with ``status_text``, ``what_text``, ``scope_text`` and ``left_out_text``
    in words."""
    words = dict(params)
    for name, value in params.items():  # names given as a list: "a, b", or "(none)"
        if isinstance(value, (list, tuple)):
            words[name] = ", ".join(map(str, value)) or _pick(("(không có)", "(none)"), lang)
    words["at"] = where_text(params, lang)
    cause = params.get("cause_code")
    if isinstance(cause, str):  # an error of another code, wrapped (a config file's value)
        cause_params = params.get("cause_params")
        text = error_text(cause, cause_params if isinstance(cause_params, Mapping) else {},
                          lang)  # after a colon: "Tham số" -> "tham số", "PROJ" stays
        words["cause"] = text[:1].lower() + text[1:] if text[1:2].islower() else text
    status = params.get("status")
    if isinstance(status, str):
        words["status_text"] = _pick(STATUS_WORDS.get(status, (status, status)), lang)
    what = params.get("what")
    if isinstance(what, str):
        words["what_text"] = _pick(REQUEST_WORDS.get(what, (what, what)), lang)
    if params.get("filtered") is not None:  # a field package: which points were asked for
        words["scope_text"] = _pick((" theo bộ lọc này", " for this filter"), lang) \
            if params["filtered"] else ""
    if params.get("left_out") is not None:
        words["left_out_text"] = _pick((" ({left_out} điểm đang ở chỗ người khác)",
                                        " ({left_out} are out with someone else)"), lang
                                       ).format(**params) if params["left_out"] else ""
    return words


def error_text(code: str, params: Mapping[str, object], lang: str, *,
               strict: bool = False) -> str:
    """The error ``code`` in words; unknown codes and missing params never raise unless
    ``strict`` (the library's own errors must name a known code and all its params).

    Examples
    --------
    >>> error_text("same_reviewer", {"point_id": 7, "user": "an"}, "vi")
    'Điểm 7 do an duyệt; người khác phải kiểm tra (hai người: một duyệt, một kiểm tra).'
    """
    if strict:
        return _pick(ERRORS[code], lang).format(**_words(params, lang))
    template = _pick(ERRORS.get(code, (code, code)), lang)
    try:
        return template.format(**_words(params, lang))
    except (KeyError, IndexError, ValueError):
        return template


def explain(error: BaseException, lang: str) -> str:
    """What went wrong, in ``lang`` for a coded error; other errors as they say it."""
    code = getattr(error, "code", None)
    if code is None:
        return str(error)
    return error_text(code, getattr(error, "params", {}), lang)


def history_note(reason: str | None) -> tuple[str, dict[str, str]] | None:
    """(code, params) of a reason the library wrote in the audit; None for a person's own.

    >>> history_note("duplicate of 2041"), history_note("sign at the gate")
    (('duplicate_of', {'point_id': '2041'}), None)
    """
    for code, (pattern, _, _) in HISTORY_NOTES.items():
        found = re.fullmatch(pattern, reason or "")
        if found:
            return code, found.groupdict()
    return None


def history_note_text(code: str, params: Mapping[str, object], lang: str) -> str:
    """A note of :data:`HISTORY_NOTES` in ``lang``; the stored form is the English one."""
    _, vi, en = HISTORY_NOTES[code]
    return (vi if lang == "vi" else en).format(**params)
