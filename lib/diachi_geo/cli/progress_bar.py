"""A progress bar on the terminal, redrawn in place under the lines printed above it (as
``tqdm`` draws one); where the output is not a terminal (a log file, a pipe) only the lines
are printed."""
from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO

__all__ = ["ProgressBar"]


class ProgressBar:
    """``print(line)`` prints above the bar; ``update(done, of)`` redraws it; ``close()``
    removes it."""

    def __init__(self, unit: str, stream: TextIO | None = None, *, enabled: bool = True):
        self.unit = unit
        self.stream = stream or sys.stdout
        self.drawn = enabled and self.stream.isatty()
        self.started = time.monotonic()
        self.state: tuple[int, int] | None = None

    def print(self, line: str) -> None:
        """``line`` above the bar."""
        self._clear()
        print(line, file=self.stream, flush=True)
        if self.state is not None:
            self._draw(*self.state)

    def update(self, done: int, of: int) -> None:
        """``done`` of ``of`` finished."""
        self.state = (done, of)
        self._clear()
        self._draw(done, of)

    def close(self) -> None:
        """Remove the bar (the lines printed stay)."""
        self._clear()
        self.state = None

    def text(self, done: int, of: int, width: int) -> str:
        """The bar's line, at most ``width`` characters.

        >>> ProgressBar("parts").text(3, 12, 40)[:23]
        '[####------------] 3/12'
        """
        elapsed = time.monotonic() - self.started
        left = elapsed * (of - done) / done if done else None
        tail = f" {done}/{of} {self.unit} {_duration(elapsed)}" + \
            (f" <{_duration(left)}" if left is not None and done < of else "")
        cells = max(10, min(40, width - len(tail) - 2))
        full = cells * done // max(of, 1)
        return ("[" + "#" * full + "-" * (cells - full) + "]" + tail)[:width]

    def _draw(self, done: int, of: int) -> None:
        if self.drawn:
            width = shutil.get_terminal_size((80, 20)).columns - 1
            self.stream.write(self.text(done, of, width))
            self.stream.flush()

    def _clear(self) -> None:
        if self.drawn and self.state is not None:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()


def _duration(seconds: float) -> str:
    """``seconds`` as m:ss (h:mm:ss from an hour).

    >>> _duration(75.4), _duration(3725)
    ('1:15', '1:02:05')
    """
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else \
        f"{s // 60}:{s % 60:02d}"
