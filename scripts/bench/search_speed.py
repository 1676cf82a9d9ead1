#!/usr/bin/env python3
"""The APQ evolution written the way APQ's Python code runs it, for scripts/bench/search_speed.sh.

The comparison asked by issue 14 (item 7): our evaluator (`apq-search-speed`) against the same
search in PyTorch as APQ's code does it. So the implementation follows APQ's ways: a candidate is
an APQ spec dict (`ks`, `e`, `d`, four bit lists) deep-copied for every child; its latency is the
LUT, loaded as a Python dict with json, summed per candidate with a string key per layer (the mid
channels resolved from `e` by make_divisible each time); the predictor is a torch.nn MLP
(772 -> 400 -> 400 -> 400 -> 1 with the quantization branch into the first hidden layer) called
on one batch of numpy-built one-hot rows per generation. The algorithm is ours (search/README.md),
so that both sides do the same work: population 100, 25 parents, 50 mutants (each gene re-drawn
with probability 0.1) and 50 crossover children, all kept, 500 generations, a candidate that
breaks the latency bound drawn again. Where APQ's code does more work than this (its latency
predictor rebuilds and parses its layer geometry strings on every call, its crossover deep-copies
a parent for every block), this script does not: its times are if anything below APQ's code's.

Before timing, the LUT sums of 3 random specs are checked against `apq lut query` (exit 1 on a
difference). Run with Debian's interpreter, /usr/bin/python3 (python3-torch).
"""
import argparse
import copy
import json
import os
import random
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn as nn

BIT_GENES = ("pw_w_bits_setting", "pw_a_bits_setting", "dw_w_bits_setting", "dw_a_bits_setting")
MAX_DRAWS = 100000  # as search::EvolutionParams::max_draws


def make_divisible(value, divisor=8):
    """APQ's rounding of e * cin to mid channels (configs/spaces/README.md)."""
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * value else rounded


class Block:
    def __init__(self, stage, position, cin, cout, in_size, stride, mids):
        self.stage, self.position = stage, position
        self.cin, self.cout, self.in_size, self.stride = cin, cout, in_size, stride
        self.out_size = (in_size - 1) // stride + 1  # odd kernel, padding k // 2
        self.expands = [mid / cin for mid in mids]  # APQ's `e`, as its converter writes it


