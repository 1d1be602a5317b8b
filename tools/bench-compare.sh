#!/usr/bin/env bash
# Side-by-side speed comparison of DiyNet with the peers a user would pick instead, run interleaved in one session:
#   DiyNet        `diynet bench` of this checkout, 2 threads (its default) and 1 thread
#   LibTorch 2.10 bench/anchors/torchsharp (TorchSharp-cpu 0.107.0: oneMKL + oneDNN), 2 and 1 threads
#   ONNX Runtime  bench/anchors/ort (1.31.1, CPU EP), the inference workloads, 2 and 1 intra-op threads
#   PyTorch 1.13  bench/anchors/torch_anchor.py (Debian python3-torch over the shared anchors' torch_ref.py), 2 threads
#   GEMM          `diynet bench --gemm 1024 --threads 2`: the managed matrix multiply's rate in the same run, the
#                 yardstick of the GFLOP/s fractions
# Every round runs each configuration once, in reverse order in even rounds (a drift of the machine's load then
# does not always favour the same side); each invocation is 1 warm-up + the median of RUNS timed runs. Then, unless
# --no-memory, one process per workload and implementation (DiyNet, LibTorch, ORT at 1 thread, 1 timed run)
# measures the peak resident set. tools/bench-compare-report.py prints the tables: seconds per run (median over
# rounds [min-max]), best peer / DiyNet, GFLOP/s and fraction of the GEMM's 1024³ rate, peak resident set.
#
# Usage: tools/bench-compare.sh [--rounds N] [--runs N] [--only a,c,h1] [--skip torch,ort,...] [--no-memory] [--out DIR]
#   --rounds     rounds (default 3; 0: only the peak-memory pass)
#   --runs       timed runs per workload inside one invocation, after one warm-up (default 3, the anchors' protocol)
#   --only       workload ids (default: every workload of `diynet bench --list`)
#   --skip       configurations to leave out: torchsharp, ort, torch, gemm (comma-separated)
#   --no-memory  skip the peak-memory pass
#   --out        where the JSON files, logs and report.md go (default out/bench-compare/<UTC time>)
# Environment: BENCH_ANCHORS (the shared anchors, default: a shared/bench-anchors above the repository),
#   STEP_TIMEOUT (seconds before one invocation is killed, default 600; its cell is then missing).
# Needs the .NET 10 SDK (NuGet reachable for the anchors' first restore: ~1.2 GB of LibTorch), and
#   apt-get install -y python3-torch python3-numpy python3-onnx libopenblas0-openmp
# (python3-onnx only to check the exported models). See bench/anchors/README.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=3 runs=3 only="" skip="" memory=1 out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --skip) skip="$2"; shift 2 ;;
    --no-memory) memory=0; shift ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "bench-compare: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
skipped() { case ",$skip," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

py=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1
anchors_dir="$repo/bench/anchors"
step_timeout="${STEP_TIMEOUT:-600}"
if ! skipped torch; then
  "$py" -c 'import numpy, torch' 2>/dev/null || { echo "bench-compare: $py cannot import numpy and torch (apt-get install -y python3-torch python3-numpy), or pass --skip torch" >&2; exit 1; }
  [ -d /usr/lib/x86_64-linux-gnu/openblas-openmp ] || { echo "bench-compare: PyTorch 1.13 needs the OpenMP OpenBLAS: apt-get install -y libopenblas0-openmp, or pass --skip torch" >&2; exit 1; }
fi

echo "== building DiyNet.Cli (Release) and the anchors"
dotnet build "$repo/src/DiyNet.Cli" -c Release -nologo -v quiet > /dev/null
dll="$repo/src/DiyNet.Cli/bin/Release/net10.0/DiyNet.Cli.dll"
if ! skipped torchsharp; then
  dotnet build "$anchors_dir/torchsharp" -c Release -nologo -v quiet > /dev/null
fi
if ! skipped ort; then
  if [ ! -f "$anchors_dir/ort/mlp_a.onnx" ] || [ ! -f "$anchors_dir/ort/cifar_cnn.onnx" ]; then
    "$py" "$anchors_dir/export_models.py" --out "$anchors_dir/ort"
  fi
  dotnet build "$anchors_dir/ort" -c Release -nologo -v quiet > /dev/null
fi
ts_dll="$anchors_dir/torchsharp/bin/Release/net10.0/TorchSharpAnchor.dll"
ort_dll="$anchors_dir/ort/bin/Release/net10.0/OrtAnchor.dll"

ids="$(dotnet "$dll" bench --list | cut -f1 | paste -sd, -)"
if [ -n "$only" ]; then
  for w in ${only//,/ }; do
    case ",$ids," in *",$w,"*) ;; *) echo "bench-compare: workload '$w' is not in \`diynet bench --list\` ($ids)" >&2; exit 2 ;; esac
  done
  ids="$only"
