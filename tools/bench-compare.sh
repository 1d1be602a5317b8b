#!/usr/bin/env bash
# Side-by-side speed comparison of DiyNet with the anchors (PyTorch CPU and the NumPy course modules), run
# interleaved in one session: every round runs `diynet bench` and both anchor scripts at 2 and 1 threads, and the
# GEMM comparison (managed kernel vs OpenBLAS at 1024³); the report takes the median over rounds of each
# configuration's median and prints the ratios (tools/bench-compare-report.py).
#
# Usage: tools/bench-compare.sh [--rounds N] [--runs N] [--only a,c,h1] [--gemm 1024,2048] [--anchors DIR] [--out DIR]
#   --rounds  invocations of every configuration (default 3)
#   --runs    timed runs per workload inside one invocation, after one warm-up (default 3, the anchors' protocol)
#   --only    workload ids (default: every workload of `diynet bench --list` that the anchors also define)
#   --gemm    square GEMM sizes for the managed-vs-OpenBLAS comparison (default 1024; "none" to skip)
#   --anchors the anchor scripts (default: $BENCH_ANCHORS, $DIYNET_SHARED/bench-anchors, or a shared/bench-anchors
#             beside the repository or one of its parents)
#   --out     where the JSON files and report.md go (default out/bench-compare/<UTC time>)
# Needs the .NET SDK, and for the anchors (bench/README.md):
#   apt-get install -y python3-torch python3-numpy libopenblas0 libopenblas0-pthread libopenblas0-openmp
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=3 runs=3 only="" gemm="1024" anchors="${BENCH_ANCHORS:-}" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --gemm) gemm="$2"; shift 2 ;;
    --anchors) anchors="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "bench-compare: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

if [ -z "$anchors" ] && [ -n "${DIYNET_SHARED:-}" ]; then anchors="$DIYNET_SHARED/bench-anchors"; fi
if [ -z "$anchors" ]; then
  d="$repo"
  while [ "$d" != "/" ]; do
    if [ -d "$d/shared/bench-anchors" ]; then anchors="$d/shared/bench-anchors"; break; fi
    d="$(dirname "$d")"
  done
fi
if [ -z "$anchors" ] || [ ! -f "$anchors/torch_ref.py" ]; then
  echo "bench-compare: anchor scripts not found (looked for shared/bench-anchors above $repo); pass --anchors DIR or set BENCH_ANCHORS." >&2
  exit 1
fi

py="${PYTHON:-/usr/bin/python3}"
if ! "$py" -c 'import numpy, torch' 2>/dev/null; then
  echo "bench-compare: $py cannot import numpy and torch: apt-get install -y python3-torch python3-numpy" >&2
  exit 1
fi
if [ ! -d /usr/lib/x86_64-linux-gnu/openblas-openmp ]; then
  echo "bench-compare: torch_ref.py needs the OpenMP OpenBLAS: apt-get install -y libopenblas0-openmp" >&2
  exit 1
fi

echo "== building the CLI (Release)"
dotnet build "$repo/src/DiyNet.Cli" -c Release -nologo -v quiet > /dev/null
dll="$repo/src/DiyNet.Cli/bin/Release/net10.0/DiyNet.Cli.dll"
diynet() { dotnet "$dll" "$@"; }

# The workloads: DiyNet's table, restricted to --only and to what the anchors define.
ours="$(diynet bench --list | cut -f1 | paste -sd, -)"
theirs="$(cd "$anchors" && "$py" -c 'import common; print(",".join(common.WORKLOADS))')"
ids="$("$py" - "$ours" "$theirs" "$only" <<'PY'
import sys
ours, theirs, only = (s.split(",") if s else [] for s in sys.argv[1:4])
keep = [w for w in ours if w in theirs and (not only or w in only)]
missing = [w for w in only if w not in keep]
if missing:
    sys.exit(f"bench-compare: workloads {missing} are not in both `diynet bench --list` and the anchors")
print(",".join(keep))
PY
)"

out="${out:-$repo/out/bench-compare/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
{
  echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host=$(hostname)"
  echo "cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1) ($(nproc) cores)"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "workloads=$ids rounds=$rounds runs=$runs gemm=$gemm"
  echo "anchors=$anchors"
  echo "commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
} > "$out/meta.txt"
cat "$out/meta.txt"

step() {   # step NAME COMMAND...: runs one invocation, its output kept in $out/rN/NAME.log
  local name="$1"; shift
  echo "-- round $r: $name"
  if ! "$@" > "$out/r$r/$name.log" 2>&1; then
    echo "bench-compare: '$name' failed; see $out/r$r/$name.log" >&2
    tail -5 "$out/r$r/$name.log" >&2
    exit 1
  fi
}

for r in $(seq 1 "$rounds"); do
  mkdir -p "$out/r$r"
  for t in 2 1; do
    step "diynet_${t}t" diynet bench --threads "$t" --runs "$runs" --only "$ids" --json "$out/r$r/diynet_${t}t.json"
    step "torch_${t}t" "$py" "$anchors/torch_ref.py" --threads "$t" --runs "$runs" --only "$ids" --no-probe --out "$out/r$r/torch_${t}t.json"
    step "numpy_${t}t" "$py" "$anchors/numpy_diy.py" --threads "$t" --runs "$runs" --only "$ids" --no-verify --out "$out/r$r/numpy_${t}t.json"
  done
  if [ "$gemm" != "none" ]; then
    step "gemm_2t" diynet bench --gemm "$gemm" --threads 2 --runs 5 --json "$out/r$r/gemm_2t.json"
  fi
done
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/meta.txt"

"$py" "$repo/tools/bench-compare-report.py" "$out" | tee "$out/report.md"
