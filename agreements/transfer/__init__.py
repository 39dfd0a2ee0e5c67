"""Data in and out (DESIGN.md §5): the register as JSON Lines, one record per line.

A record is `{"type": "sector" | "event" | "party" | "source" | "agreement", …}` with the
keys the API accepts on POST/PUT for that resource (references are slugs); parties and
agreements also carry `created_at`, `updated_at` and `published_at`. `export_records`
writes them references first; `import_lines` upserts them in one transaction through the
API's write serializers and services. Used by the `export_data` and `import_data`
commands and the admin's import page.
"""

from .exporting import export_records, write_jsonl
from .importing import CHANGED, CREATED, UNCHANGED, ImportReport, Outcome, Problem, import_lines
from .records import TYPES

__all__ = [
    "CHANGED",
    "CREATED",
    "TYPES",
    "UNCHANGED",
    "ImportReport",
    "Outcome",
    "Problem",
    "export_records",
    "import_lines",
    "write_jsonl",
]
