#pragma once
#include <string>
#include <vector>

#include "calibration/lut.h"
#include "common/shard.h"
#include "search/space/layer.h"
#include "search/space/space.h"
#include "sim/network.h"

namespace apq::calibration {

// One LUT row to measure: a searchable block's layer at one (weight, activation) bit pair (in a
// context-aware table also a residual addition, and each at one context), or the fixed head or
// tail as a whole.
struct PlanEntry {
  std::string key;
  NetworkPart part = NetworkPart::Blocks;
  search::SpaceLayer layer;  // Blocks only
  // What the SystemC model runs to measure the row (batch applied): the row is the cost of
  // job.layers[first, first + count), the rest of the job only sets the row's context.
  sim::Network job;
  std::size_t first = 0;
  std::size_t count = 1;
  bool records_residency = false;  // context-aware rows say where their data lived
};

// Every row the space needs. APQ's format: distinct_block_layers in its order, each alone, then
// head and tail. The context-aware format: context_plan.h.
std::vector<PlanEntry> plan_entries(const search::Space& space, LutFormat format = LutFormat::Apq);

// Entries i with i % N == k - 1: interleaving spreads the expensive wide layers over the shards.
std::vector<PlanEntry> shard_entries(const std::vector<PlanEntry>& entries, const Shard& shard);

}  // namespace apq::calibration
