// Spot-verification: simulated costs are full-network simulation's; under --constraint-by sim the
// candidates that break a constraint are replaced, in order, by the next that hold.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "common/errors.h"
#include "calibration/accelerator_check.h"
#include "calibration/build_plan.h"
#include "calibration/entry_simulation.h"
#include "common/statistics.h"
#include "calibration/accelerator_network.h"
#include "search/space/config_sampling.h"
#include "search/verification/verification.h"
#include "search/verification/verification_report.h"
#include "sim/simulate.h"
#include "space_test_support.h"

namespace apq::search {
namespace {

using testing_support::load_preset;
using testing_support::throws_input_error;

struct Fixture {
  Space space = load_preset("fmnist");
  sim::AccelConfig accel =
      sim::load_accel_config(std::string(APQ_SOURCE_DIR) + "/configs/accel/bitfusion-eyeriss.json");

  // Random sub-networks with made-up accuracy (falling: the order is best first) and LUT costs.
  std::vector<RankedCandidate> order(int n, std::uint64_t seed) const {
    std::mt19937_64 rng(seed);
    std::vector<RankedCandidate> out;
    for (int i = 0; i < n; ++i) {
      Candidate c;
      c.config = random_config(space, rng);
      c.accuracy = 0.9 - 0.01 * i;
      c.cost = {1.0 + i, 2.0 + i, 1e6};
      out.push_back({c, i < n / 2});
    }
    return out;
  }
  double sim_latency(const Candidate& c) const {
    return sim::simulate_network(accel, calibration::network_of(space, c.config, "x"), sim::TimingMode::Cycle).total.latency_ms;
  }
};

TEST(Verification, SimulatedCostsAreFullNetworkSimulation) {
  const Fixture f;
  const std::vector<RankedCandidate> order = f.order(5, 1);
  const Verification v = verify_candidates(f.space, f.accel, order, 3, {}, ConstraintBy::Lut);
  ASSERT_EQ(v.simulated.size(), 3u);
  ASSERT_EQ(v.selected, (std::vector<std::size_t>{0, 1, 2}));
  for (std::size_t i = 0; i < 3; ++i) {
    const SimulatedCandidate& s = v.simulated[i];
    const sim::NetworkResult full =
        sim::simulate_network(f.accel, calibration::network_of(f.space, order[i].candidate.config, "y"), sim::TimingMode::Cycle);
    EXPECT_EQ(s.rank, static_cast<int>(i) + 1);
    EXPECT_EQ(s.simulated.latency_ms, full.total.latency_ms);
    EXPECT_EQ(s.simulated.energy_mj, full.total.energy_mj);
    EXPECT_EQ(s.simulated.bitops, order[i].candidate.cost.bitops);
    EXPECT_EQ(s.latency_rel_error, relative_error(order[i].candidate.cost.latency_ms, full.total.latency_ms));
    EXPECT_EQ(s.energy_rel_error, relative_error(order[i].candidate.cost.energy_mj, full.total.energy_mj));
    EXPECT_TRUE(s.meets_constraints);
    EXPECT_EQ(s.replaces, 0);
  }
}

TEST(Verification, BySimReplacesEachBrokenTopCandidateWithTheNextThatHolds) {
  const Fixture f;
  const std::vector<RankedCandidate> order = f.order(24, 2);
  std::vector<double> latency;
  for (const RankedCandidate& r : order) latency.push_back(f.sim_latency(r.candidate));
  const int k = 4;
  // The bound the second-fastest of the top k just meets: two of them break it.
  std::vector<double> top(latency.begin(), latency.begin() + k);
  std::sort(top.begin(), top.end());
  Constraints c;
  c.latency_ms = top[1];

  const Verification by_lut = verify_candidates(f.space, f.accel, order, k, c, ConstraintBy::Lut);
  ASSERT_EQ(by_lut.simulated.size(), static_cast<std::size_t>(k));
  const Verification by_sim = verify_candidates(f.space, f.accel, order, k, c, ConstraintBy::Sim);

  // The expected answer: the first k of the order that hold, each later one standing in for the
  // earliest broken top-k candidate not yet replaced.
  std::vector<int> holding, broken_top;
  for (int i = 0; i < static_cast<int>(order.size()) && static_cast<int>(holding.size()) < k; ++i) {
    if (latency[i] <= *c.latency_ms) holding.push_back(i + 1);
    else if (i < k) broken_top.push_back(i + 1);
  }
  ASSERT_FALSE(broken_top.empty()) << "the seed gives no broken top candidate; the test tests nothing";
  ASSERT_EQ(static_cast<int>(holding.size()), k);
  for (int i = 0; i < k; ++i) EXPECT_EQ(by_lut.simulated[i].meets_constraints, latency[i] <= *c.latency_ms);

  ASSERT_EQ(by_sim.selected.size(), static_cast<std::size_t>(k));
  EXPECT_EQ(by_sim.simulated.size(), static_cast<std::size_t>(holding.back()));  // stops at the k-th that holds
  std::size_t replaced = 0;
  for (int j = 0; j < k; ++j) {
    const SimulatedCandidate& s = by_sim.simulated[by_sim.selected[j]];
    EXPECT_EQ(s.rank, holding[j]);
    EXPECT_TRUE(s.meets_constraints);
    EXPECT_LE(s.simulated.latency_ms, *c.latency_ms);
    if (s.rank > k) EXPECT_EQ(s.replaces, broken_top.at(replaced++));
    else EXPECT_EQ(s.replaces, 0);
  }
  EXPECT_EQ(replaced, broken_top.size());
  const nlohmann::ordered_json j = verification_json(f.space, f.accel.name, by_sim);
  EXPECT_EQ(j["constraint_by"], "sim");
  EXPECT_EQ(j["selected"].size(), static_cast<std::size_t>(k));
  EXPECT_NE(verification_text(f.accel.name, by_sim).find("BREAKS a constraint"), std::string::npos);
}

TEST(Verification, BySimReportsFewerWhenTooFewHold) {
  const Fixture f;
  const std::vector<RankedCandidate> order = f.order(3, 3);
  Constraints c;
  c.latency_ms = 1e-9;
  const Verification v = verify_candidates(f.space, f.accel, order, 2, c, ConstraintBy::Sim);
  EXPECT_EQ(v.simulated.size(), 3u);
  EXPECT_TRUE(v.selected.empty());
  EXPECT_NE(verification_text(f.accel.name, v).find("only 0 of the 2"), std::string::npos);
}

TEST(Verification, OrderIsThePopulationThenTheEvaluatedByAccuracy) {
  const Fixture f;
  const std::vector<RankedCandidate> made = f.order(6, 4);
  std::vector<Candidate> population = {made[0].candidate, made[1].candidate, made[0].candidate};
  std::vector<Candidate> evaluated = {made[1].candidate, made[3].candidate, made[2].candidate, made[4].candidate};
  evaluated[3].accuracy = 0.95;  // better than the population's, still after it
  const std::vector<RankedCandidate> order = verification_order(f.space, population, evaluated);
  ASSERT_EQ(order.size(), 5u);
  EXPECT_EQ(order[0].candidate.config, made[0].candidate.config);
  EXPECT_EQ(order[1].candidate.config, made[1].candidate.config);
  EXPECT_TRUE(order[1].from_population);
  EXPECT_EQ(order[2].candidate.config, made[4].candidate.config);
  EXPECT_FALSE(order[2].from_population);
  EXPECT_EQ(order[3].candidate.config, made[2].candidate.config);
  EXPECT_EQ(order[4].candidate.config, made[3].candidate.config);
}

TEST(Verification, ParsesConstraintByAndRefusesTheRest) {
  EXPECT_EQ(parse_constraint_by("sim"), ConstraintBy::Sim);
  EXPECT_EQ(parse_constraint_by("lut"), ConstraintBy::Lut);
  try {
    parse_constraint_by("both");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("--constraint-by must be lut or sim, got 'both'"), std::string::npos);
  }
}

TEST(LutAccelerator, ALutBuiltForTheAcceleratorPassesAnotherIsRefused) {
  const Fixture f;
  calibration::Lut table;
  for (const calibration::PlanEntry& entry : calibration::plan_entries(f.space))
    if (entry.part != NetworkPart::Blocks) table[entry.key] = calibration::simulate_entry(f.accel, entry);
  EXPECT_NO_THROW(calibration::check_lut_accelerator(table, f.space, f.accel, "lut.json", "--accel eyeriss.json"));
  const sim::AccelConfig other =
      sim::load_accel_config(std::string(APQ_SOURCE_DIR) + "/configs/accel/bitfusion-4x8-test.json");
  EXPECT_TRUE(throws_input_error(
      [&] { calibration::check_lut_accelerator(table, f.space, other, "lut.json", "--accel small.json"); },
      {"lut.json: the 'head' entry", "is not what --accel small.json", "built for another accelerator"}));
  table.erase("tail");
  EXPECT_TRUE(throws_input_error(
      [&] { calibration::check_lut_accelerator(table, f.space, f.accel, "lut.json", "--accel eyeriss.json"); },
      {"lut.json: no entry for key 'tail'"}));
}

}  // namespace
}  // namespace apq::search
