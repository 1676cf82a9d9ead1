#pragma once
#include <boost/program_options.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace apq::cli {

namespace po = boost::program_options;

// Parses `args` for subcommand `command` against `desc` (a --help option is added) and `hidden`
// (accepted, left out of --help: the hooks tests use). Returns false when --help was asked for
// and printed; throws UsageError for anything the user got wrong.
bool parse_options(const std::string& command, const std::string& usage,
                   const std::vector<std::string>& args, po::options_description& desc,
                   po::variables_map& vm,
                   const po::positional_options_description* positional = nullptr,
                   const po::options_description* hidden = nullptr);

// The value of an integer option, checked to lie in [min, max]; throws UsageError naming it.
std::int64_t int_option(const po::variables_map& vm, const std::string& name, std::int64_t min,
                        std::int64_t max);

}  // namespace apq::cli
