#!/usr/bin/python3
"""Writes the PyTorch reference fixtures that DiyNet's tests compare against.

Run it from anywhere, with Debian's Python and PyTorch (apt-get install python3-torch python3-numpy):

    /usr/bin/python3 tools/make_fixtures.py           # (re)writes tests/DiyNet.Tests/Fixtures/*.json
    /usr/bin/python3 tools/make_fixtures.py --check   # regenerates in memory, fails if a committed file differs

Each case becomes one JSON file: the DiyNet type name and constructor arguments, the seed, and every tensor in
DiyNet's layout. A module case holds input, output, a random upstream gradient `delta`, grad_input, and for every
parameter (in the order of DiyNet's `Module.Parameters`) its value and gradient. A loss case holds y, yhat, the
per-example losses, their mean and grad_yhat (the gradient of the mean with respect to yhat).

How the references are computed: the inputs and parameters are drawn in float32 (torch.manual_seed(seed) per case,
the seed derived from the case's name), then the module or loss runs in float64 with torch autograd, and every
result is rounded to float32. Floats are written with 9 significant digits, which round-trips float32 exactly.

Adding a case
-------------
* A module: write a builder that returns `Built(type, args, torch_module, params, to_diy_in, to_diy_out)`:
  - `type` and `args` are the DiyNet class name and its constructor arguments (named as the C# parameters);
    the test project maps them to a constructor in tests/DiyNet.Tests/Verification/FixtureRegistry.cs.
  - `params` lists (torch parameter name, layout function) in the order of DiyNet's `Parameters`; the layout
    function turns the torch tensor into DiyNet's layout (`same`, `transposed` for Linear's weight, ...).
  - `to_diy_in` / `to_diy_out` turn the torch input / output layout into DiyNet's: `same` for (N, features),
    `channels_last` for convolutions ((N, C, L) -> (N, L, C), (N, C, H, W) -> (N, H, W, C)).
  Then add one line to MODULE_CASES: `"Name": lambda: (builder(...), torch-layout input)`.
  A module with modes or state gives `extras(built, module, x, y)`, run after the main pass, returning more
  tensors in DiyNet's layout: `mask` (dropout's kept elements or channels, 0/1, replayed by the test),
  `stat_batches` then `running_mean` / `running_var` (batch normalization: a fresh module's running statistics
  after a training-mode forward of each batch), and `eval_input`, `eval_output`, `eval_delta`, `eval_grad_input`
  (evaluation mode, after the statistics).
  Example (the conv engineer's Conv2D, weight layout as DiyNet stores it):
      def conv2d(k, cin, cout, stride=1):
          m = nn.Conv2d(cin, cout, k, stride=stride)
          return Built("Conv2D", {"kSize": k, "chanIn": cin, "chanOut": cout, "stride": stride}, m,
                       [("weight", lambda w: w.permute(2, 3, 1, 0)), ("bias", same)], channels_last, channels_last)
      MODULE_CASES["Conv2D-k3-s1"] = lambda: (conv2d(3, 2, 4), randn(2, 2, 7, 7))
* A loss: add a line to LOSS_CASES: `"Name": lambda: (LossSpec(type, args, torch_fn), y, yhat)` where
  torch_fn(y, yhat) returns the per-example losses (N) as a torch expression of DiyNet's definition.
The file name is the case name; keep it short, ASCII, without spaces.
"""

import argparse
import math
import sys
import zlib
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "DiyNet.Tests" / "Fixtures"
FORMAT_VERSION = 1


# ----------------------------------------------------------------------------------------------- layouts
def same(t):
    """DiyNet's layout is torch's."""
    return t


def transposed(t):
    """Linear's weight: torch stores (out, in), DiyNet (in, out)."""
    return t.t()


def channels_last(t):
    """(N, C, L) -> (N, L, C) and (N, C, H, W) -> (N, H, W, C): DiyNet's convolutions are channels-last."""
    return t.movedim(1, -1)


# ----------------------------------------------------------------------------------------------- random data
def randn(*shape, scale=1.0):
    return torch.randn(*shape) * scale


def uniform(*shape, low=0.0, high=1.0):
    return torch.rand(*shape) * (high - low) + low


def away_from_zero(*shape, gap=0.05):
    """Uniform in ±[gap, 1 + gap]: no input sits on a kink."""
    u = uniform(*shape, low=-1.0, high=1.0)
    return torch.sign(u) * (gap + u.abs())


def one_hot(n, k):
    return F.one_hot(torch.randint(k, (n,)), k).float()


def soft_targets(n, k):
    """Random probability vectors (rows sum to 1), no row one-hot."""
    return torch.softmax(randn(n, k, scale=2.0), dim=1)


