#include <algorithm>
#include <cstdio>
#include <set>

#include "common/errors.h"

#include <gtest/gtest.h>

#include "calibration/lut_cost_model.h"
#include "calibration/query.h"
#include "search/encoding/encoding.h"
#include "search/evolution/evolution.h"
#include "search/evolution/pareto.h"
#include "search/evolution/sequential.h"
#include "search/evolution/strategy.h"
#include "search/model/bitops.h"
#include "search/space/block_slots.h"
#include "search/space/config_sampling.h"
#include "space_test_support.h"
#include "synthetic_lut.h"

namespace apq::search {
namespace {

using testing_support::load_preset;
using testing_support::throws_input_error;

// Accuracy that grows with every architecture choice's position, block by block with uneven
// weights, so that better networks exist near any population, and with the bits of every
// running block (or falls with them, for prefer_low_bits). It records every candidate it scores.
class SyntheticAccuracy final : public AccuracyModel {
 public:
  explicit SyntheticAccuracy(const Space& space, bool prefer_low_bits = false)
      : space_(space), layout_(encoding_layout(space)), low_bits_(prefer_low_bits) {}

  std::vector<double> predict(const std::vector<SubnetConfig>& configs) const override {
    std::vector<double> out;
    for (const SubnetConfig& config : configs) {
      const std::vector<std::int32_t> hot = hot_indices(space_, layout_, config);
      seen.emplace_back(hot);
      double score = 0;
      for (const std::int32_t j : hot)
        if (j < layout_.arch_length) score += (1 + j % 7) * 1e-3 * j / layout_.arch_length;
      for (std::size_t b = 0; b < config.blocks.size(); ++b) {
        if (!block_is_active(space_, config, static_cast<int>(b))) continue;
        const BlockChoice& c = config.blocks[b];
        const int bits = c.pw_w_bits + c.pw_a_bits + c.dw_w_bits + c.dw_a_bits;
        score += 1e-3 * (low_bits_ ? 40 - bits : bits);
      }
      out.push_back(score);
    }
    return out;
  }

  mutable std::vector<std::vector<std::int32_t>> seen;

