#include "calibration/context_plan.h"

#include <array>
#include <optional>
#include <set>
#include <string>

#include "calibration/accelerator_network.h"
#include "calibration/row_context.h"
#include "layer/lut_key.h"
#include "search/space/block_slots.h"
#include "search/space/network_layers.h"

namespace apq::calibration {
namespace {

// Neighbour widths a row's key and context do not fix.
constexpr int kNeighbourBits = 8;

// A dense 1x1 convolution that keeps `channels` x `size` x `size`, at `bits` (weights and input).
sim::NetworkLayer dense_neighbour(int channels, int size, int bits, int batch, const std::string& name) {
  sim::NetworkLayer layer;
  layer.name = name;
  LayerShape& s = layer.shape;
  s.cin = s.cout = channels;
  s.in_size = size;
  s.batch = batch;
  s.wbits = s.abits = bits;
  return layer;
}

// What produces a layer's input: a dense 1x1 convolution into it.
sim::NetworkLayer producer_of(const LayerShape& input_of, int batch) {
  return dense_neighbour(input_of.cin, input_of.in_size, kNeighbourBits, batch, "producer");
}

// What reads a layer's output in `context`: a dense 1x1 convolution at the context's width.
sim::NetworkLayer consumer_of(const LayerShape& output_of, const RowContext& context, int batch) {
  return dense_neighbour(output_of.cout, output_size(output_of), context.output_bits, batch, "consumer");
}

// The block's own layer `index` as a neighbour, its operands at `bits`.
sim::NetworkLayer block_neighbour(const std::array<search::SpaceLayer, 3>& block, int index, int bits, int batch) {
  sim::NetworkLayer layer = network_layer(block[static_cast<std::size_t>(index)], "neighbour", batch);
  layer.shape.wbits = layer.shape.abits = bits;
  return layer;
}

// The job `before`, `measured`, then (unless the context is the network's end) `consumer` and,
// for a skip source, a residual addition that reads the row's output again.
PlanEntry context_entry(const std::string& row, NetworkPart part, const search::SpaceLayer& layer,
                        std::vector<sim::NetworkLayer> before, const std::vector<sim::NetworkLayer>& measured,
                        const RowContext& context, const std::optional<sim::NetworkLayer>& consumer, int batch) {
  PlanEntry entry;
  entry.key = context_key(row, context);
  entry.part = part;
  entry.layer = layer;
  entry.records_residency = true;
  entry.job.name = entry.key;
  entry.first = before.size();
  entry.count = measured.size();
  entry.job.layers = std::move(before);
  entry.job.layers.insert(entry.job.layers.end(), measured.begin(), measured.end());
  if (context.network_end || !consumer) return entry;
  const std::size_t row_end = entry.job.layers.size() - 1;
  entry.job.layers.push_back(*consumer);
  if (context.skip_source) entry.job.layers.push_back(residual_addition(consumer->shape, batch, row_end, "skip reader"));
  return entry;
}

// A block layer between the layers around it in its block: the expand layer after a producer of
// the block's input and before the block's depthwise layer; the depthwise layer between the
// block's expand and project layers (at the context's width, which is the block's pointwise
// activation width); the project layer after the block's depthwise layer and before a consumer of
// the block's output.
PlanEntry block_row(const search::SpaceLayer& layer, const std::array<search::SpaceLayer, 3>& block,
                    const RowContext& context, int batch) {
  const std::string row = lut_key(layer.shape);
  const sim::NetworkLayer measured = network_layer(layer, role_name(layer.role), batch);
  switch (layer.role) {
    case LayerRole::Expand:
      return context_entry(row, NetworkPart::Blocks, layer, {producer_of(layer.shape, batch)}, {measured}, context,
                           block_neighbour(block, 1, context.output_bits, batch), batch);
    case LayerRole::Depthwise:
      return context_entry(row, NetworkPart::Blocks, layer, {block_neighbour(block, 0, context.output_bits, batch)},
                           {measured}, context, block_neighbour(block, 2, context.output_bits, batch), batch);
    default:
      return context_entry(row, NetworkPart::Blocks, layer, {block_neighbour(block, 1, kNeighbourBits, batch)},
                           {measured}, context, consumer_of(layer.shape, context, batch), batch);
  }
}

std::vector<RowContext> read_at(const std::vector<int>& widths) {
  std::vector<RowContext> out;
  for (const int bits : std::set<int>(widths.begin(), widths.end())) out.push_back({false, bits, false});
  return out;
}

}  // namespace

sim::NetworkLayer slot_addition(const search::BlockSlot& slot, int bits, int batch, std::size_t skip_source) {
  LayerShape project;  // what the addition follows: only its output and width matter
  project.cin = project.cout = slot.out_channels;
  project.in_size = slot.in_size;
  project.abits = project.wbits = bits;
  return residual_addition(project, batch, skip_source, "add");
}

bool has_residual(const search::BlockSlot& slot) { return slot.stride == 1 && slot.in_channels == slot.out_channels; }

std::vector<RowContext> output_contexts(const search::Space& space, const std::vector<search::BlockSlot>& slots,
                                        int slot) {
  std::vector<int> readers;  // block slots; -1 the tail
  if (slot < 0) {
    readers.push_back(slots.empty() ? -1 : 0);  // a stage runs at least one block
  } else {
    const auto s = static_cast<std::size_t>(slot);
    if (s + 1 < slots.size() && slots[s + 1].stage == slots[s].stage) readers.push_back(slot + 1);
    int next_stage = -1;
    for (std::size_t j = s + 1; j < slots.size() && next_stage < 0; ++j)
      if (slots[j].stage != slots[s].stage) next_stage = static_cast<int>(j);
    readers.push_back(next_stage);
  }
  std::set<std::pair<int, bool>> read;  // (bits, skip)
  bool end = false;
  const std::vector<search::SpaceLayer> tail = search::tail_layers(space);
  for (const int reader : readers) {
    if (reader >= 0) {
      for (const int bits : space.bits.pw_a) read.insert({bits, has_residual(slots[static_cast<std::size_t>(reader)])});
    } else if (!tail.empty()) {
      read.insert({tail.front().shape.abits, false});
    } else {
      end = true;
    }
  }
  std::vector<RowContext> out;
  for (const auto& [bits, skip] : read) out.push_back({false, bits, skip});
  if (end) out.push_back({true, 0, false});
  return out;
}

std::vector<PlanEntry> context_plan_entries(const search::Space& space) {
  const int batch = space.batch;
  const search::BitChoices& bits = space.bits;
  const std::vector<search::BlockSlot> slots = search::block_slots(space);

  std::vector<PlanEntry> entries;
  std::set<std::string> keys;
  const auto add_row = [&](const std::string& row, const RowContext& context, const auto& make) {
    if (keys.insert(context_key(row, context)).second) entries.push_back(make());
  };
  for (const search::BlockSlot& slot : slots) {
    const std::vector<RowContext> block_output = output_contexts(space, slots, slot.index);
    for (const int kernel : space.kernel_choices)
      for (const int mid : slot.mid_choices)
        for (int r = 0; r < 3; ++r) {
          const bool depthwise = r == 1;
          for (const int w : depthwise ? bits.dw_w : bits.pw_w)
            for (const int a : depthwise ? bits.dw_a : bits.pw_a) {
              const std::array<search::SpaceLayer, 3> block = search::block_layers(slot, {kernel, mid, w, a, w, a});
              const search::SpaceLayer& layer = block[static_cast<std::size_t>(r)];
              const std::vector<RowContext> row_contexts = r == 0 ? read_at(bits.dw_a)
                                                           : r == 1 ? read_at(bits.pw_a)
                                                           : has_residual(slot) ? read_at({a})
                                                                                : block_output;
              for (const RowContext& context : row_contexts)
                add_row(lut_key(layer.shape), context, [&] { return block_row(layer, block, context, batch); });
            }
        }
  }

  for (const search::BlockSlot& slot : slots) {
    if (!has_residual(slot)) continue;
    for (const int a : bits.pw_a) {
      const sim::NetworkLayer add = slot_addition(slot, a, batch, 0);
      const search::SpaceLayer layer{LayerOp::Add, LayerRole::Project, add.shape};
      for (const RowContext& context : output_contexts(space, slots, slot.index))
        add_row(add_lut_key(add.shape), context, [&] {
          return context_entry(add_lut_key(add.shape), NetworkPart::Blocks, layer,
                               {dense_neighbour(slot.out_channels, slot.in_size, kNeighbourBits, batch, "skip source"),
                                producer_of(add.shape, batch)},
                               {add}, context, consumer_of(add.shape, context, batch), batch);
        });
    }
  }

  const std::vector<sim::NetworkLayer> head = head_network(space, space.name + " head").layers;
  if (!head.empty())
    for (const RowContext& context : output_contexts(space, slots, -1))
      entries.push_back(context_entry(kHeadKey, NetworkPart::Head, {}, {}, head, context,
                                      consumer_of(head.back().shape, context, batch), batch));
  const std::vector<sim::NetworkLayer> tail = tail_network(space, space.name + " tail").layers;
  if (!tail.empty())
    entries.push_back(context_entry(kTailKey, NetworkPart::Tail, {}, {producer_of(tail.front().shape, batch)}, tail,
                                    {true, 0, false}, std::nullopt, batch));
  return entries;
}

}  // namespace apq::calibration
