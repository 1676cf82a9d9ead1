#include "sim/cycle/network_plan.h"

#include <string>

#include "common/errors.h"
#include "sim/cycle/vector_plan.h"

namespace apq::sim::cycle {

namespace {

void plan_tiles(const AccelConfig& config, const PassSplit& split, PlannedLayer& planned) {
  if (runs_on_array(planned.layer.op)) {
    planned.conv = plan_conv_layer(config, planned.layer.shape, planned.io, split);
    planned.tiles = std::move(planned.conv->tiles);
    planned.conv->tiles.clear();
  } else {
    planned.tiles = plan_vector_layer(config, planned.layer, planned.io);
  }
}

PlannedLayer isolated(const NetworkLayer& layer) {
  PlannedLayer planned;
  planned.layer = layer;
  planned.io.im2col = uses_im2col(layer);
  planned.io.output_bits = layer.shape.abits;
  return planned;
}

}  // namespace

Job plan_network(const AccelConfig& config, const Network& network, const PassSplit& split) {
  Job job;
  job.config = config;
  job.split = split;
  const std::int64_t half_ibuf_bits = config.ibuf.size_bytes * 8 / 2;
  for (const NetworkLayer& layer : network.layers) job.layers.push_back(isolated(layer));

  // Layers are visited in order, so a skip source (always earlier) has had its on-chip decision
  // made when an addition marks it for DRAM.
  for (std::size_t i = 0; i < job.layers.size(); ++i) {
    PlannedLayer& planned = job.layers[i];
    if (planned.layer.skip_source) {
      const std::size_t source = *planned.layer.skip_source;
      if (source >= i)
        throw InputError("layer " + std::to_string(i) + " (" + planned.layer.name +
                         "): skip source " + std::to_string(source) + " is not an earlier layer");
      job.layers[source].io.output_to_dram = true;
    }
    if (i + 1 == job.layers.size()) continue;
    PlannedLayer& next = job.layers[i + 1];
    planned.io.output_bits = next.layer.shape.abits;
    const bool fits = output_elements(planned.layer) * planned.io.output_bits <= half_ibuf_bits;
    if (fits && !next.io.im2col) {
      planned.io.output_on_chip = true;
      planned.io.output_to_dram = false;
      next.io.input_on_chip = true;
    }
  }
  for (PlannedLayer& planned : job.layers) plan_tiles(config, split, planned);
  return job;
}

Job plan_isolated_layers(const AccelConfig& config, const Network& network, const PassSplit& split) {
  Job job;
  job.config = config;
  job.split = split;
  for (const NetworkLayer& layer : network.layers) {
    job.layers.push_back(isolated(layer));
    plan_tiles(config, split, job.layers.back());
  }
  return job;
}

}  // namespace apq::sim::cycle
