#include "calibration/build_plan.h"

#include <cctype>

#include "calibration/accelerator_network.h"
#include "calibration/context_plan.h"
#include "common/errors.h"
#include "search/space/layer_enumeration.h"
#include "layer/lut_key.h"

namespace apq::calibration {

namespace {

PlanEntry whole_network_entry(const std::string& key, NetworkPart part, sim::Network job) {
  PlanEntry entry;
  entry.key = key;
  entry.part = part;
  entry.count = job.layers.size();
  entry.job = std::move(job);
  return entry;
}

}  // namespace

std::vector<PlanEntry> plan_entries(const search::Space& space, LutFormat format) {
  if (format == LutFormat::Context) return context_plan_entries(space);
  std::vector<PlanEntry> entries;
  for (const search::SpaceLayer& layer : search::distinct_block_layers(space)) {
    PlanEntry entry;
    entry.key = lut_key(layer.shape);
    entry.layer = layer;
    entry.job.name = entry.key;
    entry.job.layers.push_back(network_layer(layer, role_name(layer.role), space.batch));
    entries.push_back(std::move(entry));
  }
  entries.push_back(whole_network_entry(kHeadKey, NetworkPart::Head, head_network(space, space.name + " head")));
  entries.push_back(whole_network_entry(kTailKey, NetworkPart::Tail, tail_network(space, space.name + " tail")));
  return entries;
}

std::vector<PlanEntry> shard_entries(const std::vector<PlanEntry>& entries, const Shard& shard) {
  std::vector<PlanEntry> out;
  for (std::size_t i = 0; i < entries.size(); ++i)
    if (in_shard(i, shard)) out.push_back(entries[i]);
  return out;
}

}  // namespace apq::calibration
