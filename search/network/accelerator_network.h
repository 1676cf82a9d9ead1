#pragma once
#include <string>

#include "search/space/layer.h"
#include "search/space/space.h"
#include "search/space/subnet_config.h"
#include "sim/network.h"

namespace apq::search {

// The network a sub-network configuration runs on the accelerator, in run order: the space's
// head, each running block's expand, depthwise and project layers followed by a residual
// addition when the block keeps its width and size (stride 1, cin = cout; the addition's skip
// operand is the block's input; the sum at the block's pointwise activation width), then the
// tail. Global average pooling becomes a vector-unit
// pool, a linear layer a fully connected one. The config must be valid for the space.
sim::Network network_of(const Space& space, const SubnetConfig& config, const std::string& name);

// The space's fixed head and tail alone, their layers as network_of has them (the LUT's "head"
// and "tail" entries are these networks' costs).
sim::Network head_network(const Space& space, const std::string& name);
sim::Network tail_network(const Space& space, const std::string& name);

}  // namespace apq::search
