"""The real QGIS desktop (``/usr/bin/qgis``, not pytest-qgis's application) under Xvfb at a
laptop's 1366×768, in Vietnamese, with the plugin installed from ``dist/diachi.zip`` into a
fresh profile: an officer's walk through the Review dock (``desktop_walk.py``, run by
``qgis --code``). It opens a session built in another folder, presses N/A/F/R/Z/S/D/Ctrl+Z
with the focus on the map, merges a duplicate group, runs a publish dry run against a local
server and cancels, starts a new project and quits with the session open.

Fails on a Python error in the message log, an action button off the screen, a lock left in
the session, a step that did not do what it should, and text shown in English. With
``DIACHI_UPDATE_DOCS=1`` (``make screenshot``) the walk's screenshot becomes the README's.
"""
from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET
import zipfile

import pytest
from conftest import ROOT, SAMPLE, ZIP, lock_holders
from fixtures import TOKEN, start_wfst, stop

QGIS = shutil.which("qgis") or "/usr/bin/qgis"
XVFB_RUN = shutil.which("xvfb-run")
SCREEN = (1366, 768)
KINDS = ("communes", "buildings", "roads", "water", "entrances")
CONFIRMED = 20
"""Points approved and confirmed before the walk: what the publish dry run finds new."""
QUIT_WITHIN_S = 150
SEPARATE_STEPS = ("reference layers on the map",)
"""Steps with a test of their own."""
WALKER = "cuong"
"""The officer of the walk (a third person: an reviewed, binh confirmed)."""



def office_session(folder: pathlib.Path) -> pathlib.Path:
    """A session built with the CLI in ``folder``, its reference layers given relative to
    it (as an officer types them), CONFIRMED points approved and confirmed."""
    from diachi_geo.session import Session, WorkFilter

    folder.mkdir()
    shutil.copy(SAMPLE, folder / "sample.gpkg")
    refs = [a for k in KINDS for a in (f"--{k}", f"sample.gpkg|layername={k}")]
    subprocess.run([sys.executable, "-m", "diachi_geo", "session", "create",
                    "sample.gpkg|layername=points", *refs, "--out", "session.gpkg"],
                   cwd=folder, check=True, capture_output=True, timeout=120,
                   env={**os.environ, "PYTHONPATH": str(ROOT / "lib")})
    path = folder / "session.gpkg"
    with Session(str(path), "an") as s:
        fids = [int(f) for f in s.worklist(WorkFilter(communes=("15014",)))]
        fids = [f for f in fids if 102 < s.point(f).x < 117.5 and 6 < s.point(f).y < 24]
        for fid in fids[:CONFIRMED]:
            s.approve(fid)
    with Session(str(path), "binh") as s:
        for fid in fids[:CONFIRMED]:
            s.confirm(fid)
    return path


def fresh_profile(root: pathlib.Path, tiles: str) -> pathlib.Path:
    """``root/profiles/walk``: the plugin unzipped into it and enabled, Vietnamese, the
    walker's name and the office's tile URL set, as after a first start."""
    profile = root / "profiles" / "walk"
    (profile / "python" / "plugins").mkdir(parents=True)
    with zipfile.ZipFile(ZIP) as zf:
        zf.extractall(profile / "python" / "plugins")
    (profile / "QGIS").mkdir()
    (profile / "QGIS" / "QGIS3.ini").write_text(
        "[PythonPlugins]\ndiachi=true\n\n"
        "[locale]\noverrideFlag=true\nuserLocale=vi\n\n"
        f"[diachi]\nreview\\user_name={WALKER}\nbasemap\\custom_url={tiles}\n"
        f"basemap\\custom_attribution={ini_text('ảnh vẽ từ dữ liệu mẫu')}\n",
        encoding="ascii")
    return profile


def ini_text(text: str) -> str:
    """``text`` as QSettings writes it in an INI file: other than ASCII as ``\\xNNNN``
    (a hex digit right after one is escaped too, else it would be read as part of it)."""
    out, escaped = [], False
    for char in text:
        escaped = not char.isascii() or (escaped and char in "0123456789abcdefABCDEF")
        out.append(f"\\x{ord(char):04x}" if escaped else char)
    return "".join(out)


