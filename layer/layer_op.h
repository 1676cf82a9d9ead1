#pragma once
#include <cstdint>

#include "layer/layer_shape.h"

namespace apq {

// What a layer computes. Convolutions and fully connected layers run on the fusion array;
// pooling and residual additions on the vector unit after the output buffer. A fully connected
// layer is the 1x1 convolution on a 1x1 input it equals; a global average pool is an average
// pool whose window is the whole input.
enum class LayerOp { Conv, FullyConnected, AvgPool, MaxPool, Add };

// "conv", "fc", "avgpool", "maxpool", "add": the names of the network file.
const char* layer_op_name(LayerOp op);

bool runs_on_array(LayerOp op);

// Multiply-accumulates of a layer, batch included: those of its convolution for an array layer,
// zero for a vector-unit layer.
std::int64_t layer_macs(LayerOp op, const LayerShape& shape);

// Which part of a searchable network a layer belongs to: the fixed head, one of the three layers
// of an inverted-residual block (in run order), or the fixed tail.
enum class LayerRole { Head, Expand, Depthwise, Project, Tail };

// "head", "expand", "depthwise", "project", "tail".
const char* role_name(LayerRole role);

// The parts of a searchable network: the LUT has one row for the head, one for the tail and one
// per distinct block layer.
enum class NetworkPart { Head, Blocks, Tail };

NetworkPart part_of(LayerRole role);

}  // namespace apq