fi
ort_ids="$(dotnet "$ort_dll" --list 2>/dev/null | cut -f1 | grep -xF -f <(echo "$ids" | tr ',' '\n') | paste -sd, - || true)"

out="${out:-$repo/out/bench-compare/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
{
  echo "date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host=$(hostname)"
  echo "cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), family $(lscpu | sed -n 's/^CPU family: *//p') model $(lscpu | sed -n 's/^Model: *//p') ($(nproc) cores)"
  echo "commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$repo" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "workloads=$ids ort=$ort_ids rounds=$rounds runs=$runs skip=${skip:-none}"
  echo "dotnet=$(dotnet --version)"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/meta.txt"
cat "$out/meta.txt"

step() {   # step DIR NAME COMMAND...: one invocation, output in DIR/NAME.log, the load average before it logged
  local dir="$1" name="$2"; shift 2
  echo "$name $(cut -d' ' -f1-3 /proc/loadavg)" >> "$dir/loadavg.txt"
  printf -- "-- %s: %-16s (load %s) " "$(basename "$dir")" "$name" "$(cut -d' ' -f1 /proc/loadavg)"
  local t0=$SECONDS
  if timeout "$step_timeout" "$@" > "$dir/$name.log" 2>&1; then
    echo "$((SECONDS - t0)) s"
  else
    echo "FAILED or timed out after $((SECONDS - t0)) s; see $dir/$name.log"
    tail -3 "$dir/$name.log" | sed 's/^/   | /'
  fi
}

run_config() {   # run_config DIR NAME IDS RUNS FILE: configuration NAME (e.g. diynet_2t) on IDS, output DIR/FILE.json
  local dir="$1" name="$2" w="$3" n="$4" file="$5" t
  [ -n "$w" ] || return 0
  t="${name##*_}"; t="${t%t}"
  case "$name" in
    diynet_*) step "$dir" "$file" dotnet "$dll" bench --threads "$t" --runs "$n" --only "$w" --json "$dir/$file.json" ;;
    torchsharp_*) skipped torchsharp || step "$dir" "$file" dotnet "$ts_dll" --threads "$t" --runs "$n" --only "$w" --no-probe --out "$dir/$file.json" ;;
    ort_*)
      local o
      o="$(echo "$w" | tr ',' '\n' | grep -xF -f <(echo "$ort_ids" | tr ',' '\n') | paste -sd, - || true)"
      if ! skipped ort && [ -n "$o" ]; then
        step "$dir" "$file" dotnet "$ort_dll" --threads "$t" --runs "$n" --only "$o" --models "$anchors_dir/ort" --out "$dir/$file.json"
      fi ;;
    torch_*) skipped torch || step "$dir" "$file" "$py" "$anchors_dir/torch_anchor.py" --threads "$t" --runs "$n" --only "$w" --no-probe --out "$dir/$file.json" ;;
    gemm_*) skipped gemm || step "$dir" "$file" dotnet "$dll" bench --gemm 1024 --threads "$t" --runs 5 --json "$dir/$file.json" ;;
  esac
}

# Each configuration runs in two invocations, the convolution-heavy workloads i, j and k apart, so that a slow or
# timed-out invocation costs only its own cells.
heavy="$(echo "$ids" | tr ',' '\n' | grep -xE 'i|j|k' | paste -sd, - || true)"
light="$(echo "$ids" | tr ',' '\n' | grep -vxE 'i|j|k' | paste -sd, - || true)"
configs=(diynet_2t diynet_1t torchsharp_2t torchsharp_1t ort_2t ort_1t torch_2t gemm_2t)
start=$SECONDS
for r in $(seq 1 "$rounds"); do
  mkdir -p "$out/r$r"
  order=("${configs[@]}")
  if [ $((r % 2)) -eq 0 ]; then
    order=(); for ((i=${#configs[@]}-1; i>=0; i--)); do order+=("${configs[$i]}"); done
  fi
  for c in "${order[@]}"; do
    if [ "${c%_*}" = gemm ]; then run_config "$out/r$r" "$c" "$ids" 5 "$c"; continue; fi
    run_config "$out/r$r" "$c" "$light" "$runs" "$c"
    run_config "$out/r$r" "$c" "$heavy" "$runs" "${c}_cnn"
  done
done

if [ "$memory" = 1 ]; then
  # One process per workload: its peak resident set is the workload's (runtime, libraries, data, network, buffers).
  # One thread: the resident set hardly depends on the thread count, and two OpenMP threads crawl on a busy machine.
  mkdir -p "$out/mem"
  for w in ${ids//,/ }; do
    mkdir -p "$out/mem/$w"
    for c in diynet_1t torchsharp_1t ort_1t; do run_config "$out/mem/$w" "$c" "$w" 1 "$c"; done
  done
fi
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/meta.txt"
echo "elapsed_s=$((SECONDS - start))" >> "$out/meta.txt"

"$py" "$repo/tools/bench-compare-report.py" "$out" | tee "$out/report.md"
