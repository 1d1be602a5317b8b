#!/usr/bin/env python3
"""Report of tools/bench-compare.sh, from OUT/rN/<config>.json and OUT/mem/<id>/<config>.json.

Tables:
 1. seconds per run, workload x configuration: the median over rounds of each invocation's median
    [min-max over rounds]; the best peer (fastest of LibTorch 2T/1T, ORT 2T/1T, PyTorch 1.13 2T) and best peer /
    DiyNet 2T (> 1: DiyNet faster);
 2. achieved GFLOP/s (the anchors' FLOP model: 2 x multiply-adds of the Linear/Conv layers, forward + weight
    gradients + input gradients but the first layer's when training) of DiyNet 2T and of the best peer, and
    DiyNet's fraction of the managed GEMM's 1024^3 rate at 2 threads measured in the same run (median over rounds);
 3. peak resident set per workload (one process per workload and implementation, 1 thread).

Usage: bench-compare-report.py OUT_DIR
"""
import glob
import json
import os
import re
import statistics
import sys

CONFIGS = [  # (file stem, column title, is a peer)
    ("diynet_2t", "DiyNet 2T", False),
    ("diynet_1t", "DiyNet 1T", False),
    ("torchsharp_2t", "LibTorch 2T", True),
    ("torchsharp_1t", "LibTorch 1T", True),
    ("ort_2t", "ORT 2T", True),
    ("ort_1t", "ORT 1T", True),
    ("torch_2t", "PyTorch 1.13 2T", True),
]
MEMORY = [("diynet_1t", "DiyNet"), ("torchsharp_1t", "LibTorch 2.10"), ("ort_1t", "ONNX Runtime")]


def fmt(x):
    if x is None:
        return "-"
    return f"{x:.3f}" if x >= 0.1 else f"{x:.4f}"


