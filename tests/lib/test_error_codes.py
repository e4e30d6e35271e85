"""Issue 23: the library speaks in stable codes and params; every code it can raise has a
Vietnamese and an English text, found by reading the library's source, not from a list."""
from __future__ import annotations

import ast
import pathlib
import re
import socket
import subprocess
import sys

import pytest
from diachi_geo.errors import ConfigError, DiachiError
from diachi_geo.message_codes import (
    DERIVED_PARAMS,
    ERRORS,
    HISTORY_NOTES,
    STATUS_WORDS,
    error_text,
    explain,
    history_note,
    history_note_text,
    placeholders,
)
from diachi_geo.publish import PublishError, client_for, load_profile, plan
from diachi_geo.publish.http import Http
from diachi_geo.session import Session, SessionError, create_session
from publishing import profile

LIB = pathlib.Path(__file__).resolve().parents[2] / "lib" / "diachi_geo"
VIETNAMESE = re.compile("[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụ"
                        "ừứửữựỳýỷỹỵ]")


def raised_codes() -> dict[str, list[tuple[str, set[str]]]]:
    """code -> (where, keyword params) of every ``SomeError.coded("code", ...)`` call in the
    library's source, and of the problems a publish run reports (``_problem("code", ...)``)."""
    found: dict[str, list[tuple[str, set[str]]]] = {}
    for path in LIB.rglob("*.py"):
        if path.name == "errors.py":  # InputError.coded passes its code on
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and (getattr(node.func, "attr", None) == "coded" or
                                               getattr(node.func, "id", None) == "_problem"):
                first = node.args[0] if node.args else None
                keywords = {k.arg for k in node.keywords}
                if isinstance(node.func, ast.Attribute) and \
                        isinstance(node.func.value, ast.Name) and \
                        node.func.value.id == "InputError" and \
                        isinstance(first, ast.Attribute) and first.attr == "code":
                    continue  # vector.py: a coded InputError re-raised naming its layer
                for code in literal_codes(first, f"{path}:{node.lineno}"):
                    assert None not in keywords or code == "dry_run_failed", \
                        f"{path}:{node.lineno}: name the params"
                    found.setdefault(code, []).append((f"{path.name}:{node.lineno}",
                                                       keywords - {None}))
    return found


def literal_codes(node: ast.expr | None, where: str) -> list[str]:
    """The codes a call names: a literal, or literals chosen by ``a if x else b``."""
    if isinstance(node, ast.IfExp):
        return literal_codes(node.body, where) + literal_codes(node.orelse, where)
    assert isinstance(node, ast.Constant) and isinstance(node.value, str), \
        f"{where}: a literal code"
    return [node.value]


ERROR_CLASSES = {"DiachiError", "InputError", "ConfigError", "OutputError", "SessionError",
                 "PublishError"}


def test_the_library_makes_its_errors_only_with_codes():
    """Any ``InputError("...")`` (or Config/Output/Session/Publish) in the library would be
    English in the Vietnamese UI: errors are made with ``.coded``; only ``errors.py`` builds
    them from text."""
    uncoded = []
    for path in LIB.rglob("*.py"):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                    node.func.id in ERROR_CLASSES:
                uncoded.append(f"{path.relative_to(LIB)}:{node.lineno} {node.func.id}(...)")
    assert uncoded == []


def test_every_code_the_library_raises_has_both_texts_with_its_params():
    raised = raised_codes()
    assert len(raised) > 30  # the session refusals and the publish errors
    for code, sites in raised.items():
        assert code in ERRORS, f"{code} ({sites[0][0]}) has no texts in message_codes"
        vi, en = ERRORS[code]
        for where, keywords in sites:
            if code == "dry_run_failed":  # re-raised with the params of service_failed
                keywords = raised["service_failed"][0][1]
            needed_en = {DERIVED_PARAMS.get(name, name) for name in placeholders(en)} - {None}
            needed_vi = {DERIVED_PARAMS.get(name, name) for name in placeholders(vi)} - {None}
            assert needed_en <= keywords and needed_vi <= keywords, (code, where)


