#include "cli/command.h"

namespace apq::cli {

int run_rtl_check(const std::vector<std::string>& args);
int run_sim_layer(const std::vector<std::string>& args);
int run_sim_net(const std::vector<std::string>& args);
int run_sim_export_net(const std::vector<std::string>& args);

const std::vector<Command>& commands() {
  static const std::vector<Command> all = {
      {"rtl-check", "run random tiles through the Verilated fusion array against the golden model",
       run_rtl_check},
      {"sim layer", "one layer on the accelerator model: cycles, energy, traffic, schedule",
       run_sim_layer},
      {"sim net", "a network file back to back on one accelerator; --rtl co-simulates the RTL array",
       run_sim_net},
      {"sim export-net", "the network file of a search-space sub-network, for sim net",
       run_sim_export_net},
  };
  return all;
}

}  // namespace apq::cli
