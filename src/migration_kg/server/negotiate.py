"""Content negotiation for SPARQL results (RFC 9110 q-values, most specific range wins)."""

from __future__ import annotations

# ------------------------------------------------------------------------- content negotiation

# (media type offered, format name); the first of each list is the default.
RESULT_TYPES: tuple[tuple[str, str], ...] = (
    ("application/sparql-results+json", "JSON"),
    ("application/json", "JSON"),
    ("application/sparql-results+xml", "XML"),
    ("application/xml", "XML"),
    ("text/xml", "XML"),
    ("text/csv", "CSV"),
    ("text/tab-separated-values", "TSV"),
)
BOOLEAN_TYPES = RESULT_TYPES[:5]  # CSV and TSV have no form for an ASK answer
GRAPH_TYPES: tuple[tuple[str, str], ...] = (
    ("text/turtle", "TURTLE"),
    ("application/turtle", "TURTLE"),
    ("application/n-triples", "N_TRIPLES"),
    ("text/plain", "N_TRIPLES"),
    ("application/rdf+xml", "RDF_XML"),
    ("application/ld+json", "JSON_LD"),
)


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def negotiate(accept: str | None, offers: tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    """The offer the client prefers (RFC 9110 q-values, most specific range wins); None: 406."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = _media_ranges(accept)
    best: tuple[float, int, int] | None = None
    chosen = None
    for index, (media, fmt) in enumerate(offers):
        kind = media.split("/")[0]
        match: tuple[int, float] | None = None  # (specificity, q)
        for pattern, q in ranges:
            specificity = 2 if pattern == media else 1 if pattern == f"{kind}/*" else \
                0 if pattern == "*/*" else -1
            if specificity >= 0 and (match is None or specificity > match[0]):
                match = (specificity, q)
        if match is None or match[1] <= 0:
            continue
        key = (match[1], match[0], -index)
        if best is None or key > best:
            best, chosen = key, (media, fmt)
    return chosen


def content_type(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith("text/") or "json" in media \
        or "xml" in media else media
