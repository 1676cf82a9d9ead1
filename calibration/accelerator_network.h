#pragma once
#include <cstddef>
#include <optional>
#include <string>

#include "search/space/layer.h"
#include "search/space/space.h"
#include "search/space/subnet_config.h"
#include "sim/network.h"

namespace apq::calibration {

// A layer of the space as a layer of an accelerator network, at the space's batch.
sim::NetworkLayer network_layer(const search::SpaceLayer& layer, const std::string& name, int batch);

// The residual addition after a block whose project layer is `project`: its output shape, at the
// project layer's activation width; the skip operand is the output of layer `skip_source`.
sim::NetworkLayer residual_addition(const LayerShape& project, int batch, std::optional<std::size_t> skip_source,
                                    const std::string& name);

// The network a sub-network configuration runs on the accelerator, in run order: the space's
// head, each running block's expand, depthwise and project layers followed by a residual
// addition when the block keeps its width and size (stride 1, cin = cout; the addition's skip
// operand is the block's input; the sum at the block's pointwise activation width), then the
// tail. Layers keep their op (layer/layer_op.h): the tail's global average pool runs on the
// vector unit. The config must be valid for the space.
sim::Network network_of(const search::Space& space, const search::SubnetConfig& config, const std::string& name);

// The space's fixed head and tail alone, their layers as network_of has them (the LUT's "head"
// and "tail" entries are these networks' costs).
sim::Network head_network(const search::Space& space, const std::string& name);
sim::Network tail_network(const search::Space& space, const std::string& name);

}  // namespace apq::calibration