def load(path):
    try:
        with open(path) as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def main(out):
    rounds = sorted((p for p in glob.glob(os.path.join(out, "r*"))
                     if os.path.isdir(p) and re.fullmatch(r"r\d+", os.path.basename(p))),
                    key=lambda p: int(os.path.basename(p)[1:]))
    data, headers, gemm = {}, {}, []
    for rdir in rounds:
        for stem, _, _ in CONFIGS:
            for suffix in ("", "_cnn"):   # the convolution workloads run in an invocation of their own
                doc = load(os.path.join(rdir, stem + suffix + ".json"))
                if doc is None:
                    continue
                headers.setdefault(stem, doc)
                for rec in doc["results"]:
                    data.setdefault(stem, {}).setdefault(rec["id"], []).append(rec)
        g = load(os.path.join(rdir, "gemm_2t.json"))
        if g:
            gemm += [x["managed_gflops"] for x in g["gemm"] if x["size"] == 1024]
    ids = []
    for stem, _, _ in CONFIGS:
        for wid in data.get(stem, {}):
            if wid not in ids:
                ids.append(wid)

    def cell(stem, wid):
        recs = data.get(stem, {}).get(wid)
        if not recs:
            return None
        meds = [r["median_s"] for r in recs]
        return statistics.median(meds), min(meds), max(meds), len(meds), recs

    meta = ""
    if os.path.exists(os.path.join(out, "meta.txt")):
        with open(os.path.join(out, "meta.txt")) as fh:
            meta = fh.read().strip()
    print("# DiyNet vs LibTorch 2.10 / ONNX Runtime / PyTorch 1.13, side by side\n")
    print("```\n" + meta + "\n```\n")
    vers = []
    h = headers.get("torchsharp_2t") or headers.get("torchsharp_1t")
    if h:
        vers.append(f"TorchSharp {h.get('torchsharp')} / LibTorch {h.get('torch')} (CPU, oneMKL + oneDNN, OpenMP)")
    h = headers.get("ort_2t") or headers.get("ort_1t")
    if h:
        checks = ", ".join(f"{k} {v.get('status')}" for k, v in (h.get("check") or {}).items())
        vers.append(f"ONNX Runtime {h.get('onnxruntime')} (CPU EP; model checks vs PyTorch: {checks})")
    h = headers.get("torch_2t")
    if h:
        vers.append(f"PyTorch {h.get('torch')} (Debian), OpenBLAS {h.get('blas', {}).get('parallel')} x{h.get('blas', {}).get('threads')}")
    h = headers.get("diynet_2t")
    if h:
        vers.append(f"DiyNet GEMM {h.get('gemm')}, {h.get('vector_bits')}-bit vectors")
    if vers:
        print("Versions: " + "; ".join(vers) + ".\n")

    print(f"**Seconds per run** (a run is 1 epoch; 100 epochs for c; one pass over the examples for inference): median "
          f"over {len(rounds)} round(s) of each invocation's median [min-max over rounds]. Ratio: best peer / DiyNet 2T "
          "(> 1: DiyNet faster).\n")
    cols = [title for _, title, _ in CONFIGS]
    print("| id | " + " | ".join(cols) + " | best peer | peer / DiyNet 2T |")
    print("|---" * (len(cols) + 3) + "|")
    best_peer = {}
    for wid in ids:
        row, peers = [wid], []
        for stem, title, is_peer in CONFIGS:
            c = cell(stem, wid)
            if c is None:
                row.append("-")
                continue
            med, lo, hi, n, _ = c
            row.append(fmt(med) + (f" [{fmt(lo)}-{fmt(hi)}]" if n > 1 else ""))
            if is_peer:
                peers.append((med, title, stem))
        d2 = cell("diynet_2t", wid)
        if peers:
            best, who, stem = min(peers)
            best_peer[wid] = (best, who, stem)
            row.append(f"{who} {fmt(best)}")
            row.append(f"**{best / d2[0]:.2f}x**" if d2 else "-")
        else:
            row += ["-", "-"]
        print("| " + " | ".join(row) + " |")

    g1024 = statistics.median(gemm) if gemm else None
    print("\n**Achieved rate.** GFLOP/s with the anchors' FLOP model (2 x multiply-adds of the Linear/Conv layers: forward, "
          "plus weight gradients and the input gradients of every layer but the first when training); the GEMM column "
          "is DiyNet 2T's fraction of the managed matrix multiply's 1024^3 rate at 2 threads in the same run"
          + (f" ({g1024:.0f} GFLOP/s, median of {len(gemm)} [{min(gemm):.0f}-{max(gemm):.0f}])" if gemm else " (not measured)")
          + ". Microseconds per step (optimizer step, or forward call) from the medians.\n")
    print("| id | FLOP/example | DiyNet 2T GFLOP/s | of GEMM 1024^3 | DiyNet 2T us/step | best peer GFLOP/s | best peer us/step |")
    print("|---|---|---|---|---|---|---|")
    for wid in ids:
        d2 = cell("diynet_2t", wid)
        if not d2:
            continue
        rec = d2[4][0]
        flops = rec.get("flops_per_example")
        examples = rec.get("examples_per_run") or rec["examples_per_s"] * rec["median_s"]
        steps = rec["steps_per_run"]
        gf = flops * examples / d2[0] / 1e9 if flops and examples else None
        frac = f"{100 * gf / g1024:.0f} %" if gf and g1024 else "-"
        bp = best_peer.get(wid)
        bp_gf = bp_us = "-"
        if bp:
            c = cell(bp[2], wid)
            prec = c[4][0]
            pflops = prec.get("flops_per_example") or flops
            if pflops and examples:
                bp_gf = f"{pflops * examples / bp[0] / 1e9:.1f} ({bp[1]})"
            bp_us = f"{1e6 * bp[0] / prec['steps_per_run']:,.1f}"
        print(f"| {wid} | {flops / 1e6:.2f} M | {gf:.1f} | {frac} | {1e6 * d2[0] / steps:,.1f} | {bp_gf} | {bp_us} |"
              if gf else f"| {wid} | - | - | - | {1e6 * d2[0] / steps:,.1f} | {bp_gf} | {bp_us} |")

    mem = {}
    for path in sorted(glob.glob(os.path.join(out, "mem", "*", "*.json"))):
        doc = load(path)
        if not doc:
            continue
        stem = os.path.splitext(os.path.basename(path))[0]
        for rec in doc["results"]:
            if rec.get("peak_rss_bytes"):
                mem.setdefault(rec["id"], {})[stem] = rec["peak_rss_bytes"]
    for wid in mem:
        if wid not in ids:
            ids.append(wid)
    if mem:
        print("\n**Peak resident set** (MiB; one process per workload and implementation at 1 thread, 1 warm-up + 1 timed "
              "run; runtime, libraries, the workload's data, network and buffers). Ratio: DiyNet / LibTorch (< 1: DiyNet "
              "smaller).\n")
        print("| id | " + " | ".join(t for _, t in MEMORY) + " | DiyNet / LibTorch |")
        print("|---" * (len(MEMORY) + 2) + "|")
        for wid in ids:
            m = mem.get(wid, {})
            row = [f"{m[s] / 2**20:.0f}" if s in m else "-" for s, _ in MEMORY]
            ratio = f"{m['diynet_1t'] / m['torchsharp_1t']:.2f}" if "diynet_1t" in m and "torchsharp_1t" in m else "-"
            print(f"| {wid} | " + " | ".join(row) + f" | {ratio} |")

    problems = []
    for wid in ids:
        for key in ("steps_per_run", "batch", "epochs", "flops_per_example"):
            vals = {stem: recs[0].get(key) for stem in data for w, recs in data[stem].items()
                    if w == wid and recs[0].get(key) is not None}
            if len(set(vals.values())) > 1:
                problems.append(f"{wid}: {key} differs: {vals}")
    print("\nProtocol check (steps/run, batch, epochs, FLOPs/example where reported): "
          + ("identical across implementations." if not problems else "DIFFERENCES:\n- " + "\n- ".join(problems)))

    loads = []
    for rdir in rounds:
        p = os.path.join(rdir, "loadavg.txt")
        if os.path.exists(p):
            with open(p) as fh:
                loads += [float(line.split()[1]) for line in fh if len(line.split()) >= 2]
    if loads:
        print(f"\n1-minute load average before each invocation: min {min(loads):.2f}, median {statistics.median(loads):.2f}, "
              f"max {max(loads):.2f} (2 cores; above ~1 other processes competed, and 2-thread figures suffer first).")
    missing = [f"{os.path.basename(r)}/{stem}{suffix}" for r in rounds for stem, _, _ in CONFIGS for suffix in ("", "_cnn")
               if not os.path.exists(os.path.join(r, stem + suffix + ".json")) and os.path.exists(os.path.join(r, stem + suffix + ".log"))]
    if missing:
        print(f"\nFailed or timed-out invocations (see their .log): {', '.join(missing)}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
