#include "sweep/codesign.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <thread>

#include "calibration/lut_cost_model.h"
#include "calibration/lut_file.h"
#include "common/errors.h"
#include "common/random.h"
#include "search/encoding/encoding.h"
#include "search/evolution/report.h"
#include "search/predictor/mlp_predictor.h"
#include "search/predictor/predictor_file.h"
#include "search/space/block_slots.h"
#include "search/space/config_file.h"
#include "search/space/config_sampling.h"
#include "search/space/space_file.h"
#include "sweep/accel_variant.h"
#include "sweep/variant_lut.h"

namespace apq::sweep {
namespace {

constexpr int kMaxDraws = 100000;

// The variants' cost models, built on first use.
class VariantCosts {
 public:
  VariantCosts(const VariantContext& ctx, const search::Space& space) : ctx_(ctx), space_(space) {}

  // Null when the variant cannot be run (the reason is in its record).
  const search::CostModel* model(std::size_t index) {
    const auto [it, added] = entries_.try_emplace(index);
    Entry& entry = it->second;
    if (added) {
      const std::string lut = prepare_variant_lut(ctx_, index, entry.record);
      if (!lut.empty()) {
        if (!entry.record.value("lut_reused", false)) ++built_;
        // The cost model copies what it needs: the table itself is not kept.
        entry.model = calibration::lut_cost_model(calibration::load_lut(lut), space_, lut);
        entry.area = entry.record.at("area_mm2").at("total").get<double>();
      }
    }
    return entry.model.get();
  }
  double area(std::size_t index) const { return entries_.at(index).area; }
  int built() const { return built_; }
  std::vector<nlohmann::ordered_json> records() const {
    std::vector<nlohmann::ordered_json> out;
    for (const auto& [index, entry] : entries_) out.push_back(entry.record);
    return out;
  }

 private:
  struct Entry {
    nlohmann::ordered_json record;
    std::unique_ptr<search::CostModel> model;
    double area = 0.0;
  };
  const VariantContext& ctx_;
  const search::Space& space_;
  std::map<std::size_t, Entry> entries_;
  int built_ = 0;
};

struct Pair {
  std::size_t variant = 0;
  search::SubnetConfig config;
  search::Cost cost;
  double area = 0.0;
  double accuracy = 0.0;
};

bool better(const Pair& a, const Pair& b) {
  if (a.accuracy != b.accuracy) return a.accuracy > b.accuracy;
  if (a.area != b.area) return a.area < b.area;
  return a.cost.latency_ms < b.cost.latency_ms;
}

// The hardware genes: a variant's seven parameters. Mutation and crossover work on them one at a
// time, so that a child's accelerator is a neighbour of its parents' (one buffer larger, twice the
// columns) rather than any variant at all; a combination the sweep does not list keeps the parent's.
using HardwareGenes = std::array<double, 7>;

HardwareGenes hardware_genes(const VariantParams& p) {
  return {double(p.rows), double(p.cols), p.wbuf_kib, p.ibuf_kib, p.obuf_kib, double(p.interface_bits), p.clock_mhz};
}

class HardwareSpace {
 public:
  explicit HardwareSpace(const std::vector<VariantParams>& variants) {
    for (std::size_t i = 0; i < variants.size(); ++i) index_.emplace(hardware_genes(variants[i]), i);
    for (std::size_t k = 0; k < kGenes; ++k) {
      std::set<double> values;
      for (const VariantParams& v : variants) values.insert(hardware_genes(v)[k]);
      if (values.size() > 1) varying_.push_back({k, std::vector<double>(values.begin(), values.end())});
    }
    for (const auto& [genes, index] : index_) genes_of_.emplace(index, genes);
  }
  std::size_t size() const { return index_.size(); }

