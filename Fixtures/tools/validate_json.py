#!/usr/bin/env python3
"""Validates KhaoSat's content3.json and ranking.json files against the schemas of
Sources/KhaoSatExport/Schemas (JSON Schema 2020-12), as a scoring core would.

  validate_json.py SCHEMA_DIR FILE...

Each FILE is checked against the schema its "format" names. Numbers are read as decimals, so
"points": 0.56 is exactly a multiple of 0.01. Prints one line per problem (file, JSON path,
message) and exits 1 if there is any; exits 3 when the jsonschema package is missing.
"""
import json
import sys
from decimal import Decimal

try:
    import jsonschema
    from referencing import Registry, Resource
except ImportError:
    print("jsonschema is not installed (pip install jsonschema)", file=sys.stderr)
    sys.exit(3)

SCHEMAS = {"khaosat-content3": "content3.schema.json", "khaosat-ranking": "ranking.schema.json"}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_float=Decimal)


def main(schema_dir, files):
    schemas = {fmt: load(f"{schema_dir}/{name}") for fmt, name in SCHEMAS.items()}
    registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in schemas.values())
    problems = 0
    for path in files:
        document = load(path)
        schema = schemas.get(document.get("format") if isinstance(document, dict) else None)
        if schema is None:
            print(f"{path}: $.format: not one of {sorted(SCHEMAS)}")
            problems += 1
            continue
        validator = jsonschema.Draft202012Validator(schema, registry=registry)
        for error in sorted(validator.iter_errors(document), key=lambda e: e.json_path):
            print(f"{path}: {error.json_path}: {error.message}")
            problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
