#!/usr/bin/env python3
"""QAT throughput of a space's largest sub-network at a mixed policy, written in PyTorch.

The PyTorch side of scripts/bench/qat_throughput.sh. The network is the largest sub-network
(largest kernel, widest mid channels, every stage at its deepest) with each conv and linear
layer fake-quantized as nn/quant does it: BN folded into the conv with its running statistics
(frozen; gamma and beta train through the fold), weights symmetric per output channel
(torch.fake_quantize_per_channel_affine, threshold max|w| times a clipping ratio), the layer's
input per tensor with a learnable range (PACT: clamp to the range, round with a straight-through
gradient). One step is what nn::quantization_aware_finetune takes: forward, cross-entropy with
label smoothing 0.1 plus the distillation loss (cross-entropy against the teacher's soft
targets), backward, SGD nesterov momentum 0.9 without weight decay over weights, BN affine
parameters and ranges. The policy: even blocks pointwise 8 bits and depthwise 4, odd blocks
pointwise 4 and depthwise 6 (weights and inputs alike), head and tail at the space's fixed bits.

It runs on what `apq_nn_qat_throughput --save DIR` wrote: the space, the calibrated network's
weights and BN statistics, each layer's bits, signedness, range and clipping ratio, the batch
with its labels and soft targets, one reference step (logits before, loss, the network and
ranges after). It checks that the layers' bits and signedness are those it derives itself, and
(channels-last, the C++ layout) that its forward gives the same logits and one step the same
loss and parameters, then times its own steps (the median after a warm-up) on that batch.

Needs Debian's python3-torch (run with /usr/bin/python3; a pyenv python3 does not see it).
"""
import argparse
import ctypes
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from supernet_throughput import FORMATS, largest_blocks  # noqa: E402


def keep_freed_memory():
    """What `apq quant finetune` (and apq_nn_qat_throughput) set: nn/process_memory.cpp."""
    libc = ctypes.CDLL("libc.so.6")
    m_trim_threshold, m_mmap_threshold = -1, -3
    libc.mallopt(m_mmap_threshold, 32 * 1024 * 1024)
    libc.mallopt(m_trim_threshold, 1024 * 1024 * 1024)


def mixed_policy(block):
    """(pw bits, dw bits) of block `block`, weights and inputs alike."""
    return (8, 4) if block % 2 == 0 else (4, 6)


def fake_quantize_weight(weight, bits, clip_ratio):
    levels = 2 ** (bits - 1) - 1
    peak = weight.detach().reshape(weight.size(0), -1).abs().amax(1)
    scale = (peak * (clip_ratio / levels)).clamp_min(1e-12).float()
    zero_point = torch.zeros(weight.size(0), dtype=torch.int32)
    return torch.fake_quantize_per_channel_affine(weight, scale, zero_point, 0, -levels, levels)


def fake_quantize_activation(x, bits, value_range, is_signed):
    levels = 2 ** (bits - 1) - 1 if is_signed else 2 ** bits - 1
    upper = value_range.clamp_min(1e-6)
    lower = -upper if is_signed else torch.zeros_like(upper)
    clipped = torch.min(torch.max(x, lower), upper)
    scale = upper.detach() / levels
    grid = (clipped.detach() / scale).round_() * scale
    return clipped + (grid - clipped.detach())  # straight-through: rounding is the identity backward


