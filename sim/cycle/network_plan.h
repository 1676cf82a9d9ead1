#pragma once
#include <cstddef>
#include <optional>
#include <vector>

#include "sim/accel_config.h"
#include "sim/cycle/conv_plan.h"
#include "sim/cycle/tile_plan.h"
#include "sim/network.h"

namespace apq::sim::cycle {

// One layer of a job: where its data lives and the tiles the controller runs.
struct PlannedLayer {
  NetworkLayer layer;
  LayerIo io;
  std::optional<ConvPlan> conv;  // array layers; `tiles` below is its tile list
  std::vector<TileStep> tiles;
};

// Layers run back to back through one accelerator.
struct Job {
  AccelConfig config;
  PassSplit split;
  std::vector<PlannedLayer> layers;
};

// Plans every layer of a network with its inter-layer effects: an output that fits half the IBUF
// at the next layer's activation width stays on chip as that layer's input (unless the next layer
// needs im2col, which reorders its input in DRAM); an output that a later residual addition
// reads is also written to DRAM; final outputs leave at the next layer's activation width (the
// last layer's at its own). Throws apq::InputError for an invalid layer.
Job plan_network(const AccelConfig& config, const Network& network, const PassSplit& split);

// Plans each layer alone, as a one-layer job would: input from DRAM, output to DRAM at the
// layer's own activation width. The reference mode and the LUT see layers this way.
Job plan_isolated_layers(const AccelConfig& config, const Network& network, const PassSplit& split);

}  // namespace apq::sim::cycle
