#include "sim/reference/tiling.h"

#include <algorithm>

namespace apq::sim::reference {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

std::vector<std::int64_t> tile_candidates(std::int64_t full, std::int64_t step) {
  const std::int64_t steps = ceil_div(full, step);
  std::vector<std::int64_t> sizes;
  std::int64_t power = 1;
  while (true) {
    sizes.push_back(std::min(power * step, full));
    if (power >= steps) break;
    power *= 2;
  }
  return sizes;
}

TileCandidates tile_candidates(const DenseProblem& problem) {
  TileCandidates candidates;
  candidates.batch = tile_candidates(problem.batch, 1);
  candidates.spatial = tile_candidates(problem.out, 1);
  candidates.cin = tile_candidates(problem.cin, 1);
  candidates.cout = tile_candidates(problem.cout, problem.im2col ? 1 : problem.cols);
  return candidates;
}

Tiling make_tiling(const DenseProblem& problem, std::int64_t batch, std::int64_t spatial,
                   std::int64_t cin, std::int64_t cout) {
  Tiling tiling;
  tiling[Loop::B] = {ceil_div(problem.batch, batch), batch};
  tiling[Loop::OW] = {ceil_div(problem.out, spatial), spatial};
  tiling[Loop::OH] = {ceil_div(problem.out, spatial), spatial};
  tiling[Loop::IC] = {ceil_div(problem.cin, cin), cin};
  tiling[Loop::OC] = {ceil_div(problem.cout, cout), cout};
  return tiling;
}

TileFootprint tile_footprint(const DenseProblem& problem, const Tiling& tiling) {
  const std::int64_t b = tiling[Loop::B].size;
  const std::int64_t ow = tiling[Loop::OW].size;
  const std::int64_t oh = tiling[Loop::OH].size;
  const std::int64_t ic = tiling[Loop::IC].size;
  const std::int64_t oc = tiling[Loop::OC].size;
  const std::int64_t k = problem.kernel;
  const std::int64_t lanes = problem.rows * problem.products_per_unit;

  TileFootprint footprint{};
  footprint[static_cast<int>(Tensor::Weights)] =
      ceil_div(k * k * ic, lanes) * lanes * oc * problem.wbits;
  if (problem.im2col) {
    footprint[static_cast<int>(Tensor::Activations)] = ow * oh * k * k * ic * b * problem.abits;
  } else {
    const std::int64_t iw = k + (ow - 1) * problem.stride;
    const std::int64_t ih = k + (oh - 1) * problem.stride;
    footprint[static_cast<int>(Tensor::Activations)] = iw * ih * ic * b * problem.abits;
  }
  footprint[static_cast<int>(Tensor::Outputs)] =
      ow * oh * ceil_div(oc, problem.cols) * problem.cols * b * kAccumulatorBits;
  return footprint;
}

bool fits_half_buffers(const DenseProblem& problem, const TileFootprint& footprint) {
  for (int tensor = 0; tensor < kTensorCount; ++tensor)
    if (footprint[tensor] > problem.half_buffer_bits[tensor]) return false;
  return true;
}

namespace {

// Array cycles of a tile with these extents.
std::int64_t extent_compute_cycles(const DenseProblem& problem, std::int64_t b, std::int64_t oh,
                                   std::int64_t ow, std::int64_t ic, std::int64_t oc) {
  const std::int64_t k = problem.kernel;
  const std::int64_t lanes = problem.rows * problem.products_per_unit;
  const std::int64_t column_passes = ceil_div(oc, problem.cols);
  if (problem.pass_depth == 0) {
    if (problem.im2col) return b * oh * ow * column_passes * ceil_div(k * k * ic, lanes);
    return b * column_passes * oh * ow * k * k * ceil_div(ic, lanes);
  }
  const std::int64_t pixels = b * oh * ow;
  const std::int64_t steps =
      problem.im2col ? ceil_div(k * k * ic, lanes) : k * k * ceil_div(ic, lanes);
  const auto pass = [&](std::int64_t pass_steps) {
    return std::max(pixels * pass_steps + problem.pass_overhead_cycles, problem.rows * pass_steps);
  };
  // The steps are shared out evenly over the fewest passes (cycle/tile_plan.h, PassSplit).
  const std::int64_t passes = ceil_div(steps, problem.pass_depth);
  const std::int64_t longer = steps % passes;
  const std::int64_t shorter_steps = steps / passes;
  return column_passes * (longer * pass(shorter_steps + 1) + (passes - longer) * pass(shorter_steps));
}

}  // namespace

std::int64_t tile_compute_cycles(const DenseProblem& problem, const Tiling& tiling) {
  return extent_compute_cycles(problem, tiling[Loop::B].size, tiling[Loop::OH].size,
                               tiling[Loop::OW].size, tiling[Loop::IC].size, tiling[Loop::OC].size);
}

std::int64_t layer_compute_cycles(const DenseProblem& problem, const Tiling& tiling) {
  if (problem.pass_depth == 0) return tile_count(tiling) * tile_compute_cycles(problem, tiling);
  // Cycle-mode scheduling charges a ragged last tile for what it holds: sum over the tiles that
  // are full or ragged in each loop.
  const std::array<std::int64_t, kLoopCount> full = {problem.batch, problem.out, problem.out,
                                                     problem.cin, problem.cout};
  std::int64_t cycles = 0;
  for (unsigned ragged = 0; ragged < (1u << kLoopCount); ++ragged) {
    std::array<std::int64_t, kLoopCount> size{};
    std::int64_t tiles = 1;
    for (int i = 0; i < kLoopCount; ++i) {
      const LoopTile& loop = tiling.loops[i];
      const std::int64_t last = full[i] - (loop.count - 1) * loop.size;
      if (ragged & (1u << i)) {
        size[i] = last;
      } else {
        size[i] = loop.size;
        tiles *= loop.count - 1;
      }
    }
    if (tiles == 0) continue;
    cycles += tiles * extent_compute_cycles(problem, size[0], size[2], size[1], size[3], size[4]);
  }
  return cycles;
}

TilingWork tiling_work(const DenseProblem& problem, const Tiling& tiling,
                       const TileFootprint& footprint) {
  TilingWork work;
  work.compute_cycles = layer_compute_cycles(problem, tiling);
  work.tiles = tile_count(tiling);
  work.distinct_output_bits = footprint[static_cast<int>(Tensor::Outputs)] *
                              tiling[Loop::B].count * tiling[Loop::OW].count *
                              tiling[Loop::OH].count * tiling[Loop::OC].count;
  return work;
}

std::int64_t tile_count(const Tiling& tiling) {
  std::int64_t count = 1;
  for (const LoopTile& loop : tiling.loops) count *= loop.count;
  return count;
}

}  // namespace apq::sim::reference
