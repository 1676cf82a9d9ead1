#include <gtest/gtest.h>

#include "search/space/block_slots.h"
#include "search/space/space_file.h"
#include "space_test_support.h"

namespace apq::search {
namespace {

using testing_support::load_preset;
using testing_support::preset_path;
using testing_support::read_preset_json;
using testing_support::ScratchDir;
using testing_support::throws_input_error;
using testing_support::write_text;

// APQ's ImageNet space (utils/latency_predictor.py and dynamic_quantized_proxyless.py of
// mit-han-lab/apq), restated here independently of the preset file.
TEST(SpaceFile, ImagenetPresetIsApqSpace) {
  const Space space = load_preset("apq-imagenet224");
  EXPECT_EQ(space.input_size, 224);
  EXPECT_EQ(space.input_channels, 3);
  EXPECT_EQ(space.batch, 1);
  EXPECT_EQ(space.classes, 1000);
  EXPECT_EQ(searchable_block_count(space), 21);
  EXPECT_EQ(space.kernel_choices, (std::vector<int>{3, 5, 7}));
  EXPECT_EQ(space.bits.pw_w, (std::vector<int>{4, 6, 8}));
  EXPECT_EQ(space.bits.dw_a, (std::vector<int>{4, 6, 8}));
  EXPECT_EQ(space.fixed_bits.w, 8);
  EXPECT_EQ(space.fixed_bits.a, 8);

  const std::vector<int> in_widths{16, 24, 40, 80, 96, 192};
  const std::vector<int> out_widths{24, 40, 80, 96, 192, 320};
  const std::vector<int> in_sizes{112, 56, 28, 14, 14, 7};
  const std::vector<int> strides{2, 2, 2, 1, 2, 1};
  ASSERT_EQ(space.stages.size(), 6u);
  for (std::size_t s = 0; s < 6; ++s) {
    EXPECT_EQ(space.stages[s].in_channels, in_widths[s]);
    EXPECT_EQ(space.stages[s].out_channels, out_widths[s]);
    EXPECT_EQ(space.stages[s].first_stride, strides[s]);
    EXPECT_EQ(space.stages[s].max_blocks, s < 5 ? 4 : 1);
    EXPECT_EQ(space.stages[s].depth_choices, (s < 5 ? std::vector<int>{2, 3, 4} : std::vector<int>{1}));
  }

  const std::vector<BlockSlot> slots = block_slots(space);
  ASSERT_EQ(slots.size(), 21u);
  for (const BlockSlot& slot : slots) {
    if (slot.position == 0) {
      EXPECT_EQ(slot.in_size, in_sizes[slot.stage]) << "block " << slot.index;
      EXPECT_EQ(slot.in_channels, in_widths[slot.stage]);
    } else {
      EXPECT_EQ(slot.in_channels, out_widths[slot.stage]);
      EXPECT_EQ(slot.stride, 1);
    }
    std::vector<int> mids;
    for (int m = 4 * slot.in_channels; m <= 6 * slot.in_channels; m += 8) mids.push_back(m);
    EXPECT_EQ(slot.mid_choices, mids) << "block " << slot.index;
  }
  EXPECT_EQ(slots[0].mid_choices, (std::vector<int>{64, 72, 80, 88, 96}));
  EXPECT_EQ(slots[20].in_size, 7);
  EXPECT_EQ(slots[20].mid_choices.size(), 49u);
}

// Nothing about fmnist's widths is fixed: only what any valid space must satisfy.
TEST(SpaceFile, FmnistPresetFitsFashionMnist) {
  const Space space = load_preset("fmnist");
  EXPECT_EQ(space.input_size, 28);
  EXPECT_EQ(space.input_channels, 1);
  EXPECT_EQ(space.classes, 10);
  const std::vector<BlockSlot> slots = block_slots(space);
  ASSERT_FALSE(slots.empty());
  for (const BlockSlot& slot : slots) {
    EXPECT_GE(slot.in_size, 1);
    EXPECT_FALSE(slot.mid_choices.empty());
  }
}

class MalformedSpace : public ::testing::Test {
 protected:
  // Writes the ImageNet preset changed by `edit` and expects loading it to fail naming the file
  // and every fragment.
  ::testing::AssertionResult rejected(const std::function<void(nlohmann::json&)>& edit,
                                      std::vector<std::string> fragments) {
    nlohmann::json doc = read_preset_json("apq-imagenet224");
    edit(doc);
    const std::string path = scratch_.path("space.json");
    write_text(path, doc.dump(2));
    fragments.push_back(path);
    return throws_input_error([&] { load_space(path); }, fragments);
  }

