"""Validates CAP 1.2 documents against the OASIS schema (cap/CAP-v1.2.xsd).

Usage: validate_cap.py FILE...   Prints one line per file; exits 1 if any is invalid.
"""
import pathlib
import sys

import xmlschema

schema = xmlschema.XMLSchema(str(pathlib.Path(__file__).parent / "cap" / "CAP-v1.2.xsd"))
failed = 0
for name in sys.argv[1:]:
    errors = list(schema.iter_errors(name))
    if errors:
        failed += 1
        print(f"INVALID {name}: {errors[0].reason} at {errors[0].path}")
    else:
        print(f"VALID {name}")
sys.exit(1 if failed else 0)
