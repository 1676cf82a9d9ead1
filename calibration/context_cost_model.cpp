#include "calibration/context_cost_model.h"

#include <algorithm>
#include <limits>
#include <set>
#include <unordered_map>

#include "calibration/accelerator_network.h"
#include "calibration/block_choices.h"
#include "calibration/context_plan.h"
#include "calibration/row_context.h"
#include "layer/lut_key.h"
#include "search/model/bitops.h"
#include "search/space/block_slots.h"
#include "search/space/network_layers.h"

namespace apq::calibration {

std::int32_t ContextLutCostModel::block_end_context(int bits, bool skip) const {
  return block_end_position_[static_cast<std::size_t>(bits)] * 2 + (skip ? 1 : 0);
}

std::int32_t ContextLutCostModel::context_from(const search::SubnetConfig& config, std::size_t from) const {
  for (std::size_t n = from; n < blocks_.size(); ++n)
    if (blocks_[n].position < config.depths[blocks_[n].stage])
      return block_end_context(config.blocks[n].pw_a_bits, blocks_[n].residual);
  return after_last_block_;
}

ContextLutCostModel::ContextLutCostModel(const Lut& lut, const search::Space& space, const std::string& lut_origin)
    : space_(space),
      index_(space),
      fixed_bitops_(search::fixed_bitops(space)) {
  const std::vector<search::SpaceLayer> head = search::head_layers(space);
  const std::vector<search::SpaceLayer> tail = search::tail_layers(space);
  // The contexts a block's output can have, indexed as (width position) x 2 + skip, then the
  // network's end when there is no tail.
  std::set<int> widths(space.bits.pw_a.begin(), space.bits.pw_a.end());
  if (!tail.empty()) widths.insert(tail.front().shape.abits);
  block_end_position_.assign(static_cast<std::size_t>(*widths.rbegin() + 1), -1);
  std::int32_t position = 0;
  for (const int bits : widths) block_end_position_[static_cast<std::size_t>(bits)] = position++;
  block_end_contexts_ = 2 * position + (tail.empty() ? 1 : 0);
  after_last_block_ = tail.empty() ? block_end_contexts_ - 1 : block_end_context(tail.front().shape.abits, false);

  std::unordered_map<std::string, std::int32_t> row_of_key;
  const auto row = [&](const std::string& key, const std::string& part, double bitops) {
    const auto [it, inserted] = row_of_key.emplace(key, static_cast<std::int32_t>(latency_ms_.size()));
    if (inserted) {
      const LutValue& value = lut_entry(lut, key, part, lut_origin);
      latency_ms_.push_back(value.latency_ms);
      energy_mj_.push_back(value.energy_mj);
      bitops_.push_back(bitops);
    }
    return it->second;
  };
  const auto layer_row = [&](const search::SpaceLayer& layer, const RowContext& context, const std::string& part) {
    return row(context_key(lut_key(layer.shape), context), part, search::layer_bitops(layer, space.batch));
  };

  // Rows a context cannot have stay -1: cost() never reaches them for a valid config.
  const auto index_of = [&](const RowContext& context) {
    return context.network_end ? block_end_contexts_ - 1 : block_end_context(context.output_bits, context.skip_source);
  };
  const std::vector<search::BlockSlot> slots = search::block_slots(space);
  if (!head.empty()) {
    head_.assign(static_cast<std::size_t>(block_end_contexts_), -1);
    for (const RowContext& context : output_contexts(space, slots, -1))
      head_[static_cast<std::size_t>(index_of(context))] = row(context_key(kHeadKey, context), "the fixed head", 0.0);
  }
  tail_ = tail.empty() ? -1 : row(context_key(kTailKey, {true, 0, false}), "the fixed tail", 0.0);

  const search::BitChoices& bits = space.bits;
  for (const search::BlockSlot& slot : slots) {
    const std::vector<RowContext> output = output_contexts(space, slots, slot.index);
    BlockTable table;
    table.stage = slot.stage;
    table.position = slot.position;
    table.residual = has_residual(slot);
    table.mid_choices = slot.mid_choices;
    table.mid_position = choice_positions(slot.mid_choices, 8);
    const std::string name = "block" + std::to_string(slot.index);
    for_each_pointwise_choice(space, slot, [&](const std::array<search::SpaceLayer, 3>& layers) {
      for (const int read_at : bits.dw_a) table.expand.push_back(layer_row(layers[0], {false, read_at, false}, name + " expand"));
      const std::size_t at = table.project.size();
      table.project.resize(at + static_cast<std::size_t>(block_end_contexts_), -1);
      const int own = layers[2].shape.abits;  // its block's addition reads it at its own width
      for (const RowContext& context : table.residual ? std::vector<RowContext>{{false, own, false}} : output)
        table.project[at + static_cast<std::size_t>(index_of(context))] = layer_row(layers[2], context, name + " project");
    });
    for_each_depthwise_choice(space, slot, [&](const std::array<search::SpaceLayer, 3>& layers) {
      for (const int read_at : bits.pw_a)
        table.depthwise.push_back(layer_row(layers[1], {false, read_at, false}, name + " depthwise"));
    });
    if (table.residual) {
      for (const int a : bits.pw_a) {
        const sim::NetworkLayer add = slot_addition(slot, a, 1, 0);
        const std::size_t at = table.addition.size();
        table.addition.resize(at + static_cast<std::size_t>(block_end_contexts_), -1);
        for (const RowContext& context : output)
          table.addition[at + static_cast<std::size_t>(index_of(context))] =
              row(context_key(add_lut_key(add.shape), context), name + " residual addition", 0.0);
      }
    }
    blocks_.push_back(std::move(table));
  }
}

search::Cost ContextLutCostModel::cost(const search::SubnetConfig& config) const {
  const int n_pw_a = index_.pw_a_count(), n_dw_a = index_.dw_a_count();
  search::Cost total;
  total.bitops = fixed_bitops_;
  // lut_cost's order: head + tail first, then each block's rows in run order.
  const std::int32_t after_head = context_from(config, 0);
  const auto fixed = [&](double search::Cost::*metric, const std::vector<double>& column) {
    const double head = head_.empty() ? 0.0 : column[head_[after_head]];
    const double tail = tail_ < 0 ? 0.0 : column[tail_];
    total.*metric = head + tail;
  };
  fixed(&search::Cost::latency_ms, latency_ms_);
  fixed(&search::Cost::energy_mj, energy_mj_);
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
    const int pw_a = index_.pw_a(choice.pw_a_bits);
    const int dw_a = index_.dw_a(choice.dw_a_bits);
    const int pw = index_.pointwise(choice, mid);
    const int dw = index_.depthwise(choice, mid, n_mid);
    const std::int32_t after = context_from(config, b + 1);
    add(table.expand[pw * n_dw_a + dw_a]);
    add(table.depthwise[dw * n_pw_a + pw_a]);
    if (table.residual) {
      add(table.project[pw * block_end_contexts_ + block_end_context(choice.pw_a_bits, false)]);
      add(table.addition[pw_a * block_end_contexts_ + after]);
    } else {
      add(table.project[pw * block_end_contexts_ + after]);
    }
  }
  return total;
}

