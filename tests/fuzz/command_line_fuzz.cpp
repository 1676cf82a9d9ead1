// Fuzz target: a command line (one argument per input line) through the option parsing every
// subcommand uses, with the kinds of option the commands have: required paths, bounded integers,
// a default, a flag, a repeated option and a positional argument.
#include "tests/fuzz/fuzz_support.h"

#include <sstream>
#include <string>
#include <vector>

#include "cli/options.h"
#include "common/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace po = apq::cli::po;
  std::vector<std::string> args;
  std::istringstream lines(apq::fuzz::text_of(data, size));
  for (std::string line; std::getline(lines, line);) args.push_back(line);
  po::options_description desc("options");
  desc.add_options()
      ("space", po::value<std::string>()->required(), "search space")
      ("samples", po::value<std::int64_t>()->default_value(200), "samples")
      ("seed", po::value<std::int64_t>(), "seed")
      ("lut", po::value<std::vector<std::string>>(), "LUTs")
      ("json", "JSON");
  po::positional_options_description positional;
  positional.add("lut", -1);
  po::options_description hidden;
  hidden.add_options()("stop-after", po::value<std::int64_t>(), "hook");
  po::variables_map vm;
  try {
    if (!apq::cli::parse_options("fuzz", "--space FILE [--samples N]", args, desc, vm, &positional, &hidden))
      return 0;
    apq::cli::int_option(vm, "samples", 1, 10000000);
    if (vm.count("seed")) apq::cli::int_option(vm, "seed", 0, INT64_MAX);
  } catch (const apq::UsageError&) {
  } catch (const apq::InputError&) {
  }
  return 0;
}
