"""Treaty status: who signed, ratified, acceded to or denounced which instrument, and when.

Facts from a depositary (the UN Treaty Collection), kept apart from what reports say:
:mod:`.schema` (the files under ``status/``), :mod:`.participants` (a depositary's names to
countries and organizations), :mod:`.importer` (``migration-kg import-status``) and
:mod:`.dataset` (reading an imported dataset back for the build). Whether a state was a party on
a day is a query (``queries/22-parties-at-date.rq``), never a stored flag.
"""
