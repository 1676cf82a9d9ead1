#include "apq_converter_spec.h"

#include <algorithm>
#include <vector>

#include "common/random.h"

namespace apq::search::testing_support {
namespace {

// APQ's network: input channels of the 21 blocks and the blocks per stage.
const std::vector<int> kBlockInputChannels = {16, 24, 24, 24, 24, 40, 40, 40, 40, 80, 80,
                                              80, 80, 96, 96, 96, 96, 192, 192, 192, 192};
const std::vector<int> kStageBlocks = {4, 4, 4, 4, 4, 1};

int pick(std::mt19937_64& rng, const std::vector<int>& choices) {
  return choices[apq::random_index(rng, choices.size())];
}

}  // namespace

ConverterSpec apq_converter_spec(std::mt19937_64& rng) {
  ConverterSpec out;
  nlohmann::json& spec = out.spec;
  spec["wid"] = nullptr;
  for (const char* key : {"ks", "e", "d", "pw_w_bits_setting", "pw_a_bits_setting", "dw_w_bits_setting",
                          "dw_a_bits_setting"})
    spec[key] = nlohmann::json::array();
  for (int blocks : kStageBlocks) {
    const int depth = pick(rng, {2, 3, 4});
    spec["d"].push_back(depth);
    out.runs.depths.push_back(std::min(depth, blocks));
  }
  for (int cin : kBlockInputChannels) {
    std::vector<int> mids;
    for (int k = 4 * cin; k <= 6 * cin; k += 8) mids.push_back(k);
    BlockChoice block;
    block.kernel = pick(rng, {3, 5, 7});
    block.mid_channels = pick(rng, mids);
    block.pw_w_bits = pick(rng, {4, 6, 8});
    block.pw_a_bits = pick(rng, {4, 6, 8});
    block.dw_w_bits = pick(rng, {4, 6, 8});
    block.dw_a_bits = pick(rng, {4, 6, 8});
    spec["ks"].push_back(block.kernel);
    spec["e"].push_back(static_cast<double>(block.mid_channels) / cin);
    spec["pw_w_bits_setting"].push_back(block.pw_w_bits);
    spec["pw_a_bits_setting"].push_back(block.pw_a_bits);
    spec["dw_w_bits_setting"].push_back(block.dw_w_bits);
    spec["dw_a_bits_setting"].push_back(block.dw_a_bits);
    out.runs.blocks.push_back(block);
  }
  return out;
}

}  // namespace apq::search::testing_support
