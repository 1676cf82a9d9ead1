// apq search: APQ's evolution over architecture and quantization policy, scored by the
// accuracy predictor, costed by the LUT, under latency / energy / BitOps constraints; or the
// sequential baseline; optionally the answer spot-verified by full-network simulation.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "cli/apq_nn.h"
#include "cli/options.h"
#include "cli/output.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/progress.h"
#include "common/temporary_file.h"
#include "calibration/accelerator_check.h"
#include "calibration/lut_cost_model.h"
#include "calibration/lut_file.h"
#include "search/evolution/evolution.h"
#include "search/evolution/pareto.h"
#include "search/evolution/report.h"
#include "search/evolution/sequential.h"
#include "search/evolution/strategy.h"
#include "search/predictor/mlp_predictor.h"
#include "search/space/apq_arch_file.h"
#include "search/space/config_file.h"
#include "search/space/space_file.h"
#include "search/verification/verification.h"
#include "search/verification/verification_report.h"
#include "sim/accel_config.h"

namespace apq::cli {
namespace {

std::optional<double> positive_option(const po::variables_map& vm, const std::string& name, const char* unit) {
  if (!vm.count(name)) return std::nullopt;
  const double value = vm[name].as<double>();
  if (!std::isfinite(value) || value <= 0.0)
    throw UsageError("--" + name + " must be a positive number of " + unit + ", got " + nlohmann::json(value).dump());
  return value;
}

// --verify K, --accel, --constraint-by: checked together before anything is read.
struct VerifyOptions {
  int k = 0;  // 0: no verification
  search::ConstraintBy by = search::ConstraintBy::Lut;
  std::string accel_path;
};

VerifyOptions verify_options(const po::variables_map& vm) {
  VerifyOptions v;
  v.by = search::parse_constraint_by(vm["constraint-by"].as<std::string>());
  if (!vm.count("verify")) {
    if (vm.count("accel"))
      throw UsageError("--accel " + vm["accel"].as<std::string>() + " is used only with --verify K");
    if (!vm["constraint-by"].defaulted())
      throw UsageError("--constraint-by " + search::constraint_by_text(v.by) + " needs --verify K");
    return v;
  }
  v.k = static_cast<int>(int_option(vm, "verify", 1, 100000));
  if (!vm.count("accel"))
    throw UsageError("--verify " + std::to_string(v.k) +
                     " needs --accel FILE, the accelerator configuration the LUT was built for");
  v.accel_path = vm["accel"].as<std::string>();
  return v;
}

// --finetune, --ckpt, --finetune-images, --qnet: checked together before anything is read.
struct FinetuneOptions {
  bool on = false;
  std::string checkpoint;
  std::int64_t images = 0;
  std::string qnet;  // empty: the fine-tuned network is not kept
};

FinetuneOptions finetune_options(const po::variables_map& vm) {
  FinetuneOptions f;
  f.on = vm.count("finetune") > 0;
  if (!f.on) {
    for (const char* name : {"ckpt", "qnet"})
      if (vm.count(name)) throw UsageError(std::string("--") + name + " is used only with --finetune");
    if (!vm["finetune-images"].defaulted()) throw UsageError("--finetune-images is used only with --finetune");
    return f;
  }
  if (!vm.count("ckpt"))
    throw UsageError("--finetune needs --ckpt FILE, the supernet checkpoint the predictor's data came from");
  f.checkpoint = vm["ckpt"].as<std::string>();
  if (!std::filesystem::is_regular_file(f.checkpoint)) throw InputError(f.checkpoint + ": no such checkpoint file");
  f.images = int_option(vm, "finetune-images", 0, 1 << 24);
  if (vm.count("qnet")) f.qnet = vm["qnet"].as<std::string>();
  return f;
}

// The best candidate quantized, QAT-fine-tuned and tested by apq-nn (apq quant eval, or quant
// finetune when the network is kept), at the search space's bit choices: LibTorch stays out of
// this process.
nlohmann::ordered_json finetune_best(const FinetuneOptions& f, const std::string& space_path,
                                     const nlohmann::ordered_json& best) {
  const TemporaryFile spec(".json", best["config"].dump(2) + "\n");
  std::vector<std::string> args{"quant",   f.qnet.empty() ? "eval" : "finetune",
                                "--ckpt",  f.checkpoint,
                                "--space", space_path,
                                "--config", spec.path(),
                                "--finetune-images", std::to_string(f.images),
                                "--no-fp32", "--json"};
  if (!f.qnet.empty()) args.insert(args.end(), {"--out", f.qnet});
  const nlohmann::json measured = run_apq_nn_json(args);
  nlohmann::ordered_json out;
  out["checkpoint"] = f.checkpoint;
  out["finetune_images"] = f.images;
  out["predicted_accuracy"] = best["accuracy"];
  out["ptq_test_top1"] = measured.at("ptq_test_top1");
  out["test_top1"] = measured.at("test_top1");
  out["test_images"] = measured.at("test_images");
  if (!f.qnet.empty()) out["qnet"] = f.qnet;
  std::fprintf(stderr, "finetune: predicted %.2f %% (validation), measured %.2f %% test top-1 after QAT on %lld images "
               "(%.2f %% before)\n",
               100.0 * best["accuracy"].get<double>(), 100.0 * measured.at("test_top1").get<double>(),
               static_cast<long long>(f.images), 100.0 * measured.at("ptq_test_top1").get<double>());
  return out;
}

// A predictor file of the kind an option needs (MlpPredictor then checks space and encoding).
search::PredictorWeights load_predictor_of_kind(const std::string& path, search::PredictorKind kind,
                                                const std::string& why) {
  search::PredictorWeights weights = search::load_predictor(path);
  if (weights.kind != kind)
    throw InputError(path + ": kind = " + search::predictor_kind_name(weights.kind) + ": " + why);
  return weights;
}

}  // namespace

int run_search_codesign(const std::vector<std::string>& args);

int run_search(const std::vector<std::string>& args) {
  // The accelerator searched with the network: its own options (search_codesign.cpp).
  for (const std::string& arg : args)
    if (arg == "--co-design" || arg.rfind("--co-design=", 0) == 0) return run_search_codesign(args);
  po::options_description desc("options");
  desc.add_options()
      ("space", po::value<std::string>()->required(), "search space (configs/spaces/*.json)")
      ("lut", po::value<std::string>()->required(), "LUT of the space (apq lut build)")
      ("predictor", po::value<std::string>()->required(), "accuracy predictor file (search/README.md)")
      ("latency", po::value<double>(), "latency bound, ms (by the LUT)")
      ("energy", po::value<double>(), "energy bound, mJ (by the LUT)")
      ("bitops", po::value<double>(), "BitOps bound, G")
      ("strategy", po::value<std::string>()->default_value("joint"),
       "joint, fixed-bits:B (architecture only), or sequential (architecture, then channels, then bits)")
      ("fp32-predictor", po::value<std::string>(), "fp32 accuracy predictor of --strategy sequential's first two stages")
      ("seed", po::value<std::int64_t>()->default_value(1), "random seed")
      ("population", po::value<std::int64_t>()->default_value(100), "initial population")
      ("parents", po::value<std::int64_t>()->default_value(25), "parents kept per generation")
      ("mutants", po::value<std::int64_t>()->default_value(50), "mutated children per generation")
      ("crossovers", po::value<std::int64_t>()->default_value(50), "crossover children per generation")
      ("generations", po::value<std::int64_t>()->default_value(500), "generations")
      ("mutation-prob", po::value<double>()->default_value(0.1, "0.1"), "probability of re-drawing each gene")
      ("top-k", po::value<std::int64_t>()->default_value(10), "distinct networks of the final population to print")
      ("pareto", "also print the accuracy / latency / energy Pareto front of every candidate evaluated")
      ("history", po::value<std::string>(), "write the best of each generation to this CSV file")
      ("apq-arch", po::value<std::string>(),
       "also write the best sub-network as APQ's exps/NAME/arch file (an apq_compatible space only)")
      ("verify", po::value<std::int64_t>(), "simulate the best K candidates network by network (needs --accel)")
      ("accel", po::value<std::string>(), "accelerator configuration the LUT was built for (for --verify)")
      ("constraint-by", po::value<std::string>()->default_value("lut"),
       "lut, or sim: with --verify, replace a candidate that breaks a constraint under simulation by the next "
       "best that holds")
      ("finetune", "QAT-fine-tune and test the best candidate (runs apq quant eval; needs --ckpt)")
      ("ckpt", po::value<std::string>(), "supernet checkpoint for --finetune")
      ("finetune-images", po::value<std::int64_t>()->default_value(4000), "--finetune: training images of QAT")
      ("qnet", po::value<std::string>(), "--finetune: also write the fine-tuned quantized network (qnet.pt)")
      ("co-design", po::value<std::string>(),
       "SWEEP --out DIR: search the accelerator (the sweep's variants) and the network together; "
       "apq search --co-design SWEEP --help lists its options");
  add_output_option(desc);
  po::variables_map vm;
  if (!parse_options("search",
                     "--space FILE --lut FILE --predictor FILE [--latency MS] [--energy MJ] [--bitops G] "
                     "[--strategy joint|fixed-bits:B|sequential [--fp32-predictor FILE]] [--seed S] [--pareto] "
                     "[--history FILE] [--verify K --accel FILE [--constraint-by lut|sim]] "
                     "[--finetune --ckpt supernet.pt [--finetune-images N] [--qnet FILE]] [--output FILE]",
                     args, desc, vm))
    return 0;

  search::Constraints constraints;
  constraints.latency_ms = positive_option(vm, "latency", "ms");
  constraints.energy_mj = positive_option(vm, "energy", "mJ");
  if (const auto g = positive_option(vm, "bitops", "G")) constraints.bitops = *g * 1e9;
  if (!constraints.latency_ms && !constraints.energy_mj && !constraints.bitops)
    throw UsageError("give at least one constraint: --latency MS, --energy MJ or --bitops G");
  search::EvolutionParams params;
  params.population = static_cast<int>(int_option(vm, "population", 1, 100000));
  params.parents = static_cast<int>(int_option(vm, "parents", 1, params.population));
  params.mutants = static_cast<int>(int_option(vm, "mutants", 0, 100000));
  params.crossovers = static_cast<int>(int_option(vm, "crossovers", 0, 100000));
  params.generations = static_cast<int>(int_option(vm, "generations", 0, 1000000));
  params.seed = static_cast<std::uint64_t>(int_option(vm, "seed", 0, INT64_MAX));
  params.mutation_probability = vm["mutation-prob"].as<double>();
  if (!(params.mutation_probability >= 0.0 && params.mutation_probability <= 1.0))
    throw UsageError("--mutation-prob must be in [0, 1], got " + nlohmann::json(params.mutation_probability).dump());
  const auto top_k = static_cast<std::size_t>(int_option(vm, "top-k", 1, 100000));
  const search::Strategy strategy = search::parse_strategy(vm["strategy"].as<std::string>());
  if (strategy.sequential && !vm.count("fp32-predictor"))
    throw UsageError("--strategy sequential needs --fp32-predictor FILE (kind fp32) for its architecture and "
                     "channel stages");
  if (!strategy.sequential && vm.count("fp32-predictor"))
    throw UsageError("--fp32-predictor " + vm["fp32-predictor"].as<std::string>() +
                     " is used only by --strategy sequential");
  const VerifyOptions verify = verify_options(vm);
  const FinetuneOptions finetune = finetune_options(vm);
  // Replacements come from everything evaluated once the final population runs out.
  params.keep_evaluated = vm.count("pareto") != 0 || verify.by == search::ConstraintBy::Sim;

  const search::Space space = search::load_space(vm["space"].as<std::string>());
  if (vm.count("apq-arch")) search::require_apq_arch_space(space);
  const search::Space sampled = search::strategy_space(space, strategy);
  const std::string lut_path = vm["lut"].as<std::string>();
  const calibration::Lut table = calibration::load_lut(lut_path);
  const std::unique_ptr<search::CostModel> cost_model_owner = calibration::lut_cost_model(table, sampled, lut_path);
  const search::CostModel& cost_model = *cost_model_owner;
  const std::string predictor_path = vm["predictor"].as<std::string>();
  const search::PredictorWeights weights = search::load_predictor(predictor_path);
  if (!strategy.fixed_bits && weights.kind != search::PredictorKind::Quant)
    throw InputError(predictor_path + ": kind = " + search::predictor_kind_name(weights.kind) + ": --strategy " +
                     search::strategy_text(strategy) +
                     " needs a quantization-aware predictor (kind quant), which sees each candidate's policy");
  const search::MlpPredictor predictor(space, weights, predictor_path);
  std::optional<search::MlpPredictor> fp32_predictor;
  if (strategy.sequential) {
    const std::string fp32_path = vm["fp32-predictor"].as<std::string>();
    fp32_predictor.emplace(space,
                           load_predictor_of_kind(fp32_path, search::PredictorKind::Fp32,
                                                  "--fp32-predictor needs an fp32 predictor (kind fp32), which scores "
                                                  "the architecture alone"),
                           fp32_path);
  }
  std::optional<sim::AccelConfig> accel;
  if (verify.k > 0) {
    accel = sim::load_accel_config(verify.accel_path);
    calibration::check_lut_accelerator(table, space, *accel, lut_path, "--accel " + verify.accel_path);
  }
  search::check_feasible(constraints, cost_model.minimum());  // before any progress output

  std::fprintf(stderr, "search: space %s, %s, constraints %s, %d generations\n", space.name.c_str(),
               search::strategy_text(strategy).c_str(), search::constraints_text(constraints).c_str(),
               params.generations);
  search::EvolutionResult result;
  std::optional<search::SequentialResult> stages;
  if (strategy.sequential) {
    Progress progress("sequential search", 3 * (params.generations + 1), "generations");
    stages = search::run_sequential(sampled, cost_model, *fp32_predictor, predictor, constraints, params,
                                    [&](int, int) { progress.advance(); });
    progress.finish();
    result = stages->quantization;
  } else {
    Progress progress("evolution", params.generations + 1, "generations");
    result = search::run_evolution(sampled, cost_model, predictor, constraints, params,
                                   [&](int) { progress.advance(); });
    progress.finish();
  }
  std::fprintf(stderr, "search: %lld networks scored, %lld repeats served from the cache\n",
               static_cast<long long>(result.predictions), static_cast<long long>(result.cache_hits));

  std::optional<search::Verification> verification;
  if (verify.k > 0) {
    const std::vector<search::RankedCandidate> order = search::verification_order(
        space, result.population, params.keep_evaluated ? result.evaluated : std::vector<search::Candidate>{});
    // Under sim the walk goes on past the top k as far as replacements need: at most the order.
    const std::size_t at_most =
        verify.by == search::ConstraintBy::Sim ? order.size() : std::min<std::size_t>(verify.k, order.size());
    Progress progress("verify", static_cast<std::int64_t>(at_most), "networks");
    verification = search::verify_candidates(space, *accel, order, verify.k, constraints, verify.by,
                                             [&] { progress.advance(); });
    progress.finish();
    std::fputs(search::verification_text(accel->name, *verification).c_str(), stderr);
  }

  nlohmann::ordered_json out;
  out["space"] = space.name;
  out["strategy"] = search::strategy_text(strategy);
  nlohmann::ordered_json bounds = nlohmann::ordered_json::object();
  if (constraints.latency_ms) bounds["latency"] = *constraints.latency_ms;
  if (constraints.energy_mj) bounds["energy"] = *constraints.energy_mj;
  if (constraints.bitops) bounds["bitops"] = *constraints.bitops / 1e9;
  out["constraints"] = bounds;
  out["seed"] = params.seed;
  out["generations"] = params.generations;
  out["networks_scored"] = result.predictions;
  const bool replaced_best = verification && verification->by == search::ConstraintBy::Sim;
  const bool none_holds = replaced_best && verification->selected.empty();
  // Under --constraint-by sim the answer is the best candidate that holds under simulation.
  out["best"] = replaced_best && !none_holds
                    ? search::candidate_json(space, verification->simulated[verification->selected.front()].ranked.candidate)
                    : search::candidate_json(space, result.population.front());
  out["top"] = nlohmann::ordered_json::array();
  for (const search::Candidate& c : search::top_distinct(space, result.population, top_k))
    out["top"].push_back(search::candidate_json(space, c));
  if (params.keep_evaluated) {
    out["pareto"] = nlohmann::ordered_json::array();
    for (const search::Candidate& c : search::pareto_front(result.evaluated))
      out["pareto"].push_back(search::candidate_json(space, c));
  }
  if (stages) {
    const std::pair<const char*, const search::EvolutionResult*> parts[] = {
        {"architecture", &stages->architecture}, {"pruning", &stages->pruning}, {"quantization", &stages->quantization}};
    out["stages"] = nlohmann::ordered_json::object();
    for (const auto& [name, stage] : parts) out["stages"][name] = search::candidate_json(space, stage->population.front());
  }
  if (verification) out["verification"] = search::verification_json(space, accel->name, *verification);
  if (finetune.on && !none_holds) out["finetune"] = finetune_best(finetune, vm["space"].as<std::string>(), out["best"]);
  if (vm.count("history")) write_file_atomically(vm["history"].as<std::string>(), search::history_csv(result.history));
  if (vm.count("apq-arch") && !none_holds) {
    const search::SubnetConfig best =
        search::config_from_json(space, out["best"]["config"], "the search's best candidate");
    search::save_apq_arch(space, best, vm["apq-arch"].as<std::string>());
  }
  write_result(vm, out.dump(2) + "\n");
  if (none_holds) {
    std::fprintf(stderr, "search: none of the %zu candidates simulated meets the constraints under simulation\n",
                 verification->simulated.size());
    return 1;
  }
  return 0;
}

}  // namespace apq::cli
