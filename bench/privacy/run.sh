#!/usr/bin/env bash
# Benchmark: Madoguchi's PII scanner vs presidio-analyzer (regex recognisers) on one generated corpus.
# Usage: bench/privacy/run.sh [MEGABYTES]   (default 50)
# Needs: a built privacy-bench executable (PRIVACY_BENCH=path, default: swift build -c release --product privacy-bench)
#        and presidio-analyzer from requirements.txt (PYTHON=path to a venv's python, default python3).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mb="${1:-50}"
out="${OUT:-$root/bench/out/privacy}"
python="${PYTHON:-python3}"
bench="${PRIVACY_BENCH:-}"
if [[ -z "$bench" ]]; then
  (cd "$root" && swift build -c release --product privacy-bench >&2)
  bench="$root/.build/release/privacy-bench"
fi
"$python" -c 'import presidio_analyzer' 2>/dev/null || "$python" -m pip install -q -r "$here/requirements.txt"
if [[ ! -f "$out/labels.jsonl" || "$(cat "$out/megabytes" 2>/dev/null)" != "$mb" ]]; then
  rm -rf "$out"
  python3 "$here/generate_corpus.py" --megabytes "$mb" --out "$out"
  echo "$mb" > "$out/megabytes"
fi
files=("$out"/corpus/part-*.txt)
echo "corpus: $(du -sh "$out/corpus" | cut -f1) in ${#files[@]} files"
m=$("$bench" "$out/madoguchi.jsonl" "${files[@]}")
echo "$m"
p=$("$python" "$here/presidio_scan.py" "$out/presidio.jsonl" "${files[@]}")
echo "$p"
ms=$(sed -E 's/.*mb_per_s=([0-9.]+).*/\1/' <<<"$m")
ps=$(sed -E 's/.*mb_per_s=([0-9.]+).*/\1/' <<<"$p")
python3 -c "print(f'throughput ratio madoguchi/presidio = {float(\"$ms\") / float(\"$ps\"):.1f}x')"
sample=$(basename "${files[0]}")
echo "precision/recall on the labelled sample ($sample, every planted value labelled):"
python3 "$here/evaluate.py" --labels "$out/labels.jsonl" --findings "$out/madoguchi.jsonl" --files "$sample" --name madoguchi
python3 "$here/evaluate.py" --labels "$out/labels.jsonl" --findings "$out/presidio.jsonl" --files "$sample" --name presidio
