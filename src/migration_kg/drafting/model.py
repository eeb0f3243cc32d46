"""The draft file, ``reports/<id>/drafts.yaml``: the curated formats, each item with the
drafter's ``confidence`` (0 to 1, the lowest of the rules that made it) and its ``rules`` (the
cues, in words, with the text that triggered them).

A drafted statement may lack topics (the curator adds them before accepting it); everything
else is what ``statements.yaml``, ``report.yaml`` holdings and the registry files hold.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from migration_kg.corpus.schema import (
    Holding,
    Identifier,
    InstrumentKind,
    Model,
    OrganizationKind,
    Slug,
    Statement,
    Text,
)

DRAFTS_FILE = "drafts.yaml"
Confidence = Annotated[float, Field(ge=0, le=1)]


class Drafted(Model):
    confidence: Confidence
    rules: Annotated[list[Text], Field(min_length=1)]


class DraftStatement(Statement, Drafted):
    topics: list[Slug] = Field(default_factory=list)


class DraftHolding(Holding, Drafted):
    pass


class DraftEntity(Drafted):
    """A registry entry the drafter proposes: a person, organization, State or instrument."""

    registry: Literal["people", "organizations", "countries", "instruments"]
    id: Slug
    name: Text
    honorific: Text | None = None
    kind: OrganizationKind | InstrumentKind | None = None
    variants: list[Text] = Field(default_factory=list)
    identifiers: list[Identifier] = Field(default_factory=list)


class DraftsFile(Model):
    report: Slug
    drafted_by: Text
    entities: list[DraftEntity] = Field(default_factory=list)
    holdings: list[DraftHolding] = Field(default_factory=list)
    statements: list[DraftStatement] = Field(default_factory=list)
