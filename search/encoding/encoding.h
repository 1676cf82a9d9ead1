#pragma once
#include <cstdint>
#include <vector>

#include "search/space/space.h"
#include "search/space/subnet_config.h"

namespace apq::search {

// APQ's one-hot encoding of a sub-network, derived from the space so that it fits any space.
// The architecture part comes first: per searchable block in run order, one-hot kernel (the
// space's kernel choices) then one-hot mid channels (the block's choices). The quantization
// part follows: per block, one-hot pw_w, pw_a, dw_w, dw_a bits (the space's bit choices). A
// block beyond its stage's depth is all zeros in both parts, so depths are encoded by which
// blocks are hot.
struct BlockEncoding {
  int stage = 0;
  int position = 0;  // within the stage: the block runs when position < the stage's depth
  std::vector<int> mid_choices;
  int kernel = 0;  // offset of the block's kernel one-hot in the encoding
  int mid = 0;
  int pw_w = 0;  // offsets in the whole encoding (after the architecture part)
  int pw_a = 0;
  int dw_w = 0;
  int dw_a = 0;
};

struct EncodingLayout {
  std::vector<BlockEncoding> blocks;
  int arch_length = 0;   // inputs of the fp32 predictor
  int quant_length = 0;  // inputs the quantization-aware predictor adds
  int length() const { return arch_length + quant_length; }
};

EncodingLayout encoding_layout(const Space& space);

// Positions of the ones, ascending: two per running block in the architecture part, four in
// the quantization part. The config must be valid for the space.
std::vector<std::int32_t> hot_indices(const Space& space, const EncodingLayout& layout, const SubnetConfig& config);

// The encoding as a dense 0/1 vector of layout.length() entries.
std::vector<float> encode(const Space& space, const EncodingLayout& layout, const SubnetConfig& config);

// The config an encoding stands for. Blocks beyond their stage's depth carry no information in
// the encoding and come back with the smallest choices. Throws apq::InputError naming
// `source`, the block and the group when a group of a running block is not exactly one-hot,
// a skipped block is not all zeros, a running block follows a skipped one in its stage, or the
// resulting depth is not among the stage's choices.
SubnetConfig decode(const Space& space, const EncodingLayout& layout, const std::vector<float>& encoding,
                    const std::string& source);

}  // namespace apq::search