  // Each varying parameter re-drawn from its values with `probability`.
  std::size_t mutate(std::size_t variant, double probability, std::mt19937_64& rng) const {
    HardwareGenes genes = genes_of_.at(variant);
    for (const Gene& g : varying_)
      if (random_chance(rng, probability)) genes[g.position] = g.values[random_index(rng, g.values.size())];
    return find(genes, variant);
  }
  // Each varying parameter from either parent.
  std::size_t cross(std::size_t a, std::size_t b, std::mt19937_64& rng) const {
    HardwareGenes genes = genes_of_.at(a);
    const HardwareGenes& other = genes_of_.at(b);
    for (const Gene& g : varying_)
      if (random_chance(rng, 0.5)) genes[g.position] = other[g.position];
    return find(genes, a);
  }

 private:
  static constexpr std::size_t kGenes = 7;
  struct Gene {
    std::size_t position;
    std::vector<double> values;
  };
  std::size_t find(const HardwareGenes& genes, std::size_t otherwise) const {
    const auto it = index_.find(genes);
    return it == index_.end() ? otherwise : it->second;
  }
  std::map<HardwareGenes, std::size_t> index_;
  std::map<std::size_t, HardwareGenes> genes_of_;
  std::vector<Gene> varying_;
};

class Evolution {
 public:
  Evolution(const search::Space& space, VariantCosts& costs, const search::AccuracyModel& predictor,
            const HardwareSpace& hardware, double bound_ms, std::uint64_t seed)
      : space_(space), slots_(search::block_slots(space)), costs_(costs), predictor_(predictor),
        hardware_(hardware), bound_ms_(bound_ms), rng_(seed) {}

  // A pair that meets the bound, built by `make` from fresh draws until one does.
  template <typename Make>
  Pair draw(Make make) {
    for (int attempt = 0; attempt < kMaxDraws; ++attempt) {
      Pair p = make();
      const search::CostModel* model = costs_.model(p.variant);
      if (!model) continue;
      p.cost = model->cost(p.config);
      if (p.cost.latency_ms > bound_ms_) continue;
      p.area = costs_.area(p.variant);
      return p;
    }
    throw InputError("co-design: no (variant, network) pair meets latency <= " + std::to_string(bound_ms_) +
                     " ms after " + std::to_string(kMaxDraws) + " draws");
  }

  Pair random_pair() {
    return draw([&] {
      Pair p;
      p.variant = random_index(rng_, hardware_.size());
      p.config = search::random_config(space_, slots_, rng_);
      return p;
    });
  }

  Pair mutant(const Pair& parent, double probability) {
    return draw([&] {
      Pair p;
      p.variant = hardware_.mutate(parent.variant, probability, rng_);
      p.config = search::mutate_config(space_, slots_, parent.config, probability, rng_);
      return p;
    });
  }

  Pair child(const Pair& a, const Pair& b) {
    return draw([&] {
      Pair p;
      p.variant = hardware_.cross(a.variant, b.variant, rng_);
      p.config = search::crossover_configs(a.config, b.config, rng_);
      return p;
    });
  }

  void score(std::vector<Pair>& pairs, std::int64_t& predictions) {
    std::vector<search::SubnetConfig> configs;
    for (const Pair& p : pairs) configs.push_back(p.config);
    const std::vector<double> accuracy = predictor_.predict(configs);
    for (std::size_t i = 0; i < pairs.size(); ++i) pairs[i].accuracy = accuracy[i];
    predictions += static_cast<std::int64_t>(pairs.size());
  }

  std::mt19937_64& rng() { return rng_; }

