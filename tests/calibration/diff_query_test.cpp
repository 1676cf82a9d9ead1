#include <string>

#include <gtest/gtest.h>

#include "common/errors.h"
#include "calibration/build_plan.h"
#include "calibration/diff.h"
#include "calibration/merge.h"
#include "calibration/query.h"
#include "search/space/config_file.h"
#include "search/space/config_sampling.h"
#include "layer/lut_key.h"
#include "search/space/network_layers.h"
#include "search/space/space_file.h"
#include "tests/search/apq_converter_spec.h"

namespace apq::calibration {
namespace {

namespace testing_support = search::testing_support;

search::Space fmnist() { return search::load_space(std::string(APQ_SOURCE_DIR) + "/configs/spaces/fmnist.json"); }

// A synthetic table over the whole plan: entry i costs (i + 1) ms and 2 (i + 1) mJ.
Lut synthetic(const search::Space& space) {
  Lut lut;
  double i = 0;
  for (const PlanEntry& e : plan_entries(space)) {
    ++i;
    lut[e.key] = {i, 2 * i, std::nullopt, {}};
  }
  return lut;
}

TEST(Diff, ALutAgainstItselfHasRatioOneAndCorrelationOne) {
  const Lut lut = synthetic(fmnist());
  const LutDiff d = diff_luts(lut, lut, 5);
  EXPECT_EQ(d.in_both, lut.size());
  EXPECT_TRUE(d.only_in_a.empty());
  EXPECT_TRUE(d.only_in_b.empty());
  for (const MetricDiff* m : {&d.latency, &d.energy}) {
    EXPECT_EQ(m->ratio_median, 1.0);
    EXPECT_EQ(m->ratio_p5, 1.0);
    EXPECT_EQ(m->ratio_p95, 1.0);
    EXPECT_DOUBLE_EQ(m->spearman, 1.0);
    EXPECT_EQ(m->kendall_tau_b, 1.0);
    EXPECT_EQ(m->worst.size(), 5u);
  }
}

TEST(Diff, KeysOnOneSideRatiosAndWorstEntries) {
  Lut a{{"head", {1, 1, std::nullopt, {}}}, {"tail", {2, 2, std::nullopt, {}}},
        {"(8, 32, 14, 1, 1, 0, 1)-W4A4", {4, 4, std::nullopt, {}}}};
  Lut b = a;
  b.erase("tail");
  b["head"].latency_ms = 3;  // ratio 3
  b["(1, 1, 1, 1, 1, 0, 1)-W8A8"] = {1, 1, std::nullopt, {}};
  const LutDiff d = diff_luts(a, b, 1);
  EXPECT_EQ(d.in_both, 2u);
  EXPECT_EQ(d.only_in_a, std::vector<std::string>{"tail"});
  EXPECT_EQ(d.only_in_b, std::vector<std::string>{"(1, 1, 1, 1, 1, 0, 1)-W8A8"});
  EXPECT_DOUBLE_EQ(d.latency.ratio_median, 2.0);
  ASSERT_EQ(d.latency.worst.size(), 1u);
  EXPECT_EQ(d.latency.worst[0].key, "head");
  EXPECT_DOUBLE_EQ(d.latency.worst[0].ratio, 3.0);
  EXPECT_DOUBLE_EQ(d.energy.ratio_median, 1.0);
}

TEST(Query, SumsHeadTailAndTheRunningBlocks) {
  const search::Space space = fmnist();
  const Lut lut = synthetic(space);
  std::mt19937_64 rng(3);
  const search::SubnetConfig config = search::random_config(space, rng);
  const LutCost cost = lut_cost(lut, space, config, "synthetic");
  const search::NetworkLayers layers = search::layers_of(space, config);
  ASSERT_EQ(cost.parts.size(), layers.blocks.size() + 2);
  double expected = lut.at("head").latency_ms + lut.at("tail").latency_ms;
  for (const search::BlockLayers& block : layers.blocks)
    for (const search::SpaceLayer& layer : block.layers) expected += lut.at(lut_key(layer.shape)).latency_ms;
  EXPECT_DOUBLE_EQ(cost.latency_ms, expected);
  EXPECT_DOUBLE_EQ(cost.energy_mj, 2 * expected);
  EXPECT_EQ(cost.parts[1].name, "block" + std::to_string(layers.blocks[0].block));
  EXPECT_EQ(cost.parts[1].keys.size(), 3u);
  double parts = 0;
  for (const CostPart& p : cost.parts) parts += p.latency_ms;
  EXPECT_NEAR(parts, cost.latency_ms, 1e-9 * cost.latency_ms);
}

// APQ's LatencyPredictor.predict_lat, spelled out from its Python for APQ's ImageNet network:
// head + tail, then for block i of stage i / 4, if i % 4 is below that stage's d, its three keys.
// The mid channels are the spec's (k of the ratio k / cin); depths are the spec's, unclamped.
double apq_predicted_latency(const Lut& lut, const testing_support::ConverterSpec& drawn) {
  const std::vector<int> stage_in = {16, 24, 40, 80, 96, 192, 320};
  const std::vector<int> size_in = {112, 56, 28, 14, 14, 7, 7};  // 224 after the stride-2 stem
  double latency = lut.at("head").latency_ms + lut.at("tail").latency_ms;
  const auto key = [](std::vector<int> t, int w, int a) {
    std::string text = "(";
    for (std::size_t i = 0; i < t.size(); ++i) text += (i ? ", " : "") + std::to_string(t[i]);
    return text + ")-W" + std::to_string(w) + "A" + std::to_string(a);
  };
  for (int i = 0; i < 21; ++i) {
    const int stage = i / 4;
    if (i % 4 >= drawn.spec["d"][stage].get<int>()) continue;
    const int cin = i % 4 == 0 ? stage_in[stage] : stage_in[stage + 1];
    const int cout = stage_in[stage + 1];
    const int in = i % 4 == 0 ? size_in[stage] : size_in[stage + 1];
    const int stride = in == size_in[stage + 1] ? 1 : 2;
    const search::BlockChoice& b = drawn.runs.blocks[i];
    const int mid = b.mid_channels;
    latency += lut.at(key({cin, mid, in, 1, 1, 0, 1}, b.pw_w_bits, b.pw_a_bits)).latency_ms;
    latency += lut.at(key({mid, mid, in, b.kernel, stride, b.kernel / 2, mid}, b.dw_w_bits, b.dw_a_bits)).latency_ms;
    latency += lut.at(key({mid, cout, in / stride, 1, 1, 0, 1}, b.pw_w_bits, b.pw_a_bits)).latency_ms;
  }
  return latency;
}

// Specs as APQ's converter writes them (every depth 2..4, fractional ratios, "wid") cost what
// APQ's predictor sums and what their normalized form costs.
TEST(Query, ApqConverterSpecsCostAsApqPredictsAndAsTheirNormalizedForm) {
  const search::Space space = search::load_space(std::string(APQ_SOURCE_DIR) + "/configs/spaces/apq-imagenet224.json");
  const Lut lut = synthetic(space);
  std::mt19937_64 rng(23);
  for (int i = 0; i < 100; ++i) {
    const testing_support::ConverterSpec drawn = testing_support::apq_converter_spec(rng);
    std::vector<std::string> warnings;
    const search::SubnetConfig read = search::config_from_json(space, drawn.spec, "apq.json", warnings);
    const LutCost cost = lut_cost(lut, space, read, "synthetic");
    const LutCost normalized = lut_cost(lut, space, drawn.runs, "synthetic");
    EXPECT_EQ(cost.latency_ms, apq_predicted_latency(lut, drawn)) << drawn.spec.dump();
    EXPECT_EQ(cost.latency_ms, normalized.latency_ms);
    EXPECT_EQ(cost.energy_mj, normalized.energy_mj);
  }
}

TEST(Query, AMissingEntryIsNamed) {
  const search::Space space = fmnist();
  Lut lut = synthetic(space);
  const search::SubnetConfig config = search::smallest_config(space);
  const search::NetworkLayers layers = search::layers_of(space, config);
  const search::BlockLayers& block = layers.blocks[1];
  const std::string key = lut_key(block.layers[1].shape);
  lut.erase(key);
  try {
    lut_cost(lut, space, config, "small.json");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("small.json: no entry for key '" + key + "' (block" + std::to_string(block.block) + " depthwise)"), std::string::npos) << m;
  }
}

TEST(Merge, JoinsShardsAndRefusesDisagreement) {
  const Lut whole = synthetic(fmnist());
  Lut first, second;
  std::size_t i = 0;
  for (const auto& [key, value] : whole) (i++ % 2 ? first : second)[key] = value;
  EXPECT_EQ(merge_luts({{"1.json", first}, {"2.json", second}, {"again.json", first}}), whole);
  Lut wrong = first;
  wrong.begin()->second.energy_mj += 1;
  EXPECT_THROW(merge_luts({{"1.json", first}, {"wrong.json", wrong}}), InputError);
  std::vector<std::string> keys;
  for (const auto& [key, value] : whole) keys.push_back(key);
  EXPECT_EQ(missing_keys(first, keys).size(), second.size());
}

}  // namespace
}  // namespace apq::calibration
