#pragma once
#include <stdexcept>
#include <string>

namespace apq {

// A command line the user got wrong: the CLI prints it and exits 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// An input file or value that is malformed or out of range: the CLI prints it and exits 2.
// The message names the file, the field and the value.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace apq