 private:
  const Space& space_;
  EncodingLayout layout_;
  bool low_bits_;
};

struct Fixture {
  Space space = load_preset("fmnist");
  calibration::Lut table = calibration::testing_support::monotone_lut(space);
  calibration::LutCostModel cost{table, space, "synthetic.json"};
  Cost small = cost.cost(smallest_config(space));
  Cost large = cost.cost(largest_config(space));
};

EvolutionParams quick(std::uint64_t seed) {
  EvolutionParams p;
  p.population = 40;
  p.parents = 10;
  p.mutants = 20;
  p.crossovers = 20;
  p.generations = 30;
  p.seed = seed;
  return p;
}

TEST(Evolution, EveryReturnedCandidateMeetsItsConstraintsByTheLut) {
  const Fixture s;
  Constraints c;
  c.latency_ms = s.small.latency_ms + 0.4 * (s.large.latency_ms - s.small.latency_ms);
  c.energy_mj = s.small.energy_mj + 0.5 * (s.large.energy_mj - s.small.energy_mj);
  c.bitops = s.small.bitops + 0.45 * (s.large.bitops - s.small.bitops);
  const SyntheticAccuracy accuracy(s.space);
  EvolutionParams p = quick(1);
  p.keep_evaluated = true;
  const EvolutionResult r = run_evolution(s.space, s.cost, accuracy, c, p);
  ASSERT_EQ(r.population.size(), 50u);
  std::vector<Candidate> all = r.population;
  all.insert(all.end(), r.evaluated.begin(), r.evaluated.end());
  for (const Candidate& cand : all) {
    const calibration::LutCost query = calibration::lut_cost(s.table, s.space, cand.config, "synthetic.json");
    EXPECT_LE(query.latency_ms, *c.latency_ms);
    EXPECT_LE(query.energy_mj, *c.energy_mj);
    EXPECT_LE(network_bitops(s.space, cand.config), *c.bitops);
    EXPECT_EQ(cand.cost.latency_ms, query.latency_ms);
  }
  for (const Candidate& cand : r.population) EXPECT_LE(cand.accuracy, r.population.front().accuracy);
  // The constraints bind: the best comes close to one of them.
  const Cost& best = r.population.front().cost;
  EXPECT_GT(std::max({best.latency_ms / *c.latency_ms, best.energy_mj / *c.energy_mj, best.bitops / *c.bitops}), 0.8);
  EXPECT_GT(r.history.back().accuracy, r.history.front().accuracy);
}

TEST(Evolution, SameSeedSameResultOtherSeedOtherResult) {
  const Fixture s;
  Constraints c;
  c.latency_ms = (s.small.latency_ms + s.large.latency_ms) / 2;
  const SyntheticAccuracy accuracy(s.space);
  const EvolutionResult a = run_evolution(s.space, s.cost, accuracy, c, quick(5));
  const EvolutionResult b = run_evolution(s.space, s.cost, accuracy, c, quick(5));
  const EvolutionResult other = run_evolution(s.space, s.cost, accuracy, c, quick(6));
  ASSERT_EQ(a.population.size(), b.population.size());
  for (std::size_t i = 0; i < a.population.size(); ++i) {
    EXPECT_EQ(a.population[i].config, b.population[i].config);
    EXPECT_EQ(a.population[i].accuracy, b.population[i].accuracy);
  }
  for (std::size_t g = 0; g < a.history.size(); ++g) EXPECT_EQ(a.history[g].accuracy, b.history[g].accuracy);
  EXPECT_NE(a.history[3].config, other.history[3].config);
}

TEST(Evolution, CrossoverChildrenAloneMakeProgress) {
  const Fixture s;
  const SyntheticAccuracy accuracy(s.space);
  EvolutionParams p = quick(2);
  p.mutants = 0;
  p.crossovers = 40;
  const EvolutionResult r = run_evolution(s.space, s.cost, accuracy, {}, p);
  EXPECT_GT(r.history.back().accuracy, r.history.front().accuracy + 1e-4);
  for (std::size_t g = 1; g < r.history.size(); ++g) EXPECT_GE(r.history[g].accuracy, r.history[g - 1].accuracy);
  // Children were scored: the model saw more networks than the initial population.
  EXPECT_GT(accuracy.seen.size(), 40u + 100u);
}

TEST(Evolution, MutantsAloneMakeProgress) {
  const Fixture s;
  const SyntheticAccuracy accuracy(s.space);
  EvolutionParams p = quick(3);
  p.crossovers = 0;
  const EvolutionResult r = run_evolution(s.space, s.cost, accuracy, {}, p);
  EXPECT_GT(r.history.back().accuracy, r.history.front().accuracy + 1e-4);
}

TEST(Evolution, ThePredictorSeesEveryCandidatesOwnPolicy) {
  // A model that rewards low bits: the search must end on low bits, which it could not if the
  // candidates were scored as all-8-bit (APQ's code calls its predictor without the policy).
  const Fixture s;
  const SyntheticAccuracy accuracy(s.space, /*prefer_low_bits=*/true);
  EvolutionParams p = quick(4);
  p.generations = 60;
  const EvolutionResult r = run_evolution(s.space, s.cost, accuracy, {}, p);
  int low = 0, running = 0;
  const SubnetConfig& best = r.population.front().config;
  for (const BlockSlot& slot : block_slots(s.space)) {
    if (!block_is_active(s.space, best, slot.index)) continue;
    const BlockChoice& b = best.blocks[slot.index];
    // At most 4 bits: the lowest activation choice, the three lowest weight choices (2, 3, 4);
    // a search blind to the policy would land there about half the time.
    for (int bits : {b.pw_w_bits, b.pw_a_bits, b.dw_w_bits, b.dw_a_bits}) low += bits <= 4, ++running;
  }
  EXPECT_GT(low, running * 8 / 10);
}

TEST(Evolution, EachNetworkIsScoredOnce) {
  const Fixture s;
  const SyntheticAccuracy accuracy(s.space);
  EvolutionParams p = quick(7);
  p.mutation_probability = 0.02;  // many children repeat a parent
  const EvolutionResult r = run_evolution(s.space, s.cost, accuracy, {}, p);
  const std::set<std::vector<std::int32_t>> distinct(accuracy.seen.begin(), accuracy.seen.end());
  EXPECT_EQ(distinct.size(), accuracy.seen.size());
  EXPECT_EQ(r.predictions, static_cast<std::int64_t>(accuracy.seen.size()));
  EXPECT_GT(r.cache_hits, 0);
  EXPECT_EQ(r.predictions + r.cache_hits, 40 + 30 * 40);
}

TEST(Evolution, AnInfeasibleConstraintNamesTheSmallestReachableCost) {
  const Fixture s;
  const SyntheticAccuracy accuracy(s.space);
  Constraints c;
  c.energy_mj = s.small.energy_mj * 0.5;
  char smallest[32];
  std::snprintf(smallest, sizeof smallest, "%.6g mJ", s.small.energy_mj);
  EXPECT_TRUE(throws_input_error([&] { run_evolution(s.space, s.cost, accuracy, c, quick(1)); },
                                 {"energy <= ", "cannot be met", std::string("has energy below"), smallest}));
  EXPECT_TRUE(accuracy.seen.empty());
}

TEST(Evolution, ConstraintsMetOnlyByRareNetworksAreReportedNotLoopedOn) {
  const Fixture s;
  const SyntheticAccuracy accuracy(s.space);
  Constraints c;
  c.latency_ms = s.small.latency_ms * 1.0001;  // reachable, but by almost no random draw
  EvolutionParams p = quick(1);
  p.max_draws = 500;
  EXPECT_TRUE(throws_input_error([&] { run_evolution(s.space, s.cost, accuracy, c, p); },
                                 {"no random sub-network meeting the constraints (latency <= ", "in 500 draws"}));
}

TEST(Evolution, FixedBitsSearchesTheArchitectureOnly) {
  const Fixture s;
  const Space fixed = strategy_space(s.space, parse_strategy("fixed-bits:6"));
  const calibration::LutCostModel cost(s.table, fixed, "synthetic.json");
  const SyntheticAccuracy accuracy(s.space);
  const EvolutionResult r = run_evolution(fixed, cost, accuracy, {}, quick(8));
  for (const Candidate& c : r.population) {
    EXPECT_NO_THROW(validate_config(s.space, c.config, "candidate"));
    for (const BlockChoice& b : c.config.blocks) {
      EXPECT_EQ(b.pw_w_bits, 6);
      EXPECT_EQ(b.dw_a_bits, 6);
    }
  }
  EXPECT_GE(cost.minimum()->latency_ms, s.cost.minimum()->latency_ms);
}

TEST(Evolution, AGeneMaskKeepsEveryOtherGeneAsTheBase) {
  const Fixture s;
  const SyntheticAccuracy accuracy(s.space);
  std::mt19937_64 rng(9);
  EvolutionParams p = quick(9);
  p.genes = {false, false, false, true};
  p.base = random_config(s.space, rng);
  p.keep_evaluated = true;
  const EvolutionResult r = run_evolution(s.space, s.cost, accuracy, {}, p);
  std::set<std::vector<int>> policies;
  for (const Candidate& c : r.evaluated) {
    EXPECT_EQ(c.config.depths, p.base.depths);
    std::vector<int> bits;
    for (std::size_t b = 0; b < c.config.blocks.size(); ++b) {
      EXPECT_EQ(c.config.blocks[b].kernel, p.base.blocks[b].kernel);
      EXPECT_EQ(c.config.blocks[b].mid_channels, p.base.blocks[b].mid_channels);
      bits.push_back(c.config.blocks[b].pw_w_bits);
    }
    policies.insert(bits);
  }
  EXPECT_GT(policies.size(), 10u);  // the free genes do move
  // The full mask is the plain evolution, draw for draw.
  EvolutionParams full = quick(9);
  full.base = p.base;
  const EvolutionResult plain = run_evolution(s.space, s.cost, accuracy, {}, quick(9));
  const EvolutionResult masked = run_evolution(s.space, s.cost, accuracy, {}, full);
  EXPECT_EQ(plain.population.front().config, masked.population.front().config);
}

// A model of the fp32 predictor: the architecture part of the encoding only, growing with it.
class ArchitectureAccuracy final : public AccuracyModel {
 public:
  explicit ArchitectureAccuracy(const Space& space) : space_(space), layout_(encoding_layout(space)) {}
  std::vector<double> predict(const std::vector<SubnetConfig>& configs) const override {
    std::vector<double> out;
    for (const SubnetConfig& config : configs) {
      double score = 0;
      for (const std::int32_t j : hot_indices(space_, layout_, config))
        if (j < layout_.arch_length) score += (1 + j % 5) * 1e-3;
      out.push_back(score);
    }
    return out;
  }