def test_every_text_is_written_in_both_languages():
    assert not set(ERRORS) - set(raised_codes()), "texts for codes nothing raises"
    tables = [("error", code, pair) for code, pair in ERRORS.items()] + \
        [("status", code, pair) for code, pair in STATUS_WORDS.items()] + \
        [("note", code, pair[1:]) for code, pair in HISTORY_NOTES.items()]
    for kind, code, (vi, en) in tables:
        assert vi and en and vi != en, (kind, code)
        assert VIETNAMESE.search(vi), f"{kind} {code}: the Vietnamese text is not Vietnamese"


def test_a_refused_action_carries_its_code_and_speaks_vietnamese(sample, tmp_path):
    path = tmp_path / "s.gpkg"
    create_session(f"{sample}|layername=points", str(path), user="an")
    with Session(str(path), "an") as s:
        fid = next(int(f) for f in s.worklist() if s.point(int(f)).suggestion() is None)
        point_id = s.point(fid).point_id
        with pytest.raises(SessionError) as refused:
            s.accept_suggestion(fid)
        s.approve(fid)
    assert (refused.value.code, dict(refused.value.params)) == ("no_suggestion",
                                                                 {"point_id": point_id})
    assert str(refused.value) == f"point {point_id} has no suggested location"
    assert explain(refused.value, "vi") == f"Điểm {point_id} không có vị trí đề xuất."
    with Session(str(path), "an") as s, pytest.raises(SessionError) as refused:
        s.confirm(fid)
    assert explain(refused.value, "vi").startswith(f"Điểm {point_id} do an duyệt; người khác")
    assert explain(ValueError("plain"), "vi") == "plain"  # not coded: as it says it


def test_the_audits_own_notes_are_codes_and_read_back(sample, tmp_path):
    path = tmp_path / "s.gpkg"
    create_session(f"{sample}|layername=points", str(path), user="an")
    with Session(str(path), "an") as s:
        group = next(g for g in (s.point(int(f)).review["group_id"] for f in s.worklist())
                     if g)
        keeper, *others = s.group(group)
        s.merge(keeper, others)
        s.undo()
        notes = [history_note(row["reason"]) for row in s.history(others[0])]
        kept = s.point(keeper).point_id
        s.merge(keeper, others)
        rejected = history_note(s.point(others[0]).review["reason"])
    assert notes == [("keeper", {"point_id": str(kept)}), ("undo_of", {"action_id": "1"})]
    assert rejected == ("duplicate_of", {"point_id": str(kept)})
    assert history_note_text("duplicate_of", rejected[1], "vi") == f"trùng với điểm {kept}"


def test_no_profiles_file_chosen_is_a_plain_sentence():
    with pytest.raises(ConfigError) as refused:
        load_profile("", "national")
    assert refused.value.code == "no_profiles_file"
    assert str(refused.value) == "choose the publish profiles file (TOML)"
    with pytest.raises(ConfigError) as refused:
        load_profile("/nowhere/publish.toml", "national")
    assert str(refused.value) == ("/nowhere/publish.toml: cannot read the publish profiles "
                                  "(No such file or directory)")


def test_retrying_says_how_long_each_wait_is_and_a_dry_run_says_nothing_was_sent(
        session, monkeypatch):
    monkeypatch.setenv("DIACHI_TEST_TOKEN", "x")
    with socket.socket() as s:  # a port nobody listens on: refused at once
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    prof = profile(f"http://127.0.0.1:{port}/ows/", retries=3)
    heard, slept = [], []
    http = Http(prof, sleep=slept.append, retrying=lambda *told: heard.append(told))
    with pytest.raises(PublishError) as failed:
        plan(session, prof, client_for(prof, http))
    assert [t[:3] for t in heard] == [(2, 4, 1), (3, 4, 2), (3, 4, 1), (4, 4, 4), (4, 4, 3),
                                      (4, 4, 2), (4, 4, 1)]
    assert heard[0][3] == "ConnectionError" and sum(slept) == 7.0
    assert failed.value.code == "dry_run_failed"
    assert "Run publish again" not in str(failed.value)
    assert "nothing was sent" in str(failed.value)
    stopped = Http(prof, sleep=slept.append, cancelled=lambda: True)
    with pytest.raises(PublishError) as cancelled:
        stopped.request("GET", prof.url)
    assert cancelled.value.code == "cancelled"


