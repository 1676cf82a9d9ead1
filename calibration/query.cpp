#include "calibration/query.h"

#include "calibration/accelerator_network.h"
#include "calibration/row_context.h"
#include "layer/lut_key.h"
#include "search/space/network_layers.h"

namespace apq::calibration {

namespace {

void add(CostPart& part, const Lut& lut, const std::string& key, const std::string& what,
         const std::string& origin) {
  const LutValue& value = lut_entry(lut, key, what, origin);
  part.keys.push_back(key);
  part.latency_ms += value.latency_ms;
  part.energy_mj += value.energy_mj;
}

// APQ's rows: the head, the three layers of each running block, the tail.
std::vector<CostPart> apq_parts(const Lut& lut, const search::Space& space, const search::SubnetConfig& config,
                                const std::string& origin) {
  std::vector<CostPart> parts;
  CostPart head{kHeadKey, {}, 0.0, 0.0};
  add(head, lut, kHeadKey, "the fixed head", origin);
  parts.push_back(head);
  for (const search::BlockLayers& block : search::layers_of(space, config).blocks) {
    CostPart part{"block" + std::to_string(block.block), {}, 0.0, 0.0};
    for (int r = 0; r < 3; ++r)
      add(part, lut, lut_key(block.layers[r].shape), part.name + " " + role_name(block.layers[r].role), origin);
    parts.push_back(part);
  }
  CostPart tail{kTailKey, {}, 0.0, 0.0};
  add(tail, lut, kTailKey, "the fixed tail", origin);
  parts.push_back(tail);
  return parts;
}

// The context of the row that ends at layer `last` of the network, as context_plan_entries
// enumerates it: what the next layer reads, and whether a residual addition reads it again.
RowContext context_at(const sim::Network& network, std::size_t last) {
  RowContext context;
  if (last + 1 == network.layers.size()) {
    context.network_end = true;
    return context;
  }
  context.output_bits = network.layers[last + 1].shape.abits;
  for (std::size_t j = last + 1; j < network.layers.size(); ++j)
    context.skip_source = context.skip_source || network.layers[j].skip_source == last;
  return context;
}

// Context-aware rows: the head, each running block's three layers and its residual addition,
// the tail, each at its context in the sub-network.
std::vector<CostPart> context_parts(const Lut& lut, const search::Space& space, const search::SubnetConfig& config,
                                    const std::string& origin) {
  const search::NetworkLayers layers = search::layers_of(space, config);
  const sim::Network network = network_of(space, config, "query");
  std::vector<CostPart> parts;
  std::size_t next = 0;  // the network layer the next row starts at
  if (!layers.head.empty()) {
    next = layers.head.size();
    CostPart head{kHeadKey, {}, 0.0, 0.0};
    add(head, lut, context_key(kHeadKey, context_at(network, next - 1)), "the fixed head", origin);
    parts.push_back(head);
  }
  for (const search::BlockLayers& block : layers.blocks) {
    CostPart part{"block" + std::to_string(block.block), {}, 0.0, 0.0};
    for (int r = 0; r < 3; ++r, ++next)
      add(part, lut, context_key(lut_key(block.layers[r].shape), context_at(network, next)),
          part.name + " " + role_name(block.layers[r].role), origin);
    if (next < network.layers.size() && network.layers[next].op == LayerOp::Add) {
      add(part, lut, context_key(add_lut_key(network.layers[next].shape), context_at(network, next)),
          part.name + " residual addition", origin);
      ++next;
    }
    parts.push_back(part);
  }
  if (!layers.tail.empty()) {
    CostPart tail{kTailKey, {}, 0.0, 0.0};
    add(tail, lut, context_key(kTailKey, context_at(network, network.layers.size() - 1)), "the fixed tail", origin);
    parts.push_back(tail);
  }
  return parts;
}

}  // namespace

LutCost lut_cost(const Lut& lut, const search::Space& space, const search::SubnetConfig& config,
                 const std::string& lut_origin) {
  LutCost cost;
  cost.parts = lut_format_of(lut) == LutFormat::Context ? context_parts(lut, space, config, lut_origin)
                                                        : apq_parts(lut, space, config, lut_origin);
  // APQ's order: head + tail first, then the blocks (floating-point sums depend on the order).
  for (const CostPart& part : cost.parts) {
    if (part.name != kHeadKey && part.name != kTailKey) continue;
    cost.latency_ms += part.latency_ms;
    cost.energy_mj += part.energy_mj;
  }
  for (const CostPart& part : cost.parts) {
    if (part.name == kHeadKey || part.name == kTailKey) continue;
    for (const std::string& key : part.keys) {
      cost.latency_ms += lut.at(key).latency_ms;
      cost.energy_mj += lut.at(key).energy_mj;
    }
  }
  return cost;
}

}  // namespace apq::calibration
