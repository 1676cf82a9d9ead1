#include "cli/command.h"

namespace apq::cli {

int run_rtl_check(const std::vector<std::string>& args);
int run_sim_layer(const std::vector<std::string>& args);
int run_sim_net(const std::vector<std::string>& args);
int run_sim_export_net(const std::vector<std::string>& args);
int run_lut_build(const std::vector<std::string>& args);
int run_lut_merge(const std::vector<std::string>& args);
int run_lut_validate(const std::vector<std::string>& args);
int run_lut_diff(const std::vector<std::string>& args);
int run_lut_query(const std::vector<std::string>& args);
int run_calibrate(const std::vector<std::string>& args);
int run_search(const std::vector<std::string>& args);
int run_predictor_eval(const std::vector<std::string>& args);
int run_quant_check(const std::vector<std::string>& args);
int run_pipeline(const std::vector<std::string>& args);
int run_sweep(const std::vector<std::string>& args);

const std::vector<Command>& commands() {
  static const std::vector<Command> all = [] {
    std::vector<Command> table = {
      {"rtl-check", "run random tiles through the Verilated fusion array against the golden model",
       run_rtl_check},
      {"sim layer", "one layer on the accelerator model: cycles, energy, traffic, schedule",
       run_sim_layer},
      {"sim net", "a network file back to back on one accelerator; --rtl co-simulates the RTL array",
       run_sim_net},
      {"sim export-net", "the network file of a search-space sub-network, for sim net",
       run_sim_export_net},
      {"lut build", "every LUT row of a search space, simulated in worker processes (--resume, --shard)",
       run_lut_build},
      {"lut merge", "join the slices of a sharded LUT build", run_lut_merge},
      {"lut validate", "LUT sums against full-network simulation of random sub-networks",
       run_lut_validate},
      {"lut diff", "compare two LUTs: shared keys, ratios, rank correlations, worst entries",
       run_lut_diff},
      {"lut query", "latency and energy of one sub-network from a LUT, block by block", run_lut_query},
      {"calibrate", "sampled tiles through the Verilated RTL against the SystemC model's tile timing",
       run_calibrate},
      {"search", "APQ's evolution over architecture and quantization policy under LUT constraints",
       run_search},
      {"predictor eval", "a predictor file against measured samples: RMSE, pairwise accuracy, Kendall tau",
       run_predictor_eval},
      {"quant check", "a quantized network's integer network on the accelerator model against LibTorch's, value by value",
       run_quant_check},
      {"pipeline", "the main job: LUT, validation, searches, verification, QAT, integer inference on the RTL, report",
       run_pipeline},
      {"sweep", "co-design over accelerator variants: each variant's LUT built and searched (mpirun splits the variants)",
       run_sweep},
    };
    for (Command& command : torch_command_list()) table.push_back(std::move(command));
    return table;
  }();
  return all;
}

}  // namespace apq::cli
