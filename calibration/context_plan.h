#pragma once
#include <cstddef>
#include <vector>

#include "calibration/build_plan.h"
#include "calibration/row_context.h"
#include "search/space/block_slots.h"
#include "search/space/space.h"
#include "sim/network.h"

namespace apq::calibration {

// The rows of a context-aware table. A full network keeps activations that fit half the IBUF on
// chip, prefetches a layer's first weights during the layer before it, and hands each layer's
// last write-back to the next layer; a row of APQ's table runs its layer alone and sees none of
// this. Here every row is measured where it sits in a network, between neighbours:
//   block layer  producer, layer, consumer [, a residual addition reading the layer's output]
//   addition     skip source, producer, addition, consumer [, addition]
//   head         head layers, consumer [, addition]
//   tail         producer, tail layers (the network's end)
// The neighbours stand for the layers of the space that surround the row: a producer is a dense
// 1x1 convolution at 8 bits (a depthwise 3x3 one before a project layer, which follows the
// block's depthwise layer), a consumer is a dense 1x1 convolution at the context's output width
// (a depthwise 3x3 one after an expand layer); the residency rule of the full-network simulation
// then decides where the row's input and output live. Each row is one layer (or the head, or the
// tail) at each context (row_context.h) it can have in a sub-network: an expand layer's output
// is read by the depthwise layer (each dw_a), a depthwise layer's by the project layer (each
// pw_a), a project layer's by its block's addition (its own width) or, in a block without one,
// as output_contexts says; an addition's and the head's as output_contexts says. A row's
// neighbours are those of the first block it occurs in. Block layers first (blocks in run order,
// then kernels, mid channels, the three layers, weight bits, activation bits, contexts), then the
// additions, then head and tail.
std::vector<PlanEntry> context_plan_entries(const search::Space& space);

// Whether a block keeps width and size, so that a residual addition follows it (network_of).
bool has_residual(const search::BlockSlot& slot);

// The residual addition after a block of `slot` (one that keeps width and size) whose pointwise
// activation width is `bits`; its skip operand is layer `skip_source` of the network it joins.
sim::NetworkLayer slot_addition(const search::BlockSlot& slot, int bits, int batch, std::size_t skip_source);

// The contexts the output of block `slot` (its project layer's, or its addition's) can have in a
// sub-network, ascending: read next by the following block of its stage or the first block of the
// next stage (each at every pointwise activation width, again by that block's addition when it is
// residual), or by the tail (or the network's end). slot = -1: the head's output, read by the
// first block.
std::vector<RowContext> output_contexts(const search::Space& space, const std::vector<search::BlockSlot>& slots,
                                        int slot);

}  // namespace apq::calibration
