// Every record of the BitFusion authors' cost model (data/bitfusion/reference_model_vectors.jsonl)
// reproduced by reference_cost: counts exactly, energies to 0.1 %, and the same schedule.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/accel_config.h"
#include "sim/layer_cost.h"
#include "layer/layer_shape.h"
#include "sim/reference/reference_model.h"

namespace apq::sim {
namespace {

const std::string kVectors = std::string(APQ_BITFUSION_DATA_DIR) + "/reference_model_vectors.jsonl";

std::vector<nlohmann::json> read_vectors() {
  std::ifstream file(kVectors);
  EXPECT_TRUE(file.good()) << kVectors;
  std::vector<nlohmann::json> records;
  std::string line;
  while (std::getline(file, line))
    if (!line.empty()) records.push_back(nlohmann::json::parse(line));
  return records;
}

const AccelConfig& accel(const std::string& name) {
  static std::map<std::string, AccelConfig> configs;
  auto found = configs.find(name);
  if (found == configs.end())
    found = configs
                .emplace(name, load_accel_config(std::string(APQ_ACCEL_CONFIG_DIR) + "/" + name +
                                                 ".json"))
                .first;
  return found->second;
}

LayerShape record_layer(const nlohmann::json& record) {
  const nlohmann::json& l = record.at("layer");
  LayerShape layer;
  layer.cin = l.at("cin");
  layer.cout = l.at("cout");
  layer.in_size = l.at("in");
  layer.kernel = l.at("k");
  layer.stride = l.at("stride");
  layer.padding = l.at("pad");
  layer.groups = l.at("groups");
  layer.batch = l.at("batch");
  layer.wbits = record.at("wbits");
  layer.abits = record.at("abits");
  return layer;
}

double relative_error(double got, double want) {
  return want == 0.0 ? std::abs(got) : std::abs(got / want - 1.0);
}

// Cycles, DRAM bits and SRAM bits exact; energies within 0.1 %. Returns the worst energy error.
double expect_costs_match(const LayerCost& cost, const nlohmann::json& record) {
  EXPECT_EQ(cost.total_cycles, record.at("cycles").get<std::int64_t>());
  EXPECT_EQ(cost.compute_cycles, record.at("compute_cycles").get<std::int64_t>());
  EXPECT_EQ(cost.stall_cycles, record.at("stall_cycles").get<std::int64_t>());
  EXPECT_EQ(cost.dram_read_bits, record.at("dram_read_bits").get<std::int64_t>());
  EXPECT_EQ(cost.dram_write_bits, record.at("dram_write_bits").get<std::int64_t>());
  const nlohmann::json& sram = record.at("sram_bits");
  EXPECT_EQ(cost.sram_bits.wbuf_read, sram.at("wbuf_read").get<std::int64_t>());
  EXPECT_EQ(cost.sram_bits.wbuf_write, sram.at("wbuf_write").get<std::int64_t>());
  EXPECT_EQ(cost.sram_bits.ibuf_read, sram.at("ibuf_read").get<std::int64_t>());
  EXPECT_EQ(cost.sram_bits.ibuf_write, sram.at("ibuf_write").get<std::int64_t>());
  EXPECT_EQ(cost.sram_bits.obuf_read, sram.at("obuf_read").get<std::int64_t>());
  EXPECT_EQ(cost.sram_bits.obuf_write, sram.at("obuf_write").get<std::int64_t>());
  EXPECT_LT(relative_error(cost.latency_ms, record.at("latency_ms")), 1e-9);

  double worst = relative_error(cost.energy_mj, record.at("energy_mJ"));
  EXPECT_LT(worst, 1e-3) << "energy " << cost.energy_mj << " mJ";
  const nlohmann::json& want = record.at("energy_breakdown_mJ");
  const std::pair<const char*, double> parts[] = {
      {"core_dynamic", cost.energy_breakdown_mj.core_dynamic},
      {"wbuf_read", cost.energy_breakdown_mj.wbuf_read},
      {"wbuf_write", cost.energy_breakdown_mj.wbuf_write},
      {"ibuf_read", cost.energy_breakdown_mj.ibuf_read},
      {"ibuf_write", cost.energy_breakdown_mj.ibuf_write},
      {"obuf_read", cost.energy_breakdown_mj.obuf_read},
      {"obuf_write", cost.energy_breakdown_mj.obuf_write},
      {"dram", cost.energy_breakdown_mj.dram}};
  for (const auto& [name, got] : parts) {
    const double error = relative_error(got, want.at(name));
    EXPECT_LT(error, 1e-3) << name << " " << got << " mJ";
    worst = std::max(worst, error);
  }
  EXPECT_EQ(cost.energy_breakdown_mj.leakage, 0.0);
  return worst;
}

void expect_schedule_matches(const LayerCost& cost, const nlohmann::json& record) {
  for (Loop loop : kAllLoops) {
    const nlohmann::json& tile = record.at("tiling").at(loop_name(loop));
    EXPECT_EQ(cost.tiling[loop].count, tile.at(0).get<std::int64_t>()) << loop_name(loop);
    EXPECT_EQ(cost.tiling[loop].size, tile.at(1).get<std::int64_t>()) << loop_name(loop);
  }
  const nlohmann::json& order = record.at("loop_order_outer_to_inner");
  ASSERT_EQ(order.size(), static_cast<std::size_t>(kLoopCount));
  for (int i = 0; i < kLoopCount; ++i)
    EXPECT_EQ(loop_name(cost.loop_order[i]), order.at(i).get<std::string>()) << "position " << i;
  EXPECT_EQ(dataflow_name(cost.inner_dataflow), record.at("inner_dataflow").get<std::string>());
}

// Failed assertions so far in the running test.
int failure_count() {
  return ::testing::UnitTest::GetInstance()->current_test_info()->result()->total_part_count();
}

TEST(ReferenceVectors, EveryRecordIsReproduced) {
  const std::vector<nlohmann::json> records = read_vectors();
  ASSERT_EQ(records.size(), 320u);
  double worst_energy_error = 0.0;
  int matched = 0;
  double seconds = 0.0;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const nlohmann::json& record = records[i];
    SCOPED_TRACE("record " + std::to_string(i + 1) + ": " + record.at("accel").get<std::string>() +
                 " " + record.at("layer").dump());
    const LayerShape layer = record_layer(record);
    ASSERT_EQ(output_size(layer), record.at("layer").at("out").get<int>());
    const bool im2col = record.at("layer").at("im2col");
    EXPECT_EQ(default_im2col(layer), im2col);

    const AccelConfig& config = accel(record.at("accel"));
    const auto start = std::chrono::steady_clock::now();
    const LayerCost cost = reference_cost(config, layer, im2col);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    const int failures_before = failure_count();
    worst_energy_error = std::max(worst_energy_error, expect_costs_match(cost, record));
    expect_schedule_matches(cost, record);
    if (failure_count() == failures_before) ++matched;
  }
  std::cout << "[ vectors  ] " << matched << " of " << records.size()
            << " records match in every field; worst energy error " << worst_energy_error
            << "; " << seconds / records.size() * 1e3 << " ms per layer\n";
  EXPECT_EQ(matched, static_cast<int>(records.size()));
}

}  // namespace
}  // namespace apq::sim
