"""From a new text to a reviewed graph: the scaffold of a report folder (:mod:`.scaffold`), the
rule-based drafter that proposes annotations from the text (:mod:`.segment`, :mod:`.gazetteer`,
:mod:`.cues`, :mod:`.drafter`), the draft file's format (:mod:`.model`) and the review that
moves accepted drafts into the curated files (:mod:`.review`).

Drafts live in ``reports/<id>/drafts.yaml``, beside the curated files, and never enter the graph
unless it is built with ``--include-drafts``, where each drafted item is typed ``mkg:Draft``
with its confidence and the rules that made it.
"""
