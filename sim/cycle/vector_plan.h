#pragma once
#include <vector>

#include "sim/accel_config.h"
#include "sim/cycle/conv_plan.h"
#include "sim/cycle/tile_plan.h"
#include "sim/network.h"

namespace apq::sim::cycle {

// A pooling or residual-addition layer on the vector unit after the OBUF (sim/README.md): one
// lane per array column, one element operation per lane and cycle. The layer runs in chunks of
// channels whose operands fit half the IBUF, so that the next chunk loads while one computes.
// The input comes from DRAM (or the IBUF, `io.input_on_chip`); an addition's second operand,
// the skip connection, always comes from DRAM. Outputs pass through the OBUF as 32-bit words.
std::vector<TileStep> plan_vector_layer(const AccelConfig& config, const NetworkLayer& layer,
                                        const LayerIo& io);

}  // namespace apq::sim::cycle
