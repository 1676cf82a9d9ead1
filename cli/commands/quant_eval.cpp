// apq quant eval and apq quant finetune: one quantized sub-network of a trained supernet.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands/quant_recipe_options.h"
#include "cli/output.h"
#include "nn/process_memory.h"
#include "nn/torch_threads.h"

namespace apq::cli {
namespace {

int run_quant(const std::string& command, bool writes_network, const std::vector<std::string>& args) {
  po::options_description desc("options");
  desc.add_options()
      ("ckpt", po::value<std::string>()->required(), "supernet checkpoint (supernet.pt)")
      ("config", po::value<std::string>()->required(), "sub-network and policy (APQ spec JSON)")
      ("space", po::value<std::string>(),
       "space file whose bit choices the policy may use (default: the checkpoint's; same network)")
      ("seed", po::value<std::int64_t>()->default_value(0), "fine-tuning seed (image order)")
      ("no-fp32", "skip measuring the architecture's fp32 accuracy")
      ("json", "print the result as JSON");
  if (writes_network) {
    desc.add_options()("out", po::value<std::string>()->required(), "quantized network file to write (qnet.pt)");
  }
  add_quant_recipe_options(desc, writes_network ? 4000 : 0);
  add_output_option(desc);
  po::variables_map vm;
  const std::string usage = writes_network ? "--ckpt C --config spec.json --out qnet.pt [--finetune-images N]"
                                           : "--ckpt C --config spec.json [--finetune-images N] [--json]";
  if (!parse_options(command, usage, args, desc, vm)) return 0;
  nn::QuantEvalRequest request;
  request.checkpoint = vm["ckpt"].as<std::string>();
  request.config_path = vm["config"].as<std::string>();
  if (vm.count("space")) request.space_path = vm["space"].as<std::string>();
  request.recipe = quant_recipe(vm);
  request.seed = static_cast<std::uint64_t>(int_option(vm, "seed", 0, INT64_MAX));
  request.skip_fp32 = vm.count("no-fp32") > 0;
  request.data_dir = vm["data-dir"].as<std::string>();
  if (writes_network) request.out_path = vm["out"].as<std::string>();
  nn::use_all_hardware_threads();
  nn::keep_freed_memory();
  const nn::QuantEvalResult result = nn::evaluate_quantized(request);
  if (vm.count("json")) {
    nlohmann::ordered_json out;
    out["checkpoint"] = request.checkpoint;
    out["space"] = result.space_name;
    out["config"] = nlohmann::json::parse(result.config_json);
    if (result.fp32_top1 >= 0) out["fp32_test_top1"] = result.fp32_top1;
    out["ptq_test_top1"] = result.ptq_top1;
    out["test_top1"] = result.top1;
    out["test_images"] = result.test_images;
    out["finetune_images"] = result.finetune_images;
    if (writes_network) out["qnet"] = request.out_path;
    write_result(vm, out.dump(2) + "\n");
    return 0;
  }
  std::string text = "space " + result.space_name + "\nconfig " + result.config_json + "\n";
  char line[200];
  if (result.fp32_top1 >= 0) {
    std::snprintf(line, sizeof line, "fp32 test top-1 %.2f%%\n", 100.0 * result.fp32_top1);
    text += line;
  }
  std::snprintf(line, sizeof line, "quantized, post-training: test top-1 %.2f%%\n", 100.0 * result.ptq_top1);
  text += line;
  if (result.finetune_images > 0) {
    std::snprintf(line, sizeof line, "quantized, after QAT on %lld images: test top-1 %.2f%%\n",
                  static_cast<long long>(result.finetune_images), 100.0 * result.top1);
    text += line;
  }
  if (writes_network) text += "wrote " + request.out_path + "\n";
  write_result(vm, text);
  return 0;
}

}  // namespace

int run_quant_eval(const std::vector<std::string>& args) { return run_quant("quant eval", false, args); }
int run_quant_finetune(const std::vector<std::string>& args) { return run_quant("quant finetune", true, args); }

}  // namespace apq::cli