# ----------------------------------------------------------------------------------------------- modules
class Built:
    """A DiyNet module described by its type and arguments, and the torch module that computes the same thing."""

    def __init__(self, type_, args, module, params=(), to_diy_in=same, to_diy_out=same, extras=None):
        self.type, self.args, self.module = type_, args, module
        self.params = list(params)
        self.to_diy_in, self.to_diy_out = to_diy_in, to_diy_out
        self.extras = extras

    def describe(self):
        return {"type": self.type, "args": self.args}


def linear(inp, out, bias=True):
    m = nn.Linear(inp, out, bias=bias)
    params = [("weight", transposed)] + ([("bias", same)] if bias else [])
    return Built("Linear", {"inputDim": inp, "outputDim": out, "bias": bias}, m, params)


def activation(type_, module, **args):
    return Built(type_, args, module)


def sequential(*children):
    m = nn.Sequential(*(c.module for c in children))
    params = [(f"{i}.{name}", layout) for i, c in enumerate(children) for name, layout in c.params]
    return Built("Sequential", {"modules": [c.describe() for c in children]}, m, params,
                 children[0].to_diy_in, children[-1].to_diy_out)


def autoencoder(encoder, decoder):
    """DiyNet's AutoEncoder(encoder, decoder): decoder(encoder(x)), parameters encoder's first."""
    m = nn.Sequential(encoder.module, decoder.module)
    params = [(f"0.{name}", layout) for name, layout in encoder.params] + \
             [(f"1.{name}", layout) for name, layout in decoder.params]
    return Built("AutoEncoder", {"encoder": encoder.describe(), "decoder": decoder.describe()}, m, params,
                 encoder.to_diy_in, decoder.to_diy_out)


def with_zeros(x, every=4):
    """x with every `every`-th element set to exactly 0 (to pin the convention at a kink)."""
    x = x.clone()
    x.view(-1)[::every] = 0.0
    return x


def large_scores(n, k):
    """Rows mixing scores of ±1e4, close ties near 1e4, and ordinary values."""
    x = randn(n, k, scale=3.0)
    x[0, :] = torch.tensor([1e4, -1e4, 0.0, 1e4 - 0.5, -1e4 + 1.0] + [5.0] * (k - 5))[:k]
    x[1, :] = -1e4 + randn(k, scale=2.0)
    return x


def offset_scores(n, k):
    """Ordinary scores shifted by 1e4: the outputs are small, the inputs' float32 step is 0.001."""
    return 1e4 + randn(n, k, scale=2.0)


MODULE_CASES = {
    "Linear-n4-5x3": lambda: (linear(5, 3), randn(4, 5)),
    "Linear-n1-7x4": lambda: (linear(7, 4), randn(1, 7)),
    "Linear-n1-1x1": lambda: (linear(1, 1), randn(1, 1)),
    "Linear-n3-6x2-nobias": lambda: (linear(6, 2, bias=False), randn(3, 6)),
    "Linear-n17-40x37": lambda: (linear(40, 37), randn(17, 40)),
    "TanH-n4x5": lambda: (activation("TanH", nn.Tanh()), randn(4, 5, scale=2.0)),
    "TanH-rank3": lambda: (activation("TanH", nn.Tanh()), randn(2, 3, 4, scale=2.0)),
    "Sigmoid-n4x5": lambda: (activation("Sigmoid", nn.Sigmoid()), randn(4, 5, scale=4.0)),
    "ReLU-n5x6-zeros": lambda: (activation("ReLU", nn.ReLU()), with_zeros(randn(5, 6))),
    "LeakyReLU-0.1-n5x6-zeros": lambda: (activation("LeakyReLU", nn.LeakyReLU(0.1), negativeSlope=0.1),
                                         with_zeros(randn(5, 6))),
    "LeakyReLU-default-n3x4": lambda: (activation("LeakyReLU", nn.LeakyReLU()), away_from_zero(3, 4)),
    "Identity-n3x4": lambda: (activation("Identity", nn.Identity()), randn(3, 4)),
    "Softmax-n4x6": lambda: (activation("Softmax", nn.Softmax(dim=1)), randn(4, 6, scale=2.0)),
    "Softmax-n1x1": lambda: (activation("Softmax", nn.Softmax(dim=1)), randn(1, 1)),
    "Softmax-large": lambda: (activation("Softmax", nn.Softmax(dim=1)), large_scores(3, 6)),
    "Softmax-offset1e4": lambda: (activation("Softmax", nn.Softmax(dim=1)), offset_scores(3, 6)),
    "LogSoftmax-n4x6": lambda: (activation("LogSoftmax", nn.LogSoftmax(dim=1)), randn(4, 6, scale=2.0)),
    "LogSoftmax-large": lambda: (activation("LogSoftmax", nn.LogSoftmax(dim=1)), large_scores(3, 6)),
    "LogSoftmax-offset1e4": lambda: (activation("LogSoftmax", nn.LogSoftmax(dim=1)), offset_scores(3, 6)),
    "Sequential-Linear-TanH-Linear-Sigmoid": lambda: (
        sequential(linear(4, 6), activation("TanH", nn.Tanh()), linear(6, 3), activation("Sigmoid", nn.Sigmoid())),
        randn(5, 4)),
    "AutoEncoder-8-6-3": lambda: (
        autoencoder(sequential(linear(8, 6), activation("TanH", nn.Tanh()), linear(6, 3), activation("TanH", nn.Tanh())),
                    sequential(linear(3, 6), activation("TanH", nn.Tanh()), linear(6, 8), activation("Sigmoid", nn.Sigmoid()))),
        uniform(5, 8)),
}