def read_report(path: pathlib.Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


# -- Vietnamese throughout --------------------------------------------------------------

WORD = re.compile(r"[^\W\d_]+")


def english_words() -> set[str]:
    """Words of the plugin's English source texts that no Vietnamese translation uses."""
    tree = ET.parse(ROOT / "plugin" / "i18n" / "diachi_vi.ts")
    sources = " ".join(m.findtext("source") or "" for m in tree.iter("message"))
    translations = " ".join(m.findtext("translation") or "" for m in tree.iter("message"))
    shared = {w.lower() for w in WORD.findall(translations)}
    return {w.lower() for w in WORD.findall(sources) if len(w) >= 3 and w.isascii()} - shared


PROSE = {"the", "of", "by", "is", "was", "has", "have", "must", "and", "for", "with",
         "not", "cannot", "another", "merge", "undo", "keeper", "duplicate"}
"""English that a Vietnamese text never holds: little words of sentences (not "to" or "no",
Vietnamese words too), and the words of the audit's actions and reasons (History: "merge",
"keeper 2041", "duplicate of 2041")."""


def untranslated(texts: list[str], vocabulary: set[str]) -> list[str]:
    """The texts that read as English: at least half of their words are English words of
    the plugin (raw field names such as ``address`` count, ``owner_phone`` and file names
    do not), or two English words with one of PROSE among them (an English sentence or
    audit entry inside Vietnamese)."""
    found = []
    for text in texts:
        plain = re.sub(r"<[^>]+>|\S+\.[A-Za-z]{2,5}\b", " ", text)  # markup, file names
        words = [w for w in re.split(r"[^\w]+", plain) if w and "_" not in w]
        words = [w for w in words if WORD.fullmatch(w)]
        english = [w.lower() for w in words if w.isascii() and
                   w.lower() in vocabulary | PROSE]
        if english and (len(english) * 2 >= len(words) or
                        (len(english) >= 2 and PROSE & set(english))):
            found.append(text)
    return sorted(set(found))


# -- the walk ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def desktop() -> str:
    """The QGIS desktop and an X server to run it in, or a skip that says what is missing
    (first: before the tiles and the server are made for nothing)."""
    if XVFB_RUN is None:
        pytest.skip("xvfb-run is missing (make system installs xvfb): the desktop walk needs "
                    "an X server")
    if not os.path.exists(QGIS):
        pytest.skip("the QGIS desktop (qgis) is missing (make system installs it)")
    return QGIS


@pytest.fixture(scope="module")
def walk(desktop, tmp_path_factory, tile_server, wfst_project, plugin_dir) -> dict:
    """The walk, run once for the checks below: its events, QGIS's exit, the session."""
    import diachi  # noqa: F401 - the built plugin puts its library first, as in QGIS

    tmp_path = tmp_path_factory.mktemp("desktop")
    url, server = start_wfst(wfst_project, tmp_path / "service")
    try:
        yield run_walk(tmp_path, tile_server[0], url)
    finally:
        stop([server])


def run_walk(tmp_path: pathlib.Path, tiles: str, service: str) -> dict:
    session = office_session(tmp_path / "office")
    profiles = tmp_path / "publish.toml"
    profiles.write_text(f'[profiles.quocgia]\nurl = "{service}"\nprotocol = "wfst"\n'
                        'type_name = "addresses"\n[profiles.quocgia.auth]\nkind = "bearer"\n'
                        'env = "DIACHI_WALK_TOKEN"\n', encoding="utf-8")
    out = tmp_path / "walk"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"  # QGIS starts in another folder than the session's
    elsewhere.mkdir()
    config = {"session": str(session), "profiles": str(profiles), "out": str(out),
              "report": str(out / "report.jsonl"), "confirmed": CONFIRMED,
              "reason": "không đúng vị trí"}
    (out / "config.json").write_text(json.dumps(config), encoding="utf-8")
    profile_root = tmp_path / "qgis-profiles"
    fresh_profile(profile_root, tiles)
    (tmp_path / "runtime").mkdir(mode=0o700)
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DIACHI_WALK": str(out / "config.json"),
           "DIACHI_WALK_TOKEN": TOKEN, "XDG_RUNTIME_DIR": str(tmp_path / "runtime"),
           # shapely 2 and the other packages the plugin needs, as an officer installs them
           "PYTHONPATH": sysconfig.get_paths()["purelib"], "PYTHONDONTWRITEBYTECODE": "1"}
    command = [XVFB_RUN, "-a", "-s", f"-screen 0 {SCREEN[0]}x{SCREEN[1]}x24", QGIS,
               "--profiles-path", str(profile_root), "--profile", "walk", "--nologo",
               "--noversioncheck", "--code", str(ROOT / "tests" / "qgis" / "desktop_walk.py")]
    with open(out / "qgis.log", "wb") as log:
        process = subprocess.Popen(command, cwd=elsewhere, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        try:
            returncode = process.wait(timeout=QUIT_WITHIN_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # xvfb-run, Xvfb and QGIS: ours only
            process.wait()
            returncode = None
    events = read_report(out / "report.jsonl")
    started = next((e for e in events if e["kind"] == "step"), None)
    assert started is not None, "the walk never started; QGIS said:\n" + \
        (out / "qgis.log").read_text(errors="replace")[-3000:]
    return {"events": events, "returncode": returncode, "session": session, "out": out}


def of_kind(walk: dict, kind: str) -> list[dict]:
    return [e for e in walk["events"] if e["kind"] == kind]


def test_the_walk_runs_to_the_end_in_vietnamese_at_1366x768(walk):
    started = of_kind(walk, "step")[0]
    assert (started["locale"], started["screen"]) == ("vi", list(SCREEN))
    assert walk["returncode"] is not None, f"QGIS did not quit within {QUIT_WITHIN_S} s"
    assert walk["returncode"] == 0, f"QGIS ended with {walk['returncode']}: " + \
        (walk["out"] / "qgis.log").read_text(errors="replace")[-2000:]
    problems = [f"the walk broke: {e['message']}" for e in of_kind(walk, "walk_error")]
    problems += [f"a step waited in vain ({e['at']:.0f} s in)" for e in of_kind(walk, "timeout")]
    problems += [f"step {e['name']} failed: {e}" for e in of_kind(walk, "step")
                 if not e["ok"] and e["name"] not in SEPARATE_STEPS]
    problems += [f"key {e['key']} was pressed with the focus on {e['focus']}"
                 for e in of_kind(walk, "key") if not e["on_map"]]
    problems += [f"an unexpected dialog: {e['title']} {e['texts']}"
                 for e in of_kind(walk, "modal") if not e["expected"]]
    if not of_kind(walk, "quitting"):
        problems.append("the walk did not reach its end")
    assert not problems, "\n".join(problems)
    names = {e["name"] for e in of_kind(walk, "step")}
    assert {"N", "A", "F", "R", "C refused", "Z", "S", "D", "Ctrl+Z", "merge", "publish dry run",
            "publish cancel", "new project", "reopened"} <= names


def test_no_python_error_in_the_message_log(walk):
    errors = [e["message"][-2000:] for e in walk["events"]
              if e["kind"] in ("python_error", "log_error")]
    assert not errors, "\n\n".join(errors)


def test_no_lock_is_left_in_the_session_after_quitting(walk):
    reopened = next(e for e in of_kind(walk, "step") if e["name"] == "reopened")
    assert reopened["locks"], "the walk quits with the session open: it must hold it"
    assert lock_holders(walk["session"]) == []


def test_every_action_button_is_on_the_screen(walk):
    buttons = of_kind(walk, "button")
    assert len(buttons) > 15 and all(b["found"] for b in buttons), buttons
    off = [f"{b['name']} ({b['where']}): {b.get('rect')}, all of it visible: "
           f"{b.get('unclipped')}" for b in buttons if not b["on_screen"]]
    window = of_kind(walk, "window")
    assert not off, (f"{len(off)} off the {SCREEN[0]}×{SCREEN[1]} screen (QGIS window "
                     f"{window[0] if window else '?'}):\n" + "\n".join(off))


def test_reference_layers_load_when_qgis_starts_in_another_folder(walk):
    step = next(e for e in of_kind(walk, "step") if e["name"] == "reference layers on the map")
    assert step["ok"], (f"the session's reference layers {step['references']} did not load "
                        f"with QGIS started elsewhere: only {step['layers']}")


def test_vietnamese_throughout(walk):
    events = walk["events"]
    shown = [t for e in of_kind(walk, "texts") for t in e["texts"]] + \
        [f"{e['title']} {e['text']}" for e in of_kind(walk, "message_bar")] + \
        [t for e in of_kind(walk, "modal") if e["ours"] and e["cls"] != "QFileDialog"
         for t in e["texts"]]  # QGIS's questions and Qt's own file dialog: not the plugin's
    assert len(shown) > 50 and events
    english = untranslated(shown, english_words())
    assert not english, f"{len(english)} texts in English: " + " | ".join(english)


def test_screenshot_shows_the_dock_beside_imagery(walk):
    """The README's picture (``make screenshot`` copies it with DIACHI_UPDATE_DOCS=1)."""
    from qgis.PyQt.QtGui import QColor, QImage

    shot = next(e for e in of_kind(walk, "screenshot"))
    image = QImage(shot["path"])
    assert (image.width(), image.height()) == SCREEN
    x, y, width, height = shot["canvas"]
    height = min(height, SCREEN[1] - y)
    hues = [QColor(image.pixel(px, py)) for px in range(x + 10, x + width - 10, 30)
            for py in range(y + 10, y + height - 10, 30)]
    green = sum(1 for c in hues if 50 <= c.hue() <= 100 and c.saturation() > 40)
    assert green > 0.3 * len(hues), "the map shows no imagery from the local tiles"
    dx, dy, dwidth, _ = shot["dock"]
    dock = [QColor(image.pixel(px, py)).lightness() for px in range(dx + 10, dx + dwidth - 10, 7)
            for py in range(dy + 200, min(dy + 420, SCREEN[1]), 7)]
    assert max(dock) > 200 and min(dock) < 80  # drawn: light background, dark text
    if os.environ.get("DIACHI_UPDATE_DOCS"):
        shutil.copy(shot["path"], ROOT / "docs" / "review-dock.png")


def test_the_english_finder_tells_english_from_vietnamese():
    texts = ["Kiểm tra lại", "Phóng to", "15007 Xã Hoằng Giang", "ctv01", "session.gpkg · an",
             "Các trường sẽ gửi ra khỏi máy: diachi_id, name, category, address",
             "Cancel", "address", "point 3 was reviewed by an; another person must check it",
             "2026-12-01 an merge: Mới → Đã loại bỏ — keeper 2041"]
    assert untranslated(texts, english_words()) == sorted(texts[6:])
