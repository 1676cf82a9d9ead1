#pragma once
#include <string>

namespace apq {

// One convolution (or fully connected layer: kernel 1 on a 1x1 input) as the accelerator sees
// it. Field names follow APQ's LUT key "(cin, cout, in_size, kernel, stride, padding, groups)".
// Bits are the nominal operand widths: the data is stored at this width, the array computes at
// the next width it supports (see precision.h).
struct LayerShape {
  int cin = 1;
  int cout = 1;
  int in_size = 1;
  int kernel = 1;
  int stride = 1;
  int padding = 0;
  int groups = 1;
  int batch = 1;
  int wbits = 8;
  int abits = 8;  // bits of this layer's input activations

  bool operator==(const LayerShape& other) const;
  bool operator!=(const LayerShape& other) const { return !(*this == other); }
};

// (in + 2p - k) / s + 1, the square output's side.
int output_size(const LayerShape& layer);

// One input channel per group (the k x k filter of a MobileNet block).
bool is_depthwise(const LayerShape& layer);

// A dense 1x1 convolution.
bool is_pointwise(const LayerShape& layer);

// Whether the BitFusion reference runs this layer as a first layer, with input channels and
// kernel taps flattened into one reduction dimension (im2col). The reference vectors flag exactly
// the stems: 3 input channels and a kernel larger than 1; grey-scale stems (1 channel) are the
// same case.
bool default_im2col(const LayerShape& layer);

// Throws apq::InputError naming the field and its value when the layer cannot run: sizes below
// 1 (padding below 0), a padded input wider than 65,536, a kernel larger than the padded input,
// groups not dividing cin and cout, bits outside 2..8.
void validate_layer(const LayerShape& layer);

// Parses APQ's key tuple "(cin, cout, in_size, kernel, stride, padding, groups)", optionally
// followed by "-W{wbits}A{abits}" (the full LUT key). Batch stays 1; bits stay 8 when absent.
// Throws apq::InputError on anything else. The result is not validated.
LayerShape parse_layer_key(const std::string& text);

// The key tuple as APQ's Python prints it: "(16, 24, 112, 1, 1, 0, 1)".
std::string layer_tuple(const LayerShape& layer);

// One line for messages: the tuple, bits and batch.
std::string describe_layer(const LayerShape& layer);

}  // namespace apq
