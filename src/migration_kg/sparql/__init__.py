"""SPARQL: the shipped query files, the network-safety checks, parameter bindings, running a
query on either store, and the results with their output formats.

``files`` finds and reads ``.rq`` files and their headers; ``safety`` refuses what must not run
(updates, ``SERVICE``, ``FROM``); ``bindings`` resolves ``--bind`` values the same way for local
and remote queries; ``run`` executes; ``results`` holds a result and writes it as CSV, JSON,
Markdown or a plain table.
"""
