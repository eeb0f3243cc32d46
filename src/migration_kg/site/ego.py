"""An entity's neighbourhood in the full network, as an inline SVG on its page.

Static on purpose: no script, links that work from ``file://``, shapes and colours from
:mod:`migration_kg.networks.style`. Labels are placed greedily, most connected nodes first, on
the side of their node that keeps them clear of every other label and node and inside the
picture; a label that fits nowhere is left out (the node keeps its tooltip and its link).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from migration_kg.networks.layout import layout
from migration_kg.networks.registry import Network
from migration_kg.networks.style import NODE_STYLES, SHAPE_POINTS, TONE_STYLES, node_style
from migration_kg.site.document import Links, esc

WIDTH, HEIGHT = 760, 440
MARGIN = 16
FONT = 12
MAX_NEIGHBOURS = 36
MAX_LABEL = 34


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def hits(self, other: Box) -> bool:
        return not (self.right <= other.left or other.right <= self.left
                    or self.bottom <= other.top or other.bottom <= self.top)

    def inside(self, width: float, height: float) -> bool:
        return self.left >= 0 and self.top >= 0 and self.right <= width \
            and self.bottom <= height


def short_label(text: str, limit: int = MAX_LABEL) -> str:
    """A label cut at a word to ``limit`` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > limit // 2 else limit - 1].rstrip(",;: ") + "\u2026"


def text_width(text: str, size: float = FONT) -> float:
    """A generous estimate of the drawn width of ``text`` in a sans-serif font."""
    return sum(0.33 if c in "iljtf.,;:' " else 0.9 if c.isupper() or c in "mwMW" else 0.58
               for c in text) * size


def place_labels(nodes: Iterable[tuple[Any, float, float, float, str]], width: float,
                 height: float) -> dict[Any, tuple[float, float, Box]]:
    """Label positions: node -> (x, y of the text's middle baseline, its box).

    ``nodes`` are (id, x, y, radius, text) in priority order. Each label tries below, above,
    right and left of its node and takes the first place that is inside the picture and clear
    of the nodes and the labels already placed.
    """
    listed = list(nodes)
    obstacles = [Box(x - r, y - r, x + r, y + r) for _, x, y, r, _ in listed]
    placed: dict[Any, tuple[float, float, Box]] = {}
    for node, x, y, r, text in listed:
        w, h = text_width(text) + 4, FONT + 4
        candidates = [
            (x, y + r + 2 + h / 2), (x, y - r - 2 - h / 2),
            (x + r + 3 + w / 2, y), (x - r - 3 - w / 2, y),
        ]
        for cx, cy in candidates:
            box = Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            if not box.inside(width, height):
                continue
            if any(box.hits(o) for o in obstacles if o != Box(x - r, y - r, x + r, y + r)):
                continue
            if any(box.hits(b) for _, _, b in placed.values()):
                continue
            placed[node] = (cx, cy + FONT * 0.35, box)
            break
    return placed


def shape_svg(shape: str, x: float, y: float, r: float, colour: str) -> str:
    """One node's shape as SVG, the same outline the views draw."""
    points = SHAPE_POINTS.get(shape, ())
    if shape == "ring":
        return (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r * 0.8:.1f}" fill="#ffffff" '
                f'stroke="{colour}" stroke-width="{max(2.0, r * 0.4):.1f}"/>')
    if not points:
        return (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}" '
                'stroke="#333333" stroke-width="1"/>')
    path = " ".join(f"{x + px * r:.1f},{y + py * r:.1f}" for px, py in points)
    return f'<polygon points="{path}" fill="{colour}" stroke="#333333" stroke-width="1"/>'


def neighbourhood(network: Network, node: str, limit: int = MAX_NEIGHBOURS
                  ) -> tuple[Network, int]:
    """The node, its neighbours (the ``limit`` most connected when there are more), the edges
    between them; and how many neighbours it has in all. ``network`` is undirected."""
    neighbours = sorted(network.neighbors(node), key=str)
    if len(neighbours) > limit:
        neighbours = sorted(neighbours, key=lambda n: (-network.degree(n), str(n)))[:limit]
    return network.subgraph([node, *neighbours]), len(list(network.neighbors(node)))


