"""What every generated web page needs: JSON safe inside ``<script>``, CSP hashes, packaged files.

The views, the site and the endpoint's query page all embed data and scripts the same way, so
they share these helpers rather than each escaping a little differently.
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                   ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def script_json(value: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>`` or ``&`` can end or open a tag,
    and the two line separators that JavaScript (before ES2019) rejects are escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _SCRIPT_ESCAPES:
        text = text.replace(char, escape)
    return text


def csp_hash(text: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline script or style."""
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'"


@cache
def asset(package: str, name: str) -> str:
    """A text file shipped inside a package (the pages' JavaScript and CSS)."""
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")