# ----------------------------------------------------------------------------------------------- convolutions
# DiyNet is channels-last: inputs and outputs go through `channels_last`, and the kernels are stored so that they are
# directly the im2col matrix-multiply operand: Conv (k, [k,] in, out), ConvTranspose (in, [k,] k, out).
def conv_weight(t):
    """torch Conv1d (out, in, k) -> (k, in, out); Conv2d (out, in, kh, kw) -> (kh, kw, in, out)."""
    return t.permute(2, 1, 0) if t.dim() == 3 else t.permute(2, 3, 1, 0)


def conv_transpose_weight(t):
    """torch ConvTranspose1d (in, out, k) -> (in, k, out); ConvTranspose2d (in, out, kh, kw) -> (in, kh, kw, out)."""
    return t.permute(0, 2, 1) if t.dim() == 3 else t.permute(0, 2, 3, 1)


def conv(dims, k, cin, cout, stride=1, padding=0, bias=True):
    m = (nn.Conv1d if dims == 1 else nn.Conv2d)(cin, cout, k, stride=stride, padding=padding, bias=bias)
    params = [("weight", conv_weight)] + ([("bias", same)] if bias else [])
    args = {"kSize": k, "chanIn": cin, "chanOut": cout, "stride": stride, "padding": padding, "bias": bias}
    return Built(f"Conv{dims}D", args, m, params, channels_last, channels_last)


def conv_transpose(dims, k, cin, cout, stride=1, padding=0, output_padding=0, bias=True):
    m = (nn.ConvTranspose1d if dims == 1 else nn.ConvTranspose2d)(
        cin, cout, k, stride=stride, padding=padding, output_padding=output_padding, bias=bias)
    params = [("weight", conv_transpose_weight)] + ([("bias", same)] if bias else [])
    args = {"kSize": k, "chanIn": cin, "chanOut": cout, "stride": stride, "padding": padding,
            "outputPadding": output_padding, "bias": bias}
    return Built(f"ConvTranspose{dims}D", args, m, params, channels_last, channels_last)


def pool(kind, dims, k, stride):
    """Max or average pooling, no padding, floor mode (torch's defaults). Max ties: the first maximum in scan order."""
    m = {("Max", 1): nn.MaxPool1d, ("Max", 2): nn.MaxPool2d, ("Avg", 1): nn.AvgPool1d, ("Avg", 2): nn.AvgPool2d}[kind, dims]
    return Built(f"{kind}Pool{dims}D", {"kSize": k, "stride": stride}, m(k, stride), [], channels_last, channels_last)


def upsample(dims, scale):
    return Built(f"Upsample{dims}D", {"scale": scale}, nn.Upsample(scale_factor=scale, mode="nearest"), [],
                 channels_last, channels_last)


class ToChannelsLast(nn.Module):
    def forward(self, x):
        return x.movedim(1, -1)


def flatten_channels_last():
    """DiyNet's Flatten after a convolution: (N, H, W, C) -> (N, H·W·C), i.e. torch's Flatten of the channels-last
    tensor (torch alone would flatten in (C, H, W) order)."""
    return Built("Flatten", {}, nn.Sequential(ToChannelsLast(), nn.Flatten()), [], channels_last, same)


def image_activation(type_, module):
    """An elementwise activation at the end of a convolutional Sequential, whose output is then channels-last."""
    return Built(type_, {}, module, [], channels_last, channels_last)


def ties(*shape, levels=3):
    """Small integers: max-pooling windows full of ties."""
    return torch.randint(levels, shape).float()


def distinct(*shape):
    """A permutation of evenly spaced values: no ties, no value near another."""
    n = math.prod(shape)
    return (torch.randperm(n).float() - n / 2).reshape(shape) / n


