"""Benchmark: Madoguchi's validator vs `frictionless validate` on one planted file, in one run.

    python3 bench/catalog/run.py <catalog-bench executable> [rows]
Prints the throughput of each, their ratio, and whether both found exactly the planted errors.
"""
import json, os, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
schema_path = os.path.join(here, "..", "..", "Sources", "Catalog", "StandardDatasets", "aed.json")
bench = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
work = tempfile.mkdtemp(prefix="catalog-bench-")
csv = os.path.join(work, "132152_aed.csv")
subprocess.run([sys.executable, os.path.join(here, "generate.py"), csv, str(rows)], check=True)
planted = {(r, c) for r, c, _ in json.load(open(csv + ".planted.json"))}
size_mb = os.path.getsize(csv) / 1e6

started = time.perf_counter()
out = subprocess.run([bench, "aed", csv, os.path.join(work, "madoguchi.jsonl")], check=True, capture_output=True, text=True).stdout
madoguchi_seconds = time.perf_counter() - started
print(out.strip())
ours = {(f["row"], f["column"]) for f in map(json.loads, open(os.path.join(work, "madoguchi.jsonl"))) if f["row"] > 1}

from frictionless import Resource, Schema, validate, Checklist  # noqa: E402
descriptor = json.load(open(schema_path))
schema = Schema.from_descriptor({k: v for k, v in descriptor.items() if not k.startswith("x-")} | {
    "fields": [{k: v for k, v in f.items() if not k.startswith("x-")} for f in descriptor["fields"]]})
started = time.perf_counter()
report = validate(Resource(path=os.path.basename(csv), basepath=work, schema=schema), limit_errors=10_000_000)
frictionless_seconds = time.perf_counter() - started
theirs = {(e.row_number, e.field_name) for task in report.tasks for e in task.errors if getattr(e, "row_number", None)}

print(f"frictionless: {rows} rows, {size_mb:.1f} MB in {frictionless_seconds:.2f} s: {rows / frictionless_seconds:.0f} rows/s")
print(f"wall-clock incl. process start: madoguchi {madoguchi_seconds:.2f} s; ratio frictionless/madoguchi = {frictionless_seconds / madoguchi_seconds:.1f}x")
same = ours == planted and theirs == planted
print(f"planted {len(planted)}; madoguchi found {len(ours)}, frictionless found {len(theirs)}; "
      f"{'1 passed, 0 failed' if same else '0 passed, 1 failed'}")
if not same:
    print("only madoguchi:", sorted(ours - theirs)[:10], "only frictionless:", sorted(theirs - ours)[:10])