class QuantLayer(nn.Module):
    """A conv followed by BN (folded), or a linear layer with bias, fake-quantized."""

    def __init__(self, cin, cout, bits, is_signed, kernel=None, stride=1, padding=0, groups=1):
        super().__init__()
        self.weight_bits, self.activation_bits = bits
        self.is_signed = is_signed
        self.conv = kernel is not None
        if self.conv:
            self.weight = nn.Parameter(torch.empty(cout, cin // groups, kernel, kernel))
            self.bn = nn.BatchNorm2d(cout, eps=1e-5)
            self.geometry = dict(stride=stride, padding=padding, groups=groups)
        else:
            self.weight = nn.Parameter(torch.empty(cout, cin))
            self.bias = nn.Parameter(torch.empty(cout))
        self.range = nn.Parameter(torch.tensor(0.0))
        self.clip_ratio = 1.0

    def forward(self, x):
        x = fake_quantize_activation(x, self.activation_bits, self.range, self.is_signed)
        if not self.conv:
            return F.linear(x, fake_quantize_weight(self.weight, self.weight_bits, self.clip_ratio), self.bias)
        bn = self.bn
        scale = bn.weight * (bn.running_var + bn.eps).rsqrt()
        shift = bn.bias - bn.running_mean * scale
        weight = fake_quantize_weight(self.weight * scale.reshape(-1, 1, 1, 1), self.weight_bits, self.clip_ratio)
        return F.conv2d(x, weight, shift, **self.geometry)


class Block(nn.Module):
    def __init__(self, cin, cout, stride, kernel, mid, pw_bits, dw_bits):
        super().__init__()
        self.expand = QuantLayer(cin, mid, (pw_bits, pw_bits), True, kernel=1)
        self.depthwise = QuantLayer(mid, mid, (dw_bits, dw_bits), False, kernel, stride, kernel // 2, mid)
        self.project = QuantLayer(mid, cout, (pw_bits, pw_bits), False, kernel=1)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = F.relu6(self.expand(x), inplace=True)
        y = F.relu6(self.depthwise(y), inplace=True)
        y = self.project(y)
        return x + y if self.residual else y


class Fixed(nn.Module):
    """nn/supernet/fixed_layers.cpp: a conv has ReLU6 except a 1x1 conv ending the head, a
    linear layer unless it is the last; the first layer's input is signed, then each layer's is
    signed exactly when the layer before has no ReLU6."""

    def __init__(self, specs, channels, bits, head):
        super().__init__()
        self.steps = nn.ModuleList()
        self.kinds, self.relu = [], []
        self.cpp_index = []  # the spec index, as the C++ names count layers
        is_signed = True
        for i, spec in enumerate(specs):
            last = i + 1 == len(specs)
            if spec["type"] == "global_avg_pool":
                self.kinds.append("pool")
                self.relu.append(False)
                continue
            if spec["type"] == "conv":
                kernel, groups = spec["kernel"], spec.get("groups", 1)
                layer = QuantLayer(channels, spec["out"], bits, is_signed, kernel, spec.get("stride", 1),
                                   spec.get("padding", kernel // 2), groups)
                relu = not (head and last and kernel == 1 and groups == 1)
            else:
                layer = QuantLayer(channels, spec["out"], bits, is_signed)
                relu = not last
            self.steps.append(layer)
            self.kinds.append(spec["type"])
            self.relu.append(relu)
            self.cpp_index.append(i)
            is_signed = not relu
            channels = spec["out"]
        self.out_channels = channels

    def forward(self, x):
        layers = iter(self.steps)
        for kind, relu in zip(self.kinds, self.relu):
            if kind == "pool":
                x = x.mean((2, 3))
                continue
            x = next(layers)(x)
            if relu:
                x = F.relu6(x, inplace=True)
        return x


class QuantizedLargestSubnet(nn.Module):
    def __init__(self, space):
        super().__init__()
        fixed_bits = (space["fixed_bits"]["w"], space["fixed_bits"]["a"])
        self.head = Fixed(space["head"], space["input"]["channels"], fixed_bits, head=True)
        blocks = []
        for b, (cin, cout, stride, kernel, mid) in enumerate(largest_blocks(space)):
            blocks.append(Block(cin, cout, stride, kernel, mid, *mixed_policy(b)))
        self.blocks = nn.Sequential(*blocks)
        self.tail = Fixed(space["tail"], largest_blocks(space)[-1][1], fixed_bits, head=False)

    def forward(self, x):
        return self.tail(self.blocks(self.head(x)))

    def quant_layers(self):
        """In the C++ forward order (nn::quant_layers): head, blocks, tail."""
        layers = list(self.head.steps)
        for block in self.blocks:
            layers += [block.expand, block.depthwise, block.project]
        return layers + list(self.tail.steps)

    def cpp_names(self):
        """(name here, name in the C++ Subnet) of every weight, bias and BN tensor."""
        names = []

        def conv(here, weight, bn):
            names.append((f"{here}.weight", weight))
            for field in ("weight", "bias", "running_mean", "running_var"):
                names.append((f"{here}.bn.{field}", f"{bn}.{field}"))

        for part in ("head", "tail"):
            fixed = getattr(self, part)
            for j, (layer, i) in enumerate(zip(fixed.steps, fixed.cpp_index)):
                if layer.conv:
                    conv(f"{part}.steps.{j}", f"{part}.conv{i}_weight", f"{part}.bn{i}")
                else:
                    names.append((f"{part}.steps.{j}.weight", f"{part}.linear{i}_weight"))
                    names.append((f"{part}.steps.{j}.bias", f"{part}.linear{i}_bias"))
        for b in range(len(self.blocks)):
            for layer in ("expand", "depthwise", "project"):
                conv(f"blocks.{b}.{layer}", f"blocks.{b}.{layer}_weight", f"blocks.{b}.{layer}_bn")
        return names


def buffers(path):
    return {name: tensor for name, tensor in torch.jit.load(path).named_buffers()}


def load_network(space, directory):
    """The C++ calibrated network, after checking its layers' policy against our own."""
    model = QuantizedLargestSubnet(space)
    cpp = torch.jit.load(os.path.join(directory, "qat_subnet.pt")).state_dict()
    names = model.cpp_names()
    unused = set(cpp) - {there for _, there in names}
    if unused:
        sys.exit(f"C++ tensors with no counterpart here: {sorted(unused)}")
    missing, unexpected = model.load_state_dict({here: cpp[there] for here, there in names}, strict=False)
    missing = [m for m in missing if not m.endswith("num_batches_tracked") and not m.endswith(".range")]
    if missing or unexpected:
        sys.exit(f"state mismatch: missing {missing}, unexpected {unexpected}")
    layers_file = buffers(os.path.join(directory, "qat_layers.pt"))
    layers = model.quant_layers()
    if len(layers) != layers_file["weight_bits"].numel():
        sys.exit(f"{len(layers)} quantized layers here, {layers_file['weight_bits'].numel()} in C++")
    with torch.no_grad():
        for i, layer in enumerate(layers):
            ours = (layer.weight_bits, layer.activation_bits, int(layer.is_signed))
            theirs = tuple(int(layers_file[k][i]) for k in ("weight_bits", "activation_bits", "signed_input"))
            if ours != theirs:
                sys.exit(f"quantized layer {i}: (w bits, a bits, signed) {ours} here, {theirs} in C++")
            layer.range.fill_(float(layers_file["activation_range"][i]))
            layer.clip_ratio = float(layers_file["weight_clip_ratio"][i])
    return model


def optimizer_for(model, learning_rate):
    # nn::QatTrainer: every parameter (weights, BN gamma / beta, ranges), no weight decay.
    return torch.optim.SGD(model.parameters(), lr=learning_rate, momentum=0.9, nesterov=True)


def qat_step(model, optimizer, images, labels, soft_targets):
    logits = model(images)
    loss = F.cross_entropy(logits, labels, label_smoothing=0.1)
    loss = loss + -(soft_targets * F.log_softmax(logits, 1)).sum(1).mean()
    optimizer.zero_grad()  # 1.13: zeroed, not dropped, as LibTorch 1.13's zero_grad
    loss.backward()
    optimizer.step()
    return loss.detach()


def relative_error(ours, theirs):
    return (ours - theirs).abs().max().item() / max(theirs.abs().max().item(), 1.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", required=True, help="directory of apq_nn_qat_throughput --save")
    parser.add_argument("--space", help="the network's space file (default: the one in --reference)")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--memory-format", choices=list(FORMATS), default="channels_last")
    parser.add_argument("--tolerance", type=float, default=1e-3,
                        help="largest accepted max |difference| / max |C++ value| of logits and loss")
    args = parser.parse_args()

    keep_freed_memory()
    with open(args.space or os.path.join(args.reference, "space.json")) as f:
        space = json.load(f)
    # Debian's torch starts with one thread in a container; the C++ tool uses every core.
    torch.set_num_threads(args.threads)
    step = buffers(os.path.join(args.reference, "qat_step.pt"))
    labels, soft_targets = step["labels"], step["soft_targets"]
    learning_rate = float(step["learning_rate"])

    def prepared(memory_format):
        model = load_network(space, args.reference).to(memory_format=memory_format)
        model.train()
        images = step["images"].contiguous(memory_format=memory_format)
        optimizer = optimizer_for(model, learning_rate)
        errors = {"logits before": relative_error(model(images).detach(), step["logits_before"])}
        errors["loss"] = relative_error(qat_step(model, optimizer, images, labels, soft_targets), step["loss"])
        errors["parameters after one step"] = stepped_parameter_error(model)
        # Informational: a last-bit difference in a range moves activations across 4-bit rounding
        # boundaries, so logits after a step agree only to the percent level.
        logits_after = relative_error(model(images).detach(), step["logits_after"])
        return model, images, optimizer, errors, logits_after

    stepped = torch.jit.load(os.path.join(args.reference, "qat_subnet_stepped.pt")).state_dict()

    def stepped_parameter_error(model):
        """Largest relative difference of a weight, BN parameter or range after the step."""
        ours = model.state_dict()
        worst = max(relative_error(ours[here], stepped[there]) for here, there in model.cpp_names())
        ranges = torch.stack([layer.range.detach() for layer in model.quant_layers()])
        return max(worst, relative_error(ranges.double(), step["activation_range_after"]))

    def describe(errors):
        return ", ".join(f"{name} {error:.1e}" for name, error in errors.items())

    # The check runs channels-last, the C++ layout: the same kernels summing in the same order
    # give the same values. In NCHW oneDNN sums in another order, and the last-bit differences
    # move a few activations across a rounding boundary of the 4-bit grids: a different
    # function at the percent level, reported, not checked.
    model, images, optimizer, errors, logits_after = prepared(torch.channels_last)
    print(f"same function and step as the C++ network (channels_last): max |difference| / max |C++ value|: "
          f"{describe(errors)} (logits after the step {logits_after:.1e})", flush=True)
    if max(errors.values()) > args.tolerance:
        sys.exit(f"differs from the C++ network by more than {args.tolerance}")
    checked_error = max(errors.values())
    if args.memory_format != "channels_last":
        del model, optimizer
        model, images, optimizer, errors, logits_after = prepared(FORMATS[args.memory_format])
        print(f"{args.memory_format}, for information: {describe(errors)} (logits after the step "
              f"{logits_after:.1e})", flush=True)
    parameters = sum(p.numel() for p in model.parameters()) - len(model.quant_layers())
    print(f"space {space['name']}: largest sub-network, {len(model.blocks)} blocks, {parameters} parameters; "
          f"batch {images.size(0)}, {torch.get_num_threads()} threads, torch {torch.__version__}, "
          f"{args.memory_format}, median of {args.steps} steps", flush=True)

    for _ in range(args.warmup):
        qat_step(model, optimizer, images, labels, soft_targets)
    walls, cpus = [], []
    for _ in range(args.steps):
        wall, cpu = time.perf_counter(), time.process_time()
        qat_step(model, optimizer, images, labels, soft_targets)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    middle = sorted(range(args.steps), key=lambda i: walls[i])[args.steps // 2]
    rate = images.size(0) / walls[middle]
    print(f"pytorch QAT step {walls[middle] * 1e3:7.1f} ms = {rate:5.0f} images/s (cpu {cpus[middle] * 1e3:7.1f} ms)",
          flush=True)
    print(json.dumps({"side": "pytorch", "space": space["name"], "batch": images.size(0),
                      "threads": torch.get_num_threads(), "steps": args.steps, "parameters": parameters,
                      "memory_format": args.memory_format, "images_per_s": round(rate, 1),
                      "step_ms": round(walls[middle] * 1e3, 2),
                      "max_relative_error": checked_error, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
