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

Shard parse_shard(const std::string& text) {
  const auto bad = [&text]() {
    return UsageError("--shard must be k/N with 1 <= k <= N, got '" + text + "'");
  };
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 >= text.size()) throw bad();
  const auto number = [&](const std::string& part) {
    if (part.size() > 6) throw bad();
    for (char c : part)
      if (!std::isdigit(static_cast<unsigned char>(c))) throw bad();
    return std::stoi(part);
  };
  Shard shard{number(text.substr(0, slash)), number(text.substr(slash + 1))};
  if (shard.count < 1 || shard.index < 1 || shard.index > shard.count) throw bad();
  return shard;
}

std::string shard_text(const Shard& shard) {
  return std::to_string(shard.index) + "/" + std::to_string(shard.count);
}

std::vector<PlanEntry> shard_entries(const std::vector<PlanEntry>& entries, const Shard& shard) {
  std::vector<PlanEntry> out;
  for (std::size_t i = 0; i < entries.size(); ++i)
    if (static_cast<int>(i % static_cast<std::size_t>(shard.count)) == shard.index - 1)
      out.push_back(entries[i]);
  return out;
}

}  // namespace apq::calibration
