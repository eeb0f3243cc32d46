"""The files of treaty status: what curators write, and what ``import-status`` writes.

Curators write ``status/participants.yaml`` (how the depositary's names map to countries and
organizations, where a plain ISO look-up does not find them) and each dataset's
``corrections.yaml`` (what the imported record gets wrong, and why). ``import-status`` writes
each dataset's ``actions.csv`` (one treaty action per row) and ``source.yaml`` (provenance).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BeforeValidator, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from migration_kg.corpus.schema import Model, Slug, Text

Alpha2 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Alpha3 = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
UntcNumber = Annotated[str, StringConstraints(pattern=r"^[IVXL]+-\d+(-[a-z])?$")]
"""A UN Treaty Collection number: chapter in Roman numerals, treaty, optional letter (IV-11-b)."""
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


# ----------------------------------------------------------------------------- participants


class ParticipantName(Model):
    """A name the depositary writes, and what it names: a country by its ISO 3166-1 code, an
    organization of the registry, or nothing current (a state that no longer exists)."""

    name: Text
    iso3166: Alpha2 | None = None
    organization: Slug | None = None
    historic: bool = False
    note: Text | None = None

    @model_validator(mode="after")
    def _one_target(self) -> ParticipantName:
        chosen = [self.iso3166 is not None, self.organization is not None, self.historic]
        if sum(chosen) != 1:
            raise PydanticCustomError(
                "one_target", "give exactly one of iso3166, organization or historic: true")
        return self


class ParticipantsFile(Model):
    participants: list[ParticipantName]


# ----------------------------------------------------------------------------- corrections


class AddedAction(Model):
    """An action the imported file lacks (for example a participation later denounced, which
    the status page shows in brackets)."""

    action: Slug
    date: dt.date
    effective: dt.date | None = None


class Correction(Model):
    """One correction of the imported record, with why and where the depositary says so.

    Exactly one change: ``drop`` the rows, relabel the consent ``action``, relabel the
    ``signature``, or ``add`` actions the file lacks.
    """

    id: Slug
    participant: Text
    untc: Annotated[list[UntcNumber], BeforeValidator(_as_list), Field(min_length=1)]
    drop: bool = False
    action: Slug | None = None
    signature: Slug | None = None
    add: list[AddedAction] = Field(default_factory=list)
    why: Text
    source: Text

    @model_validator(mode="after")
    def _one_change(self) -> Correction:
        changes = [self.drop, self.action is not None, self.signature is not None,
                   bool(self.add)]
        if sum(changes) != 1:
            raise PydanticCustomError(
                "one_change", "give exactly one change: drop, action, signature or add")
        return self


class CorrectionsFile(Model):
    """A dataset's corrections, and what the curators know it does not record."""

    corrections: list[Correction] = Field(default_factory=list)
    known_gaps: list[Text] = Field(default_factory=list)


# ----------------------------------------------------------------------------- dataset


class SourceMeta(Model):
    """Provenance of an imported status dataset (``source.yaml``, written by the importer)."""

    dataset: Slug
    title: Text
    publisher: Slug
    landing_page: Text
    status_as_at: dt.date
    retrieved_from: Text
    input_sha256: Sha256
    input_rows: int = Field(ge=0)
    actions: int = Field(ge=0)
    instruments: list[UntcNumber]
    corrections: list[Slug] = Field(default_factory=list)
    known_gaps: list[Text] = Field(default_factory=list)
    imported_with: Text


class Action(Model):
    """One treaty action, one row of ``actions.csv``.

    ``participant`` is the depositary's name, ``party`` the graph id it maps to (a country or an
    organization); ``date`` is when the action was taken (for a denunciation, when it was
    notified) and ``effective`` when a denunciation takes effect.
    """

    instrument: Slug
    untc: UntcNumber
    participant: Text
    iso3166: Alpha2 | None = None
    iso3166_alpha3: Alpha3 | None = None
    party: Slug
    action: Slug
    date: dt.date
    effective: dt.date | None = None
    correction: Slug | None = None

    @model_validator(mode="after")
    def _codes_together(self) -> Action:
        if (self.iso3166 is None) != (self.iso3166_alpha3 is None):
            raise PydanticCustomError(
                "codes_together", "give both ISO 3166-1 codes (alpha-2 and alpha-3) or neither")
        return self


ACTION_COLUMNS: tuple[str, ...] = tuple(Action.model_fields)
"""The columns of ``actions.csv``, in order."""
