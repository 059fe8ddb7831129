#!/usr/bin/env python3
"""Precision and recall of a findings file against labels.jsonl, restricted to the labelled sample
(files given with --files). A finding is a true positive when a label of the same kind on the same
line overlaps it; each label counts once."""
import argparse, collections, json

def load(path, files):
    rows = collections.defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            if o["file"] in files:
                rows[(o["file"], o["line"])].append(o)
    return rows

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--labels", required=True)
    ap.add_argument("--findings", required=True)
    ap.add_argument("--files", nargs="+", required=True)
    ap.add_argument("--name", default="scanner")
    args = ap.parse_args()
    files = set(args.files)
    labels, findings = load(args.labels, files), load(args.findings, files)
    per = collections.defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
    for key in set(labels) | set(findings):
        used = set()
        for f in findings.get(key, []):
            hit = next((i for i, l in enumerate(labels.get(key, [])) if i not in used and l["kind"] == f["kind"]
                        and l["start"] < f["end"] and f["start"] < l["end"]), None)
            if hit is None: per[f["kind"]][1] += 1
            else: used.add(hit); per[f["kind"]][0] += 1
        for i, l in enumerate(labels.get(key, [])):
            if i not in used: per[l["kind"]][2] += 1
    tp = sum(v[0] for v in per.values()); fp = sum(v[1] for v in per.values()); fn = sum(v[2] for v in per.values())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    print(f"{args.name}: precision={p:.3f} recall={r:.3f} (tp={tp} fp={fp} fn={fn})")
    for kind in sorted(per):
        t, f_, n = per[kind]
        print(f"  {kind:17s} precision={t / (t + f_) if t + f_ else 0:.3f} recall={t / (t + n) if t + n else 0:.3f} tp={t} fp={f_} fn={n}")

if __name__ == "__main__":
    main()