def ego_svg(network: Network, node: str, links: Links) -> str | None:
    """The inline SVG figure of ``node``'s neighbourhood, or None if it is not in ``network``
    (the full network made undirected and simple, once: ``nx.Graph(full(...))``)."""
    if node not in network:
        return None
    sub, total = neighbourhood(network, node)
    if sub.number_of_nodes() < 2:
        return None
    simple = nx.Graph(sub)
    raw = layout(simple)
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    pad = 70.0
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0

    def at(n: Any) -> tuple[float, float]:
        x, y = raw[n]
        return (pad + (x - min(xs)) / span_x * (WIDTH - 2 * pad),
                pad * 0.6 + (y - min(ys)) / span_y * (HEIGHT - 1.2 * pad))

    degree = dict(simple.degree())
    radius = {n: (14.0 if n == node else 6.0 + min(6.0, math.sqrt(degree.get(n, 0)) * 1.6))
              for n in sub}
    parts = [f'<svg class="ego" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
             f'height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg" '
             f'aria-labelledby="ego-title" role="group">'
             f'<title id="ego-title">Neighbourhood of {esc(sub.nodes[node].get("label", node))}'
             "</title>"]
    for u, v, data in sub.edges(data=True):
        (x1, y1), (x2, y2) = at(u), at(v)
        colour = TONE_STYLES.get(str(data.get("tone", "none")), TONE_STYLES["none"]).colour
        dash = ' stroke-dasharray="5 4"' if data.get("basis") == "inferred" else ""
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     f'stroke="{colour}" stroke-width="1.4" stroke-opacity="0.7"{dash}/>')
    order = sorted(sub, key=lambda n: (n != node, -degree.get(n, 0), str(n)))
    labels = place_labels(((n, *at(n), radius[n],
                            short_label(str(sub.nodes[n].get("label", n)))) for n in order),
                          WIDTH, HEIGHT)
    for n in order:
        x, y = at(n)
        attrs = sub.nodes[n]
        style = node_style(str(attrs.get("kind", "other")))
        name = str(attrs.get("label", n))
        href = links.href(str(n))
        shape = shape_svg(style.shape, x, y, radius[n], style.colour)
        tip = f"<title>{esc(name)} ({esc(style.noun)})</title>"
        drawn = f"{shape}{tip}"
        if n in labels:
            lx, ly, _ = labels[n]
            weight = ' font-weight="bold"' if n == node else ""
            drawn += (f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="middle" '
                      f'font-size="{FONT}"{weight}>{esc(short_label(name))}</text>')
        if href is not None and n != node:
            parts.append(f'<a href="{esc(href)}" aria-label="{esc(name)}">{drawn}</a>')
        else:
            parts.append(f"<g>{drawn}</g>")
    parts.append("</svg>")
    kinds = sorted({str(sub.nodes[n].get("kind", "other")) for n in sub},
                   key=lambda k: list(NODE_STYLES).index(k) if k in NODE_STYLES else 99)
    legend = ", ".join(f"{node_style(k).shape_word} {node_style(k).noun}" for k in kinds)
    shown = sub.number_of_nodes() - 1
    more = f" (the {shown} most connected of {total})" if total > shown else ""
    tones = "; ".join(f"{t.colour_word}, {t.words.split(':')[0]}" for t in TONE_STYLES.values())
    caption = (f"Its neighbours in the full network{more}: {legend}. Edge colours: {tones}; "
               "dashed: the curators' reading, not stated in the report. Select a node for "
               "its page.")
    return (f'<figure class="ego-figure">{"".join(parts)}<figcaption>{esc(caption)}'
            "</figcaption></figure>")
