#!/usr/bin/env python3
"""Export the inference networks to ONNX for the ONNX Runtime anchor (ort/): the MLP of workload a (h1, h64,
h1024) as mlp_a.onnx and the CIFAR-size CNN of workloads i/j as cifar_cnn.onnx, with torch 1.13's
torch.onnx.export (opset 13, dynamic batch axis). Beside each model, a check file for the C# runner: 8 inputs
(common.make_data of the workload, float32) followed by PyTorch's outputs for them (float32, 8x10), raw
little-endian.

Usage: /usr/bin/python3 bench/anchors/export_models.py [--out DIR]   (default: ort/ beside this script)
"""
import argparse
import os
import sys

sys.dont_write_bytecode = True
here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
p = argparse.ArgumentParser()
p.add_argument("--out", default=os.path.join(here, "ort"))
p.add_argument("--opset", type=int, default=13)
args = p.parse_args()

import workloads  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import common  # noqa: E402

for name, wid, data_id in (("mlp_a", "a", "h1"), ("cifar_cnn", "i", "j")):
    model = workloads.build_model(wid).eval()
    shape = tuple(common.WORKLOADS[data_id]["x_shape"])
    path = os.path.join(args.out, f"{name}.onnx")
    torch.onnx.export(model, torch.zeros((1,) + shape), path, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}},
                      opset_version=args.opset, do_constant_folding=True)
    x, _ = common.make_data(data_id)
    x = np.ascontiguousarray(x[:8], dtype=np.float32)
    with torch.no_grad():
        y = model(torch.from_numpy(x)).numpy().astype(np.float32)
    with open(os.path.join(args.out, f"{name}_check.bin"), "wb") as fh:
        fh.write(x.astype("<f4").tobytes())
        fh.write(y.astype("<f4").tobytes())
    try:
        import onnx
        m = onnx.load(path)
        onnx.checker.check_model(m)
        ops = [n.op_type for n in m.graph.node]
        print(f"onnx {onnx.__version__}: {name} checked; opset {m.opset_import[0].version}; nodes {ops}")
    except ImportError:
        print("python3-onnx not installed: model not checked")
    print(f"torch {torch.__version__}: wrote {path} ({os.path.getsize(path)} bytes) and {name}_check.bin")