 private:
  const Space& space_;
  EncodingLayout layout_;
};

TEST(Sequential, EachStageChangesOnlyItsGenesAndTheAnswerMeetsTheConstraints) {
  const Fixture s;
  const ArchitectureAccuracy fp32(s.space);
  const SyntheticAccuracy quant(s.space);
  Constraints c;
  c.latency_ms = s.small.latency_ms + 0.5 * (s.large.latency_ms - s.small.latency_ms);
  c.energy_mj = s.small.energy_mj + 0.5 * (s.large.energy_mj - s.small.energy_mj);
  EvolutionParams p = quick(11);
  p.keep_evaluated = true;
  std::vector<int> stages_seen;
  const SequentialResult r = run_sequential(s.space, s.cost, fp32, quant, c, p, [&](int stage, int generation) {
    if (generation == 0) stages_seen.push_back(stage);
  });
  EXPECT_EQ(stages_seen, (std::vector<int>{1, 2, 3}));
  const SubnetConfig largest = largest_config(s.space);
  const SubnetConfig& architecture = r.architecture.population.front().config;
  const SubnetConfig& pruned = r.pruning.population.front().config;
  const auto same_bits = [](const BlockChoice& a, const BlockChoice& b) {
    return a.pw_w_bits == b.pw_w_bits && a.pw_a_bits == b.pw_a_bits && a.dw_w_bits == b.dw_w_bits &&
           a.dw_a_bits == b.dw_a_bits;
  };
  std::set<std::vector<int>> depths, mids, policies;
  for (const Candidate& cand : r.architecture.evaluated) {
    depths.insert(cand.config.depths);
    for (std::size_t b = 0; b < cand.config.blocks.size(); ++b) {
      EXPECT_EQ(cand.config.blocks[b].mid_channels, largest.blocks[b].mid_channels);
      EXPECT_TRUE(same_bits(cand.config.blocks[b], largest.blocks[b]));
    }
  }
  for (const Candidate& cand : r.pruning.evaluated) {
    EXPECT_EQ(cand.config.depths, architecture.depths);
    std::vector<int> mid;
    for (std::size_t b = 0; b < cand.config.blocks.size(); ++b) {
      EXPECT_EQ(cand.config.blocks[b].kernel, architecture.blocks[b].kernel);
      EXPECT_TRUE(same_bits(cand.config.blocks[b], largest.blocks[b]));
      mid.push_back(cand.config.blocks[b].mid_channels);
    }
    mids.insert(mid);
  }
  for (const Candidate& cand : r.quantization.evaluated) {
    EXPECT_EQ(cand.config.depths, pruned.depths);
    std::vector<int> policy;
    for (std::size_t b = 0; b < cand.config.blocks.size(); ++b) {
      EXPECT_EQ(cand.config.blocks[b].kernel, pruned.blocks[b].kernel);
      EXPECT_EQ(cand.config.blocks[b].mid_channels, pruned.blocks[b].mid_channels);
      policy.push_back(cand.config.blocks[b].dw_a_bits);
    }
    policies.insert(policy);
  }
  // Each stage searched: its own genes took many values.
  EXPECT_GT(depths.size(), 5u);
  EXPECT_GT(mids.size(), 5u);
  EXPECT_GT(policies.size(), 5u);
  // Stages 1 and 2 meet the constraints at the largest bits, the answer under its own policy.
  for (const EvolutionResult* stage : {&r.architecture, &r.pruning, &r.quantization}) {
    const SubnetConfig& best = stage->population.front().config;
    const calibration::LutCost cost = calibration::lut_cost(s.table, s.space, best, "synthetic.json");
    EXPECT_LE(cost.latency_ms, *c.latency_ms);
    EXPECT_LE(cost.energy_mj, *c.energy_mj);
  }
  // The fp32 stages were scored by the fp32 model, the last by the quantization-aware one.
  EXPECT_EQ(r.architecture.population.front().accuracy, fp32.predict({architecture}).front());
  EXPECT_EQ(r.quantization.population.front().accuracy,
            quant.predict({r.quantization.population.front().config}).front());

  const SequentialResult again = run_sequential(s.space, s.cost, fp32, quant, c, p);
  ASSERT_EQ(again.quantization.population.size(), r.quantization.population.size());
  for (std::size_t i = 0; i < r.quantization.population.size(); ++i)
    EXPECT_EQ(again.quantization.population[i].config, r.quantization.population[i].config);
  EXPECT_EQ(again.pruning.population.front().config, pruned);
}

TEST(Sequential, AConstraintTheLargestBitsCannotMeetNamesStageOne) {
  const Fixture s;
  const ArchitectureAccuracy fp32(s.space);
  const SyntheticAccuracy quant(s.space);
  Constraints c;
  c.bitops = s.small.bitops * 1.01;  // met by the smallest network at 4 bits only
  EvolutionParams p = quick(12);
  p.max_draws = 200;
  EXPECT_TRUE(throws_input_error([&] { run_sequential(s.space, s.cost, fp32, quant, c, p); },
                                 {"sequential search, stage 1 architecture", "no random sub-network meeting"}));
}

TEST(Strategy, ParsesAndRefuses) {
  EXPECT_FALSE(parse_strategy("joint").fixed_bits);
  EXPECT_TRUE(parse_strategy("sequential").sequential);
  EXPECT_EQ(strategy_text(parse_strategy("sequential")), "sequential");
  EXPECT_EQ(parse_strategy("fixed-bits:8").bits, 8);
  for (const char* bad : {"fixed-bits:", "fixed-bits:x", "fixed-bits:0", "mixed"})
    EXPECT_THROW(parse_strategy(bad), UsageError) << bad;
  EXPECT_TRUE(throws_input_error([] { strategy_space(load_preset("fmnist"), parse_strategy("fixed-bits:5")); },
                                 {"fixed-bits:5", "no 5-bit choice for pw_w", "[2,3,4,6,8]"}));
}

Candidate point(double accuracy, double latency, double energy) {
  Candidate c;
  c.accuracy = accuracy;
  c.cost.latency_ms = latency;
  c.cost.energy_mj = energy;
  return c;
}

TEST(Pareto, KeepsExactlyTheUndominated) {
  const std::vector<Candidate> all = {point(0.9, 2, 2), point(0.8, 1, 3), point(0.85, 3, 1), point(0.8, 2, 2),
                                      point(0.9, 2, 2), point(0.7, 1, 3), point(0.95, 5, 5), point(0.9, 2.5, 2)};
  const std::vector<Candidate> front = pareto_front(all);
  // (0.8, 2, 2) and (0.9, 2.5, 2) lose to (0.9, 2, 2); (0.7, 1, 3) to (0.8, 1, 3); the two
  // equal points both stay.
  ASSERT_EQ(front.size(), 5u);
  EXPECT_EQ(front[0].cost.latency_ms, 1);
  EXPECT_EQ(front[1].accuracy, 0.9);
  EXPECT_EQ(front[2].accuracy, 0.9);
  EXPECT_EQ(front[3].cost.latency_ms, 3);
  EXPECT_EQ(front[4].accuracy, 0.95);
}

}  // namespace
}  // namespace apq::search