class Space:
    """The block geometry of a space file (search/space/block_slots.cpp), computed once."""

    def __init__(self, path):
        with open(path) as f:
            spec = json.load(f)
        size = spec["input"]["size"]
        for layer in spec["head"]:
            if layer["type"] != "conv":
                sys.exit(f"{path}: only conv head layers are supported here")
            k, s = layer["kernel"], layer.get("stride", 1)
            size = (size + 2 * layer.get("padding", k // 2) - k) // s + 1
        rule = spec["mid_channels"]
        self.blocks = []
        for stage_index, stage in enumerate(spec["stages"]):
            for position in range(stage["blocks"]):
                cin = stage["in"] if position == 0 else stage["out"]
                stride = stage["stride"] if position == 0 else 1
                if rule["rule"] == "expand_range":
                    mids = list(range(rule["min_expand"] * cin, rule["max_expand"] * cin + 1, rule["step"]))
                else:
                    mids = rule["choices"][len(self.blocks)]
                block = Block(stage_index, position, cin, stage["out"], size, stride, mids)
                self.blocks.append(block)
                size = block.out_size
        self.depths = [stage["depths"] for stage in spec["stages"]]
        self.kernels = spec["kernels"]
        self.bits = [spec["bits"][name] for name in ("pw_w", "pw_a", "dw_w", "dw_a")]


def random_spec(space):
    spec = {"wid": None, "d": [random.choice(choices) for choices in space.depths], "ks": [], "e": []}
    spec.update({name: [] for name in BIT_GENES})
    for block in space.blocks:
        spec["ks"].append(random.choice(space.kernels))
        spec["e"].append(random.choice(block.expands))
        for name, choices in zip(BIT_GENES, space.bits):
            spec[name].append(random.choice(choices))
    return spec


def mutate(space, parent, probability):
    # Ours, after once-for-all: each gene on its own, depths too. APQ's mutate_spec re-draws a
    # whole block (kernel, e and four bits) with probability 0.1 and never changes a depth.
    child = copy.deepcopy(parent)
    for stage, choices in enumerate(space.depths):
        if random.random() < probability:
            child["d"][stage] = random.choice(choices)
    for i, block in enumerate(space.blocks):
        if random.random() < probability:
            child["ks"][i] = random.choice(space.kernels)
        if random.random() < probability:
            child["e"][i] = random.choice(block.expands)
        for name, choices in zip(BIT_GENES, space.bits):
            if random.random() < probability:
                child[name][i] = random.choice(choices)
    return child


def crossover(a, b):
    # Ours: every gene from either parent, depths too (APQ's picks a parent per block).
    child = copy.deepcopy(a)
    for key in ("d", "ks", "e") + BIT_GENES:
        for i, value in enumerate(b[key]):
            if random.random() < 0.5:
                child[key][i] = value
    return child


class LutPredictor:
    """APQ's latency predictor: the LUT as a dict, one formatted key per layer per candidate."""

    def __init__(self, path, space, field="latency"):
        with open(path) as f:
            self.dic = json.load(f)
        self.space, self.field = space, field
        self.other = self.dic["head"][field] + self.dic["tail"][field]

    def entry(self, shape, w, a):
        key = "{}-W{}A{}".format(shape, w, a)
        if key not in self.dic:
            sys.exit(f"LUT has no entry {key}")
        return self.dic[key][self.field]

    def predict(self, spec):
        # Head + tail first, then each running block's expand, depthwise and project: the order
        # of `apq lut query`, so the float sums agree to the bit.
        total = self.other
        for i, b in enumerate(self.space.blocks):
            if b.position >= spec["d"][b.stage]:
                continue
            mid = make_divisible(spec["e"][i] * b.cin)
            k = spec["ks"][i]
            pw_w, pw_a = spec["pw_w_bits_setting"][i], spec["pw_a_bits_setting"][i]
            total += self.entry((b.cin, mid, b.in_size, 1, 1, 0, 1), pw_w, pw_a)
            total += self.entry((mid, mid, b.in_size, k, b.stride, k // 2, mid),
                                spec["dw_w_bits_setting"][i], spec["dw_a_bits_setting"][i])
            total += self.entry((mid, b.cout, b.out_size, 1, 1, 0, 1), pw_w, pw_a)
        return total


class Encoder:
    """The one-hot rows, built like APQ's Converter.spec2feature: value -> column dicts per block,
    a numpy row per spec. Layout: search/encoding (per block kernel, mid channels; then per block
    the four bit-widths); APQ groups the columns by gene instead, a permutation of the same work."""

    def __init__(self, space):
        self.space = space
        at = 0
        self.kernel_column, self.expand_column = [], []
        for block in space.blocks:
            self.kernel_column.append({k: at + j for j, k in enumerate(space.kernels)})
            at += len(space.kernels)
            self.expand_column.append({e: at + j for j, e in enumerate(block.expands)})
            at += len(block.expands)
        self.arch_length = at
        self.bit_column = []
        for _ in space.blocks:
            columns = []
            for choices in space.bits:
                columns.append({bits: at + j for j, bits in enumerate(choices)})
                at += len(choices)
            self.bit_column.append(columns)
        self.length = at

    def feature(self, spec):
        row = np.zeros(self.length)
        for i, block in enumerate(self.space.blocks):
            if block.position >= spec["d"][block.stage]:
                continue  # a skipped block is all zeros
            row[self.kernel_column[i][spec["ks"][i]]] = 1
            row[self.expand_column[i][spec["e"][i]]] = 1
            for name, column in zip(BIT_GENES, self.bit_column[i]):
                row[column[spec[name][i]]] = 1
        return row


class QuantAwareMlp(nn.Module):
    """APQ's quantization-aware predictor: the bits' linear layer is added after the first ReLU."""

    def __init__(self, arch_inputs, quant_inputs, hidden):
        super().__init__()
        self.arch_inputs = arch_inputs
        self.layers = nn.ModuleList(
            [nn.Sequential(nn.Linear(arch_inputs, hidden), nn.ReLU())]
            + [nn.Sequential(nn.Linear(hidden, hidden), nn.ReLU()) for _ in range(2)])
        self.quantize_fc = nn.Linear(quant_inputs, hidden)
        self.regressor = nn.Linear(hidden, 1)

    def forward(self, x):
        x = self.layers[0](x[:, :self.arch_inputs]) + self.quantize_fc(x[:, self.arch_inputs:])
        for layer in self.layers[1:]:
            x = layer(x)
        return self.regressor(x)


class AccuracyPredictor:
    def __init__(self, encoder, mlp):
        self.encoder, self.mlp = encoder, mlp.eval()

    def predict(self, specs):
        # As APQ's predict_accuracy: no torch.no_grad(), float64 numpy rows converted to float32
        # (on the CPU here; APQ moves them to CUDA). Callers take .item() of each row.
        rows = np.array([self.encoder.feature(spec) for spec in specs])
        return self.mlp(torch.tensor(rows).float())


def draw_feasible(draw, lut, bound, what):
    for _ in range(MAX_DRAWS):
        spec = draw()
        latency = lut.predict(spec)
        if latency <= bound:
            return spec, latency
    sys.exit(f"no {what} within latency {bound} ms in {MAX_DRAWS} draws")


def evolve(space, lut, predictor, bound, generations, population_size=100, parents=25, mutants=50,
           crossovers=50, probability=0.1):
    """Returns the best (accuracy, spec, latency) and how many networks were scored."""
    pool = [draw_feasible(lambda: random_spec(space), lut, bound, "random network") for _ in range(population_size)]
    accs = predictor.predict([spec for spec, _ in pool])
    population = [(accs[i].item(), spec, latency) for i, (spec, latency) in enumerate(pool)]
    scored = len(pool)
    for _ in range(generations):
        top = sorted(population, key=lambda c: c[0], reverse=True)[:parents]
        # A new random parent for each draw, as run_evolution does (APQ retries the same parent).
        pool = [draw_feasible(lambda: mutate(space, random.choice(top)[1], probability), lut, bound, "mutant")
                for _ in range(mutants)]
        pool += [draw_feasible(lambda: crossover(random.choice(top)[1], random.choice(top)[1]), lut, bound,
                               "crossover child") for _ in range(crossovers)]
        # APQ's code has no cache: every child is scored, repeats included; parents keep the
        # score they were born with (it does not re-score them).
        accs = predictor.predict([spec for spec, _ in pool])
        population = top + [(accs[i].item(), spec, latency) for i, (spec, latency) in enumerate(pool)]
        scored += len(pool)
    return max(population, key=lambda c: c[0]), scored


def check_against_query(apq, space_path, lut_path, lut, energy, specs):
    """The Python sums must be `apq lut query`'s to the bit: same entries, same order."""
    with tempfile.TemporaryDirectory() as folder:
        for n, spec in enumerate(specs):
            path = os.path.join(folder, f"spec{n}.json")
            with open(path, "w") as f:
                json.dump(spec, f)
            out = subprocess.run([apq, "lut", "query", "--lut", lut_path, "--space", space_path, "--config", path,
                                  "--json"], check=True, capture_output=True, text=True).stdout
            query = json.loads(out)
            ours = (lut.predict(spec), energy.predict(spec))
            if ours != (query["latency"], query["energy"]):
                print(f"LUT sums differ from apq lut query on {json.dumps(spec)}: Python latency {ours[0]!r}, "
                      f"energy {ours[1]!r}; query {query['latency']!r}, {query['energy']!r}", file=sys.stderr)
                sys.exit(1)
    print(f"LUT sums agree with apq lut query on {len(specs)} configs")


def main():
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    build = os.environ.get("APQ_BUILD_DIR", os.path.join(root, "build"))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--space", required=True)
    parser.add_argument("--lut", required=True)
    parser.add_argument("--hidden", type=int, default=400)
    parser.add_argument("--generations", type=int, default=500)
    parser.add_argument("--latency-ms", type=float,
                        help="latency bound (default: the median of the 10,000 random networks)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=os.cpu_count(),
                        help="torch threads (default: every core, like the C++ side's OpenBLAS)")
    parser.add_argument("--apq", default=os.path.join(build, "bin", "apq"), help="for the LUT check")
    args = parser.parse_args()

    random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    space = Space(args.space)

    start = time.perf_counter()
    lut = LutPredictor(args.lut, space)
    print(f"LUT dict: loaded in {1e3 * (time.perf_counter() - start):.1f} ms")
    encoder = Encoder(space)
    mlp = QuantAwareMlp(encoder.arch_length, encoder.length - encoder.arch_length, args.hidden)
    predictor = AccuracyPredictor(encoder, mlp)
    print(f"predictor: torch.nn, hidden {args.hidden}, {encoder.arch_length} architecture + "
          f"{encoder.length - encoder.arch_length} quantization inputs, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads")

    specs = [random_spec(space) for _ in range(10000)]
    check_against_query(args.apq, args.space, args.lut, lut, LutPredictor(args.lut, space, "energy"), specs[:3])

    start = time.perf_counter()
    latencies = [lut.predict(spec) for spec in specs]
    print(f"LUT cost of one candidate: {1e6 * (time.perf_counter() - start) / len(specs):.3f} us")

    predictor.predict(specs[:100])  # first call allocates
    batches = 100
    start = time.perf_counter()
    for b in range(batches):
        accs = predictor.predict(specs[100 * b:100 * (b + 1)])
        [acc.item() for acc in accs]
    print(f"predictor, batch of 100 (encoding included): {1e3 * (time.perf_counter() - start) / batches:.3f} ms")

    # The upper median, as apq-search-speed's nth_element picks it.
    bound = args.latency_ms if args.latency_ms is not None else sorted(latencies)[len(latencies) // 2]
    start = time.perf_counter()
    (accuracy, _, _), scored = evolve(space, lut, predictor, bound, args.generations)
    print(f"evolution, population 100, {args.generations} generations, latency <= {bound:.4g} ms: "
          f"{time.perf_counter() - start:.3f} s; {scored} networks scored (no cache, as APQ); "
          f"best predicted {accuracy:.4f}")


if __name__ == "__main__":
    main()
