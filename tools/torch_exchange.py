#!/usr/bin/python3
"""PyTorch <-> DiyNet model files, both ways, with Debian's python3-torch (1.13, which has no safetensors reader:
this script reads and writes the format itself).

    /usr/bin/python3 tools/torch_exchange.py               # writes the torch-made files and their outputs into
                                                           # tests/DiyNet.Tests/Fixtures/PyTorch (import fixtures)
    /usr/bin/python3 tools/torch_exchange.py --check       # regenerates in memory, fails if a committed file differs
    /usr/bin/python3 tools/torch_exchange.py --verify F.safetensors F.json ...
                                                           # loads files DiyNet wrote with SaveForPyTorch into torch
                                                           # (built from their architecture metadata, load_state_dict
                                                           # strict) and compares torch's outputs with DiyNet's

A DiyNet model file holds the architecture (DiyNet's module tree as JSON) in its metadata; `build` turns it into the
equivalent torch module (channels-first convolutions; DiyNet's channels-last Unflatten(H, W, C) becomes
nn.Unflatten(1, (C, H, W)); Flatten is nn.Flatten). The layouts of the tensors are PyTorch's; DiyNet converts them
(src/DiyNet/Serialization/PyTorchLayout.cs). Every network here takes flat inputs (N, features), so inputs and
outputs are the same arrays on both sides.

Outputs are computed in float64 from the float32 weights and rounded to float32; the tests compare DiyNet's at
1e-5 relative.
"""
import json
import struct
import sys
from pathlib import Path

import torch
from torch import nn

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "DiyNet.Tests" / "Fixtures" / "PyTorch"
DTYPES = {"F32": (torch.float32, 4), "F64": (torch.float64, 8), "F16": (torch.float16, 2), "BF16": (torch.bfloat16, 2)}


# ---- safetensors by hand -------------------------------------------------------------------------------------------

def write_safetensors(tensors, metadata):
    """The bytes of a safetensors file: F32 tensors in order, 8-byte aligned header."""
    header, offset, blobs = {"__metadata__": metadata}, 0, []
    for name, t in tensors:
        data = t.detach().to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-(8 + len(text)) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def read_safetensors(path):
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    metadata = header.pop("__metadata__", {})
    data = raw[8 + n:]
    tensors = {}
    for name, entry in header.items():
        dtype, size = DTYPES[entry["dtype"]]
        begin, end = entry["data_offsets"]
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=dtype) if end > begin else torch.zeros(0, dtype=dtype)
        tensors[name] = t.reshape(entry["shape"]).to(torch.float32)
    return tensors, metadata


# ---- the torch module of a DiyNet architecture ---------------------------------------------------------------------

class AutoEncoder(nn.Module):
    def __init__(self, encoder, decoder):
        super().__init__()
        self.encoder, self.decoder = encoder, decoder

    def forward(self, x):
        return self.decoder(self.encoder(x))


def build(spec):
    t, a, c = spec["type"], spec.get("args", {}), spec.get("children", [])
    conv = {"Conv1D": nn.Conv1d, "Conv2D": nn.Conv2d}
    transposed = {"ConvTranspose1D": nn.ConvTranspose1d, "ConvTranspose2D": nn.ConvTranspose2d}
    pools = {"MaxPool1D": nn.MaxPool1d, "MaxPool2D": nn.MaxPool2d, "AvgPool1D": nn.AvgPool1d, "AvgPool2D": nn.AvgPool2d}
    plain = {"TanH": nn.Tanh, "Sigmoid": nn.Sigmoid, "ReLU": nn.ReLU, "Identity": nn.Identity, "Flatten": nn.Flatten,
             "GELU": nn.GELU, "SiLU": nn.SiLU}
    if t == "Sequential":
        return nn.Sequential(*[build(child) for child in c])
    if t == "AutoEncoder":
        return AutoEncoder(build(c[0]), build(c[1]))
    if t == "Linear":
        return nn.Linear(a["inputDim"], a["outputDim"], bias=a.get("bias", True))
    if t in plain:
        return plain[t]()
    if t == "LeakyReLU":
        return nn.LeakyReLU(a.get("negativeSlope", 0.01))
    if t == "Softmax":
        return nn.Softmax(dim=-1)
    if t == "LogSoftmax":
        return nn.LogSoftmax(dim=-1)
    if t in conv:
        return conv[t](a["chanIn"], a["chanOut"], a["kSize"], stride=a.get("stride", 1), padding=a.get("padding", 0),
                       bias=a.get("bias", True))
    if t in transposed:
        return transposed[t](a["chanIn"], a["chanOut"], a["kSize"], stride=a.get("stride", 1),
                             padding=a.get("padding", 0), output_padding=a.get("outputPadding", 0),
                             bias=a.get("bias", True))
    if t in pools:
        return pools[t](a["kSize"], stride=a.get("stride") or a["kSize"])
    if t == "Unflatten":
        shape = a["exampleShape"]
        return nn.Unflatten(1, tuple(shape) if len(shape) < 2 else (shape[-1], *shape[:-1]))
    if t in ("Upsample1D", "Upsample2D"):
        return nn.Upsample(scale_factor=a.get("scale", 2), mode="nearest")
    raise ValueError(f"no torch equivalent for DiyNet module {t}")


