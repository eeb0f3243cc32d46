"""``python -m migration_kg.cli``: the same as the ``migration-kg`` command."""

from migration_kg.cli import run

raise SystemExit(run())
