"""``diachi-geo session field-export`` (the needs-field-check points as a QField package)
and ``session field-import`` (the visits back into the session's audit trail)."""
from __future__ import annotations

import argparse

from ..field import field_export, field_import, open_conflicts, outcome_label
from ..messages import LANGUAGES, default_language
from ..session import Session
from .options import Subcommands

__all__ = ["add_parsers", "run"]

TEXTS: dict[str, tuple[str, str]] = {
    "exported": ("{out}: {points} điểm cần kiểm tra thực địa, {photos} ảnh ({photos_missing} "
                 "ảnh không tìm thấy), {buildings} công trình, {roads} đường; ảnh nền "
                 "{imagery_mb} MB; tổng {size_mb} MB. Chép cả thư mục vào điện thoại và mở "
                 "diachi_field.qgs bằng QField.",
                 "{out}: {points} points to check in the field, {photos} photos "
                 "({photos_missing} not found), {buildings} buildings, {roads} roads; imagery "
                 "{imagery_mb} MB; {size_mb} MB in all. Copy the whole folder to the phone and "
                 "open diachi_field.qgs in QField."),
    "left_out": ("{left_out} điểm đang ở gói của người khác nên không gửi lại (dùng --resend).",
                 "{left_out} points are out in someone else's package and were left out "
                 "(--resend sends them again)."),
    "imported": ("{visits} lượt kiểm tra đã ghi nhận, {conflicts} xung đột mới, {already} đã "
                 "nhập trước đó, {unknown} điểm không thuộc gói này.",
                 "{visits} visits recorded, {conflicts} new conflicts, {already} already "
                 "imported, {unknown} not in this package."),
    "conflict": ("Xung đột: điểm {point_id} đã bị sửa trong phiên sau khi gửi đi ({who}, "
                 "{status}); kết quả thực địa: {outcome}. Hãy xem và quyết định.",
                 "Conflict: point {point_id} was changed in the session after it was sent "
                 "({who}, {status}); the field says: {outcome}. Review it and decide."),
}


def _text(key: str, lang: str, **values: object) -> str:
    vi, en = TEXTS[key]
    return (vi if lang == "vi" else en).format(**values)


def add_parsers(actions: Subcommands) -> None:
    """Add ``field-export`` and ``field-import`` to the ``session`` actions."""
    out = actions.add_parser("field-export", help="the points needing a field check as a "
                             "folder QField opens (project, form, offline background)")
    out.add_argument("session", help="a session GeoPackage")
    out.add_argument("--out", required=True, help="a new folder for the package")
    out.add_argument("--commune", action="append", default=[], metavar="CODE",
                     help="only this commune (repeat for several)")
    out.add_argument("--collector", action="append", default=[], metavar="NAME",
                     help="only points collected by NAME (repeat for several)")
    out.add_argument("--assignee", help="who goes to the field; points out with someone "
                     "else are left out")
    out.add_argument("--imagery", metavar="FILE", help="imagery to cut to the area "
                     "(MBTiles; GeoTIFF or GeoPackage raster with GDAL installed)")
    out.add_argument("--include-owner", action="store_true", help="also the owner's name, "
                     "phone and email (personal data: only when the visit needs them)")
    out.add_argument("--resend", action="store_true", help="also points already out with "
                     "someone else")
    out.add_argument("--lang", choices=LANGUAGES, help="language of the phone form "
                     "(default vi)")
    out.add_argument("--user", help="name recorded as the sender")
    back = actions.add_parser("field-import", help="record the visits of a package that "
                              "came back from the field")
    back.add_argument("session", help="the session the package was exported from")
    back.add_argument("package", help="the package folder as it came back from the phone")
    back.add_argument("--user", help="name recorded as the importer")


def run(args: argparse.Namespace) -> int:
    """Run ``field-export`` or ``field-import``; the exit status."""
    lang = default_language()
    with Session(args.session, args.user) as session:
        if args.session_command == "field-export":
            counts = field_export(session, args.out, communes=args.commune,
                                  collectors=args.collector, assignee=args.assignee,
                                  imagery=args.imagery, include_owner=args.include_owner,
                                  lang=args.lang or "vi", resend=args.resend)
            print(_text("exported", lang, out=args.out, **counts))
            if counts["left_out"]:
                print(_text("left_out", lang, **counts))
            return 0
        counts = field_import(session, args.package)
        for point_id, outcome in counts["points"]:
            if outcome != "conflict":
                print(f"{point_id}\t{outcome_label(outcome, lang)}")
        print(_text("imported", lang, **counts))
        for conflict in open_conflicts(args.session):
            here, there = conflict["session_version"], conflict["field_version"]
            who = (here.get("last_change") or {}).get("user", "?")
            print(_text("conflict", lang, point_id=conflict["point_id"], who=who,
                        status=here["status"],
                        outcome=outcome_label(there["outcome"], lang)))
    return 0