MODULE_CASES.update({
    "Conv2D-k3-n2-5x6": lambda: (conv(2, 3, 2, 3), randn(2, 2, 5, 6)),
    "Conv2D-k3-s2-p1-7x6": lambda: (conv(2, 3, 3, 4, stride=2, padding=1), randn(2, 3, 7, 6)),
    "Conv2D-k2-s3-p1": lambda: (conv(2, 2, 3, 2, stride=3, padding=1), randn(2, 3, 7, 8)),
    "Conv2D-k5-p2-1to6": lambda: (conv(2, 5, 1, 6, padding=2), randn(2, 1, 9, 9)),
    "Conv2D-k1-nobias": lambda: (conv(2, 1, 3, 4, bias=False), randn(2, 3, 3, 4)),
    "Conv1D-k3-1to4": lambda: (conv(1, 3, 1, 4), randn(3, 1, 11)),
    "Conv1D-k4-s2-p1": lambda: (conv(1, 4, 3, 2, stride=2, padding=1), randn(2, 3, 9)),
    "ConvTranspose2D-k3-s2-p1-op1": lambda: (conv_transpose(2, 3, 2, 3, stride=2, padding=1, output_padding=1),
                                             randn(2, 2, 3, 4)),
    "ConvTranspose2D-k4-s2-p1": lambda: (conv_transpose(2, 4, 3, 2, stride=2, padding=1), randn(2, 3, 3, 3)),
    "ConvTranspose2D-k2-s3-nobias": lambda: (conv_transpose(2, 2, 3, 2, stride=3, bias=False), randn(2, 3, 2, 3)),
    "ConvTranspose1D-k3-s2-p1-op1": lambda: (conv_transpose(1, 3, 3, 2, stride=2, padding=1, output_padding=1),
                                             randn(2, 3, 5)),
    "MaxPool2D-k2-6x6": lambda: (pool("Max", 2, 2, 2), distinct(2, 3, 6, 6)),
    "MaxPool2D-k2-odd-5x7": lambda: (pool("Max", 2, 2, 2), distinct(2, 3, 5, 7)),
    "MaxPool2D-k3-s2-ties": lambda: (pool("Max", 2, 3, 2), ties(2, 2, 7, 7)),
    "MaxPool2D-k2-ties-17ch": lambda: (pool("Max", 2, 2, 2), ties(2, 17, 4, 6)),
    "MaxPool1D-k2-s2": lambda: (pool("Max", 1, 2, 2), distinct(2, 3, 9)),
    "MaxPool1D-k3-s1-ties": lambda: (pool("Max", 1, 3, 1), ties(2, 2, 10)),
    "AvgPool2D-k3-s2": lambda: (pool("Avg", 2, 3, 2), randn(2, 2, 7, 6)),
    "AvgPool1D-k2-s1": lambda: (pool("Avg", 1, 2, 1), randn(2, 3, 7)),
    "Upsample2D-x2": lambda: (upsample(2, 2), randn(2, 3, 3, 4)),
    "Upsample1D-x3": lambda: (upsample(1, 3), randn(2, 2, 4)),
    "Flatten-channels-last": lambda: (flatten_channels_last(), randn(2, 3, 4, 5)),
    "Unflatten-24to4x3x2": lambda: (Built("Unflatten", {"exampleShape": [4, 3, 2]}, nn.Unflatten(1, (4, 3, 2))),
                                    randn(3, 24)),
    "Sequential-LeNet-small": lambda: (
        sequential(conv(2, 5, 1, 4, padding=2), activation("ReLU", nn.ReLU()), pool("Max", 2, 2, 2),
                   conv(2, 3, 4, 6), activation("ReLU", nn.ReLU()), pool("Max", 2, 2, 2),
                   flatten_channels_last(), linear(24, 5)),
        randn(3, 1, 12, 12)),
    "Sequential-Conv1D-course": lambda: (
        sequential(conv(1, 3, 1, 8), pool("Max", 1, 2, 2), flatten_channels_last(), linear(8 * 7, 10),
                   activation("ReLU", nn.ReLU()), linear(10, 4)),
        randn(3, 1, 16)),
    "Sequential-conv-autoencoder": lambda: (
        sequential(conv(2, 3, 1, 4, stride=2, padding=1), activation("TanH", nn.Tanh()),
                   conv_transpose(2, 3, 4, 1, stride=2, padding=1, output_padding=1),
                   image_activation("Sigmoid", nn.Sigmoid())),
        uniform(2, 1, 8, 8)),
})

