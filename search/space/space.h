#pragma once
#include <string>
#include <vector>

#include "layer/layer_op.h"

namespace apq::search {

// A fixed (not searchable) layer of the head or the tail, as written in a space file: a
// convolution ("conv"), a global average pool ("global_avg_pool": an AvgPool over the whole
// input) or a fully connected layer ("linear"). Its input channels and input size come from the
// layer before it.
struct FixedLayerSpec {
  LayerOp op = LayerOp::Conv;
  int out_channels = 0;  // Conv and FullyConnected; a pool keeps its channels
  int kernel = 1;        // Conv only, like stride, padding and groups
  int stride = 1;
  int padding = 0;
  int groups = 1;
};

// A stage of inverted-residual blocks; only its first block changes width and spatial size.
struct StageSpec {
  int in_channels = 0;
  int out_channels = 0;
  int max_blocks = 0;
  int first_stride = 1;
  std::vector<int> depth_choices;  // ascending, each in 1..max_blocks
};

enum class MidChannelRule { ExpandRange, Explicit };

// How many channels the depthwise conv of a block may have ("fine-grained channel pruning").
struct MidChannelSpec {
  MidChannelRule rule = MidChannelRule::ExpandRange;
  // ExpandRange: min_expand * cin, then every `step` up to max_expand * cin.
  int min_expand = 4;
  int max_expand = 6;
  int step = 8;
  // Explicit: one ascending list per searchable block, in block order.
  std::vector<std::vector<int>> explicit_choices;
};

// The allowed bit-widths of each block's four quantization settings, each ascending.
struct BitChoices {
  std::vector<int> pw_w;
  std::vector<int> pw_a;
  std::vector<int> dw_w;
  std::vector<int> dw_a;
};

// Head and tail layers are not searched: they keep these bits (APQ: 8 and 8).
struct FixedBits {
  int w = 8;
  int a = 8;
};

// A search space: a MobileNetV2-style backbone whose blocks have searchable kernel, mid
// channels, stage depth and bits. Loaded and validated by load_space (space_file.h).
struct Space {
  std::string name;
  int input_size = 0;
  int input_channels = 0;
  int batch = 1;
  int classes = 0;
  std::vector<FixedLayerSpec> head;
  std::vector<StageSpec> stages;
  std::vector<int> kernel_choices;  // ascending, odd
  MidChannelSpec mid_channels;
  BitChoices bits;
  FixedBits fixed_bits;
  std::vector<FixedLayerSpec> tail;
  // The space is the network APQ's Python code hard-codes, so sub-network specs are read by APQ's
  // rules too (apq_spec_rules.h) and a sub-network can be handed to APQ's code (apq_arch_file.h).
  bool apq_compatible = false;
};

// Number of searchable blocks: the sum of the stages' max_blocks (21 in the APQ space).
int searchable_block_count(const Space& space);

// Output height/width of a convolution (floor division, as PyTorch computes it).
int conv_output_size(int in_size, int kernel, int stride, int padding);

}  // namespace apq::search
