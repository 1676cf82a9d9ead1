#pragma once
#include <string>
#include <vector>

#include "search/space/layer.h"
#include "search/space/space.h"

namespace apq::calibration {

// One LUT row to measure: a searchable block's layer at one (weight, activation) bit pair, or
// the fixed head or tail as a whole.
struct PlanEntry {
  std::string key;
  NetworkPart part = NetworkPart::Blocks;
  search::SpaceLayer layer;  // Blocks only
};

// Every row the space needs: distinct_block_layers in its order, then head and tail.
std::vector<PlanEntry> plan_entries(const search::Space& space);

// Slice `index` (1-based) of `count`, for cluster job arrays.
struct Shard {
  int index = 1;
  int count = 1;
};

// "k/N" with 1 <= k <= N; throws apq::UsageError naming --shard and the text otherwise.
Shard parse_shard(const std::string& text);
std::string shard_text(const Shard& shard);

// Entries i with i % N == k - 1: interleaving spreads the expensive wide layers over the shards.
std::vector<PlanEntry> shard_entries(const std::vector<PlanEntry>& entries, const Shard& shard);

}  // namespace apq::calibration
