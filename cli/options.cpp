#include "cli/options.h"

#include <iostream>
#include <map>

#include "common/errors.h"

namespace apq::cli {

namespace {

// Boost.Program_options builds its messages by replacing placeholders such as "%value%" until
// none is left, so a value that itself holds one ("--n=%value%") loops forever (found by
// fuzzing: tests/fuzz/corpus/command_line). Percent signs in the values are shown as "%25".
struct SubstitutionAccess : po::error_with_option_name {
  static std::map<std::string, std::string> substitutions(const po::error_with_option_name& e) {
    return e.*(&SubstitutionAccess::m_substitutions);
  }
};

std::string message_of(po::error_with_option_name& e) {
  for (auto [name, value] : SubstitutionAccess::substitutions(e)) {
    std::string escaped;
    for (char c : value) escaped += c == '%' ? std::string("%25") : std::string(1, c);
    e.set_substitute(name, escaped);
  }
  return e.what();
}

}  // namespace

bool parse_options(const std::string& command, const std::string& usage,
                   const std::vector<std::string>& args, po::options_description& desc,
                   po::variables_map& vm, const po::positional_options_description* positional,
                   const po::options_description* hidden) {
  desc.add_options()("help,h", "show this help");
  po::options_description accepted;
  accepted.add(desc);
  if (hidden) accepted.add(*hidden);
  try {
    po::command_line_parser parser(args);
    parser.options(accepted);
    if (positional) parser.positional(*positional);
    po::store(parser.run(), vm);
    if (vm.count("help")) {
      std::cout << "usage: apq " << command << " " << usage << "\n\n" << desc << "\n";
      return false;
    }
    po::notify(vm);
  } catch (po::error_with_option_name& e) {
    throw UsageError(message_of(e));
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  return true;
}

std::int64_t int_option(const po::variables_map& vm, const std::string& name, std::int64_t min,
                        std::int64_t max) {
  const auto value = vm[name].as<std::int64_t>();
  if (value < min || value > max) {
    throw UsageError("--" + name + " must be in [" + std::to_string(min) + ", " +
                     std::to_string(max) + "], got " + std::to_string(value));
  }
  return value;
}

}  // namespace apq::cli