# ----------------------------------------------------------------------------------------------- toolkit modules
def eval_pass(built, m, x_shape):
    """Evaluation mode: a new input, its output, a random delta and the input gradient (DiyNet layout)."""
    m.eval()
    xe = randn(*x_shape).double().requires_grad_(True)
    ye = m(xe)
    de = torch.randn(ye.shape).double()
    ye.backward(de)
    return {"eval_input": built.to_diy_in(xe.detach()), "eval_output": built.to_diy_out(ye.detach()),
            "eval_delta": built.to_diy_out(de), "eval_grad_input": built.to_diy_in(xe.grad)}


def dropout_extras(built, m, x, y):
    """The mask torch drew (kept elements, or kept channels (N, C) for Dropout2d), then the evaluation pass."""
    kept = (y != 0).double() if built.type == "Dropout" else (y.abs().sum(dim=tuple(range(2, y.dim()))) != 0).double()
    mask = built.to_diy_out(kept) if built.type == "Dropout" else kept
    return {"mask": mask, **eval_pass(built, m, tuple(x.shape))}


def dropout(type_, module, p, to_diy=same):
    return Built(type_, {"p": p}, module, [], to_diy, to_diy, dropout_extras)


def batchnorm_extras(built, m, x, y):
    """A fresh module's running statistics after a training-mode forward of three batches, then evaluation mode."""
    m.reset_running_stats()
    m.train()
    batches = [randn(*x.shape, scale=2.0) + 0.5 for _ in range(3)]
    with torch.no_grad():
        for b in batches:
            m(b.double())
    return {"stat_batches": torch.stack([built.to_diy_in(b) for b in batches]),
            "running_mean": m.running_mean.detach().clone(), "running_var": m.running_var.detach().clone(),
            **eval_pass(built, m, tuple(x.shape))}


def batchnorm(type_, c, eps=1e-5, momentum=0.1, affine=True, to_diy=same):
    m = (nn.BatchNorm1d if type_ == "BatchNorm1D" else nn.BatchNorm2d)(c, eps=eps, momentum=momentum, affine=affine)
    if affine:
        with torch.no_grad():
            m.weight.uniform_(0.5, 1.5)
            m.bias.uniform_(-0.5, 0.5)
    params = [("weight", same), ("bias", same)] if affine else []
    return Built(type_, {"features": c, "eps": eps, "momentum": momentum, "affine": affine}, m, params,
                 to_diy, to_diy, batchnorm_extras)


def layernorm(d, eps=1e-5, affine=True):
    m = nn.LayerNorm(d, eps=eps, elementwise_affine=affine)
    if affine:
        with torch.no_grad():
            m.weight.uniform_(0.5, 1.5)
            m.bias.uniform_(-0.5, 0.5)
    params = [("weight", same), ("bias", same)] if affine else []
    return Built("LayerNorm", {"features": d, "eps": eps, "affine": affine}, m, params)


MODULE_CASES.update({
    "ELU-default-n4x5": lambda: (activation("ELU", nn.ELU()), randn(4, 5, scale=2.0)),
    "ELU-0.5-rank3": lambda: (activation("ELU", nn.ELU(0.5), alpha=0.5), randn(2, 3, 4, scale=2.0)),
    "GELU-n4x6": lambda: (activation("GELU", nn.GELU()), randn(4, 6, scale=3.0)),
    "SiLU-n4x6": lambda: (activation("SiLU", nn.SiLU()), randn(4, 6, scale=3.0)),
    "Softplus-default-n4x5": lambda: (activation("Softplus", nn.Softplus()), randn(4, 5, scale=3.0)),
    "Softplus-beta2-threshold5": lambda: (activation("Softplus", nn.Softplus(beta=2.0, threshold=5.0), beta=2.0, threshold=5.0),
                                          randn(4, 6, scale=3.0)),
    "Dropout-0.3-n6x7": lambda: (dropout("Dropout", nn.Dropout(0.3), 0.3), randn(6, 7)),
    "Dropout-0.5-rank4": lambda: (dropout("Dropout", nn.Dropout(0.5), 0.5), randn(2, 3, 4, 5)),
    "Dropout2D-0.4-n4x3x3x5": lambda: (dropout("Dropout2D", nn.Dropout2d(0.4), 0.4, channels_last), randn(4, 5, 3, 3)),
    "BatchNorm1D-n8x5": lambda: (batchnorm("BatchNorm1D", 5), randn(8, 5, scale=2.0) + 1.0),
    "BatchNorm1D-sequence-n3x4x6": lambda: (batchnorm("BatchNorm1D", 4, momentum=0.2, to_diy=channels_last),
                                            randn(3, 4, 6, scale=2.0)),
    "BatchNorm2D-n3x4x5x6": lambda: (batchnorm("BatchNorm2D", 4, to_diy=channels_last), randn(3, 4, 5, 6, scale=2.0) - 0.5),
    "BatchNorm2D-noaffine-eps1e-3": lambda: (batchnorm("BatchNorm2D", 3, eps=1e-3, momentum=0.3, affine=False,
                                                       to_diy=channels_last), randn(2, 3, 4, 4)),
    "LayerNorm-n5x8": lambda: (layernorm(8), randn(5, 8, scale=2.0) + 1.0),
    "LayerNorm-rank3-noaffine": lambda: (layernorm(6, eps=1e-3, affine=False), randn(2, 3, 6)),
    "Sequential-conv-batchnorm-gelu": lambda: (
        sequential(conv(2, 3, 2, 4, padding=1, bias=False), batchnorm("BatchNorm2D", 4, to_diy=channels_last),
                   activation("GELU", nn.GELU()), pool("Max", 2, 2, 2), flatten_channels_last(),
                   linear(4 * 3 * 3, 6), activation("SiLU", nn.SiLU()), linear(6, 3)),
        randn(3, 2, 6, 6)),
})


