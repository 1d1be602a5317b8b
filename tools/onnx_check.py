#!/usr/bin/env python3
"""Checks ONNX files exported by DiyNet with ONNX's own checker (Debian's python3-onnx).

For each file: onnx.checker.check_model(model, full_check=True) -- the IR and opset rules, every node against its
operator schema, and shape inference through the whole graph -- then prints the IR version, the opsets, the input
and output shapes (N is the dynamic batch axis) and the operators used. Exits 1 if any file fails.

    apt-get install python3-onnx
    DIYNET_ONNX_DUMP=out/onnx dotnet test tests/DiyNet.Tests -c Release --filter "FullyQualifiedName~OnnxExportTests"
    /usr/bin/python3 tools/onnx_check.py out/onnx/*.onnx
    /usr/bin/python3 tools/onnx_check.py model.onnx          # a file written by net.ExportOnnx or diynet export
"""
import collections
import sys

import onnx


def shape(value):
    dims = value.type.tensor_type.shape.dim
    return "(" + ", ".join(d.dim_param or str(d.dim_value) for d in dims) + ")"


def check(path):
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    ops = collections.Counter(node.op_type for node in model.graph.node)
    opsets = ", ".join(f"{o.domain or 'ai.onnx'} {o.version}" for o in model.opset_import)
    inputs = ", ".join(f"{v.name} {shape(v)}" for v in model.graph.input)
    outputs = ", ".join(f"{v.name} {shape(v)}" for v in model.graph.output)
    used = ", ".join(f"{op}×{n}" if n > 1 else op for op, n in sorted(ops.items()))
    print(f"ok    {path}: IR {model.ir_version}, opset {opsets}; {inputs} -> {outputs}; {used}")


def main(paths):
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    failed = 0
    for path in paths:
        try:
            check(path)
        except (onnx.checker.ValidationError, onnx.shape_inference.InferenceError, OSError) as e:
            failed += 1
            print(f"FAIL  {path}: {e}")
    print(f"onnx {onnx.__version__}: {len(paths) - failed} of {len(paths)} files pass onnx.checker.check_model(full_check=True)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
