"""Benchmark: Madoguchi's validator vs `frictionless validate` on one planted file, in one run.

    python3 bench/catalog/run.py <catalog-bench executable> [rows] [--memory-rows N]
Prints the throughput of each, their ratio, Madoguchi's peak memory (/usr/bin/time -v), and whether
both found exactly the planted errors. With --memory-rows, Madoguchi alone also validates a file of
N rows (2,600,000 rows are about 510 MB) to show that its peak memory does not grow with the file.
"""
import json, os, re, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
schema_path = os.path.join(here, "..", "..", "Sources", "Catalog", "StandardDatasets", "aed.json")
args = sys.argv[1:]
memory_rows = None
if "--memory-rows" in args:
    at = args.index("--memory-rows")
    memory_rows = int(args[at + 1])
    del args[at:at + 2]
bench = args[0]
rows = int(args[1]) if len(args) > 1 else 1_000_000
work = tempfile.mkdtemp(prefix="catalog-bench-")


def run_madoguchi(csv, findings):
    """Runs the bench under /usr/bin/time -v; returns its output, wall-clock seconds and peak RSS in MB."""
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", bench, "aed", csv, findings], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    return done.stdout.strip(), seconds, rss_kb / 1024


csv = os.path.join(work, "132152_aed.csv")
subprocess.run([sys.executable, os.path.join(here, "generate.py"), csv, str(rows)], check=True)
planted = {(r, c) for r, c, _ in json.load(open(csv + ".planted.json"))}
size_mb = os.path.getsize(csv) / 1e6

out, madoguchi_seconds, madoguchi_rss = run_madoguchi(csv, os.path.join(work, "madoguchi.jsonl"))
print(out)
print(f"madoguchi peak RSS: {madoguchi_rss:.1f} MB for a {size_mb:.1f} MB file")
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
os.remove(csv)

if memory_rows:
    big = os.path.join(work, "132152_aed_large.csv")
    subprocess.run([sys.executable, os.path.join(here, "generate.py"), big, str(memory_rows)], check=True)
    big_planted = {(r, c) for r, c, _ in json.load(open(big + ".planted.json"))}
    big_mb = os.path.getsize(big) / 1e6
    out, seconds, rss = run_madoguchi(big, os.path.join(work, "madoguchi-large.jsonl"))
    found = {(f["row"], f["column"]) for f in map(json.loads, open(os.path.join(work, "madoguchi-large.jsonl"))) if f["row"] > 1}
    print(out)
    print(f"memory: {big_mb:.1f} MB file, madoguchi peak RSS {rss:.1f} MB ({'within' if rss <= 64 else 'OVER'} 64 MB); "
          f"found the {len(big_planted)} planted errors: {'yes' if found == big_planted else 'NO'}")
    os.remove(big)
