#include "search/evolution/search_command.h"

#include <algorithm>

#include "common/number_text.h"

namespace apq::search {

std::vector<std::string> search_command_args(const SearchCommand& c) {
  std::vector<std::string> args{
      "search", "--space", c.space, "--lut", c.lut, "--predictor", c.predictor,
      "--latency", number_text(c.latency_ms), "--strategy", c.strategy,
      "--seed", std::to_string(c.seed), "--population", std::to_string(c.population),
      "--parents", std::to_string(std::min(25, c.population)), "--generations", std::to_string(c.generations),
      "--verify", std::to_string(c.verify), "--accel", c.accel};
  if (!c.history.empty()) args.insert(args.end(), {"--history", c.history});
  if (!c.fp32_predictor.empty()) args.insert(args.end(), {"--fp32-predictor", c.fp32_predictor});
  return args;
}

}  // namespace apq::search
