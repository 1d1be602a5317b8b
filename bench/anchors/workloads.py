"""The workloads of DiyNet's bench that the shared anchors (../../../shared/bench-anchors, common.py and
torch_models.py) do not define, added to their tables: importing this module extends common.WORKLOADS, and
build_model(wid) builds every network, the shared ones included.

  h64  MLP (a) inference, batch 64 (the batch a server gathers), 60000 examples
  i    CIFAR-size CNN, 3x32x32: Conv3x3 32 - ReLU - Conv3x3 32 - ReLU - MaxPool2 - Conv3x3 64 - ReLU - Conv3x3 64 -
       ReLU - MaxPool2 - Linear 4096->256 - ReLU - Linear 256->10 (padding 1), batch 128, 5000 synthetic examples,
       training (softmax cross-entropy, SGD lr 0.05)
  j    the network of i, inference at batch 256 over the 5000 examples
  k    the modern-recipe CNN (DiyNet's `experiment modern-mnist`), 1x28x28: three stages of Conv3x3 (padding 1, no
       bias) - BatchNorm2d - ReLU - MaxPool2 (28 -> 14 -> 7 -> 3), then Dropout 0.3 - Linear 1152->128 (no bias) -
       BatchNorm1d - ReLU - Dropout 0.3 - Linear 128->10; batch 64, 1 epoch of 10000, training

Same protocol as the shared anchors (common.py): synthetic data from common.make_data, channels-first.
Import this after setting the thread variables (build_model imports torch).
"""
import os
import sys


def find_anchors():
    """The shared anchors: $BENCH_ANCHORS, else a shared/bench-anchors above this folder."""
    path = os.environ.get("BENCH_ANCHORS")
    if path:
        return os.path.abspath(path)
    d = os.path.dirname(os.path.abspath(__file__))
    while d != os.path.dirname(d):
        cand = os.path.join(d, "shared", "bench-anchors")
        if os.path.isfile(os.path.join(cand, "torch_ref.py")):
            return cand
        d = os.path.dirname(d)
    sys.exit("bench/anchors: the shared anchors (shared/bench-anchors with torch_ref.py) were not found; set BENCH_ANCHORS")


ANCHORS = find_anchors()
sys.dont_write_bytecode = True          # never write __pycache__ into the shared anchors
if ANCHORS not in sys.path:
    sys.path.insert(0, ANCHORS)
import common  # noqa: E402

EXTRA = {
    "h64": dict(name="Inference MLP(a), batch 64, 60000 ex",
                kind="infer", x_shape=(784,), n=60000, batch=64, epochs=1),
    "i": dict(name="CIFAR-size CNN 3x32x32, b128, 1 epoch of 5000",
              kind="clf", x_shape=(3, 32, 32), n=5000, batch=128, epochs=1),
    "j": dict(name="Inference CIFAR-size CNN (i), batch 256, 5000 ex",
              kind="infer", x_shape=(3, 32, 32), n=5000, batch=256, epochs=1),
    "k": dict(name="Modern-recipe CNN 1x28x28 (batch norm, dropout), b64, 1 epoch of 10000",
              kind="clf", x_shape=(1, 28, 28), n=10000, batch=64, epochs=1),
}
for _wid, _spec in EXTRA.items():
    common.WORKLOADS.setdefault(_wid, _spec)


def cifar_cnn():
    """The network of workloads i and j (weights from torch.manual_seed)."""
    import torch
    import torch.nn as nn
    torch.manual_seed(common.SEED)
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.Conv2d(64, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 8 * 8, 256), nn.ReLU(), nn.Linear(256, 10))


def modern_cnn():
    """The network of workload k (weights from torch.manual_seed)."""
    import torch
    import torch.nn as nn
    torch.manual_seed(common.SEED)
    layers, channels = [], 1
    for width in (32, 64, 128):
        layers += [nn.Conv2d(channels, width, 3, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU(),
                   nn.MaxPool2d(2)]
        channels = width
    layers += [nn.Flatten(), nn.Dropout(0.3), nn.Linear(128 * 3 * 3, 128, bias=False), nn.BatchNorm1d(128), nn.ReLU(),
               nn.Dropout(0.3), nn.Linear(128, 10)]
    return nn.Sequential(*layers)


def build_model(wid):
    """The network of any workload, shared or added here."""
    import torch_models
    if wid in ("i", "j"):
        return cifar_cnn()
    if wid == "k":
        return modern_cnn()
    if wid == "h64":
        return torch_models.build_model("a")
    return torch_models.build_model(wid)


def peak_rss_reset():
    """Starts a new peak resident set (Linux: VmHWM back to the current resident set)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def peak_rss_bytes():
    """The peak resident set since the last reset, in bytes (0 where /proc is not there)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0