def test_the_command_line_speaks_the_officers_language(tmp_path):
    env = {"PYTHONPATH": str(LIB.parent), "LANG": "vi_VN.UTF-8", "PATH": "/usr/bin:/bin"}
    missing = tmp_path / "none.gpkg"
    done = subprocess.run([sys.executable, "-m", "diachi_geo", "session", "status",
                           str(missing)], capture_output=True, text=True, env=env)
    assert done.returncode == 2
    assert f"{missing}: tệp không tồn tại" in done.stderr


def test_unknown_codes_are_a_bug_but_never_break_a_message():
    with pytest.raises(KeyError):
        DiachiError.coded("no_such_code")
    assert error_text("no_such_code", {}, "vi") == "no_such_code"


def test_an_input_error_names_file_layer_and_field_and_the_fix_in_both_languages(tmp_path):
    import numpy as np
    import pyogrio.raw
    import shapely
    from diachi_geo.errors import InputError
    from diachi_geo.io.points import read_points

    path = tmp_path / "diem.gpkg"  # points without any id field
    pyogrio.raw.write(str(path), geometry=np.array(
        [shapely.to_wkb(shapely.points(105.8, 21.0))], dtype=object),
        field_data=[np.array(["Nhà văn hóa"], dtype=object)], fields=["ten_dia_diem"],
        crs="EPSG:4326", layer="diem", geometry_type="Point", driver="GPKG")
    with pytest.raises(InputError) as refused:
        read_points(str(path))
    error = refused.value
    assert (error.code, error.path, error.layer, error.field) == (
        "required_field_missing", str(path), "diem", "id")
    assert error.problem == "no field for 'id' (looked for id, ma_diem, objectid)"
    assert error.fix == ("map it with --field id=YOUR_FIELD (fields here: ten_dia_diem)")
    assert str(error) == f"{path}, layer diem, field id: {error.problem}. Fix: {error.fix}"
    assert explain(error, "vi") == (
        f"{path}, lớp diem, trường id: không tìm thấy trường cho 'id' (đã tìm id, ma_diem, "
        "objectid). Cách sửa: gán trường bằng --field id=TRƯỜNG_CỦA_BẠN (các trường hiện có: "
        "ten_dia_diem).")
    assert explain(InputError.coded("file_not_found", path="a.gpkg", feature=0), "vi") == \
        "a.gpkg, đối tượng 0: không tìm thấy tệp. Cách sửa: kiểm tra đường dẫn và tên tệp."


def test_a_config_files_bad_value_says_the_file_and_the_value_in_vietnamese(tmp_path):
    from diachi_geo.config import load_config

    path = tmp_path / "diachi.toml"
    path.write_text("[duplicates]\nthreshold = 2.0\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(str(path))
    assert str(refused.value) == (f"config file {path}: duplicate parameter threshold must be "
                                  "between 0 and 1 (exclusive), not 2.0")
    assert explain(refused.value, "vi") == (
        f"Tệp cấu hình {path}: tham số tìm điểm trùng threshold phải lớn hơn 0 và nhỏ hơn 1, "
        "không phải 2.0.")


def test_the_command_line_says_a_data_error_in_vietnamese(tmp_path):
    env = {"PYTHONPATH": str(LIB.parent), "LANG": "vi_VN.UTF-8", "PATH": "/usr/bin:/bin"}
    missing = tmp_path / "khong_co.gpkg"
    done = subprocess.run([sys.executable, "-m", "diachi_geo", "validate", str(missing),
                           "--out", str(tmp_path / "f.gpkg")], capture_output=True, text=True,
                          env=env)
    assert done.returncode == 2, done.stderr
    assert f"{missing}: không tìm thấy tệp. Cách sửa: kiểm tra đường dẫn" in done.stderr
