#!/usr/bin/env bash
# Coverage-guided fuzzing of DiyNet's readers (USPS text, IDX, CSV, model files) with SharpFuzz and Debian's afl++.
#
#   tools/fuzz.sh [--minutes M] [--target usps|idx|csv|model] [--out DIR]
#
# Builds fuzz/DiyNet.Fuzz, writes the seed corpora (small valid files) with it, instruments DiyNet.dll with SharpFuzz's
# command-line tool (installed into DIR/tools from the package feed on first use), then runs afl-fuzz for M minutes
# (default 5) per target, one target after the other, and prints per target the executions, executions per second,
# crashes and hangs. Each crash is replayed outside afl-fuzz to print its exception. Needs: the .NET SDK, afl++
# (apt-get install afl++). Findings stay in DIR/findings/TARGET (default DIR: out/fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=5
targets="usps idx csv model"
out="out/fuzz"
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --target) targets="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
command -v afl-fuzz > /dev/null || { echo "fuzz.sh: afl-fuzz not found: apt-get install afl++" >&2; exit 2; }
out="$(mkdir -p "$out" && cd "$out" && pwd)"
bin="$out/bin"

echo "fuzz: building fuzz/DiyNet.Fuzz"
rm -rf "$bin"
dotnet publish fuzz/DiyNet.Fuzz -c Release -o "$bin" -nologo -v quiet
rm -rf "$out/seeds"
dotnet "$bin/DiyNet.Fuzz.dll" seeds "$out/seeds"
if [ ! -x "$out/tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$out/tools" > /dev/null
fi
echo "fuzz: instrumenting DiyNet.dll"
"$out/tools/sharpfuzz" "$bin/DiyNet.dll"

stat() { sed -n "s/^$2 *: *//p" "$1" | head -n 1; }
summary=()
for target in $targets; do
  findings="$out/findings/$target"
  rm -rf "$findings"
  mkdir -p "$out/findings"
  echo "fuzz: $target for $minutes min (seeds: $(ls "$out/seeds/$target" | tr '\n' ' '))"
  # The target is `dotnet`, not an afl-compiled binary (SKIP_BIN_CHECK); the heap limit turns a runaway allocation into
  # an OutOfMemoryException, which afl-fuzz records as a crash; -t: a run longer than 5 s is a hang.
  AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  AFL_FORKSRV_INIT_TMOUT=120000 DOTNET_GCHeapHardLimit=0x20000000 \
    afl-fuzz -i "$out/seeds/$target" -o "$findings" -t 5000 -m none -V $((minutes * 60)) \
      -- dotnet "$bin/DiyNet.Fuzz.dll" "$target" > "$findings.log" 2>&1 || { tail -n 30 "$findings.log"; exit 1; }
  stats="$findings/default/fuzzer_stats"
  execs=$(stat "$stats" execs_done); rate=$(stat "$stats" execs_per_sec); crashes=$(stat "$stats" saved_crashes)
  hangs=$(stat "$stats" saved_hangs); seconds=$(stat "$stats" run_time); paths=$(stat "$stats" corpus_count)
  line="$target: ${seconds} s, $execs executions, $rate exec/s, corpus $paths, $crashes crashes, $hangs hangs"
  echo "fuzz: $line"
  summary+=("$line")
  for crash in "$findings"/default/crashes/id:*; do
    [ -e "$crash" ] || continue
    echo "fuzz: replaying $crash"
    DOTNET_GCHeapHardLimit=0x20000000 dotnet "$bin/DiyNet.Fuzz.dll" "$target" < "$crash" 2>&1 | head -n 8 || true
  done
done
echo "fuzz: summary (load average $(cut -d' ' -f1-3 /proc/loadavg))"
printf '  %s\n' "${summary[@]}"
