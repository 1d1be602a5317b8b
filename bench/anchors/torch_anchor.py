#!/usr/bin/env python3
"""PyTorch 1.13 (Debian python3-torch) anchor for every workload of `diynet bench`: the shared anchors' torch_ref.py
(its protocol, options and JSON) with the workloads of workloads.py added (h64, i, j, k), and the peak resident set
of each workload recorded (peak_rss_bytes; VmHWM reset before the workload's data is made).

Usage: /usr/bin/python3 bench/anchors/torch_anchor.py [torch_ref.py's options: --threads T --runs N --only ids --out FILE --no-probe]
Needs: apt-get install python3-torch python3-numpy libopenblas0-openmp; the shared anchors (BENCH_ANCHORS or a
shared/bench-anchors above the repository).
"""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import workloads  # noqa: E402  (extends common.WORKLOADS before torch_ref reads it)
import torch_ref  # noqa: E402  (parses the arguments, selects the OpenMP OpenBLAS, loads torch)

torch_ref.build_model = workloads.build_model
_forward_flops_per_layer = torch_ref.forward_flops_per_layer


def forward_flops_per_layer(model, x_shape):
    """torch_ref's count on one example, in evaluation mode (batch normalization cannot train on one example)."""
    training = model.training
    model.eval()
    try:
        return _forward_flops_per_layer(model, x_shape)
    finally:
        model.train(training)


torch_ref.forward_flops_per_layer = forward_flops_per_layer
_bench_workload = torch_ref.bench_workload


def bench_workload(wid):
    workloads.peak_rss_reset()
    rec = _bench_workload(wid)
    rec["peak_rss_bytes"] = workloads.peak_rss_bytes()
    return rec


torch_ref.bench_workload = bench_workload

if __name__ == "__main__":
    torch_ref.main()
