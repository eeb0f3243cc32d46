"""Text shown on a terminal: nothing from the data, a file or a remote store can drive it.

A literal, a YAML value or a store's error page may hold ESC sequences (colours, cursor moves,
window titles, hyperlinks), BEL, a lone carriage return that overwrites the line, or bidi
controls that reorder what is displayed. The command line shows every such character as a
visible ``\\uXXXX`` escape instead: in a JSON string that is the same character, in a table or
CSV it is plain text. Tab and line feed stay.
"""

from __future__ import annotations

import io
import re
from typing import TextIO

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every character that could act on a terminal written as ``\\uXXXX``."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def shortened(text: str, *, lines: int = 5, chars: int = 400) -> str:
    """At most ``lines`` lines and ``chars`` characters of ``text``, printable, marked if cut."""
    kept = text.strip().splitlines()
    cut = len(kept) > lines
    result = "\n".join(line.rstrip() for line in kept[:lines])
    if len(result) > chars:
        result, cut = result[:chars].rstrip(), True
    return printable(result) + (" [...]" if cut else "")


class PrintableStream(io.TextIOBase):
    """A text stream that writes :func:`printable` text to the stream it wraps."""

    def __init__(self, target: TextIO) -> None:
        super().__init__()
        self.target = target

    def write(self, text: str) -> int:
        self.target.write(printable(text))
        return len(text)

    def flush(self) -> None:
        self.target.flush()

    def fileno(self) -> int:
        return self.target.fileno()

    def isatty(self) -> bool:
        return self.target.isatty()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.target, "encoding", "utf-8")
