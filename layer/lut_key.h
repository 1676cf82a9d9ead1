#pragma once
#include <optional>
#include <string>

#include "layer/layer_shape.h"

namespace apq {

// APQ's LUT key of a layer, byte-compatible with APQ's Python (a printed tuple, then the bits):
// "(cin, cout, in_size, kernel, stride, padding, groups)-W{wbits}A{abits}". Batch is not part
// of it.
std::string lut_key(const LayerShape& layer);

// The layer a LUT key names, read strictly: exactly what lut_key prints (", " between fields,
// no leading zeros, at most 9 digits, every field positive except padding, the bits present);
// nullopt for anything else. Batch is 1. Not validated beyond that (validate_layer).
std::optional<LayerShape> parse_lut_key(const std::string& key);

// A residual addition's row key (APQ's table has none): "add(channels, size)-A{bits}", the sum
// taken at `bits`. The shape is an addition's as sim::NetworkLayer describes it (cin = cout =
// channels, in_size = size, kernel 1, groups 1, abits = wbits = bits).
std::string add_lut_key(const LayerShape& add);

// The addition an add key names, read as strictly as parse_lut_key; nullopt for anything else.
std::optional<LayerShape> parse_add_lut_key(const std::string& key);

}  // namespace apq
