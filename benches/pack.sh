#!/usr/bin/env bash
# Packaging benchmark: kdt::archive vs Info-ZIP `zip -q -6` vs Python zipfile (ZIP_DEFLATED,
# level 6), side by side on the same files.
#
# Usage: benches/pack.sh [TREE] [RUNS]     (default TREE: ~/.cargo/registry/src, RUNS: 5)
# Needs: zip, python3, hyperfine (apt-get install -y zip hyperfine); /usr/bin/time (apt: time).
#
# Fairness: kdt applies ignore files and default exclusions, so it runs first and writes the
# list of entries it packed; Info-ZIP (`zip -@`) and Python are fed exactly that list, from the
# tree's root, so all three compress the same files. kdt's time includes its own walk.
set -euo pipefail

TREE="${1:-$HOME/.cargo/registry/src}"
RUNS="${2:-5}"
HERE="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$(mktemp -d "${TMPDIR:-/tmp}/kdt-pack-bench.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT

for tool in zip python3 hyperfine; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y zip python3 hyperfine)" >&2; exit 2; }
done

cargo build --quiet --release --example pack --manifest-path "$HERE/Cargo.toml"
PACK="$HERE/target/release/examples/pack"

cat >"$OUT/pyzip.py" <<'PY'
import sys, zipfile
root, listing, out = sys.argv[1:4]
import os
os.chdir(root)
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6,
                     strict_timestamps=False) as z:  # crates have pre-1980 mtimes
    for name in open(listing, encoding="utf-8").read().splitlines():
        z.write(name, name)
PY

"$PACK" "$TREE" "$OUT/kdt.zip" --list "$OUT/list.txt" >"$OUT/kdt-stats.json"
FILES=$(wc -l <"$OUT/list.txt")
BYTES=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["stats"]["bytes_in"])' "$OUT/kdt-stats.json")
echo "tree: $TREE  files: $FILES  bytes: $BYTES  cores: $(nproc)  runs: $RUNS"

hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$OUT/hf.json" \
  -n kdt "$PACK '$TREE' '$OUT/kdt.zip'" \
  -n zip-6 --prepare "rm -f '$OUT/info.zip'" "cd '$TREE' && zip -q -6 '$OUT/info.zip' -@ < '$OUT/list.txt'" \
  -n python-zipfile "python3 '$OUT/pyzip.py' '$TREE' '$OUT/list.txt' '$OUT/py.zip'"

# Peak RSS of one run each.
rss() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }
RSS_KDT=$(rss "$PACK" "$TREE" "$OUT/kdt.zip")
rm -f "$OUT/info.zip"
RSS_ZIP=$(cd "$TREE" && /usr/bin/time -f '%M' zip -q -6 "$OUT/info.zip" -@ <"$OUT/list.txt" 2>&1 >/dev/null | tail -1)

# Every tool must have packed the same number of entries.
python3 - "$OUT" "$RSS_KDT" "$RSS_ZIP" <<'PY'
import json, os, sys, zipfile
out, rss_kdt, rss_zip = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
hf = {r["command"]: r for r in json.load(open(f"{out}/hf.json"))["results"]}
size = {n: os.path.getsize(f"{out}/{f}") for n, f in
        [("kdt", "kdt.zip"), ("zip-6", "info.zip"), ("python-zipfile", "py.zip")]}
count = {n: len(zipfile.ZipFile(f"{out}/{f}").namelist()) for n, f in
         [("kdt", "kdt.zip"), ("zip-6", "info.zip"), ("python-zipfile", "py.zip")]}
assert len(set(count.values())) == 1, count
print()
print(f"{'tool':<16}{'mean s':>9}{'± s':>8}{'size MB':>10}{'entries':>9}")
for n in ["kdt", "zip-6", "python-zipfile"]:
    r = hf[n]
    print(f"{n:<16}{r['mean']:>9.3f}{r['stddev'] or 0:>8.3f}{size[n]/1e6:>10.2f}{count[n]:>9}")
k = hf["kdt"]["mean"]
print()
print(f"speed-up vs zip -6:          {hf['zip-6']['mean']/k:.2f}x  (target >= 2.0x)")
print(f"speed-up vs python zipfile:  {hf['python-zipfile']['mean']/k:.2f}x")
print(f"size vs zip -6:              {size['kdt']/size['zip-6']:.4f}  (target <= 1.03)")
print(f"size vs python zipfile:      {size['kdt']/size['python-zipfile']:.4f}")
print(f"peak RSS kdt:                {rss_kdt/1024:.1f} MiB  (target < 64 MiB); zip -6: {rss_zip/1024:.1f} MiB")
PY
