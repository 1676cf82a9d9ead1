#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace apq::cli {

// This executable's path (/proc/self/exe): the jobs that run apq commands as processes start it.
// Throws std::runtime_error when it cannot be read.
std::string this_executable();

// apq-nn, the executable built next to this one, where the LibTorch commands live. Throws
// std::runtime_error when this executable's folder cannot be found.
std::string apq_nn_path();

// Runs `apq-nn args...` (a command that prints JSON on stdout) and returns what it printed,
// parsed. Its stderr (progress, messages) reaches the user unchanged. When it fails, throws
// apq::InputError for its exit code 2 (bad input: it has named the file, field and value
// already) and std::runtime_error otherwise.
nlohmann::json run_apq_nn_json(const std::vector<std::string>& args);

}  // namespace apq::cli