def conv_evaluated(cin, cout, padding):
    """A 3x3 Conv2D with stride 1 and channels in multiples of 16, whose evaluation pass DiyNet runs by Winograd's
    F(2x2, 3x3): the training pass, then the evaluation pass on a new input."""
    built = conv(2, 3, cin, cout, padding=padding)
    built.extras = lambda b, m, x, y: eval_pass(b, m, tuple(x.shape))
    return built


MODULE_CASES.update({
    "Conv2D-k3-p1-16to16-winograd": lambda: (conv_evaluated(16, 16, 1), randn(2, 16, 6, 7)),
    "Conv2D-k3-32to16-winograd": lambda: (conv_evaluated(32, 16, 0), randn(2, 32, 7, 6)),
})

class ShiftScale(nn.Module):
    """DiyNet's FeatureScaling: y = (x - shift) * scale per feature, shift and scale fixed (buffers, not trained)."""

    def __init__(self, shift, scale):
        super().__init__()
        self.register_buffer("shift", shift)
        self.register_buffer("scale", scale)

    def forward(self, x):
        return x.sub(self.shift).mul(self.scale)


def feature_scaling(shift, scale):
    return Built("FeatureScaling", {"shift": [float(v) for v in shift], "scale": [float(v) for v in scale]},
                 ShiftScale(shift, scale))


def frozen(inner):
    """DiyNet's Frozen(inner): inner's forward and input gradient, no parameter of its own (torch: the inner module
    with requires_grad off; here a parameter-free one, so that the DiyNet side needs no weights it cannot load)."""
    for p in inner.module.parameters():
        p.requires_grad_(False)
    return Built("Frozen", {"module": inner.describe()}, inner.module, [], inner.to_diy_in, inner.to_diy_out)


MODULE_CASES.update({
    "FeatureScaling-n4x5": lambda: (feature_scaling(randn(5, scale=2.0), uniform(5, low=-2.0, high=2.0)), randn(4, 5)),
    "Frozen-TanH-Softmax-n4x6": lambda: (frozen(sequential(activation("TanH", nn.Tanh()), activation("Softmax", nn.Softmax(dim=1)))),
                                         randn(4, 6, scale=2.0)),
})


def run_module(built, x):
    m = built.module.double()
    x = x.double().requires_grad_(True)
    y = m(x)
    delta = torch.randn(y.shape).double()
    y.backward(delta)
    named = dict(m.named_parameters())
    if set(named) != {name for name, _ in built.params}:
        raise ValueError(f"{built.type}: torch parameters {sorted(named)} != listed {[n for n, _ in built.params]}")
    tensors = {
        "input": built.to_diy_in(x.detach()),
        "output": built.to_diy_out(y.detach()),
        "delta": built.to_diy_out(delta),
        "grad_input": built.to_diy_in(x.grad),
    }
    params = [{"name": name, "value": layout(named[name].detach().clone()), "grad": layout(named[name].grad.clone())}
              for name, layout in built.params]
    if built.extras is not None:
        tensors.update(built.extras(built, m, x.detach(), y.detach()))
    return {"kind": "module", **built.describe()}, tensors, params


# ----------------------------------------------------------------------------------------------- losses
class LossSpec:
    """A DiyNet loss by type and arguments, and `torch_fn(y, yhat)` -> per-example losses (N) in torch."""

    def __init__(self, type_, torch_fn, args=None):
        self.type, self.torch_fn, self.args = type_, torch_fn, args or {}


def mse(y, yhat):  # Σ_j (y_j − ŷ_j)²
    return F.mse_loss(yhat, y, reduction="none").sum(dim=1)


