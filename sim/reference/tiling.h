#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "sim/loop_nest.h"
#include "sim/reference/dense_problem.h"

namespace apq::sim::reference {

// Tile sizes the reference tries for a loop of `full` elements: step * 2^i for
// i = 0 .. ceil(log2(ceil(full / step))), capped at `full`.
std::vector<std::int64_t> tile_candidates(std::int64_t full, std::int64_t step);

// Candidate tile sizes per loop. OW and OH share one square spatial tile. Output channels step
// by whole array columns, except under im2col.
struct TileCandidates {
  std::vector<std::int64_t> batch;
  std::vector<std::int64_t> spatial;
  std::vector<std::int64_t> cin;
  std::vector<std::int64_t> cout;
};
TileCandidates tile_candidates(const DenseProblem& problem);

// The tiling with these tile sizes; counts round up (the last tile may be ragged).
Tiling make_tiling(const DenseProblem& problem, std::int64_t batch, std::int64_t spatial,
                   std::int64_t cin, std::int64_t cout);

// Bits of one tile of each tensor, indexed by Tensor. Weights pad the reduction dimension to
// whole rows x products per unit; outputs pad channels to whole columns at 32 bits.
using TileFootprint = std::array<std::int64_t, kTensorCount>;
TileFootprint tile_footprint(const DenseProblem& problem, const Tiling& tiling);

// A tiling is legal when every tile fits half its buffer.
bool fits_half_buffers(const DenseProblem& problem, const TileFootprint& footprint);

// Array cycles of one tile; a ragged tile costs a full one. With a pass depth set (cycle-mode
// scheduling), the passes' fill, drain and weight-bank loads are included.
std::int64_t tile_compute_cycles(const DenseProblem& problem, const Tiling& tiling);

// Array cycles of the whole layer: the number of tiles times one tile's in the reference; with
// a pass depth set, each ragged last tile costs what it holds.
std::int64_t layer_compute_cycles(const DenseProblem& problem, const Tiling& tiling);

// What the cost of a tiling needs besides its traffic.
struct TilingWork {
  std::int64_t compute_cycles = 0;  // layer_compute_cycles
  std::int64_t tiles = 1;           // tile_count
  // Bits of every distinct output tile once: the first visits of the partial sums, which start
  // from zero in cycle-mode scheduling.
  std::int64_t distinct_output_bits = 0;
};
TilingWork tiling_work(const DenseProblem& problem, const Tiling& tiling,
                       const TileFootprint& footprint);

// Number of tiles: the product of the loop counts.
std::int64_t tile_count(const Tiling& tiling);

std::int64_t ceil_div(std::int64_t a, std::int64_t b);

}  // namespace apq::sim::reference
