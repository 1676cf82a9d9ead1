#include "calibration/accelerator_network.h"

#include <optional>

#include "search/space/network_layers.h"

namespace apq::calibration {

sim::NetworkLayer network_layer(const search::SpaceLayer& layer, const std::string& name, int batch) {
  sim::NetworkLayer out;
  out.name = name;
  out.op = layer.op;
  out.shape = layer.shape;
  out.shape.batch = batch;
  return out;
}

namespace {

// Appends a fixed part of the network (head or tail): layers named prefix0, prefix1, ...
void append_part(sim::Network& network, const std::vector<search::SpaceLayer>& layers, const std::string& prefix, int batch) {
  for (std::size_t i = 0; i < layers.size(); ++i)
    network.layers.push_back(network_layer(layers[i], prefix + std::to_string(i), batch));
}

sim::Network part_network(const std::vector<search::SpaceLayer>& layers, const std::string& prefix, int batch,
                          const std::string& name) {
  sim::Network network;
  network.name = name;
  append_part(network, layers, prefix, batch);
  return network;
}

}  // namespace

sim::NetworkLayer residual_addition(const LayerShape& project, int batch, std::optional<std::size_t> skip_source,
                                    const std::string& name) {
  sim::NetworkLayer add;
  add.name = name;
  add.op = LayerOp::Add;
  add.shape.cin = add.shape.cout = project.cout;
  add.shape.in_size = output_size(project);
  add.shape.batch = batch;
  // The sum is taken at the block's pointwise activation width.
  add.shape.abits = add.shape.wbits = project.abits;
  add.skip_source = skip_source;
  return add;
}

sim::Network head_network(const search::Space& space, const std::string& name) {
  return part_network(search::head_layers(space), role_name(LayerRole::Head), space.batch, name);
}

sim::Network tail_network(const search::Space& space, const std::string& name) {
  return part_network(search::tail_layers(space), role_name(LayerRole::Tail), space.batch, name);
}

sim::Network network_of(const search::Space& space, const search::SubnetConfig& config,
                        const std::string& name) {
  const search::NetworkLayers layers = search::layers_of(space, config);
  sim::Network network;
  network.name = name;
  append_part(network, layers.head, role_name(LayerRole::Head), space.batch);
  for (const search::BlockLayers& block : layers.blocks) {
    const std::string prefix = "block" + std::to_string(block.block) + ".";
    const std::optional<std::size_t> block_input =
        network.layers.empty() ? std::nullopt : std::optional<std::size_t>(network.layers.size() - 1);
    for (const search::SpaceLayer& layer : block.layers)
      network.layers.push_back(network_layer(layer, prefix + role_name(layer.role), space.batch));
    const LayerShape& project = block.layers[2].shape;
    if (block.layers[1].shape.stride == 1 && block.layers[0].shape.cin == project.cout) {
      network.layers.push_back(residual_addition(project, space.batch, block_input, prefix + "add"));
    }
  }
  append_part(network, layers.tail, role_name(LayerRole::Tail), space.batch);
  return network;
}

}  // namespace apq::calibration