std::optional<search::Cost> ContextLutCostModel::minimum() const {
  const auto cheapest = [](const std::vector<double>& column, const std::vector<std::int32_t>& rows) {
    double best = std::numeric_limits<double>::infinity();
    for (const std::int32_t r : rows)
      if (r >= 0) best = std::min(best, column[static_cast<std::size_t>(r)]);
    return best == std::numeric_limits<double>::infinity() ? 0.0 : best;
  };
  search::Cost smallest;
  smallest.bitops = fixed_bitops_;
  double search::Cost::*const metrics[] = {&search::Cost::latency_ms, &search::Cost::energy_mj, &search::Cost::bitops};
  const std::vector<double>* columns[] = {&latency_ms_, &energy_mj_, &bitops_};
  for (int m = 0; m < 3; ++m) {
    const std::vector<double>& value = *columns[m];
    if (m < 2) smallest.*metrics[m] = cheapest(value, head_) + (tail_ < 0 ? 0.0 : value[tail_]);
    // A lower bound per block: its three layers and its addition, each at its cheapest choice and
    // context; per stage the cheapest running prefix.
    std::vector<std::vector<double>> block_min(space_.stages.size());
    for (const BlockTable& table : blocks_)
      block_min[table.stage].push_back(cheapest(value, table.expand) + cheapest(value, table.depthwise) +
                                       cheapest(value, table.project) + cheapest(value, table.addition));
    for (std::size_t s = 0; s < space_.stages.size(); ++s) {
      double best = std::numeric_limits<double>::infinity();
      for (const int depth : space_.stages[s].depth_choices) {
        double prefix = 0.0;
        for (int p = 0; p < depth; ++p) prefix += block_min[s][static_cast<std::size_t>(p)];
        best = std::min(best, prefix);
      }
      smallest.*metrics[m] += best;
    }
  }
  return smallest;
}

}  // namespace apq::calibration
