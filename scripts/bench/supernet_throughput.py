#!/usr/bin/env python3
"""Training throughput of a space's largest sub-network written as plain PyTorch.

The PyTorch side of the benchmark in scripts/bench/supernet_throughput.sh: the same network as
nn/supernet builds at its largest config (largest kernel, widest mid channels, every stage at its
deepest), written with torch.nn layers, trained one step at a time exactly as
`apq_nn_train_throughput --largest` times it: forward, label-smoothed (0.1) cross-entropy,
backward, nesterov SGD (lr 0.05, momentum 0.9, weight decay 3e-5 on conv / linear weights only,
as the trainer does), gradients set to None between steps; random inputs; the median of the
timed steps after a warm-up. Both memory formats are timed (--memory-format: one of them per
process, as the .sh does: glibc's heap keeps a state from the first format's steps that changes
the second one's speed by 20-30%); the faster one is PyTorch's figure.

With --reference DIR (written by `apq_nn_train_throughput --largest --save-subnet DIR`) the
script loads the C++ extracted sub-network's weights into this network and checks that both
compute the same logits, in eval and in train mode, and have the same parameter count.

Needs Debian's python3-torch (run with /usr/bin/python3; a pyenv python3 does not see it).
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


FORMATS = {"NCHW": torch.contiguous_format, "channels_last": torch.channels_last}


def mid_channel_choices(space, slot_index, cin):
    """A block slot's mid-channel choices, as search/space/block_slots.cpp derives them."""
    rule = space["mid_channels"]
    if rule["rule"] == "expand_range":
        return list(range(rule["min_expand"] * cin, rule["max_expand"] * cin + 1, rule["step"]))
    return list(rule["choices"][slot_index])


def largest_blocks(space):
    """(cin, cout, stride, kernel, mid) of every block the largest sub-network runs."""
    kernel = max(space["kernels"])
    blocks = []
    slot_index = 0
    for stage in space["stages"]:
        depth = max(stage["depths"])
        for position in range(stage["blocks"]):
            cin = stage["in"] if position == 0 else stage["out"]
            mid = max(mid_channel_choices(space, slot_index, cin))
            if position < depth:
                stride = stage["stride"] if position == 0 else 1
                blocks.append((cin, stage["out"], stride, kernel, mid))
            slot_index += 1
    return blocks


def batch_norm(channels):
    # DynamicBatchNorm's defaults (nn/supernet/dynamic_batch_norm.h).
    return nn.BatchNorm2d(channels, eps=1e-5, momentum=0.1)


