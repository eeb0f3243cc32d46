"""Networks as files Gephi, Cytoscape and pandas read as they are: GraphML, GEXF, CSV, JSON."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from migration_kg.errors import InputError
from migration_kg.io.atomic import write_files
from migration_kg.networks.registry import FORMATS, Network, check_choice

if TYPE_CHECKING:
    import pandas as pd


def _plain(value: Any) -> Any:
    if isinstance(value, bool | int | float | str):
        return value
    if value is None:
        return ""
    if isinstance(value, list | tuple | set | frozenset):
        return ";".join(sorted(str(v) for v in value))
    return str(value)


def plain(graph: Network) -> Network:
    """A copy whose graph, node and edge attributes are all scalars GraphML and GEXF accept."""
    copy = graph.copy()
    copy.graph = {k: _plain(v) for k, v in graph.graph.items()}
    for _, attrs in copy.nodes(data=True):
        for key, value in list(attrs.items()):
            attrs[key] = _plain(value)
    for *_, attrs in copy.edges(data=True):
        for key, value in list(attrs.items()):
            attrs[key] = _plain(value)
    return copy


def graphml_text(graph: Network) -> str:
    """Plain GraphML (typed ``<key>``s, no yEd or Gephi dialect)."""
    return "\n".join(nx.generate_graphml(plain(graph))) + "\n"


def gexf_text(graph: Network) -> str:
    """GEXF 1.2 with the node ``label`` as GEXF label, everything else as attributes, and what
    Gephi draws with: ``viz`` positions (the views' seeded layout), colours, sizes and shapes
    of each node kind, edge colours by tone; and, when the network has dates (``date``), that
    date as the GEXF time (``start``, a dynamic graph).

    networkx stamps today's date as ``lastmodifieddate``; it is dropped (it is optional) so the
    same graph always gives the same file.
    """
    text = "\n".join(nx.generate_gexf(with_viz(plain(graph)), version="1.2draft")) + "\n"
    return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)


def with_viz(graph: Network) -> Network:
    """``graph`` (a plain copy) with GEXF ``viz`` data and ``start`` times, in place."""
    from migration_kg.networks.layout import layout
    from migration_kg.networks.style import TONE_STYLES, node_style, rgb

    positions = layout(graph)
    degree = dict(nx.Graph(graph).degree())
    for node, attrs in graph.nodes(data=True):
        style = node_style(str(attrs.get("kind") or "other"))
        r, g, b = rgb(style.colour)
        x, y = positions[node]
        attrs["viz"] = {"position": {"x": x, "y": -y, "z": 0.0},
                        "color": {"r": r, "g": g, "b": b, "a": 1.0},
                        "size": round(6.0 + 2.0 * math.sqrt(degree.get(node, 0)), 3),
                        "shape": style.gexf_shape}
        if attrs.get("date"):
            attrs["start"] = str(attrs["date"])
    for *_, attrs in graph.edges(data=True):
        tone = TONE_STYLES.get(str(attrs.get("tone") or "none"), TONE_STYLES["none"])
        r, g, b = rgb(tone.colour)
        attrs["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}}
        if attrs.get("date"):
            attrs["start"] = str(attrs["date"])
    return graph


def node_link_json(graph: Network) -> str:
    """Node-link JSON (``nodes`` and ``links``), the format d3 and networkx read back."""
    data = nx.node_link_data(plain(graph), edges="links")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def tables(graph: Network) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The nodes table (``id`` + every node attribute) and edges table (``source``, ``target``,
    ``key`` for multigraphs, + every edge attribute); a missing attribute is an empty cell."""
    import pandas as pd

    nodes = [{"id": n, **attrs} for n, attrs in plain(graph).nodes(data=True)]
    node_columns = _columns(["id", "label", "kind"], nodes)
    flat = plain(graph)
    if isinstance(flat, nx.MultiGraph):
        edges = [{"source": u, "target": v, "key": k, **d}
                 for u, v, k, d in flat.edges(keys=True, data=True)]
        first = ["source", "target", "key"]
    else:
        edges = [{"source": u, "target": v, **d} for u, v, d in flat.edges(data=True)]
        first = ["source", "target"]
    edge_columns = _columns([*first, "weight"], edges)
    return (pd.DataFrame(nodes, columns=node_columns),
            pd.DataFrame(edges, columns=edge_columns))


def _columns(first: list[str], rows: list[dict[str, Any]]) -> list[str]:
    seen = {k for row in rows for k in row}
    return [c for c in first if c in seen or c in ("id", "source", "target")] + \
        sorted(seen - set(first))


def csv_tables(graph: Network) -> tuple[str, str]:
    """The nodes and edges tables as CSV text."""
    def text(frame: pd.DataFrame) -> str:
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        return buffer.getvalue()

    nodes, edges = tables(graph)
    return text(nodes), text(edges)


def csv_paths(out: Path) -> tuple[Path, Path]:
    """Where ``--out`` puts the two CSV tables.

    ``out`` ending in ``.csv`` gives ``<stem>-nodes.csv`` and ``<stem>-edges.csv`` beside it;
    anything else is a folder that gets ``nodes.csv`` and ``edges.csv``.
    """
    if out.suffix.lower() == ".csv":
        stem = out.with_suffix("")
        return (stem.parent / f"{stem.name}-nodes.csv", stem.parent / f"{stem.name}-edges.csv")
    return out / "nodes.csv", out / "edges.csv"


def export(graph: Network, fmt: str, out: Path) -> list[Path]:
    """Write ``graph`` as ``fmt`` to ``out`` (two files for csv, see :func:`csv_paths`)."""
    check_choice(fmt, FORMATS, "format")
    out = Path(out)
    if fmt == "csv":
        nodes_text, edges_text = csv_tables(graph)
        targets = list(zip(csv_paths(out), (nodes_text, edges_text), strict=True))
    else:
        text = {"graphml": graphml_text, "gexf": gexf_text, "json": node_link_json}[fmt](graph)
        targets = [(out, text)]
    return write_files(dict(targets))


def check_export(fmt: str, out: Path | None) -> None:
    """Refuse an export that cannot be done: unknown format, or CSV (two tables) without --out."""
    check_choice(fmt, FORMATS, "format")
    if fmt == "csv" and out is None:
        raise InputError("CSV is two tables (nodes and edges), so it needs --out", None,
                         hint="add --out DIR (writes DIR/nodes.csv and DIR/edges.csv) or "
                              "--out NAME.csv (writes NAME-nodes.csv and NAME-edges.csv)")


def export_text(graph: Network, fmt: str) -> str:
    """``graph`` as ``fmt`` text, for stdout; CSV has two tables, so it needs files."""
    check_export(fmt, None)
    return {"graphml": graphml_text, "gexf": gexf_text, "json": node_link_json}[fmt](graph)
