"""Print the body of the closed ``MKG`` namespace from ``ontology/migration-kg.ttl``.

``src/migration_kg/namespaces.py`` lists every term the ontology declares, so that a typo is an
error and the type checker sees each term; a test keeps the two equal. After adding a term to
the ontology, run this and paste its output into the ``MKG`` class.
"""

from __future__ import annotations

import re
from pathlib import Path

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "migration-kg.ttl"


def main() -> int:
    terms = sorted(set(re.findall(r"^mkg:([A-Za-z0-9_]+) a ", ONTOLOGY.read_text("utf-8"),
                                  re.M)))
    classes = [t for t in terms if t[0].isupper()]
    properties = [t for t in terms if t[0].islower()]
    print("\n".join(f"    {t}: URIRef" for t in classes))
    print()
    print("\n".join(f"    {t}: URIRef" for t in properties))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
