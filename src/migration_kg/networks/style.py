"""How each kind of node and each edge tone looks, in words and in colour: one table for all.

The views (canvas, SVG export, legend), the site's inline ego networks and the GEXF export
(``viz`` colours and shapes) all draw from these tables, so a kind looks the same everywhere.

Every node kind has its own shape *and* its own colour, so no class is told apart by colour
alone. The colours are Okabe and Ito's colour-blind-safe palette, completed with three of Paul
Tol's "muted" colours (olive, teal, wine) and two greys; edges use the blue / vermilion pair
that stays apart under every common colour-vision deficiency, never red against green.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class NodeStyle:
    """How a node kind is drawn and named."""

    colour: str
    shape: str
    """One of :data:`SHAPES` (drawn by ``views/static/view.js`` and the site's SVG)."""
    noun: str
    """The legend's words for the kind (singular)."""
    gexf_shape: str
    """The nearest of GEXF's four shapes (disc, square, triangle, diamond)."""

    @property
    def shape_word(self) -> str:
        """The shape in words, for legends ("hollow ring")."""
        return SHAPE_WORDS[self.shape]


SHAPE_WORDS = {
    "dot": "filled circle", "ring": "hollow ring", "square": "square", "diamond": "diamond",
    "triangle": "triangle", "bar": "wide bar", "cross": "X cross", "star": "star",
    "pentagon": "pentagon", "triangleDown": "downward triangle", "hexagon": "hexagon",
    "plus": "plus sign",
}
SHAPES = ("dot", "ring", "square", "diamond", "triangle", "bar", "cross", "star", "pentagon",
          "triangleDown", "hexagon", "plus")
"""The shapes the pages can draw; each node kind uses a different one."""

NODE_STYLES: dict[str, NodeStyle] = {
    "person": NodeStyle("#0072B2", "dot", "person", "disc"),
    "participant": NodeStyle("#6E6E6E", "ring", "anonymous participant (the floor)", "disc"),
    "organization": NodeStyle("#E69F00", "square", "organization", "square"),
    "instrument": NodeStyle("#CC79A7", "diamond", "instrument (convention, protocol, report)",
                            "diamond"),
    "topic": NodeStyle("#009E73", "triangle", "topic", "triangle"),
    "claim": NodeStyle("#56B4E9", "bar", "claim (a proposition speakers agree or disagree with)",
                       "square"),
    "practice": NodeStyle("#D55E00", "cross", "criticised practice", "diamond"),
    "session": NodeStyle("#F0E442", "star", "session of the meeting", "diamond"),
    "event": NodeStyle("#999933", "pentagon", "event", "disc"),
    "country": NodeStyle("#44AA99", "triangleDown", "country", "triangle"),
    "initiative": NodeStyle("#882255", "hexagon", "initiative (project, programme)", "disc"),
    "other": NodeStyle("#BBBBBB", "plus", "other", "square"),
}
"""Node kind -> style. Kinds not listed are drawn as ``other``."""


@dataclass(frozen=True)
class ToneStyle:
    """How an edge tone is drawn and what it means."""

    colour: str
    colour_word: str
    words: str


TONE_STYLES: dict[str, ToneStyle] = {
    "agree": ToneStyle("#2166AC", "blue", "agree: the actors hold a claim on the same side, "
                                          "or an actor agrees with a claim"),
    "disagree": ToneStyle("#D55E00", "vermilion", "disagree: on opposite sides of a claim, or "
                                                  "an actor rejects it"),
    "mixed": ToneStyle("#AA4499", "purple", "mixed: both agreeing and disagreeing positions"),
    "none": ToneStyle("#8C8C8C", "grey", "no agreement: a citation, a topic, a relation or a "
                                         "co-citation"),
}
"""Edge tone -> style (see :data:`migration_kg.networks.attributes.TONES`)."""


def _regular(corners: int, radius: float = 1.0, turn: float = -math.pi / 2
             ) -> tuple[tuple[float, float], ...]:
    return tuple((round(radius * math.cos(turn + 2 * math.pi * i / corners), 4),
                  round(radius * math.sin(turn + 2 * math.pi * i / corners), 4))
                 for i in range(corners))


def _vis_star() -> tuple[tuple[float, float], ...]:
    """vis-network's star: ten points, radius 0.82 x 1.3 and 0.82 x 0.5, lowered by 0.082."""
    return tuple((round(0.82 * (1.3 if n % 2 == 0 else 0.5) * math.sin(n * math.pi / 5), 4),
                  round(0.082 - 0.82 * (1.3 if n % 2 == 0 else 0.5) * math.cos(n * math.pi / 5),
                        4))
                 for n in range(10))


def _cross(arm: float = 0.34, reach: float = 1.05) -> tuple[tuple[float, float], ...]:
    """A plus sign; turned 45 degrees it is an X."""
    a, r = arm, reach
    return ((-a, -r), (a, -r), (a, -a), (r, -a), (r, a), (a, a), (a, r), (-a, r), (-a, a),
            (-r, a), (-r, -a), (-a, -a))


def _turned(points: tuple[tuple[float, float], ...], angle: float
            ) -> tuple[tuple[float, float], ...]:
    c, s = math.cos(angle), math.sin(angle)
    return tuple((round(x * c - y * s, 4), round(x * s + y * c, 4)) for x, y in points)


_THIRD = round(math.sqrt(3) / 3, 4)
VIS_SHAPES = frozenset({"dot", "square", "diamond", "triangle", "triangleDown", "star",
                        "hexagon"})
"""Shapes vis-network draws itself (faster than a custom drawing); their points below are
vis-network 9's own geometry, so the SVG export and the site draw the same outline."""
SHAPE_POINTS: dict[str, tuple[tuple[float, float], ...]] = {
    "dot": (),
    "ring": (),
    "square": ((-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)),
    "diamond": ((0.0, 1.0), (1.0, 0.0), (0.0, -1.0), (-1.0, 0.0)),
    "triangle": ((0.0, -2 * _THIRD), (1.0, _THIRD), (-1.0, _THIRD)),
    "triangleDown": ((0.0, 2 * _THIRD), (1.0, -_THIRD), (-1.0, -_THIRD)),
    "star": _vis_star(),
    "hexagon": _regular(6, 1.0, 0.0),
    "bar": ((-1.45, -0.62), (1.45, -0.62), (1.45, 0.62), (-1.45, 0.62)),
    "cross": _turned(_cross(), math.pi / 4),
    "plus": _cross(0.3, 1.0),
    "pentagon": _regular(5, 1.08),
}
"""Each shape as a polygon around (0, 0) for a node of radius 1; empty for the round ones
(``dot`` is filled, ``ring`` is a thick circle). The views (canvas and SVG export) and the
site's SVG all draw from these points."""


def node_style(kind: str) -> NodeStyle:
    """The style of ``kind``; unknown kinds look like ``other``."""
    return NODE_STYLES.get(kind, NODE_STYLES["other"])


SPEECH_ACT_COLOURS: dict[str, str] = {
    "calls-for": "#E69F00",
    "recommends": "#56B4E9",
    "supports": "#009E73",
    "opposes": "#D55E00",
    "criticises": "#CC79A7",
    "warns": "#F0E442",
    "reports": "#A8A8A8",
    "questions": "#0072B2",
}
"""Speech act (the local name of its concept) -> the colour its quotes are highlighted with in
the report reader (as a light tint under dark text); an act not listed uses ``reports``'s."""


def rgb(colour: str) -> tuple[int, int, int]:
    """``#RRGGBB`` as three integers."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
