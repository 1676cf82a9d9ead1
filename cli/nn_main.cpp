// apq-nn: the commands that need LibTorch. Users call them through apq, which execs this
// executable with its own arguments, so messages and usage read "apq ...".
#include <map>
#include <string>
#include <vector>

#include "cli/command.h"

namespace apq::cli {

int run_supernet_train(const std::vector<std::string>& args);
int run_supernet_eval(const std::vector<std::string>& args);
int run_supernet_sample(const std::vector<std::string>& args);
int run_quant_eval(const std::vector<std::string>& args);
int run_quant_finetune(const std::vector<std::string>& args);
int run_quant_sample(const std::vector<std::string>& args);
int run_predictor_train(const std::vector<std::string>& args);
int run_quant_export(const std::vector<std::string>& args);
int run_quant_infer(const std::vector<std::string>& args);

namespace {

std::vector<Command> torch_commands() {
  const std::map<std::string, int (*)(const std::vector<std::string>&)> runs = {
      {"supernet train", run_supernet_train},
      {"supernet eval", run_supernet_eval},
      {"supernet sample", run_supernet_sample},
      {"quant eval", run_quant_eval},
      {"quant finetune", run_quant_finetune},
      {"quant sample", run_quant_sample},
      {"predictor train", run_predictor_train},
      {"quant export", run_quant_export},
      {"quant infer", run_quant_infer},
  };
  std::vector<Command> commands = torch_command_list();
  for (Command& command : commands) command.run = runs.at(command.name);
  return commands;
}

}  // namespace
}  // namespace apq::cli

int main(int argc, char** argv) { return apq::cli::run_command_line(apq::cli::torch_commands(), argc, argv); }