def bce(y, yhat):  # −Σ_j [y log ŷ + (1 − y) log(1 − ŷ)], logs clamped at −100 by torch
    return F.binary_cross_entropy(yhat, y, reduction="none").sum(dim=1)


def cross_entropy_on_probabilities(y, yhat):  # −Σ_j y_j · max(log ŷ_j, −100), terms with y_j = 0 skipped
    safe = torch.where(y != 0, yhat, torch.ones_like(yhat))  # log(0)·0 would give NaN gradients
    return -(y * torch.log(safe).clamp(min=-100.0)).sum(dim=1)


def cross_entropy_on_scores(y, z):  # −Σ_j y_j · log_softmax(z)_j (torch accepts probability targets)
    return F.cross_entropy(z, y, reduction="none")


def bce_edges():
    """ŷ exactly 0 and 1: the logs clamp at −100, the gradient is (ŷ − y)/1e-12 (torch's floor on ŷ(1 − ŷ))."""
    yhat = torch.tensor([[0.0, 0.0, 0.0, 1.0], [1.0, 1.0, 0.0, 1.0]])
    y = torch.tensor([[0.0, 1.0, 0.3, 1.0], [0.0, 0.7, 0.5, 0.25]])
    return y, yhat


def bce_near_edges():
    """ŷ(1 − ŷ) below the 1e-12 floor (5e-14, 1e-13) and ŷ one float32 step below 1, gradients of similar size."""
    yhat = torch.tensor([[5e-14, 1e-13, 0.99999994, 0.5], [0.99999994, 0.3, 1e-7, 0.6]])
    y = torch.tensor([[0.0, 0.0, 1.0, 0.5], [1.0, 0.2, 0.0, 1.0]])
    return y, yhat


def cross_entropy_edges():
    """ŷ = 0 where y = 0 (the term is skipped, its gradient is 0)."""
    yhat = torch.tensor([[0.0, 1.0, 0.0], [0.2, 0.3, 0.5], [0.0, 0.4, 0.6]])
    y = torch.tensor([[0.0, 1.0, 0.0], [0.5, 0.0, 0.5], [0.0, 0.5, 0.5]])
    return y, yhat


def cross_entropy_tiny():
    """Tiny probabilities where y > 0: large but exact gradients −y/ŷ."""
    yhat = torch.tensor([[1e-20, 1.0 - 1e-7, 0.0], [1e-19, 0.5, 0.5]])
    y = torch.tensor([[1.0, 0.0, 0.0], [0.5, 0.0, 0.5]])
    return y, yhat


LOSS_CASES = {
    "MSELoss-n4x3": lambda: (LossSpec("MSELoss", mse), randn(4, 3), randn(4, 3)),
    "MSELoss-n1x7": lambda: (LossSpec("MSELoss", mse), randn(1, 7), randn(1, 7)),
    "BCELoss-soft-n4x3": lambda: (LossSpec("BCELoss", bce), uniform(4, 3), uniform(4, 3, low=0.02, high=0.98)),
    "BCELoss-binary-n5x2": lambda: (LossSpec("BCELoss", bce), torch.randint(2, (5, 2)).float(),
                                    uniform(5, 2, low=0.01, high=0.99)),
    "BCELoss-edges": lambda: (LossSpec("BCELoss", bce), *bce_edges()),
    "CrossEntropyLoss-onehot-n4x5": lambda: (LossSpec("CrossEntropyLoss", cross_entropy_on_probabilities),
                                             one_hot(4, 5), torch.softmax(randn(4, 5, scale=2.0), dim=1)),
    "CrossEntropyLoss-soft-n3x4": lambda: (LossSpec("CrossEntropyLoss", cross_entropy_on_probabilities),
                                           soft_targets(3, 4), torch.softmax(randn(3, 4), dim=1)),
    "BCELoss-near-edges": lambda: (LossSpec("BCELoss", bce), *bce_near_edges()),
    "CrossEntropyLoss-edges": lambda: (LossSpec("CrossEntropyLoss", cross_entropy_on_probabilities),
                                       *cross_entropy_edges()),
    "CrossEntropyLoss-tiny": lambda: (LossSpec("CrossEntropyLoss", cross_entropy_on_probabilities),
                                      *cross_entropy_tiny()),
    "CELogSoftmax-onehot-n4x5": lambda: (LossSpec("CELogSoftmax", cross_entropy_on_scores),
                                         one_hot(4, 5), randn(4, 5, scale=3.0)),
    "CELogSoftmax-onehot-n1x10": lambda: (LossSpec("CELogSoftmax", cross_entropy_on_scores),
                                          one_hot(1, 10), randn(1, 10, scale=3.0)),
    "CELogSoftmax-soft-n4x5": lambda: (LossSpec("CELogSoftmax", cross_entropy_on_scores),
                                       soft_targets(4, 5), randn(4, 5, scale=3.0)),
    "CELogSoftmax-unnormalized-n3x4": lambda: (LossSpec("CELogSoftmax", cross_entropy_on_scores),
                                               uniform(3, 4), randn(3, 4, scale=3.0)),
    "CELogSoftmax-large": lambda: (LossSpec("CELogSoftmax", cross_entropy_on_scores),
                                   torch.cat([one_hot(2, 6), soft_targets(1, 6)]), large_scores(3, 6)),
    "CELogSoftmax-offset1e4": lambda: (LossSpec("CELogSoftmax", cross_entropy_on_scores),
                                       torch.cat([one_hot(2, 5), soft_targets(1, 5)]), offset_scores(3, 5)),
}


