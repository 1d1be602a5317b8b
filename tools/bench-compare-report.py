#!/usr/bin/env python3
"""Tables and ratios from a tools/bench-compare.sh output folder (rN/*.json).

For every configuration (DiyNet, torch, NumPy at 2 and 1 threads) and workload: the median over rounds of the
per-invocation median. The ratio is the faster peer configuration's time over DiyNet's default (2 threads): above 1,
DiyNet is faster. Targets (bench/README.md): above 1 everywhere, at least 1.5 on c, g and h1; the managed GEMM at
1024³ on 2 threads at least 80 % of OpenBLAS's GFLOP/s.
Usage: bench-compare-report.py OUT_DIR
"""
import glob
import json
import os
import statistics
import sys

CONFIGS = ["diynet_2t", "diynet_1t", "torch_2t", "torch_1t", "numpy_2t", "numpy_1t"]
TARGET = {"c": 1.5, "g": 1.5, "h1": 1.5}


def fmt_range(xs):
    return f"{statistics.median(xs):.3f} [{min(xs):.3f}-{max(xs):.3f}]"


def main(out):
    rounds = sorted((p for p in glob.glob(os.path.join(out, "r*")) if os.path.isdir(p) and os.path.basename(p)[1:].isdigit()),
                    key=lambda p: int(os.path.basename(p)[1:]))
    times, names, order = {}, {}, []
    for rd in rounds:
        for cfg in CONFIGS:
            path = os.path.join(rd, cfg + ".json")
            if not os.path.exists(path):
                continue
            with open(path) as fh:
                for rec in json.load(fh)["results"]:
                    times.setdefault((cfg, rec["id"]), []).append(rec["median_s"])
                    names[rec["id"]] = rec["name"]
                    if rec["id"] not in order:
                        order.append(rec["id"])
    meta = open(os.path.join(out, "meta.txt")).read().strip() if os.path.exists(os.path.join(out, "meta.txt")) else ""
    print(f"# DiyNet vs anchors, {len(rounds)} interleaved rounds\n")
    if meta:
        print("```\n" + meta + "\n```\n")
    print("Seconds per run: median over rounds of each invocation's median [min-max over rounds].\n")
    print("| id | workload | " + " | ".join(CONFIGS) + " | faster peer | peer / DiyNet 2T | target | |")
    print("|---|---|" + "---|" * len(CONFIGS) + "---|---|---|---|")
    failures = 0
    for wid in order:
        cells, med = [], {}
        for cfg in CONFIGS:
            xs = times.get((cfg, wid))
            cells.append(fmt_range(xs) if xs else "-")
            if xs:
                med[cfg] = statistics.median(xs)
        peers = {c: v for c, v in med.items() if not c.startswith("diynet")}
        if "diynet_2t" not in med or not peers:
            continue
        best = min(peers, key=peers.get)
        ratio = peers[best] / med["diynet_2t"]
        target = TARGET.get(wid, 1.0)
        ok = ratio >= target if wid in TARGET else ratio > target
        failures += not ok
        print(f"| {wid} | {names[wid]} | " + " | ".join(cells)
              + f" | {best} {peers[best]:.3f} | **{ratio:.2f}x** | {'>=' if wid in TARGET else '>'} {target} | {'ok' if ok else 'MISSED'} |")
    gemm = {}
    for rd in rounds:
        path = os.path.join(rd, "gemm_2t.json")
        if os.path.exists(path):
            with open(path) as fh:
                for rec in json.load(fh)["gemm"]:
                    gemm.setdefault(rec["size"], []).append((rec["managed_gflops"], rec.get("openblas_gflops")))
    if gemm:
        print("\nGEMM C = A·B, float32, 2 threads, in one process (5 managed runs, then 5 OpenBLAS runs, per round), GFLOP/s:\n")
        print("| n³ | managed | OpenBLAS | managed / OpenBLAS | target | |")
        print("|---|---|---|---|---|---|")
        for n, pairs in sorted(gemm.items()):
            m = [p[0] for p in pairs]
            o = [p[1] for p in pairs if p[1] is not None]
            if o:
                ratio = statistics.median(m) / statistics.median(o)
                ok = ratio >= 0.8 if n == 1024 else True
                failures += not ok
                print(f"| {n} | {fmt_range(m)} | {fmt_range(o)} | **{ratio:.0%}** | {'>= 80%' if n == 1024 else '-'} | {'ok' if ok else 'MISSED'} |")
            else:
                print(f"| {n} | {fmt_range(m)} | - | - | | no OpenBLAS |")
    print(f"\n{'All targets met.' if failures == 0 else f'{failures} target(s) missed.'}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
