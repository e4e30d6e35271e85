"""The CLI's progress bar: drawn in place on a terminal, absent from logs."""
from __future__ import annotations

import io

from diachi_geo.cli.progress_bar import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_bar_is_redrawn_under_each_line():
    out = Terminal()
    bar = ProgressBar("parts", out)
    bar.update(0, 4)
    bar.print("  [1/4] a: done")
    bar.update(1, 4)
    bar.close()
    text = out.getvalue()
    assert "  [1/4] a: done\n" in text
    assert "[----------" in text and "1/4 parts" in text and "#" in text
    # each redraw first clears the line it is on; closing leaves a clean line
    assert text.count("\r\x1b[2K") >= 3 and text.endswith("\r\x1b[2K")


def test_in_a_log_only_the_lines():
    out = io.StringIO()
    bar = ProgressBar("parts", out)
    bar.update(0, 2)
    bar.print("  [1/2] a: done")
    bar.update(1, 2)
    bar.close()
    assert out.getvalue() == "  [1/2] a: done\n"


def test_the_bar_fits_the_width_and_counts_down():
    bar = ProgressBar("parts")
    line = bar.text(5, 10, 50)
    assert len(line) <= 50 and line.startswith("[") and " 5/10 parts " in line
    assert "<" in line and "<" not in bar.text(10, 10, 50)