def run_loss(spec, y, yhat):
    y = y.double()
    yhat = yhat.double().requires_grad_(True)
    losses = spec.torch_fn(y, yhat)
    mean = losses.mean()
    mean.backward()
    tensors = {"y": y, "yhat": yhat.detach(), "losses": losses.detach(), "mean": mean.detach(),
               "grad_yhat": yhat.grad}
    return {"kind": "loss", "type": spec.type, "args": spec.args}, tensors, []


# ----------------------------------------------------------------------------------------------- writing
def seed_of(name):
    """A stable seed per case: adding or removing a case never changes another case's data."""
    return zlib.crc32(name.encode("ascii")) & 0x7FFFFFFF


def number(v):
    if not math.isfinite(v):
        raise ValueError(f"non-finite value {v}")
    return "%.9g" % v


def tensor_json(t):
    f = t.detach().to(torch.float32).contiguous()
    data = ", ".join(number(v) for v in f.reshape(-1).tolist())
    return '{"shape": [%s], "data": [%s]}' % (", ".join(str(d) for d in f.shape), data)


def value_json(v):
    """JSON for the small header values (args may nest lists and dicts)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return number(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(value_json(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{value_json(k)}: {value_json(x)}" for k, x in v.items()) + "}"
    raise TypeError(f"cannot write {type(v).__name__}")


def render(name, seed, header, tensors, params):
    lines = ["{",
             f'  "format": {FORMAT_VERSION},',
             f'  "case": {value_json(name)},',
             f'  "seed": {seed},',
             f'  "reference": {value_json("torch " + torch.__version__ + ", float64 autograd on float32 inputs, results rounded to float32")},',
             f'  "kind": {value_json(header["kind"])},',
             f'  "type": {value_json(header["type"])},',
             f'  "args": {value_json(header["args"])},',
             '  "tensors": {']
    lines.append(",\n".join(f"    {value_json(k)}: {tensor_json(t)}" for k, t in tensors.items()))
    lines.append("  },")
    lines.append('  "parameters": [')
    lines.append(",\n".join(
        f'    {{"name": {value_json(p["name"])},\n     "value": {tensor_json(p["value"])},\n     "grad": {tensor_json(p["grad"])}}}'
        for p in params))
    lines.append("  ]")
    lines.append("}")
    return "\n".join(line for line in lines if line) + "\n"


def generate():
    """Yields (file name, text) for every case."""
    torch.set_num_threads(1)
    for cases, run in ((MODULE_CASES, run_module), (LOSS_CASES, run_loss)):
        for name, make in cases.items():
            seed = seed_of(name)
            torch.manual_seed(seed)
            header, tensors, params = run(*make())
            yield name + ".json", render(name, seed, header, tensors, params)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    parser.add_argument("--out", type=Path, default=FIXTURES, help="fixture folder (default: the test project's)")
    options = parser.parse_args()
    names = set(MODULE_CASES) & set(LOSS_CASES)
    if names:
        sys.exit(f"case names used twice: {sorted(names)}")

    files = dict(generate())
    existing = {p.name for p in options.out.glob("*.json")} if options.out.is_dir() else set()
    if options.check:
        bad = sorted(n for n, text in files.items()
                     if not (options.out / n).is_file() or (options.out / n).read_text(encoding="utf-8") != text)
        stale = sorted(existing - set(files))
        for n in bad:
            print(f"differs or missing: {n}")
        for n in stale:
            print(f"not produced by this script: {n}")
        sys.exit(1 if bad or stale else 0)

    options.out.mkdir(parents=True, exist_ok=True)
    for n in sorted(existing - set(files)):
        (options.out / n).unlink()
        print(f"removed stale {n}")
    total = 0
    for n, text in files.items():
        (options.out / n).write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    print(f"wrote {len(files)} fixtures, {total / 1024:.0f} KiB, into {options.out}")


if __name__ == "__main__":
    main()