  ScratchDir scratch_;
};

TEST_F(MalformedSpace, UnknownKeys) {
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["colour"] = "red"; }, {"colour", "unknown key"}));
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["stages"][0]["widht"] = 3; }, {"stages[0].widht", "unknown key"}));
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["tail"][1]["out"] = 3; }, {"tail[1].out", "unknown key"}));
}

TEST_F(MalformedSpace, MissingKeys) {
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d.erase("kernels"); }, {"kernels", "missing"}));
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["input"].erase("size"); }, {"input.size", "missing"}));
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["bits"].erase("dw_w"); }, {"bits.dw_w", "missing"}));
}

TEST_F(MalformedSpace, WrongTypes) {
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["classes"] = "1000"; }, {"classes", "\"1000\"", "integer"}));
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["kernels"][1] = 5.5; }, {"kernels[1]", "5.5", "integer"}));
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["stages"] = nlohmann::json::object(); }, {"stages"}));
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["head"][0]["type"] = "pool"; }, {"head[0].type", "\"pool\""}));
}

TEST_F(MalformedSpace, ImpossibleValues) {
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["kernels"] = {3, 4, 7}; }, {"kernels[1]", "4", "odd"}));
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["kernels"] = {5, 3}; }, {"kernels[1]", "3", "ascending"}));
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["stages"][5]["depths"] = {1, 2}; }, {"stages[5].depths[1]", "2"}));
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["stages"][2]["in"] = 48; }, {"stages[2].in", "48"}));
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["stages"][0]["stride"] = 0; }, {"stages[0].stride", "0"}));
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["bits"]["dw_a"] = {4, 9}; }, {"bits.dw_a[1]", "9"}));
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["fixed_bits"]["w"] = 1; }, {"fixed_bits.w", "1"}));
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["mid_channels"]["step"] = 4; }, {"mid_channels.step", "4"}));
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["head"][1]["groups"] = 5; }, {"head[1].groups", "5"}));
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["tail"][2]["out"] = 10; }, {"tail", "1000 classes"}));
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["tail"].erase(1); }, {"tail[1].type", "\"linear\"", "1x1"}));
}

TEST_F(MalformedSpace, MidChannelsNotMultiplesOfEight) {
  EXPECT_TRUE(rejected(
      [](nlohmann::json& d) {
        d["mid_channels"] = {{"rule", "explicit"}, {"choices", nlohmann::json::array()}};
        for (int b = 0; b < 21; ++b) d["mid_channels"]["choices"].push_back({64, 72});
        d["mid_channels"]["choices"][4] = {64, 68};
      },
      {"mid_channels.choices[4][1]", "68", "multiple of 8"}));
  EXPECT_TRUE(rejected([](nlohmann::json& d) { d["mid_channels"] = {{"rule", "explicit"}, {"choices", {{64}}}}; },
                       {"mid_channels.choices", "21"}));
}

TEST(SpaceFileErrors, NotJsonOrMissing) {
  ScratchDir scratch;
  const std::string path = scratch.path("broken.json");
  write_text(path, "{\"name\": ");
  EXPECT_TRUE(throws_input_error([&] { load_space(path); }, {path, "not valid JSON"}));
  const std::string absent = scratch.path("absent.json");
  EXPECT_TRUE(throws_input_error([&] { load_space(absent); }, {absent, "cannot open"}));
}

TEST(SpaceFileErrors, ExplicitMidChannelsAreUsed) {
  nlohmann::json doc = read_preset_json("apq-imagenet224");
  doc["mid_channels"] = {{"rule", "explicit"}, {"choices", nlohmann::json::array()}};
  for (int b = 0; b < 21; ++b) doc["mid_channels"]["choices"].push_back({8 * (b + 1), 8 * (b + 2)});
  const Space space = space_from_json(doc, "inline");
  const std::vector<BlockSlot> slots = block_slots(space);
  EXPECT_EQ(slots[3].mid_choices, (std::vector<int>{32, 40}));
}

}  // namespace
}  // namespace apq::search
