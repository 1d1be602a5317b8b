#!/usr/bin/python3
"""Writes the optimizer-trajectory fixtures: 30 steps of torch.optim and torch.optim.lr_scheduler on a small MLP and
a small CNN, which DiyNet's tests replay with its update rules, clipping and schedules.

    /usr/bin/python3 tools/make_trajectories.py           # (re)writes tests/DiyNet.Tests/Fixtures/Trajectories/*.json
    /usr/bin/python3 tools/make_trajectories.py --check   # regenerates in memory, fails if a committed file differs

Each case: a network (`mlp`: Linear(6, 8) → TanH → Linear(8, 4); `cnn`: Conv2d(1, 4, 3, padding=1) → TanH →
AvgPool2d(2) → channels-last Flatten → Linear(36, 3)), three batches of inputs and one-hot targets, and the loss
−Σ y·log_softmax(z) averaged over the batch (DiyNet's CELogSoftmax). Step t uses batch t mod 3: forward, loss,
backward, optional clipping (clip_grad_norm_ / clip_grad_value_), optimizer.step(), then scheduler.step() (with the
step's loss for ReduceLROnPlateau). The run is in float64 from float32 initial values and data; the file holds, in
DiyNet's layouts (Linear (in, out), Conv2D (k, k, in, out)), the initial and final parameters, every step's learning
rate and loss, and the settings under DiyNet's names.
"""

import argparse
import math
import sys
import zlib
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = Path(__file__).resolve().parent.parent / "tests" / "DiyNet.Tests" / "Fixtures" / "Trajectories"
STEPS = 30
FORMAT_VERSION = 1


class ToChannelsLast(nn.Module):
    def forward(self, x):
        return x.movedim(1, -1)


def mlp():
    net = nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Linear(8, 4))
    layouts = [lambda w: w.t(), lambda b: b, lambda w: w.t(), lambda b: b]
    batches = [(torch.randn(16, 6), one_hot(16, 4)) for _ in range(3)]
    return net, layouts, batches, lambda x: x


def cnn():
    net = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.Tanh(), nn.AvgPool2d(2), ToChannelsLast(), nn.Flatten(),
                        nn.Linear(36, 3))
    layouts = [lambda w: w.permute(2, 3, 1, 0), lambda b: b, lambda w: w.t(), lambda b: b]
    batches = [(torch.randn(8, 1, 6, 6), one_hot(8, 3)) for _ in range(3)]
    return net, layouts, batches, lambda x: x.movedim(1, -1)


def one_hot(n, k):
    return F.one_hot(torch.randint(k, (n,)), k).float()


# Each case: DiyNet rule (type, args), the torch optimizer, optional clipping and schedule.
RULES = {
    "sgd": (("Sgd", {"learningRate": 0.1}), lambda p: torch.optim.SGD(p, lr=0.1)),
    "sgd-wd": (("Sgd", {"learningRate": 0.1, "weightDecay": 0.01}), lambda p: torch.optim.SGD(p, lr=0.1, weight_decay=0.01)),
    "momentum": (("MomentumSgd", {"learningRate": 0.05, "momentum": 0.9}),
                 lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9)),
    "momentum-wd": (("MomentumSgd", {"learningRate": 0.05, "momentum": 0.9, "weightDecay": 0.005}),
                    lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, weight_decay=0.005)),
    "nesterov": (("NesterovSgd", {"learningRate": 0.05, "momentum": 0.8}),
                 lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8, nesterov=True)),
    "adam": (("Adam", {"learningRate": 0.01}), lambda p: torch.optim.Adam(p, lr=0.01)),
    "adam-l2": (("Adam", {"learningRate": 0.01, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6, "weightDecay": 0.01}),
                lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.01)),
    "adamw": (("AdamW", {"learningRate": 0.01, "weightDecay": 0.1}),
              lambda p: torch.optim.AdamW(p, lr=0.01, weight_decay=0.1)),
    "rmsprop": (("RMSprop", {"learningRate": 0.005}), lambda p: torch.optim.RMSprop(p, lr=0.005)),
    "rmsprop-momentum-wd": (("RMSprop", {"learningRate": 0.002, "alpha": 0.9, "momentum": 0.5, "weightDecay": 0.01}),
                            lambda p: torch.optim.RMSprop(p, lr=0.002, alpha=0.9, momentum=0.5, weight_decay=0.01)),
}

SCHEDULES = {
    "step": ({"type": "StepSchedule", "stepSize": 7, "gamma": 0.5},
             lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=7, gamma=0.5)),
    "exponential": ({"type": "ExponentialSchedule", "gamma": 0.9},
                    lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9)),
    "cosine-warmup": ({"type": "CosineSchedule", "totalSteps": 30, "warmupSteps": 5, "minLearningRate": 1e-4,
                       "warmupStartFactor": 0.1},
                      lambda o: torch.optim.lr_scheduler.SequentialLR(o, [
                          torch.optim.lr_scheduler.LinearLR(o, start_factor=0.1, total_iters=5),
                          torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=25, eta_min=1e-4)], milestones=[5])),
    "onecycle": ({"type": "OneCycleSchedule", "totalSteps": 31},
                 lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=o.param_groups[0]["lr"], total_steps=31,
                                                               cycle_momentum=False)),
    "plateau": ({"type": "ReduceOnPlateau", "factor": 0.5, "patience": 2, "threshold": 0.02, "cooldown": 1},
                lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(o, factor=0.5, patience=2, threshold=0.02, cooldown=1)),
}

