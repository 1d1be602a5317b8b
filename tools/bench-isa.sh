#!/usr/bin/env bash
# Every workload of `diynet bench`, and the 512³ matrix multiply, under each instruction-set setting of the runtime:
#   default                     the machine's best (AVX-512 here)
#   DOTNET_EnableAVX512=0       AVX2 + FMA, 256-bit kernels
#   DOTNET_EnableAVX2=0         SSE/AVX without FMA, 128-bit kernels that multiply then add
#   DOTNET_EnableHWIntrinsic=0  no hardware vectors: the scalar kernels
# Prints a Markdown table (processor seconds per run, median of RUNS after one warm-up; slowdown against the default)
# for bench/README.md. The kernels run on THREADS threads (default 1) and the table reads the process's processor
# time, not the wall clock: on one thread the two agree on a quiet machine, and processor time stays close to them
# when other work shares the cores, so the ratios between settings hold on a busy machine too.
# Usage: tools/bench-isa.sh [--runs N] [--threads N] [--only a,c,h1] [--out DIR]
#        (DIYNET_CLI_DLL=path/DiyNet.Cli.dll skips the build)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=3 threads=1 only="" out="$repo/out/bench-isa"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "bench-isa: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
# DIYNET_CLI_DLL: a DiyNet.Cli.dll already built (e.g. the test project's copy), else the CLI is built here.
dll="${DIYNET_CLI_DLL:-}"
if [ -z "$dll" ]; then
  dotnet build "$repo/src/DiyNet.Cli" -c Release -nologo -v quiet > /dev/null
  dll="$repo/src/DiyNet.Cli/bin/Release/net10.0/DiyNet.Cli.dll"
fi
settings=(default DOTNET_EnableAVX512=0 DOTNET_EnableAVX2=0 DOTNET_EnableHWIntrinsic=0)
for s in "${settings[@]}"; do
  name="${s%%=*}"
  envs=(); [ "$s" != default ] && envs=("$s")
  echo "bench-isa: $s" >&2
  env ${envs[@]+"${envs[@]}"} dotnet "$dll" bench --runs "$runs" --threads "$threads" ${only:+--only "$only"} --json "$out/$name.json" > "$out/$name.log"
  env ${envs[@]+"${envs[@]}"} dotnet "$dll" bench --gemm 512 --runs "$runs" --threads "$threads" --json "$out/$name-gemm.json" > "$out/$name-gemm.log"
done
echo "bench-isa: $threads thread(s), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 - "$out" "${settings[@]%%=*}" <<'PY'
import json, sys, os
out, names = sys.argv[1], sys.argv[2:]
label = {"default": "default", "DOTNET_EnableAVX512": "AVX512=0", "DOTNET_EnableAVX2": "AVX2=0", "DOTNET_EnableHWIntrinsic": "HWIntrinsic=0"}
runs = {n: json.load(open(os.path.join(out, n + ".json"))) for n in names}
gemm = {n: json.load(open(os.path.join(out, n + "-gemm.json"))) for n in names}
print("| workload | " + " | ".join(f"{label[n]} ({runs[n]['vector_bits']}-bit)" if runs[n]['vector_bits'] != 32 else f"{label[n]} (scalar)" for n in names) + " |")
print("|---|" + "---|" * len(names))
base = {r["id"]: r["median_cpu_s"] for r in runs[names[0]]["results"]}
for r in runs[names[0]]["results"]:
    cells = []
    for n in names:
        m = next(x["median_cpu_s"] for x in runs[n]["results"] if x["id"] == r["id"])
        cells.append(f"{m:.3f} s" + ("" if n == names[0] else f" ({m / base[r['id']]:.1f}×)"))
    print(f"| {r['id']} {r['name']} | " + " | ".join(cells) + " |")
g = {n: gemm[n]["gemm"][0]["managed_cpu_gflops"] for n in names}
print("| GEMM 512³, GFLOP per processor second | " + " | ".join(f"{g[n]:.1f}" + ("" if n == names[0] else f" ({g[names[0]] / g[n]:.1f}× slower)") for n in names) + " |")
PY
