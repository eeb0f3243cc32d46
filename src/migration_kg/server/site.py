"""The static site beside the endpoint, and entity IRIs answered by content negotiation.

``serve`` writes the site (``migration-kg site``) into its temporary folder, or serves one given
with ``--site``. A GET on an entity's path (``/person/jorge-bustamante``, the path of its IRI
``https://w3id.org/migration-kg/person/jorge-bustamante``) answers its page for a browser, its
Turtle for ``Accept: text/turtle`` and its JSON-LD for ``application/ld+json`` (``Vary:
Accept``, the file named in ``Content-Location``); ``/dataset`` and ``/.well-known/void``
answer the VoID description. A resource described on another's page (a statement's evidence
``/statement/r/s/evidence/1``) is a 303 See Other to that page's path. Other files of the site
are served as they are. Nothing outside the site's folder can be named: every path segment
must be a plain name, and the resolved file must lie inside the folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migration_kg.server.negotiate import negotiate

ENTITY_TYPES: tuple[tuple[str, str], ...] = (
    ("text/html", ".html"),
    ("application/xhtml+xml", ".html"),
    ("text/turtle", ".ttl"),
    ("application/turtle", ".ttl"),
    ("application/x-turtle", ".ttl"),
    ("application/ld+json", ".jsonld"),
    ("application/json", ".jsonld"),
)
"""Media types an entity's path answers with, the first one by default (a browser)."""
MEDIA_OF_SUFFIX = {
    ".html": "text/html; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".json": "application/json",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
}
DATASET_FORMS = {".html": "index.html", ".ttl": "void.ttl", ".jsonld": "void.jsonld"}
DATASET_PATHS = ("dataset", ".well-known/void")
"""The dataset's IRI and VoID's well-known path: the index for a browser, else its VoID."""
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,200}")


@dataclass(frozen=True)
class Answer:
    """What to send: a status, and a file or a message, with headers."""

    status: int
    file: Path | None = None
    message: str = ""
    headers: dict[str, str] = field(default_factory=dict)


def _inside(site: Path, candidate: Path) -> bool:
    try:
        candidate.resolve().relative_to(site.resolve())
    except ValueError:
        return False
    return True


def _file(site: Path, relative: str) -> Path | None:
    candidate = site / relative
    return candidate if candidate.is_file() and _inside(site, candidate) else None


def answer(site: Path, path: str, accept: str | None) -> Answer:
    """How the site answers a GET on ``path`` (without its leading ``/``) for ``accept``."""
    path = path.strip("/")
    if path in DATASET_PATHS:
        return _negotiated(site, path, accept, DATASET_FORMS)
    segments = path.split("/") if path else []
    if not segments or not all(_SEGMENT.fullmatch(s) for s in segments):
        return Answer(404, message=f"no page at /{path}")
    found = _file(site, path)
    if found is not None:
        return Answer(200, found, headers={"Content-Type": _media(found)})
    if _file(site, path + ".html") is not None:
        return _negotiated(site, path, accept,
                           {suffix: path + suffix for _, suffix in ENTITY_TYPES})
    for cut in range(len(segments) - 1, 0, -1):
        owner = "/".join(segments[:cut])
        if _file(site, owner + ".html") is not None:
            return Answer(303, message=f"/{path} is described on /{owner}",
                          headers={"Location": f"/{owner}", "Vary": "Accept"})
    return Answer(404, message=f"no page at /{path}")


def _negotiated(site: Path, path: str, accept: str | None, forms: dict[str, str]) -> Answer:
    """The form of ``path`` the client prefers, among ``forms`` (suffix -> file)."""
    chosen = negotiate(accept, ENTITY_TYPES)
    if chosen is None:
        offered = ", ".join(dict.fromkeys(m for m, _ in ENTITY_TYPES))
        return Answer(406, message=f"/{path} is available as {offered}\n  fix: accept one "
                                   "of them")
    document = _file(site, forms[chosen[1]])
    if document is None:
        return Answer(404, message=f"/{path} has no {chosen[0]} form")
    return Answer(200, document, headers={"Content-Type": _media(document), "Vary": "Accept",
                                          "Content-Location": "/" + forms[chosen[1]]})


def _media(file: Path) -> str:
    return MEDIA_OF_SUFFIX.get(file.suffix, "application/octet-stream")


def site_routes(site: Path, security_headers: dict[str, str]) -> list[Any]:
    """The route that serves ``site``: every path not taken by the endpoint's own routes."""
    from starlette.requests import Request
    from starlette.responses import FileResponse, PlainTextResponse, Response
    from starlette.routing import Route

    async def handle(request: Request) -> Response:
        found = answer(site, request.path_params.get("path", ""),
                       request.headers.get("accept"))
        headers = {**security_headers, **found.headers}
        if found.file is not None:
            return FileResponse(found.file, headers=headers,
                                media_type=found.headers.get("Content-Type"))
        return PlainTextResponse(found.message + "\n", status_code=found.status,
                                 headers=headers)

    return [Route("/{path:path}", handle, methods=["GET"])]


def checked_site(directory: Path) -> Path:
    """A folder written by ``migration-kg site`` (it has an ``index.html``), else an error."""
    from migration_kg.errors import InputError

    if not (directory / "index.html").is_file():
        raise InputError("not a site written by `migration-kg site` (no index.html)", directory,
                         hint="write one with `migration-kg site --out DIR`, or leave out "
                              "--site to have serve write its own")
    return directory


def site_folder(site: Path | Callable[[Path], object] | None, scratch: Path) -> Path | None:
    """The folder to serve: ``site`` itself, or written by ``site`` into ``scratch``."""
    if site is None:
        return None
    if isinstance(site, Path):
        return checked_site(site)
    site(scratch)
    return checked_site(scratch)