CLIPS = {
    "clipnorm": ({"type": "ClipGradientNorm", "maxNorm": 0.5}, lambda ps: nn.utils.clip_grad_norm_(ps, 0.5)),
    "clipvalue": ({"type": "ClipGradientValue", "limit": 0.05}, lambda ps: nn.utils.clip_grad_value_(ps, 0.05)),
}

# (rule, clipping or None, schedule or None)
CASES = [(rule, None, None) for rule in RULES] + [
    ("momentum", "clipnorm", None),
    ("adam", "clipvalue", None),
    ("sgd", "clipvalue", None),
    ("momentum", None, "step"),
    ("adam", None, "exponential"),
    ("adamw", "clipnorm", "cosine-warmup"),
    ("momentum-wd", None, "onecycle"),
    ("sgd", None, "plateau"),
]


def run(network, rule, clip, schedule):
    net, layouts, batches, to_diy = {"mlp": mlp, "cnn": cnn}[network]()
    net = net.double()
    params = list(net.parameters())
    initial = [layout(p.detach().clone()) for p, layout in zip(params, layouts)]
    (rule_type, rule_args), make_optimizer = RULES[rule]
    optimizer = make_optimizer(params)
    scheduler = SCHEDULES[schedule][1](optimizer) if schedule else None
    rates, losses = [], []
    for t in range(STEPS):
        x, y = batches[t % len(batches)]
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.zero_grad()
        loss = -(y.double() * F.log_softmax(net(x.double()), dim=1)).sum(dim=1).mean()
        loss.backward()
        if clip:
            CLIPS[clip][1](params)
        optimizer.step()
        losses.append(loss.item())
        if isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):
            scheduler.step(loss.item())
        elif scheduler is not None:
            scheduler.step()
    final = [layout(p.detach().clone()) for p, layout in zip(params, layouts)]
    header = {
        "network": network,
        "rule": {"type": rule_type, **rule_args},
        "clipping": CLIPS[clip][0] if clip else None,
        "schedule": SCHEDULES[schedule][0] if schedule else None,
    }
    tensors = {
        "batches_x": torch.stack([to_diy(x) for x, _ in batches]),
        "batches_y": torch.stack([y for _, y in batches]),
        "learning_rates": torch.tensor(rates),
        "losses": torch.tensor(losses),
    }
    return header, tensors, initial, final


def number(v):
    if not math.isfinite(v):
        raise ValueError(f"non-finite value {v}")
    return "%.9g" % v


def tensor_json(t):
    f = t.detach().to(torch.float32).contiguous()
    return '{"shape": [%s], "data": [%s]}' % (", ".join(str(d) for d in f.shape),
                                               ", ".join(number(v) for v in f.reshape(-1).tolist()))


def value_json(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return number(v)
    if isinstance(v, str):
        return '"' + v + '"'
    if isinstance(v, dict):
        return "{" + ", ".join(f"{value_json(k)}: {value_json(x)}" for k, x in v.items()) + "}"
    raise TypeError(type(v).__name__)


def render(name, seed, header, tensors, initial, final):
    lines = ["{", f'  "format": {FORMAT_VERSION},', f'  "case": "{name}",', f'  "seed": {seed},',
             f'  "reference": "torch {torch.__version__}, float64 from float32 initial values and data",',
             f'  "steps": {STEPS},']
    lines += [f'  "{k}": {value_json(v)},' for k, v in header.items()]
    lines.append('  "tensors": {')
    lines.append(",\n".join(f'    "{k}": {tensor_json(t)}' for k, t in tensors.items()))
    lines.append("  },")
    lines.append('  "initial": [')
    lines.append(",\n".join("    " + tensor_json(t) for t in initial))
    lines.append("  ],")
    lines.append('  "final": [')
    lines.append(",\n".join("    " + tensor_json(t) for t in final))
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def generate():
    torch.set_num_threads(1)
    for network in ("mlp", "cnn"):
        for rule, clip, schedule in CASES:
            name = "-".join(part for part in (network, rule, clip, schedule) if part)
            seed = zlib.crc32(network.encode("ascii")) & 0x7FFFFFFF   # the same network and data for every rule
            torch.manual_seed(seed)
            yield name + ".json", render(name, seed, *run(network, rule, clip, schedule))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    parser.add_argument("--out", type=Path, default=OUT)
    options = parser.parse_args()
    files = dict(generate())
    existing = {p.name for p in options.out.glob("*.json")} if options.out.is_dir() else set()
    if options.check:
        bad = sorted(n for n, text in files.items()
                     if not (options.out / n).is_file() or (options.out / n).read_text(encoding="utf-8") != text)
        for n in bad:
            print(f"differs or missing: {n}")
        for n in sorted(existing - set(files)):
            print(f"not produced by this script: {n}")
        sys.exit(1 if bad or existing - set(files) else 0)
    options.out.mkdir(parents=True, exist_ok=True)
    for n in sorted(existing - set(files)):
        (options.out / n).unlink()
    total = 0
    for n, text in files.items():
        (options.out / n).write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    print(f"wrote {len(files)} trajectories, {total / 1024:.0f} KiB, into {options.out}")


if __name__ == "__main__":
    main()
