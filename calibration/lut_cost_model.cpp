#include "calibration/lut_cost_model.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "calibration/block_choices.h"
#include "calibration/context_cost_model.h"
#include "search/model/bitops.h"
#include "search/space/block_slots.h"
#include "layer/lut_key.h"
#include "search/space/network_layers.h"

namespace apq::calibration {

std::unique_ptr<search::CostModel> lut_cost_model(const Lut& lut, const search::Space& space,
                                                  const std::string& lut_origin) {
  if (lut_format_of(lut) == LutFormat::Context) return std::make_unique<ContextLutCostModel>(lut, space, lut_origin);
  return std::make_unique<LutCostModel>(lut, space, lut_origin);
}

LutCostModel::LutCostModel(const Lut& lut, const search::Space& space, const std::string& lut_origin)
    : space_(space),
      index_(space) {
  const LutValue& head = lut_entry(lut, kHeadKey, "the fixed head", lut_origin);
  const LutValue& tail = lut_entry(lut, kTailKey, "the fixed tail", lut_origin);
  fixed_.latency_ms = head.latency_ms + tail.latency_ms;
  fixed_.energy_mj = head.energy_mj + tail.energy_mj;
  fixed_.bitops = search::fixed_bitops(space);

  std::unordered_map<std::string, std::int32_t> entry_of_key;
  const auto entry = [&](const search::SpaceLayer& layer, const std::string& part) {
    const std::string key = lut_key(layer.shape);
    const auto [it, inserted] = entry_of_key.emplace(key, static_cast<std::int32_t>(latency_ms_.size()));
    if (inserted) {
      const LutValue& value = lut_entry(lut, key, part, lut_origin);
      latency_ms_.push_back(value.latency_ms);
      energy_mj_.push_back(value.energy_mj);
      bitops_.push_back(search::layer_bitops(layer, space.batch));
    }
    return it->second;
  };

  for (const search::BlockSlot& slot : search::block_slots(space)) {
    BlockTable table;
    table.stage = slot.stage;
    table.position = slot.position;
    table.mid_choices = slot.mid_choices;
    table.mid_position = choice_positions(slot.mid_choices, 8);
    const std::string name = "block" + std::to_string(slot.index);
    for_each_pointwise_choice(space, slot, [&](const std::array<search::SpaceLayer, 3>& layers) {
      table.expand.push_back(entry(layers[0], name + " expand"));
      table.project.push_back(entry(layers[2], name + " project"));
    });
    for_each_depthwise_choice(space, slot, [&](const std::array<search::SpaceLayer, 3>& layers) {
      table.depthwise.push_back(entry(layers[1], name + " depthwise"));
    });
    blocks_.push_back(std::move(table));
  }
}

search::Cost LutCostModel::cost(const search::SubnetConfig& config) const {
  search::Cost total = fixed_;
  const auto add = [&](std::int32_t e) {
    total.latency_ms += latency_ms_[e];
    total.energy_mj += energy_mj_[e];
    total.bitops += bitops_[e];
  };
  for (std::size_t b = 0; b < blocks_.size(); ++b) {
    const BlockTable& table = blocks_[b];
    if (table.position >= config.depths[table.stage]) continue;
    const search::BlockChoice& choice = config.blocks[b];
    const int mid = table.mid_position[choice.mid_channels / 8];
    const int n_mid = static_cast<int>(table.mid_choices.size());
    const int pw = index_.pointwise(choice, mid);
    const int dw = index_.depthwise(choice, mid, n_mid);
    add(table.expand[pw]);
    add(table.depthwise[dw]);
    add(table.project[pw]);
  }
  return total;
}

std::optional<search::Cost> LutCostModel::minimum() const {
  double search::Cost::*const metrics[] = {&search::Cost::latency_ms, &search::Cost::energy_mj, &search::Cost::bitops};
  const std::vector<double>* columns[] = {&latency_ms_, &energy_mj_, &bitops_};
  const std::size_t n_pw = space_.bits.pw_w.size() * space_.bits.pw_a.size();
  const std::size_t n_dw = space_.bits.dw_w.size() * space_.bits.dw_a.size();
  search::Cost smallest = fixed_;
  for (int m = 0; m < 3; ++m) {
    const std::vector<double>& value = *columns[m];
    // Per stage, the cheapest running prefix among its depth choices.
    std::vector<std::vector<double>> block_min(space_.stages.size());
    for (const BlockTable& table : blocks_) {
      double best = std::numeric_limits<double>::infinity();
      const std::size_t n_mid = table.mid_choices.size();
      for (std::size_t k = 0; k < space_.kernel_choices.size(); ++k)
        for (std::size_t mid = 0; mid < n_mid; ++mid)
          for (std::size_t pw = 0; pw < n_pw; ++pw)
            for (std::size_t dw = 0; dw < n_dw; ++dw)
              best = std::min(best, value[table.expand[mid * n_pw + pw]] +
                                        value[table.depthwise[(k * n_mid + mid) * n_dw + dw]] +
                                        value[table.project[mid * n_pw + pw]]);
      block_min[table.stage].push_back(best);
    }
    for (std::size_t s = 0; s < space_.stages.size(); ++s) {
      double best = std::numeric_limits<double>::infinity();
      for (const int depth : space_.stages[s].depth_choices) {
        double prefix = 0.0;
        for (int p = 0; p < depth; ++p) prefix += block_min[s][p];
        best = std::min(best, prefix);
      }
      smallest.*metrics[m] += best;
    }
  }
  return smallest;
}

}  // namespace apq::calibration
