#pragma once
#include <string>

#include "nn/supernet/subnet.h"
#include "search/space/space.h"
#include "search/space/subnet_config.h"

namespace apq::nn {

// A quantized sub-network as `apq quant finetune` writes it (qnet.pt): the space file's JSON,
// the APQ spec (architecture and policy), the network's weights and BN statistics, and per
// quantizable layer (forward order) its activation range and weight clipping ratio. The bits
// follow from the spec and the space's fixed bits.
struct QuantizedNetwork {
  std::string space_json;
  search::Space space;
  search::SubnetConfig config;
  Subnet network{nullptr};
};

// Written atomically.
void save_quantized_network(const QuantizedNetwork& qnet, const std::string& path);

// Throws apq::InputError naming the file when it is missing or not a quantized network.
// The network comes back with quantization on, in eval mode.
QuantizedNetwork load_quantized_network(const std::string& path);

}  // namespace apq::nn
