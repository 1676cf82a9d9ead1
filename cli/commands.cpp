#include "cli/command.h"

namespace apq::cli {

int run_rtl_check(const std::vector<std::string>& args);

const std::vector<Command>& commands() {
  static const std::vector<Command> all = {
      {"rtl-check", "run random tiles through the Verilated fusion array against the golden model",
       run_rtl_check},
  };
  return all;
}

}  // namespace apq::cli