# ---- the four networks of the exchange tests -----------------------------------------------------------------------

def lin(i, o):
    return {"type": "Linear", "args": {"inputDim": i, "outputDim": o, "bias": True}}


def conv(kind, k, i, o, stride=1, padding=0, output_padding=None):
    args = {"kSize": k, "chanIn": i, "chanOut": o, "stride": stride, "padding": padding}
    if output_padding is not None:
        args["outputPadding"] = output_padding
    args["bias"] = True
    return {"type": kind, "args": args}


def op(t, **args):
    return {"type": t, "args": args} if args else {"type": t}


def seq(*children):
    return {"type": "Sequential", "children": list(children)}


NETWORKS = {
    "mlp": (seq(lin(20, 16), op("ReLU"), lin(16, 8), op("TanH"), lin(8, 4), op("LogSoftmax")), 20),
    "cnn-flatten": (seq(op("Unflatten", exampleShape=[8, 8, 1]), conv("Conv2D", 3, 1, 4, padding=1), op("ReLU"),
                        op("MaxPool2D", kSize=2, stride=2), conv("Conv2D", 3, 4, 6, padding=1), op("ReLU"),
                        op("Flatten"), lin(96, 10)), 64),
    "conv1d": (seq(op("Unflatten", exampleShape=[32, 1]), conv("Conv1D", 3, 1, 8), op("ReLU"),
                   op("MaxPool1D", kSize=2, stride=2), conv("Conv1D", 3, 8, 4, stride=2), op("TanH"), op("Flatten"),
                   lin(28, 5), op("Softmax")), 32),
    "conv-autoencoder": ({"type": "AutoEncoder", "children": [
        seq(op("Unflatten", exampleShape=[8, 8, 1]), conv("Conv2D", 3, 1, 4, stride=2, padding=1), op("ReLU"),
            op("Flatten"), lin(64, 6)),
        seq(lin(6, 64), op("ReLU"), op("Unflatten", exampleShape=[4, 4, 4]),
            conv("ConvTranspose2D", 4, 4, 1, stride=2, padding=1, output_padding=0), op("Flatten"), op("Sigmoid"))]},
        64),
}


def metadata(spec):
    return {"format": "diynet", "format_version": "1", "layout": "pytorch",
            "architecture": json.dumps(spec, separators=(",", ":"))}


def run(model, x):
    with torch.no_grad():
        return model.double()(x.double()).to(torch.float32)


def fixture(name):
    spec, features = NETWORKS[name]
    torch.manual_seed(sum(map(ord, name)))
    model = build(spec)
    for p in model.parameters():  # non-default values, so that a swapped or permuted tensor cannot pass
        with torch.no_grad():
            p.uniform_(-0.5, 0.5)
    x = torch.rand(3, features)
    state = [(k, v.clone()) for k, v in model.state_dict().items()]
    y = run(model, x)
    file = write_safetensors(state, metadata(spec))
    expected = json.dumps({"input": tensor_json(x), "output": tensor_json(y)}, indent=1) + "\n"
    return file, expected


def tensor_json(t):
    return {"shape": list(t.shape), "data": [float(f"{v:.9g}") for v in t.reshape(-1).tolist()]}


def verify(pairs):
    """Loads DiyNet-written files into torch and compares outputs with DiyNet's (JSON beside each file)."""
    worst = 0.0
    for model_path, json_path in pairs:
        tensors, meta = read_safetensors(model_path)
        assert meta.get("layout") == "pytorch", f"{model_path}: layout {meta.get('layout')}, expected pytorch"
        model = build(json.loads(meta["architecture"]))
        model.load_state_dict(tensors, strict=True)
        case = json.loads(Path(json_path).read_text())
        x = torch.tensor(case["input"]["data"]).reshape(case["input"]["shape"])
        expected = torch.tensor(case["output"]["data"]).reshape(case["output"]["shape"])
        y = run(model, x)
        scale = expected.abs().max().item()
        error = ((y - expected).abs() / torch.clamp(expected.abs(), min=1e-2 * scale)).max().item()
        worst = max(worst, error)
        print(f"{model_path}: torch loads it (strict); worst relative difference {error:.2e}")
        if error > 1e-5:
            sys.exit(f"{model_path}: outputs differ by {error:.2e} relative (> 1e-5)")
    print(f"worst relative difference over {len(pairs)} files: {worst:.2e}")


def main():
    if "--verify" in sys.argv:
        files = sys.argv[sys.argv.index("--verify") + 1:]
        verify(list(zip(files[0::2], files[1::2])))
        return
    check = "--check" in sys.argv
    FIXTURES.mkdir(parents=True, exist_ok=True)
    stale = []
    for name in NETWORKS:
        file, expected = fixture(name)
        for path, content in ((FIXTURES / f"{name}.safetensors", file), (FIXTURES / f"{name}.json", expected.encode())):
            if check:
                if not path.exists() or path.read_bytes() != content:
                    stale.append(path.name)
            else:
                path.write_bytes(content)
    if stale:
        sys.exit(f"stale fixtures: {', '.join(stale)} (run tools/torch_exchange.py)")
    print(("checked " if check else "wrote ") + f"{2 * len(NETWORKS)} files in {FIXTURES}")


if __name__ == "__main__":
    main()
