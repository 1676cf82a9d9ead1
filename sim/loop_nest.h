#pragma once
#include <array>
#include <cstdint>

namespace apq::sim {

// The five tile loops of a convolution on BitFusion. Kernel loops are never tiled.
enum class Loop { B, OW, OH, IC, OC };
constexpr int kLoopCount = 5;
constexpr std::array<Loop, kLoopCount> kAllLoops = {Loop::B, Loop::OW, Loop::OH, Loop::IC,
                                                    Loop::OC};

// The names the BitFusion reference prints: "B/b", "OW/ow", "OH/oh", "IC/ic", "OC/oc".
const char* loop_name(Loop loop);

// One loop of a tiling: `count` tiles of `size` elements (the last may be ragged).
struct LoopTile {
  std::int64_t count = 1;
  std::int64_t size = 1;
};

// Tile counts and sizes per loop, indexed by Loop.
struct Tiling {
  std::array<LoopTile, kLoopCount> loops;

  LoopTile& operator[](Loop loop) { return loops[static_cast<int>(loop)]; }
  const LoopTile& operator[](Loop loop) const { return loops[static_cast<int>(loop)]; }
};

// Tile loops from outermost to innermost.
using LoopOrder = std::array<Loop, kLoopCount>;

// The order of the per-tile SRAM loops inside the array, named after what stays in place.
enum class Dataflow { InputStationary, OutputStationary, WeightStationary };

// "input-stationary", "output-stationary", "weight-stationary".
const char* dataflow_name(Dataflow dataflow);

}  // namespace apq::sim
