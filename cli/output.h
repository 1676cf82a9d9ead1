#pragma once
#include <string>

#include "cli/options.h"

namespace apq::cli {

// Adds --output FILE to a command's options.
void add_output_option(po::options_description& desc);

// Writes a command's result to the --output file (atomically: all or nothing) or to stdout.
void write_result(const po::variables_map& vm, const std::string& text);

}  // namespace apq::cli
