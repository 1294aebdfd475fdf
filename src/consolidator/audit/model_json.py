"""model: the whole catalog with each object's provenance, as JSON (pydantic's model_dump), with a format version.

Stores are written sorted by key, so the output is byte-identical for the same input and a change to the history
shows up as a small diff."""

from __future__ import annotations

import json

from consolidator.build import BuildResult

FORMAT_VERSION = 1


def model_json(result: BuildResult, source: str) -> str:
    dumped = result.catalog.model_dump(mode="json")
    catalog = {store: dict(sorted(objects.items())) if isinstance(objects, dict) else objects
               for store, objects in dumped.items()}
    return json.dumps({"format_version": FORMAT_VERSION, "source": source, "fingerprint": result.sources.fingerprint(),
                       "table_order": result.plan.tables, "catalog": catalog}, indent=2, ensure_ascii=False) + "\n"
