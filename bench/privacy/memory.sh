#!/usr/bin/env bash
# Peak memory of a PII scan of one large file: the scan streams, so its peak RSS must stay under
# 64 MB whatever the file's size.
# Usage: bench/privacy/memory.sh [MEGABYTES]   (default 500)
# Needs: the generated corpus (bench/privacy/run.sh makes it), GNU time (/usr/bin/time, Debian's
#        package "time") and a built privacy-bench (PRIVACY_BENCH=path, default: swift build -c release).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mb="${1:-500}"
out="${OUT:-$root/bench/out/privacy}"
bench="${PRIVACY_BENCH:-}"
if [[ -z "$bench" ]]; then
  (cd "$root" && swift build -c release --product privacy-bench >&2)
  bench="$root/.build/release/privacy-bench"
fi
[[ -d "$out/corpus" ]] || python3 "$here/generate_corpus.py" --megabytes 50 --out "$out"
big="$out/large-$mb.txt"
if [[ ! -f "$big" ]]; then
  # The corpus parts, repeated until the file holds the requested size.
  target=$((mb * 1024 * 1024))
  : > "$big"
  while [[ $(stat -c %s "$big") -lt $target ]]; do
    for part in "$out"/corpus/part-*.txt; do
      cat "$part" >> "$big"
      [[ $(stat -c %s "$big") -ge $target ]] && break
    done
  done
fi
echo "file: $(stat -c %s "$big") bytes"
/usr/bin/time -v "$bench" "$out/large-findings.jsonl" "$big" 2> "$out/time.txt"
grep -E "Maximum resident set size|Elapsed" "$out/time.txt"
rss_kb=$(sed -nE 's/.*Maximum resident set size \(kbytes\): ([0-9]+)/\1/p' "$out/time.txt")
echo "peak RSS: $((rss_kb / 1024)) MB (limit 64 MB)"
rm -f "$out/large-findings.jsonl"