class InvertedResidual(nn.Module):
    """MobileNetV2 block: 1x1 expand, kxk depthwise, 1x1 project; identity skip when shapes allow."""

    def __init__(self, cin, cout, stride, kernel, mid):
        super().__init__()
        self.expand = nn.Conv2d(cin, mid, 1, bias=False)
        self.expand_bn = batch_norm(mid)
        self.depthwise = nn.Conv2d(mid, mid, kernel, stride, kernel // 2, groups=mid, bias=False)
        self.depthwise_bn = batch_norm(mid)
        self.project = nn.Conv2d(mid, cout, 1, bias=False)
        self.project_bn = batch_norm(cout)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = F.relu6(self.expand_bn(self.expand(x)), inplace=True)
        y = F.relu6(self.depthwise_bn(self.depthwise(y)), inplace=True)
        y = self.project_bn(self.project(y))
        return x + y if self.residual else y


class LargestSubnet(nn.Module):
    def __init__(self, space):
        super().__init__()
        # (name here, name in the C++ network) of every parameter and buffer, for --reference.
        self.cpp_names = []
        channels = space["input"]["channels"]
        self.head, channels = self._fixed_layers(space["head"], channels, "head", head=True)
        blocks = []
        for b, (cin, cout, stride, kernel, mid) in enumerate(largest_blocks(space)):
            blocks.append(InvertedResidual(cin, cout, stride, kernel, mid))
            for conv in ("expand", "depthwise", "project"):
                self.cpp_names.append((f"blocks.{b}.{conv}.weight", f"blocks.{b}.{conv}_weight"))
                self._bn_names(f"blocks.{b}.{conv}_bn", f"blocks.{b}.{conv}_bn")
            channels = cout
        self.blocks = nn.Sequential(*blocks)
        self.tail, _ = self._fixed_layers(space["tail"], channels, "tail", head=False)

    def _bn_names(self, here, cpp):
        for field in ("weight", "bias", "running_mean", "running_var"):
            self.cpp_names.append((f"{here}.{field}", f"{cpp}.{field}"))

    def _fixed_layers(self, specs, channels, part, head):
        """nn/supernet/fixed_layers.cpp: conv + BN + ReLU6, except a 1x1 conv ending the head
        (MobileNetV2's linear bottleneck); a linear layer has a bias and ReLU6 unless last."""
        layers = []
        for i, spec in enumerate(specs):
            last = i + 1 == len(specs)
            index = len(layers)
            if spec["type"] == "conv":
                kernel = spec["kernel"]
                groups = spec.get("groups", 1)
                layers.append(nn.Conv2d(channels, spec["out"], kernel, spec.get("stride", 1),
                                        spec.get("padding", kernel // 2), groups=groups, bias=False))
                layers.append(batch_norm(spec["out"]))
                self.cpp_names.append((f"{part}.{index}.weight", f"{part}.conv{i}_weight"))
                self._bn_names(f"{part}.{index + 1}", f"{part}.bn{i}")
                if not (head and last and kernel == 1 and groups == 1):
                    layers.append(nn.ReLU6(inplace=True))
                channels = spec["out"]
            elif spec["type"] == "global_avg_pool":
                layers.append(nn.AdaptiveAvgPool2d(1))
                layers.append(nn.Flatten(1))
            elif spec["type"] == "linear":
                layers.append(nn.Linear(channels, spec["out"]))
                self.cpp_names.append((f"{part}.{index}.weight", f"{part}.linear{i}_weight"))
                self.cpp_names.append((f"{part}.{index}.bias", f"{part}.linear{i}_bias"))
                if not last:
                    layers.append(nn.ReLU6(inplace=True))
                channels = spec["out"]
            else:
                raise ValueError(f"{part}[{i}]: unknown layer type {spec['type']!r}")
        return nn.Sequential(*layers), channels

    def forward(self, x):
        return self.tail(self.blocks(self.head(x)))


def parameter_count(module):
    return sum(p.numel() for p in module.parameters())


def check_against_reference(space, directory, memory_format):
    """Loads the C++ extracted network's tensors and compares logits on its saved input."""
    cpp = torch.jit.load(os.path.join(directory, "largest_subnet.pt")).state_dict()
    io = [t for _, t in torch.jit.load(os.path.join(directory, "largest_subnet_io.pt")).named_parameters()]
    images, eval_logits, train_logits = io
    model = LargestSubnet(space)
    mapped = {here: cpp[there] for here, there in model.cpp_names}
    unused = set(cpp) - {there for _, there in model.cpp_names}
    if unused:
        raise SystemExit(f"C++ tensors with no counterpart here: {sorted(unused)}")
    missing, unexpected = model.load_state_dict(mapped, strict=False)
    missing = [m for m in missing if not m.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise SystemExit(f"state mismatch: missing {missing}, unexpected {unexpected}")
    model = model.to(memory_format=memory_format)
    images = images.contiguous(memory_format=memory_format)
    with torch.no_grad():
        model.eval()
        eval_error = (model(images) - eval_logits).abs().max().item()
        model.train()
        train_error = (model(images) - train_logits).abs().max().item()
    scale = max(eval_logits.abs().max().item(), train_logits.abs().max().item(), 1.0)
    return eval_error / scale, train_error / scale


def train_step_seconds(space, batch, steps, warmup, memory_format):
    torch.manual_seed(0)
    model = LargestSubnet(space).to(memory_format=memory_format)
    model.train()
    size, channels = space["input"]["size"], space["input"]["channels"]
    images = torch.randn(batch, channels, size, size).contiguous(memory_format=memory_format)
    labels = torch.randint(0, space["classes"], (batch,))
    # Once-for-all (and our trainer): no weight decay on BN parameters and biases, the 1-d ones.
    decayed = [p for p in model.parameters() if p.dim() > 1]
    exempt = [p for p in model.parameters() if p.dim() <= 1]
    optimizer = torch.optim.SGD([{"params": decayed, "weight_decay": 3e-5},
                                 {"params": exempt, "weight_decay": 0.0}],
                                lr=0.05, momentum=0.9, nesterov=True)

    def step():
        optimizer.zero_grad(set_to_none=True)
        F.cross_entropy(model(images), labels, label_smoothing=0.1).backward()
        optimizer.step()

    for _ in range(warmup):
        step()
    walls, cpus = [], []
    for _ in range(steps):
        wall, cpu = time.perf_counter(), time.process_time()
        step()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    # The median, like the C++ tool: a busy neighbour inflates some steps, not most.
    middle = sorted(range(steps), key=lambda i: walls[i])[steps // 2]
    return walls[middle], cpus[middle], parameter_count(model)


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--space", default=os.path.join(root, "configs/spaces/fmnist.json"))
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--steps", type=int, default=20, help="timed steps per memory format")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--memory-format", choices=["NCHW", "channels_last", "both"], default="both")
    parser.add_argument("--reference", help="directory of apq_nn_train_throughput --save-subnet")
    parser.add_argument("--expect-parameters", type=int,
                        help="the C++ largest sub-network's parameter count; exit 1 if different")
    args = parser.parse_args()

    with open(args.space) as f:
        space = json.load(f)
    # Debian's torch starts with one thread in a container; the C++ tool uses every core.
    torch.set_num_threads(args.threads)

    parameters = parameter_count(LargestSubnet(space))
    print(f"space {space['name']}: largest sub-network, {len(largest_blocks(space))} blocks, "
          f"{parameters} parameters; batch {args.batch}, {torch.get_num_threads()} threads, "
          f"torch {torch.__version__}, median of {args.steps} steps", flush=True)
    expected = args.expect_parameters
    if args.reference:
        cpp_parameters = parameter_count(torch.jit.load(os.path.join(args.reference, "largest_subnet.pt")))
        if expected is not None and expected != cpp_parameters:
            sys.exit(f"--expect-parameters {expected} but the reference has {cpp_parameters}")
        expected = cpp_parameters
        for name, memory_format in FORMATS.items():
            eval_error, train_error = check_against_reference(space, args.reference, memory_format)
            print(f"same function as the C++ sub-network ({name}): max |logit difference| / max |logit| "
                  f"eval {eval_error:.1e}, train {train_error:.1e}", flush=True)
            if max(eval_error, train_error) > 1e-4:
                sys.exit("logits differ from the C++ sub-network's")
    if expected is not None and expected != parameters:
        sys.exit(f"parameter count {parameters} differs from the C++ sub-network's {expected}")

    rates = {}
    for name, memory_format in FORMATS.items():
        if args.memory_format not in (name, "both"):
            continue
        wall, cpu, _ = train_step_seconds(space, args.batch, args.steps, args.warmup, memory_format)
        rates[name] = args.batch / wall
        print(f"pytorch {name:13s} train step {wall * 1e3:7.1f} ms = {rates[name]:5.0f} images/s "
              f"(cpu {cpu * 1e3:7.1f} ms)", flush=True)
    best = max(rates, key=rates.get)
    figures = {f"{name}_images_per_s": round(rate, 1) for name, rate in rates.items()}
    print(json.dumps({"side": "pytorch", "space": space["name"], "batch": args.batch,
                      "threads": torch.get_num_threads(), "steps": args.steps, "parameters": parameters,
                      **figures, "images_per_s": round(rates[best], 1), "memory_format": best,
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()