 private:
  const search::Space& space_;
  const std::vector<search::BlockSlot> slots_;
  VariantCosts& costs_;
  const search::AccuracyModel& predictor_;
  const HardwareSpace& hardware_;
  double bound_ms_;
  std::mt19937_64 rng_;
};

}  // namespace

CodesignResult run_codesign(const CodesignRequest& request, const std::function<void()>& progress) {
  const SweepConfig& c = request.config;
  if (c.strategy != "joint")
    throw InputError("co-design searches the joint space (architecture and policy); the sweep's strategy is " +
                     c.strategy);
  const search::Space space = search::load_space(c.space);
  const search::MlpPredictor predictor(space, search::load_predictor(c.predictor), c.predictor);
  const HardwareTables tables = load_hardware_tables(c.tables);
  const nlohmann::ordered_json base = nlohmann::ordered_json::parse(std::ifstream(c.base));
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  VariantContext ctx{c, tables, base, request.out_dir, request.apq, request.jobs > 0 ? request.jobs : cores};
  ctx.reuse_lut = true;
  VariantCosts costs(ctx, space);
  const search::EncodingLayout layout = search::encoding_layout(space);
  const HardwareSpace hardware(c.variants);

  const int population = c.population;
  const int parents = std::min(25, population);
  const int mutants = population / 2, crossovers = population / 2;
  const double probability = 0.1;
  CodesignResult result;
  for (std::size_t b = 0; b < c.latency_ms.size(); ++b) {
    Evolution evolution(space, costs, predictor, hardware, c.latency_ms[b], c.seed);
    std::vector<Pair> pairs;
    for (int i = 0; i < population; ++i) pairs.push_back(evolution.random_pair());
    evolution.score(pairs, result.predictions);
    std::sort(pairs.begin(), pairs.end(), better);
    if (progress) progress();
    for (int g = 0; g < c.generations; ++g) {
      pairs.resize(static_cast<std::size_t>(parents));
      std::vector<Pair> children;
      for (int i = 0; i < mutants; ++i)
        children.push_back(evolution.mutant(pairs[random_index(evolution.rng(), parents)], probability));
      for (int i = 0; i < crossovers; ++i) {
        const Pair& a = pairs[random_index(evolution.rng(), parents)];
        const Pair& b2 = pairs[random_index(evolution.rng(), parents)];
        children.push_back(evolution.child(a, b2));
      }
      evolution.score(children, result.predictions);
      pairs.insert(pairs.end(), children.begin(), children.end());
      std::stable_sort(pairs.begin(), pairs.end(), better);
      if (progress) progress();
    }
    // Distinct pairs: the same variant and the same network (the encoding ignores the genes of
    // blocks a stage's depth leaves out).
    std::vector<CodesignPair> best;
    std::set<std::pair<std::size_t, std::vector<std::int32_t>>> seen;
    for (const Pair& p : pairs) {
      if (static_cast<int>(best.size()) == request.top) break;
      if (!seen.emplace(p.variant, search::hot_indices(space, layout, p.config)).second) continue;
      best.push_back({p.variant, p.area, {p.config, p.accuracy, p.cost}});
    }
    result.best.push_back(best);
  }
  result.space = space;
  result.base_name = base.at("name").get<std::string>();
  result.variants = costs.records();
  result.luts_built = costs.built();
  return result;
}

nlohmann::ordered_json codesign_json(const CodesignRequest& request, const CodesignResult& result) {
  const SweepConfig& c = request.config;
  nlohmann::ordered_json out;
  out["space"] = result.space.name;
  out["seed"] = c.seed;
  out["generations"] = c.generations;
  if (c.area_budget_mm2) out["area_budget_mm2"] = *c.area_budget_mm2;
  out["bounds"] = nlohmann::ordered_json::array();
  for (std::size_t b = 0; b < c.latency_ms.size(); ++b) {
    nlohmann::ordered_json bound;
    bound["latency_bound_ms"] = c.latency_ms[b];
    bound["best"] = nlohmann::ordered_json::array();
    for (const CodesignPair& p : result.best[b]) {
      nlohmann::ordered_json pair;
      pair["variant"] = variant_name(result.base_name, c.variants[p.variant]);
      pair["params"] = variant_params_json(c.variants[p.variant]);
      pair["area_mm2"] = p.area_mm2;
      const nlohmann::ordered_json network = search::candidate_json(result.space, p.candidate);
      for (const auto& [key, value] : network.items()) pair[key] = value;
      bound["best"].push_back(pair);
    }
    out["bounds"].push_back(bound);
  }
  out["variants_tried"] = result.variants;
  out["luts_built"] = result.luts_built;
  out["networks_scored"] = result.predictions;
  return out;
}

}  // namespace apq::sweep
