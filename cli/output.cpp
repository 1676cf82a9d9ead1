#include "cli/output.h"

#include <iostream>

#include "common/atomic_file.h"

namespace apq::cli {

void add_output_option(po::options_description& desc) {
  desc.add_options()("output,o", po::value<std::string>(),
                     "write the result to this file instead of stdout");
}

void write_result(const po::variables_map& vm, const std::string& text) {
  if (vm.count("output"))
    write_file_atomically(vm["output"].as<std::string>(), text);
  else
    std::cout << text << std::flush;
}

}  // namespace apq::cli
