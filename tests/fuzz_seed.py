"""The fuzzer's data set, on the database of the environment (tests/fuzz_api.sh: a throwaway one).

For every list endpoint of the API (``tests/api_endpoints.py``): an area A with a few objects, and
an area B with one, so the fuzzer meets real ids inside the caller's area and outside it. Two
accounts: ``fuzz-staff``, community staff of every area A below the city (so the areas B stay
outside theirs), and ``fuzz-reader``, the read-only API client of the whole city, like the demo's
``api``. A few seconds on SQLite.

    DATABASE_URL=sqlite:///var/fuzz/db.sqlite3 .venv/bin/python tests/fuzz_seed.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OBJECTS_IN_A = 3
STAFF, READER = "fuzz-staff", "fuzz-reader"


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jilin_grid.settings")
    import django

    django.setup()
    from django.db import transaction

    from tests.api_endpoints import build_data_set

    with transaction.atomic():
        data = build_data_set(objects_in_a=OBJECTS_IN_A, staff=STAFF, reader=READER)
    for basename, (code_a, code_b) in data.codes.items():
        print(f"  {basename}: {len(data.in_a[basename])} in {code_a}, {len(data.in_b[basename])} in {code_b}")


if __name__ == "__main__":
    main()
